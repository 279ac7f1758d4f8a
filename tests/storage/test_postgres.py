"""What matters on PostgreSQL itself: lost connections, concurrent writers, one migration."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.domain import Project, Role
from storage import Storage
from storage.db import Database, StorageError, SyncConnection, row_of, value_of
from storage.migrate import available_migrations, migrate
from storage.postgres import pg_sql
from tests.pg_support import fresh_schema

NOVEMBER = date(2026, 11, 1)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Bangkok"))


def test_placeholders_are_translated_outside_quotes_only() -> None:
    """A ? becomes %s, a % is doubled, and a ? inside a quoted literal stays as written."""
    sql = "SELECT ? , '50%?' AS \"odd?\" WHERE name LIKE '%' || ?"
    assert pg_sql(sql) == "SELECT %s , '50%%?' AS \"odd?\" WHERE name LIKE '%%' || %s"


async def test_rows_read_by_position_and_by_name(postgresql_store: Storage) -> None:
    """A row gives its columns by index, by name, and lists their names with keys()."""
    row = await postgresql_store.db.read(
        lambda conn: row_of(conn, "SELECT 7 AS seven, 'x' AS letter")
    )
    assert row is not None
    assert (row[0], row["letter"], tuple(row)) == (7, "x", (7, "x"))
    assert row.keys() == ["seven", "letter"]


async def test_a_terminated_connection_fails_one_call_and_the_next_reconnects(
    postgresql_store: Storage,
) -> None:
    """After the server ends the writer's session, one call fails and the next one works."""
    db = postgresql_store.db
    writer_pid = await db.write(lambda conn: value_of(conn, "SELECT pg_backend_pid()"))
    await db.read(lambda conn: value_of(conn, "SELECT pg_terminate_backend(?)", (writer_pid,)))
    with pytest.raises(StorageError):
        await postgresql_store.meta.put("after", "lost")
    await postgresql_store.meta.put("after", "reconnected")
    assert await postgresql_store.meta.get("after") == "reconnected"
    assert await db.write(lambda conn: value_of(conn, "SELECT pg_backend_pid()")) != writer_pid


async def test_concurrent_writers_of_one_key_are_re_run_and_none_is_lost() -> None:
    """Read-then-write increments from three processes' writers all count (SERIALIZABLE)."""
    async with fresh_schema() as url:
        processes = [await Storage.open(url) for _ in range(3)]
        try:
            await processes[0].meta.put("counter", "0")

            def increment(conn: SyncConnection) -> None:
                value = int(value_of(conn, "SELECT value FROM bot_meta WHERE key = 'counter'"))
                conn.execute(
                    "UPDATE bot_meta SET value = ? WHERE key = 'counter'", (str(value + 1),)
                )

            await asyncio.gather(
                *(process.db.write(increment) for process in processes for _ in range(10))
            )
            assert await processes[0].meta.get("counter") == "30"
        finally:
            for process in processes:
                await process.close()


async def test_three_processes_claiming_one_delivery_get_it_once() -> None:
    """The same reminder claimed at once by three processes is claimed by exactly one."""
    async with fresh_schema() as url:
        processes = [await Storage.open(url) for _ in range(3)]
        try:
            first = processes[0]
            project = await first.projects.add(Project("P-1", "One", "Agency A", 2570))
            await first.users.add(1, "Somsri", Role.OFFICER, None, [project])
            claims = await asyncio.gather(
                *(
                    process.reminders.claim(1, project, NOVEMBER, "day20", NOW)
                    for process in processes
                    for _ in range(4)
                )
            )
            assert len([claim for claim in claims if claim is not None]) == 1
            assert len(await first.reminders.deliveries(NOVEMBER)) == 1
        finally:
            for process in processes:
                await process.close()


async def test_two_processes_migrating_at_once_apply_each_migration_once() -> None:
    """Two migrate calls started together on a new database apply every migration once."""
    async with fresh_schema() as url:
        first, second = Database(url), Database(url)
        await first.open()
        await second.open()
        try:
            applied = await asyncio.gather(migrate(first), migrate(second))
            versions = [m.version for m in available_migrations("postgresql")]
            assert sorted(applied[0] + applied[1]) == versions
            recorded = await first.read(
                lambda conn: value_of(conn, "SELECT COUNT(*) FROM schema_migrations")
            )
            assert recorded == len(versions)
        finally:
            await first.close()
            await second.close()


async def test_an_unreachable_server_is_a_storage_error() -> None:
    """Opening a database on a port nobody listens on raises StorageError, without the password."""
    db = Database("postgresql://someone:secret-word@127.0.0.1:9/none")
    with pytest.raises(StorageError) as raised:
        await db.open()
    assert "secret-word" not in str(raised.value)


async def test_text_with_a_nul_character_is_stored_without_it(postgresql_store: Storage) -> None:
    """PostgreSQL text cannot hold NUL: the character is dropped, the rest is stored."""
    await postgresql_store.meta.put("typed", "a\0b")
    assert await postgresql_store.meta.get("typed") == "ab"


async def test_a_malformed_password_is_masked_in_the_error() -> None:
    """A password the driver cannot read is not repeated in the StorageError it causes."""
    db = Database("postgresql://someone:se%ZZcret@127.0.0.1:9/none")
    with pytest.raises(StorageError) as raised:
        await db.open()
    assert "cret" not in str(raised.value) and "***" in str(raised.value)
