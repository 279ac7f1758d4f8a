"""/remind (admins: dry run, then send on confirmation) and /schedule, through the real app."""

from __future__ import annotations

from datetime import date

from core.i18n import t
from core.reminders import ThaiWorkCalendar
from core.thai_dates import thai_date_long
from tests.core.reminders.helpers import bkk
from tests.handlers.reminders.world import add_officer, bot_messages, last_id, start_admin
from tests.harness import SAMPLE_CODE, Harness


async def test_remind_previews_then_sends_on_confirmation(harness: Harness) -> None:
    """/remind lists who would get what; nothing goes out until the admin taps send."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    admin = await start_admin(harness)
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 20, 9, 30))

    preview = await harness.say(admin, "/remind")
    text = preview.content or ""
    assert "สมศรี" in text and SAMPLE_CODE in text and "1" in text
    assert bot_messages(harness, somsri, before) == []

    done = await harness.tap(admin, t("reminders.button_send"))
    expected = t("reminders.remind_done", "th", sent=1, unreachable=0, failed=0)
    assert done.content == expected
    assert len(bot_messages(harness, somsri, before)) == 1

    again = await harness.say(admin, "/remind")
    assert again.content == t("reminders.remind_nothing")
    assert harness.fake.refusals == []


async def test_remind_declined_sends_nothing(harness: Harness) -> None:
    """Tapping "don't send" sends no reminder."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    admin = await start_admin(harness)
    before = last_id(harness, somsri)
    harness.set_time(bkk(2026, 11, 20, 9, 30))
    await harness.say(admin, "/remind")
    answer = await harness.tap(admin, t("reminders.button_dont_send"))
    assert answer.content == t("reminders.remind_cancelled")
    assert bot_messages(harness, somsri, before) == []
    assert await harness.store.reminders.deliveries() == []


async def test_remind_is_for_admins_only(harness: Harness) -> None:
    """An officer typing /remind is refused and nothing is sent."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    harness.set_time(bkk(2026, 11, 20, 9, 30))
    answer = await harness.say(somsri, "/remind")
    assert answer.content == t("access.not_allowed")
    assert await harness.store.reminders.deliveries() == []


async def test_forged_send_button_from_an_officer_is_refused(harness: Harness) -> None:
    """A forged "send" callback from a non-admin sends nothing."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    harness.set_time(bkk(2026, 11, 20, 9, 30))
    await harness.deliver(somsri.press_data(last_id(harness, somsri), "remind:send"))
    assert await harness.store.reminders.deliveries() == []
    assert harness.fake.callback_answers


async def test_schedule_shows_the_next_runs_with_thai_dates(harness: Harness) -> None:
    """/schedule lists the coming reminders with Thai dates and the holiday that moved one."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    answer = await harness.say(somsri, "/schedule")
    text = answer.content or ""
    assert thai_date_long(date(2026, 11, 25)) in text
    assert thai_date_long(date(2026, 12, 1)) in text
    assert thai_date_long(date(2026, 12, 30)) in text
    holiday = ThaiWorkCalendar().holiday_name(date(2026, 12, 31))
    assert holiday is not None and holiday in text
