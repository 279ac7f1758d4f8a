"""SQLite, the default: one file, no server; the writer's ``BEGIN IMMEDIATE`` orders writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TypeVar, cast

from core.names import normal_optional_name
from storage.db import READERS, SyncConnection, Work

T = TypeVar("T")


class SqliteBackend:
    """Connections to one SQLite file (or ``:memory:``, private to the writer)."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        # An in-memory database is private to its connection: everything runs on the writer.
        self.readers = 0 if str(path) == ":memory:" else READERS

    def prepare(self) -> None:
        """Create the database's folder."""
        if self.readers:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def connect(self) -> SyncConnection:
        """Open the file with the pragmas the bot relies on."""
        # isolation_level=None: we issue BEGIN ourselves instead of the sqlite3 module's
        # implicit deferred transactions. The connection is used only by its own thread.
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "busy_timeout=10000",
            "synchronous=NORMAL",
        ):
            conn.execute(f"PRAGMA {pragma}").fetchall()
        # Migration 0009 puts stored names in the one normal form of core/names.py with it.
        conn.create_function("normal_name", 1, normal_optional_name, deterministic=True)
        return conn

    def lost(self, conn: SyncConnection) -> bool:
        """A file connection is never lost."""
        return False

    def close(self, conn: SyncConnection) -> None:
        """Close the connection."""
        _sqlite(conn).close()

    def write(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` inside ``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any failure."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            # Also when COMMIT fails: the writer must not stay inside a transaction.
            if _sqlite(conn).in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def alone(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` as a write: ``BEGIN IMMEDIATE`` already excludes every other writer."""
        return self.write(conn, work)

    def read(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` inside one deferred transaction: one snapshot for all its queries."""
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            conn.execute("COMMIT")

    def driver_error(self, error: BaseException) -> bool:
        """Return whether ``error`` is sqlite3's."""
        return isinstance(error, sqlite3.Error)

    def message(self, error: BaseException) -> str:
        """Return sqlite3's text: a file path holds no secret."""
        return str(error)


def _sqlite(conn: SyncConnection) -> sqlite3.Connection:
    # Only this backend's connections reach its methods.
    return cast(sqlite3.Connection, conn)
