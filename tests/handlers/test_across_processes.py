"""Two applications on one database, as two processes behind a webhook: any may get any update."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from core.i18n import t
from fakeapi import FakeTelegram
from tests.conftest import DEFAULT_NOW
from tests.harness import ADMIN_ID, SAMPLE_AGENCY, SAMPLE_CODE, Harness, start_harness, stop_harness
from tests.process_support import first_line


@pytest.fixture
async def other(fake: FakeTelegram, harness: Harness, tmp_path: Path) -> AsyncIterator[Harness]:
    """Run a second application on the first one's database and fake Telegram."""
    running = await start_harness(fake, tmp_path / "bot.sqlite3", DEFAULT_NOW)
    yield running
    await stop_harness(running)


async def test_each_answer_of_a_report_may_reach_another_process(
    harness: Harness, other: Harness
) -> None:
    """A report whose answers alternate between two applications is filed once, step by step."""
    project_id = await harness.add_project()
    officer = harness.fake.user(2101, "สมศรี")
    await harness.register(officer)
    await harness.say(officer, "/report")
    assert first_line("report.ask_work_done") in ((await other.say(officer, "45")).content or "")
    assert first_line("report.ask_problems") in (
        (await harness.say(officer, "ลงพื้นที่")).content or ""
    )
    await other.tap(officer, t("report.button_none"))
    summary = await harness.tap(officer, t("report.button_none"))
    assert "ร้อยละ 45.00" in (summary.content or "")
    await other.tap(officer, t("report.button_confirm"))
    texts = harness.texts(officer)
    assert sum(first_line("report.saved") in text for text in texts) == 1
    assert [r.percent for r in await harness.store.reports.history(project_id)] == [Decimal(45)]


async def test_a_cancel_on_one_process_ends_the_report_on_the_other(
    harness: Harness, other: Harness
) -> None:
    """After /cancel on one application, a number typed on the other is no report answer."""
    await harness.add_project()
    officer = harness.fake.user(2102, "สมปอง")
    await harness.register(officer)
    await harness.say(officer, "/report")
    await other.say(officer, "/cancel")
    await harness.say(officer, "45")
    assert await harness.store.drafts.get(2102) is None
    assert not any(first_line("report.ask_work_done") in text for text in harness.texts(officer))


async def test_an_invite_begun_on_one_process_is_finished_on_another(
    harness: Harness, other: Harness
) -> None:
    """The projects picked for an officer invite are kept in the list, not in one process."""
    await harness.add_project()
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/invite")
    await other.tap(admin, t("role.officer"))
    await harness.tap(admin, SAMPLE_AGENCY)
    project_button = next(
        text for text in harness.last(admin).button_texts() if SAMPLE_CODE in text
    )
    await other.tap(admin, project_button)
    link = await harness.tap(admin, t("invite.button_create"))
    assert "https://t.me/field_report_bot?start=" in (link.content or "")
