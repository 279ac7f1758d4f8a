"""Update ids already handled, so that a batch Telegram delivers again is ignored."""

from __future__ import annotations

from storage.db import Database, SyncConnection, value_of

# Telegram redelivers only the last unconfirmed batch; older ids are kept this long anyway.
_KEEP_IDS = 10_000


class UpdateLog:
    """Remember which updates were handled."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Ids above both of these are known not to be in the table: a new update costs no query.
        self._recorded_before: int | None = None
        self._marked = 0

    async def seen(self, update_id: int) -> bool:
        """Return whether an update was already handled."""
        if self._recorded_before is None:
            highest = await self.db.read(
                lambda conn: value_of(conn, "SELECT MAX(update_id) FROM processed_updates")
            )
            self._recorded_before = int(highest or 0)
        if update_id > max(self._recorded_before, self._marked):
            return False
        found = await self.db.read(
            lambda conn: value_of(
                conn, "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
            )
        )
        return found is not None

    async def mark(self, update_id: int) -> None:
        """Record that an update was handled, and forget ids long confirmed."""

        def record(conn: SyncConnection) -> None:
            conn.execute(
                "INSERT INTO processed_updates (update_id) VALUES (?)"
                " ON CONFLICT (update_id) DO NOTHING",
                (update_id,),
            )
            conn.execute(
                "DELETE FROM processed_updates WHERE update_id < ?", (update_id - _KEEP_IDS,)
            )

        await self.db.write(record)
        self._marked = max(self._marked, update_id)


class MetaStore:
    """Small facts about the deployment, such as the bot's username."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, key: str) -> str | None:
        """Return a stored value."""
        value = await self.db.read(
            lambda conn: value_of(conn, "SELECT value FROM bot_meta WHERE key = ?", (key,))
        )
        return None if value is None else str(value)

    async def put(self, key: str, value: str) -> None:
        """Store a value."""
        await self.db.write(
            lambda conn: conn.execute(
                "INSERT INTO bot_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        )
