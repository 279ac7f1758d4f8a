"""Files an admin sent for import, kept only until the confirm or cancel button."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Database, Row, SyncConnection, row_of, value_of

# A preview older than this is stale: its buttons get "send the file again".
PENDING_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class PendingImport:
    """A parsed file waiting for the admin's confirmation."""

    id: str
    user_id: int
    kind: str  # "project" or "kpi"
    file_name: str | None
    body: str


class PendingImports:
    """Keep pending imports keyed by a random id."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(
        self, user_id: int, kind: str, file_name: str | None, body: str, now: datetime
    ) -> str:
        """Store a pending import, dropping stale ones, and return its random id."""
        key = secrets.token_hex(6)

        def store(conn: SyncConnection) -> None:
            conn.execute(
                "DELETE FROM pending_imports WHERE created_at < ?",
                ((now - PENDING_LIFETIME).isoformat(),),
            )
            conn.execute(
                "INSERT INTO pending_imports (id, user_id, kind, file_name, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (key, user_id, kind, file_name, body, now.isoformat()),
            )

        await self.db.write(store)
        return key

    async def take(self, key: str, user_id: int, now: datetime) -> PendingImport | None:
        """Remove and return the user's pending import, None when unknown, foreign or stale."""

        def take(conn: SyncConnection) -> Row | None:
            row = row_of(
                conn,
                "SELECT id, user_id, kind, file_name, body, created_at FROM pending_imports"
                " WHERE id = ? AND user_id = ?",
                (key, user_id),
            )
            if row is not None:
                conn.execute("DELETE FROM pending_imports WHERE id = ?", (key,))
            return row

        row = await self.db.write(take)
        if row is None:
            return None
        if datetime.fromisoformat(row["created_at"]) < now - PENDING_LIFETIME:
            return None
        return PendingImport(row["id"], row["user_id"], row["kind"], row["file_name"], row["body"])

    async def count(self) -> int:
        """Return how many imports are pending."""
        count = await self.db.read(
            lambda conn: value_of(conn, "SELECT COUNT(*) FROM pending_imports")
        )
        return int(count or 0)
