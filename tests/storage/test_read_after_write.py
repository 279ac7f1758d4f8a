"""Reads on the shared reader connection see every write committed before them."""

from __future__ import annotations

import asyncio

from storage import Storage


async def test_concurrent_tasks_read_their_own_writes(store: Storage) -> None:
    """Many tasks writing then reading at once each read back what they just committed."""
    async with store.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO bot_meta (key, value) VALUES (?, '0')", [(f"k{i}",) for i in range(40)]
        )
    stale: list[tuple[int, int, object]] = []

    async def worker(index: int) -> None:
        for round_ in range(1, 15):
            async with store.db.transaction() as conn:
                await conn.execute(
                    "UPDATE bot_meta SET value = ? WHERE key = ?", (str(round_), f"k{index}")
                )
            # A multi-row read left half-fetched by another task must not pin an old snapshot.
            await store.db.fetch_one("SELECT key FROM bot_meta ORDER BY key")
            seen = await store.db.fetch_value(
                "SELECT value FROM bot_meta WHERE key = ?", (f"k{index}",)
            )
            if seen != str(round_):
                stale.append((index, round_, seen))

    await asyncio.gather(*(worker(i) for i in range(40)))
    assert stale == []


async def test_a_held_reader_does_not_block_other_reads(store: Storage) -> None:
    """While one task holds a reader for several queries, other reads still get answered."""
    async with store.db.reading() as held:
        await held.execute_fetchall("SELECT COUNT(*) FROM bot_meta")
        value = await asyncio.wait_for(store.db.fetch_value("SELECT 41 + 1"), timeout=5)
    assert value == 42
