"""/leave: officers record, see and cancel their leave; reminders respect it."""

from __future__ import annotations

from datetime import date

from core.i18n import t
from core.thai_dates import thai_date_long
from tests.handlers.reminders.world import add_officer, add_supervisor
from tests.harness import SAMPLE_AGENCY, Harness


async def test_leave_is_recorded_shown_and_cancelled(harness: Harness) -> None:
    """/leave DATE saves it (BE, Thai digits), /leave shows it, /leave off cancels it."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    until = date(2026, 12, 31)

    saved = await harness.say(somsri, "/leave ๓๑/๑๒/๒๕๖๙")
    assert saved.content == t("leave.saved", "th", until=thai_date_long(until))
    assert await harness.store.reminders.leave_until(somsri.id) == until

    shown = await harness.say(somsri, "/leave")
    assert thai_date_long(until) in (shown.content or "")

    cancelled = await harness.say(somsri, "/leave off")
    assert cancelled.content == t("leave.cancelled")
    assert await harness.store.reminders.leave_until(somsri.id) is None
    again = await harness.say(somsri, "/leave off")
    assert again.content == t("leave.nothing_to_cancel")
    assert harness.fake.refusals == []


async def test_leave_accepts_iso_dates(harness: Harness) -> None:
    """/leave 2026-12-31 is read as a CE date."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    await harness.say(somsri, "/leave 2026-12-31")
    assert await harness.store.reminders.leave_until(somsri.id) == date(2026, 12, 31)


async def test_bad_and_past_dates_are_explained(harness: Harness) -> None:
    """A date that cannot be read, or one already past, is refused with the how-to."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    bad = await harness.say(somsri, "/leave soon")
    assert (bad.content or "").startswith(t("leave.bad_date"))
    past = await harness.say(somsri, "/leave 1/1/2569")
    assert thai_date_long(date(2026, 1, 1)) in (past.content or "")
    assert await harness.store.reminders.leave_until(somsri.id) is None


async def test_supervisors_cannot_record_leave(harness: Harness) -> None:
    """Leave only silences officer reminders; a supervisor is told it is not for them."""
    boss = await add_supervisor(harness, 3001, "หัวหน้า", SAMPLE_AGENCY)
    answer = await harness.say(boss, "/leave 31/12/2569")
    assert answer.content == t("access.not_allowed")


async def test_leave_dates_come_in_english_for_an_english_user(harness: Harness) -> None:
    """An officer who chose English reads the saved, shown and refused dates in English, BE."""
    await harness.add_project()
    somsri = await add_officer(harness, 2001, "สมศรี")
    await harness.say(somsri, "/language")
    await harness.tap(somsri, "English")

    saved = await harness.say(somsri, "/leave 31/12/2569")
    assert saved.content == t("leave.saved", "en", until="31 December 2569 BE")
    shown = await harness.say(somsri, "/leave")
    assert "31 December 2569 BE" in (shown.content or "")
    past = await harness.say(somsri, "/leave 1/1/2569")
    assert (past.content or "").startswith(t("leave.past", "en", until="1 January 2569 BE"))
    for answer in (saved, shown, past):
        assert "ธันวาคม" not in (answer.content or "") and "มกราคม" not in (answer.content or "")
