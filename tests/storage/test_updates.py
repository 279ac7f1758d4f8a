"""Handled update ids: a redelivered update is recognised, a new one costs no query."""

from __future__ import annotations

from pathlib import Path

from storage import Storage
from storage.db import value_of
from storage.updates import UpdateLog


async def test_update_handled_before_a_restart_is_seen(tmp_path: Path) -> None:
    """An id recorded by the previous run is seen; a higher, new id is not."""
    first = await Storage.open(tmp_path / "bot.sqlite3")
    await first.updates.mark(500)
    await first.close()
    again = await Storage.open(tmp_path / "bot.sqlite3")
    try:
        assert await again.updates.seen(500)
        assert not await again.updates.seen(501)
        assert not await again.updates.seen(499)
    finally:
        await again.close()


async def test_update_marked_in_this_run_is_seen(store: Storage) -> None:
    """After marking, the same id is seen and ids around it are not."""
    assert not await store.updates.seen(10)
    await store.updates.mark(10)
    await store.updates.mark(12)
    assert await store.updates.seen(10)
    assert await store.updates.seen(12)
    assert not await store.updates.seen(11)
    assert not await store.updates.seen(13)


async def test_new_update_is_answered_without_a_query(store: Storage) -> None:
    """An id above every recorded one is known new without asking SQLite."""
    await store.updates.mark(40)
    assert await store.updates.seen(40)
    log = UpdateLog(store.db)
    assert await log.seen(40)
    await store.db.close()  # any query now would fail
    try:
        assert not await log.seen(41)
    finally:
        await store.db.open()


async def test_ids_long_confirmed_are_forgotten(store: Storage) -> None:
    """Marking an update drops ids far older than it, so the table stays small."""
    await store.updates.mark(5)
    await store.updates.mark(5 + 10_001)
    count = await store.db.read(
        lambda conn: value_of(conn, "SELECT COUNT(*) FROM processed_updates")
    )
    assert count == 1
