"""Everything the bot keeps, in SQLite or PostgreSQL: every query lives in this package."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TypeVar

from core.config import Settings
from storage.audit import AuditStore
from storage.db import Database, Query, StorageError
from storage.drafts import DraftStore
from storage.exports import ExportStore
from storage.imports import PageImports
from storage.invites import InviteStore
from storage.kpis import KpiStore
from storage.leases import LeaseStore
from storage.migrate import migrate
from storage.pending_imports import PendingImports
from storage.people import PeopleStore
from storage.projects import ProjectStore
from storage.reminders import ReminderStore
from storage.reports import ReportStore
from storage.status_queries import StatusQueries
from storage.updates import MetaStore, UpdateLog
from storage.users import UserStore

A = TypeVar("A")
B = TypeVar("B")


class Storage:
    """The bot's stores over one database: the one way handlers and the CLI reach it.

    Every store call is one trip to a connection's thread (``Database.read``/``Database.write``)
    and raises ``StorageError``, never the driver's own exceptions.
    """

    def __init__(self, db: Database | Path | str) -> None:
        self.db = db if isinstance(db, Database) else Database(db)
        self.projects = ProjectStore(self.db)
        self.users = UserStore(self.db)
        self.invites = InviteStore(self.db)
        self.drafts = DraftStore(self.db)
        self.reports = ReportStore(self.db)
        self.updates = UpdateLog(self.db)
        self.meta = MetaStore(self.db)
        self.reminders = ReminderStore(self.db)
        self.audit = AuditStore(self.db)
        self.status = StatusQueries(self.db)
        self.imports = PageImports(self.db)
        self.pending_imports = PendingImports(self.db)
        self.exports = ExportStore(self.db)
        self.kpis = KpiStore(self.db)
        self.people = PeopleStore(self.db)
        self.leases = LeaseStore(self.db)
        self._opened = False
        self._opening = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Storage:
        """Return the storage the settings name: PostgreSQL with DATABASE_URL, else SQLite."""
        return cls(settings.database_url or settings.database_path)

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        """Open the database (a file path or a PostgreSQL URL) and bring its schema up to date."""
        return await cls(path).ready()

    async def ready(self) -> Storage:
        """Open the database and migrate it, once; return self."""
        async with self._opening:
            if not self._opened:
                await self.db.open()
                try:
                    await migrate(self.db)
                except BaseException:
                    await self.db.close()
                    raise
                self._opened = True
        return self

    async def read_both(self, first: Query[A], second: Query[B]) -> tuple[A, B]:
        """Run two stores' queries in one trip to a connection's thread."""
        return await self.db.read(lambda conn: (first(conn), second(conn)))

    async def close(self) -> None:
        """Close the database."""
        if self._opened:
            await self.db.close()
            self._opened = False


__all__ = ["Database", "Storage", "StorageError"]
