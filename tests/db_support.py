"""Hold SQLite's reader threads busy, as supervisors' long lookups do."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from storage.db import READERS, Database, SyncConnection


@asynccontextmanager
async def readers_held(db: Database) -> AsyncIterator[None]:
    """Keep every reader inside a read until the block ends."""
    release = threading.Event()
    started = threading.Semaphore(0)

    def long_lookup(conn: SyncConnection) -> None:
        conn.execute("SELECT COUNT(*) FROM bot_meta").fetchall()
        started.release()
        release.wait(timeout=60)

    lookups = [asyncio.create_task(db.read(long_lookup)) for _ in range(READERS)]
    try:
        for _ in range(READERS):
            await asyncio.to_thread(started.acquire, timeout=10)
        yield
    finally:
        release.set()
        await asyncio.gather(*lookups)
