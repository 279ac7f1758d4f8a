"""Telegram performed the call but its answer was lost: the retry adds no report or reminder."""

from __future__ import annotations

from datetime import date

from core.i18n import t
from fakeapi import Fault
from storage.db import rows_of, value_of
from tests.core.reminders.helpers import bkk
from tests.handlers.reminders.world import add_officer, bot_messages, last_id, run
from tests.harness import SAMPLE_CODE, Harness

CONFIRMED = "ความคืบหน้าโครงการฯ ร้อยละ 45.00"


async def _to_summary(harness: Harness) -> None:
    await harness.add_project()
    officer = harness.fake.user(2301, "สมศรี")
    await harness.register(officer)
    await harness.reach_summary(officer)


async def test_lost_answers_on_confirm_store_one_report(harness: Harness) -> None:
    """Confirm's button answer, edit and message are all performed but unanswered: one report."""
    await _to_summary(harness)
    officer = harness.fake.user(2301, "สมศรี")
    summary = next(m for m in reversed(harness.fake.sent(officer.chat_id)) if m.buttons())
    confirm = next(b for b in summary.buttons() if b["text"] == t("report.button_confirm"))
    # The officer taps ✅ twice: the spinner turned too long after the first tap.
    first = officer.press(summary, confirm["callback_data"])
    second = officer.press(summary, confirm["callback_data"])
    harness.fake.faults.script("answerCallbackQuery", Fault.accept_then_drop())
    harness.fake.faults.script("editMessageReplyMarkup", Fault.accept_then_drop())
    harness.fake.faults.script("sendMessage", Fault.accept_then_drop())
    await harness.deliver(first)
    # The answered buttons go beside the next update: wait for that edit too.
    await harness.eventually(lambda: harness.fake.faults.pending == 0)
    await harness.deliver(second)
    project = await harness.store.projects.by_code(SAMPLE_CODE)
    assert project is not None and project.id is not None
    reports = await harness.store.reports.history(project.id)
    assert len(reports) == 1 and str(reports[0].percent) == "45.00"
    audit = [e.kind for e in await harness.store.audit.for_project(project.id)]
    assert audit.count("report_submitted") == 1
    # The lost message was sent again by the retry: the officer reads the result.
    assert any(CONFIRMED in text for text in harness.texts(officer))


async def test_lost_answer_of_a_reminder_keeps_one_delivery(harness: Harness) -> None:
    """A reminder whose sendMessage answer is lost is recorded once, as sent."""
    await harness.add_project()
    somsri = await add_officer(harness, 2302, "สมศรี", (SAMPLE_CODE,))
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    harness.fake.faults.script("sendMessage", Fault.accept_then_drop())
    result = await run(harness)
    assert harness.fake.faults.pending == 0
    rows = await harness.store.db.read(
        lambda conn: rows_of(
            conn,
            "SELECT state, attempts FROM deliveries WHERE person_id = ? AND period = ?",
            (somsri.id, date(2026, 11, 1).strftime("%Y-%m")),
        )
    )
    assert [row[0] for row in rows] == ["sent"]
    assert result.sent == 1
    # A second run (a restart, the catch-up job) sends nothing more.
    await run(harness)
    after = await harness.store.db.read(
        lambda conn: value_of(conn, "SELECT COUNT(*) FROM deliveries")
    )
    assert after == 1
    assert len(bot_messages(harness, somsri, before)) <= 2
