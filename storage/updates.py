"""Update ids already handled, so that a batch Telegram delivers again is ignored."""

from __future__ import annotations

from storage.db import Database


class UpdateLog:
    """Remember which updates were handled."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def seen(self, update_id: int) -> bool:
        """Return whether an update was already handled."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
        )
        return found is not None

    async def mark(self, update_id: int) -> None:
        """Record that an update was handled."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (update_id) VALUES (?)", (update_id,)
            )

    async def forget_older_than(self, update_id: int) -> None:
        """Drop old ids; Telegram never redelivers what was confirmed long ago."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM processed_updates WHERE update_id < ?", (update_id,))


class MetaStore:
    """Small facts about the deployment, such as the bot's username."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, key: str) -> str | None:
        """Return a stored value."""
        value = await self.db.fetch_value("SELECT value FROM bot_meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def put(self, key: str, value: str) -> None:
        """Store a value."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO bot_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
