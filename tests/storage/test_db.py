"""One-trip reads and writes: whole transactions, one snapshot, the writer's thread on request."""

from __future__ import annotations

import asyncio
import sqlite3

import psycopg
import pytest

from core.domain import Project
from storage import Storage
from storage.db import StorageError, SyncConnection, reads_on_writer, row_of, rows_of
from tests.db_support import readers_held


async def _values(store: Storage) -> list[str]:
    rows = await store.db.read(
        lambda conn: rows_of(conn, "SELECT value FROM bot_meta ORDER BY key")
    )
    return [str(row[0]) for row in rows]


async def test_write_commits_every_statement_of_its_work(store: Storage) -> None:
    """All statements of a write are stored, and the work's result comes back."""

    def work(conn: SyncConnection) -> int:
        first = conn.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')").rowcount
        return first + conn.execute("INSERT INTO bot_meta (key, value) VALUES ('b', '2')").rowcount

    assert await store.db.write(work) == 2
    assert await _values(store) == ["1", "2"]


async def test_write_that_fails_leaves_nothing_behind(store: Storage) -> None:
    """An error in the middle of a write rolls back its earlier statements."""

    def work(conn: SyncConnection) -> None:
        conn.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')")
        raise RuntimeError("half way")

    with pytest.raises(RuntimeError):
        await store.db.write(work)
    assert await _values(store) == []
    # The writer is usable again: no transaction was left open.
    await store.db.write(lambda conn: conn.execute("INSERT INTO bot_meta VALUES ('c', '3')"))
    assert await _values(store) == ["3"]


async def test_read_runs_its_queries_on_one_snapshot(store: Storage) -> None:
    """Queries of one read see the same data even when a write commits between them."""
    await store.meta.put("k", "before")
    loop = asyncio.get_running_loop()

    def work(conn: SyncConnection) -> tuple[object, object]:
        first = row_of(conn, "SELECT value FROM bot_meta WHERE key = 'k'")
        # Commit a change from the event loop while this read is between its queries.
        asyncio.run_coroutine_threadsafe(store.meta.put("k", "after"), loop).result(timeout=10)
        second = row_of(conn, "SELECT value FROM bot_meta WHERE key = 'k'")
        return (first[0] if first else None, second[0] if second else None)

    assert await store.db.read(work) == ("before", "before")
    assert await store.meta.get("k") == "after"


async def test_reads_on_writer_do_not_wait_for_busy_readers(store: Storage) -> None:
    """A callback marked reads_on_writer reads on the writer while every reader is held."""
    await store.db.write(lambda conn: conn.execute("INSERT INTO bot_meta VALUES ('w', 'x')"))

    @reads_on_writer
    async def step() -> list[tuple[object, ...]]:
        rows = await store.db.read(lambda conn: rows_of(conn, "SELECT key, value FROM bot_meta"))
        return [tuple(row) for row in rows]

    async with readers_held(store.db):
        assert await asyncio.wait_for(step(), timeout=5) == [("w", "x")]


async def test_a_failed_commit_rolls_back_and_the_writer_goes_on(store: Storage) -> None:
    """When COMMIT itself fails the write is rolled back, and the next write works."""

    def schema(conn: SyncConnection) -> None:
        conn.execute(
            "CREATE TABLE checked (agency_id INTEGER"
            " REFERENCES agencies (id) DEFERRABLE INITIALLY DEFERRED)"
        )

    await store.db.write(schema)

    def dangling(conn: SyncConnection) -> None:
        # A deferred foreign key is checked only at COMMIT, so COMMIT is what fails.
        conn.execute("INSERT INTO bot_meta VALUES ('lost', '1')")
        conn.execute("INSERT INTO checked (agency_id) VALUES (999)")

    with pytest.raises(StorageError, match=r"(?i)foreign key"):
        await store.db.write(dangling)
    await store.db.write(lambda conn: conn.execute("INSERT INTO bot_meta VALUES ('kept', '2')"))
    assert await _values(store) == ["2"]


async def test_driver_errors_reach_callers_as_storage_errors(store: Storage) -> None:
    """A failing query raises StorageError with the driver's error as its cause."""
    with pytest.raises(StorageError) as raised:
        await store.db.read(lambda conn: rows_of(conn, "SELECT * FROM no_such_table"))
    assert isinstance(raised.value.__cause__, sqlite3.Error | psycopg.Error)


async def test_read_both_returns_each_querys_answer(store: Storage) -> None:
    """Two stores' queries run together return the same as when run alone."""
    project_id = await store.projects.add(
        Project(code="50450000-3247", name="โครงการ", agency="สำนักงานเขตทดสอบ", fiscal_year=2570)
    )
    together = await store.read_both(
        store.projects.by_id_query(project_id), store.reports.latest_query(project_id)
    )
    alone = (await store.projects.by_id(project_id), await store.reports.latest(project_id))
    assert together == alone
    assert together[0] is not None and together[0].code == "50450000-3247"
