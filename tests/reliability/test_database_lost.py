"""The PostgreSQL connection is lost in the middle of a report: "try again", and nothing is lost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from core.i18n import t
from fakeapi import FakeTelegram
from tests.conftest import DEFAULT_NOW
from tests.harness import Harness, start_harness, stop_harness
from tests.pg_support import fresh_schema, server_url
from tests.process_support import first_line


@pytest.fixture
async def on_postgresql(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Harness]:
    """Run the real Application on a fresh PostgreSQL schema."""
    async with fresh_schema() as url:
        harness = await start_harness(
            fake, tmp_path / "unused.sqlite3", DEFAULT_NOW, database_url=url
        )
        try:
            yield harness
        finally:
            await stop_harness(harness)


async def cut_every_connection() -> int:
    """End every other session of the test database, as a server restart would; return how many."""
    async with await psycopg.AsyncConnection.connect(server_url(), autocommit=True) as conn:
        cursor = await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return len(await cursor.fetchall())


async def test_a_lost_connection_mid_report_asks_to_try_again_and_keeps_the_answers(
    on_postgresql: Harness,
) -> None:
    """The answer that met the lost connection gets "try again"; given again, it is taken."""
    harness = on_postgresql
    project_id = await harness.add_project()
    officer = harness.fake.user(5001, "สมชาย")
    await harness.register(officer)
    await harness.say(officer, "/report")
    asked = await harness.say(officer, "45")
    assert first_line("report.ask_work_done") in (asked.content or "")
    assert await cut_every_connection() >= 1
    failed = await harness.say(officer, "ประชุมคณะทำงาน")
    assert failed.content == t("errors.sorry")
    # The next answer reaches the database through a new connection, at the same step.
    again = await harness.say(officer, "ประชุมคณะทำงาน")
    assert first_line("report.ask_problems") in (again.content or "")
    await harness.tap(officer, t("report.button_none"))
    await harness.tap(officer, t("report.button_none"))
    await harness.tap(officer, t("report.button_confirm"))
    (report,) = await harness.store.reports.history(project_id)
    assert (report.percent, report.work_done) == (Decimal(45), "ประชุมคณะทำงาน")
