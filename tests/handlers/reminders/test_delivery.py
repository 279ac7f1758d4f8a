"""Reminder runs through the real application against the fake Bot API, with a fixed clock."""

from __future__ import annotations

from datetime import date, timedelta

from bot.jobs import JOB_NAMES
from core.i18n import t
from core.thai_dates import thai_date_long
from fakeapi import Fault
from handlers.report import keys
from tests.core.reminders.helpers import bkk
from tests.handlers.reminders.world import (
    OTHER_CODE,
    add_officer,
    add_report,
    bot_messages,
    last_id,
    run,
    two_agencies,
)
from tests.harness import SAMPLE_CODE, Harness

NOVEMBER = date(2026, 11, 1)


async def test_day20_reminds_each_officer_once_per_unreported_project(harness: Harness) -> None:
    """On the 20th every officer gets one reminder per project without a report, with a button."""
    first, second = await two_agencies(harness)
    somsri = await add_officer(harness, 2001, "สมศรี", (SAMPLE_CODE, OTHER_CODE))
    await add_report(harness, second, NOVEMBER, "40")
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    result = await run(harness)
    messages = bot_messages(harness, somsri, before)
    assert result.sent == 1 and len(messages) == 1
    assert SAMPLE_CODE in (messages[0].content or "")
    assert thai_date_long(date(2026, 11, 30)) in (messages[0].content or "")
    button = messages[0].buttons()[0]
    assert button["callback_data"] == keys.encode(keys.CHOOSE_PROJECT, first)
    assert button["text"] == t("reminders.button_report")
    assert harness.fake.refusals == []


async def test_reminder_button_opens_the_report_of_that_project(harness: Harness) -> None:
    """Tapping the reminder's button starts the report conversation on that very project."""
    _, second = await two_agencies(harness)
    somsri = await add_officer(harness, 2001, "สมศรี", (SAMPLE_CODE, OTHER_CODE))
    harness.set_time(bkk(2026, 11, 25, 9, 0))
    await run(harness)
    reminder = next(m for m in harness.fake.sent(somsri.chat_id) if OTHER_CODE in (m.content or ""))
    await harness.deliver(somsri.press(reminder, reminder.buttons()[0]["callback_data"]))
    assert OTHER_CODE in (harness.last(somsri).content or "")
    draft = await harness.store.drafts.get(somsri.id)
    assert draft is not None and draft.project_id == second
    assert harness.fake.refusals == []


async def test_last_day_reminder_says_it_is_the_last_day(harness: Harness) -> None:
    """On the month's last working day the reminder uses the last-day wording."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    harness.set_time(bkk(2026, 11, 30, 9, 5))
    await run(harness)
    text = harness.last(somsri).content or ""
    expected_start = t("reminders.reminder_last_day").split("<b>")[1].split("(")[0]
    assert expected_start in text
    assert thai_date_long(date(2026, 11, 30)) in text


async def test_nothing_is_sent_on_a_day_without_an_occasion(harness: Harness) -> None:
    """On the 21st (no occasion) a run sends nothing at all."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 23, 9, 0))
    result = await run(harness)
    assert result.attempted == 0 and bot_messages(harness, somsri, before) == []


async def test_february_reminders_follow_the_moved_days(harness: Harness) -> None:
    """February 2027: the 20th (Saturday) moves to Tuesday 23rd; the last day is Friday 26th."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    sent_on: list[date] = []
    for day in range(20, 29):
        harness.set_time(bkk(2027, 2, day, 10, 0))
        if (await run(harness)).sent:
            sent_on.append(date(2027, 2, day))
    assert sent_on == [date(2027, 2, 23), date(2027, 2, 25), date(2027, 2, 26)]
    assert harness.fake.refusals == [] and somsri.id == 2001


async def test_holiday_moves_the_day20_reminder(harness: Harness) -> None:
    """Visakha Bucha on 20 May 2027 moves that reminder to the 21st."""
    await harness.add_project()
    await add_officer(harness, 2001, "สมศรี")
    harness.set_time(bkk(2027, 5, 20, 9, 0))
    assert (await run(harness)).sent == 0
    harness.set_time(bkk(2027, 5, 21, 9, 0))
    assert (await run(harness)).sent == 1


async def test_weekend_moves_the_day20_reminder_to_monday(harness: Harness) -> None:
    """Sunday 20 December 2026 moves the reminder to Monday the 21st."""
    await harness.add_project()
    await add_officer(harness, 2001, "สมศรี")
    harness.set_time(bkk(2026, 12, 20, 9, 0))
    assert (await run(harness)).sent == 0
    harness.set_time(bkk(2026, 12, 21, 9, 0))
    assert (await run(harness)).sent == 1


async def test_officer_on_leave_is_skipped(harness: Harness) -> None:
    """An officer on leave through the reminder day gets nothing; a colleague still does."""
    await harness.add_project()
    away = await add_officer(harness, 2001, "สมศรี")
    here = await add_officer(harness, 2002, "สมชาย")
    await harness.store.reminders.set_leave(away.id, date(2026, 11, 25))
    before_away, before_here = last_id(harness, away), last_id(harness, here)
    harness.set_time(bkk(2026, 11, 25, 9, 0))
    await run(harness)
    assert bot_messages(harness, away, before_away) == []
    assert len(bot_messages(harness, here, before_here)) == 1
    harness.set_time(bkk(2026, 11, 30, 9, 0))
    await run(harness)
    assert len(bot_messages(harness, away, before_away)) == 1


async def test_startup_job_catches_up_the_same_day_but_not_the_next(harness: Harness) -> None:
    """The start-up job at 15:00 on the 20th sends the missed reminder; on the 21st it does not."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    assert harness.app.job_queue is not None
    startup = harness.app.job_queue.get_jobs_by_name(JOB_NAMES["startup"])
    daily = harness.app.job_queue.get_jobs_by_name(JOB_NAMES["reminders"])
    assert len(startup) == 1 and len(daily) == 1
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 21, 15, 0))
    await startup[0].run(harness.app)
    assert bot_messages(harness, somsri, before) == []
    harness.set_time(bkk(2026, 11, 20, 15, 0))
    await startup[0].run(harness.app)
    assert len(bot_messages(harness, somsri, before)) == 1


async def test_daily_job_runs_at_the_configured_local_time(harness: Harness) -> None:
    """The daily job is a 09:00 Bangkok trigger with a misfire grace."""
    assert harness.app.job_queue is not None
    job = harness.app.job_queue.get_jobs_by_name(JOB_NAMES["reminders"])[0]
    trigger = str(job.trigger)
    assert "hour='9'" in trigger and "minute='0'" in trigger
    assert str(getattr(job.trigger, "timezone", None)) == "Asia/Bangkok"
    assert job.job.misfire_grace_time == int(timedelta(hours=6).total_seconds())


async def test_second_run_sends_nothing(harness: Harness) -> None:
    """Running twice at the same time (a restart) sends each reminder once."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    assert (await run(harness)).sent == 1
    harness.set_time(bkk(2026, 11, 20, 9, 30))
    again = await run(harness)
    assert again.attempted == 0
    assert len(bot_messages(harness, somsri, before)) == 1


async def test_pending_row_from_a_crash_is_resent_once_only(harness: Harness) -> None:
    """A claim left pending by a crash is resent once after it goes stale, never a third time."""
    project_id = await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    reminders = harness.store.reminders
    crash = bkk(2026, 11, 20, 9, 0)
    assert await reminders.claim(somsri.id, project_id, NOVEMBER, "day20", crash) is not None
    before = last_id(harness, somsri)
    harness.set_time(crash + timedelta(minutes=1))
    assert (await run(harness)).sent == 0  # fresh pending: a run may still be sending it
    harness.set_time(crash + timedelta(hours=1))
    assert (await run(harness)).sent == 1
    harness.set_time(crash + timedelta(hours=2))
    assert (await run(harness)).attempted == 0
    assert len(bot_messages(harness, somsri, before)) == 1
    (row,) = await reminders.deliveries(NOVEMBER)
    assert (row.state, row.attempts) == ("sent", 2)


async def test_second_crash_is_not_resent_again(harness: Harness) -> None:
    """A pending row already resent once (two attempts) is never sent a third time."""
    project_id = await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    reminders = harness.store.reminders
    crash = bkk(2026, 11, 20, 9, 0)
    await reminders.claim(somsri.id, project_id, NOVEMBER, "day20", crash)
    later = crash + timedelta(hours=1)
    assert await reminders.claim(somsri.id, project_id, NOVEMBER, "day20", later) is not None
    before = last_id(harness, somsri)
    harness.set_time(crash + timedelta(hours=3))
    assert (await run(harness)).attempted == 0
    assert bot_messages(harness, somsri, before) == []


async def test_too_many_requests_then_success(harness: Harness) -> None:
    """A 429 on the first send is retried and the reminder arrives exactly once."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    before = last_id(harness, somsri)
    harness.fake.faults.script("sendMessage", Fault.too_many_requests(1))
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    result = await run(harness)
    assert result.sent == 1 and len(bot_messages(harness, somsri, before)) == 1
    assert harness.fake.faults.pending == 0
    assert harness.fake.refusals == []


async def test_blocked_officer_is_marked_unreachable_and_the_run_goes_on(harness: Harness) -> None:
    """A 403 marks the person unreachable; the other officers still get their reminders."""
    await harness.add_project()
    blocked = await add_officer(harness, 2001, "สมศรี")
    other = await add_officer(harness, 2002, "สมชาย")
    harness.fake.block(blocked.id)
    before = last_id(harness, other)
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    result = await run(harness)
    assert (result.sent, result.unreachable) == (1, 1)
    assert len(bot_messages(harness, other, before)) == 1
    states = {row.person_id: row.state for row in await harness.store.reminders.deliveries()}
    assert states == {blocked.id: "unreachable", other.id: "sent"}
    targets = await harness.store.reminders.officer_targets(NOVEMBER)
    assert {target.person_id: target.reachable for target in targets}[blocked.id] is False
    assert [r.error_code for r in harness.fake.refusals] == [403]
    harness.set_time(bkk(2026, 11, 20, 11, 0))
    assert (await run(harness)).attempted == 0
