"""Reads on the shared reader connection see every write committed before them."""

from __future__ import annotations

import asyncio
import functools
import threading

from storage import Storage
from storage.db import SyncConnection, row_of, value_of


async def test_concurrent_tasks_read_their_own_writes(store: Storage) -> None:
    """Many tasks writing then reading at once each read back what they just committed."""

    def work(conn: SyncConnection) -> None:
        conn.executemany(
            "INSERT INTO bot_meta (key, value) VALUES (?, '0')", [(f"k{i}",) for i in range(40)]
        )

    await store.db.write(work)
    stale: list[tuple[int, int, object]] = []

    async def worker(index: int) -> None:
        for round_ in range(1, 15):
            await store.db.write(functools.partial(_put, f"k{index}", str(round_)))
            # A multi-row read left half-fetched by another task must not pin an old snapshot.
            await store.db.read(lambda conn: row_of(conn, "SELECT key FROM bot_meta ORDER BY key"))
            seen = await store.db.read(
                lambda conn: value_of(
                    conn, "SELECT value FROM bot_meta WHERE key = ?", (f"k{index}",)
                )
            )
            if seen != str(round_):
                stale.append((index, round_, seen))

    await asyncio.gather(*(worker(i) for i in range(40)))
    assert stale == []


async def test_a_held_reader_does_not_block_other_reads(store: Storage) -> None:
    """While one read runs a long lookup on a reader, other reads still get answered."""
    release = threading.Event()

    def long_lookup(conn: SyncConnection) -> int:
        release.wait(timeout=10)
        return int(value_of(conn, "SELECT COUNT(*) FROM bot_meta"))

    held = asyncio.create_task(store.db.read(long_lookup))
    try:
        value = await asyncio.wait_for(
            store.db.read(lambda conn: value_of(conn, "SELECT 41 + 1")), timeout=5
        )
    finally:
        release.set()
    assert value == 42
    assert await held == 0


def _put(key: str, value: str, conn: SyncConnection) -> None:
    conn.execute("UPDATE bot_meta SET value = ? WHERE key = ?", (value, key))
