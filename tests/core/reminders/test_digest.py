"""The digest model and the words of digests, reminders and the schedule (pure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.domain import PlanStep, ProgressReport
from core.i18n import t
from core.reminders import ThaiWorkCalendar, next_occasions, occasions_for_month
from core.reminders.digest import DigestProject, OfficerInfo, build_digests, on_leave_during
from core.reminders.messages import (
    REPORT_BUTTON_KIND,
    digest_text,
    reminder_text,
    report_button_data,
    schedule_text,
)
from core.thai_dates import thai_date_long
from handlers.report import keys
from tests.core.reminders.helpers import bkk

NOVEMBER = date(2026, 11, 1)
STEPS = (PlanStep(1, "all", Decimal(100), date(2026, 10, 1), date(2026, 11, 30)),)


def _project(
    code: str, agency: str, *reports: ProgressReport, officer: OfficerInfo | None = None
) -> DigestProject:
    people = (officer or OfficerInfo(1, "A<b>", True, None),)
    return DigestProject(1, code, f"name {code}", agency, None, STEPS, reports, people)


def _report(code: str, month: date, percent: str) -> ProgressReport:
    return ProgressReport(code, month, Decimal(percent), month, "work", reporter_name="R")


def test_digests_group_by_agency_and_sort_reported_from_missing() -> None:
    """Projects split per agency into reported and missing; the behind list is most behind first."""
    digests = build_digests(
        [
            _project("A1", "A", _report("A1", NOVEMBER, "90")),
            _project("A2", "A", _report("A2", NOVEMBER, "20")),
            _project("B1", "B", _report("B1", date(2026, 10, 1), "50")),
        ],
        NOVEMBER,
    )
    assert [d.agency for d in digests] == ["A", "B"]
    first, second = digests
    assert [line.code for line in first.reported] == ["A1", "A2"] and first.missing == ()
    assert [line.code for line in first.behind] == ["A2", "A1"]
    assert [line.code for line in second.missing] == ["B1"] and second.total == 1


def test_leave_and_unreachable_officers_are_listed() -> None:
    """Officers on leave during the month and unreachable ones appear in their own lists."""
    away = OfficerInfo(7, "Away", False, date(2026, 11, 10))
    (digest,) = build_digests([_project("A1", "A", officer=away)], NOVEMBER)
    assert [o.name for o in digest.on_leave] == ["Away"]
    assert [o.name for o in digest.unreachable] == ["Away"]
    assert not on_leave_during(OfficerInfo(1, "x", True, date(2026, 10, 31)), NOVEMBER)


def test_digest_text_escapes_names_and_shows_counts() -> None:
    """The digest text escapes names and says how many projects reported."""
    digests = build_digests([_project("A1", "A&B")], NOVEMBER)
    text = digest_text(NOVEMBER, digests, "en")
    assert "A&amp;B" in text and "A&lt;b&gt;" in text
    assert "reported 0 of 1 projects" in text


def test_reminder_button_is_the_report_conversation_project_button() -> None:
    """The reminder's callback data is exactly what the report conversation's entry expects."""
    assert REPORT_BUTTON_KIND == keys.CHOOSE_PROJECT
    assert report_button_data(42) == keys.encode(keys.CHOOSE_PROJECT, 42)
    assert keys.decode(report_button_data(42)) == keys.ButtonData("rp", "42")


def test_last_day_text_differs_from_an_ordinary_reminder() -> None:
    """The last-day reminder uses its own wording; the ordinary one gives the deadline."""
    occasions = {o.kind: o for o in occasions_for_month(NOVEMBER, ThaiWorkCalendar())}
    deadline = date(2026, 11, 30)
    ordinary = reminder_text(occasions["day20"], "C", "N", "th", deadline)
    last = reminder_text(occasions["last_day"], "C", "N", "th", deadline)
    assert ordinary != last and thai_date_long(deadline) in ordinary
    assert "N (C)" in last and "N (C)" in ordinary


def test_schedule_lists_thai_dates_and_reasons_for_moves() -> None:
    """The schedule shows Thai long dates and why a date moved (a holiday or a weekend)."""
    coming = next_occasions(bkk(2026, 12, 1, 10, 0), ThaiWorkCalendar(), count=4)
    text = schedule_text(coming, "th")
    assert thai_date_long(date(2026, 12, 21)) in text
    assert thai_date_long(date(2026, 12, 30)) in text
    assert t("reminders.weekend", "th") in text
    assert "09:00" in text


def test_english_readers_get_english_dates_in_reminders_digests_and_the_schedule() -> None:
    """Reminder, digest (leave marks) and schedule name months and dates in English, BE."""
    occasions = {o.kind: o for o in occasions_for_month(NOVEMBER, ThaiWorkCalendar())}
    reminder = reminder_text(occasions["day20"], "C", "N", "en", date(2026, 11, 30))
    assert "November 2569 BE" in reminder and "30 November 2569 BE" in reminder
    away = OfficerInfo(7, "Away", True, date(2026, 11, 10))
    digest = digest_text(
        NOVEMBER, build_digests([_project("A1", "A", officer=away)], NOVEMBER), "en"
    )
    assert "November 2569 BE" in digest and "10 Nov 2569 BE" in digest
    schedule = schedule_text(next_occasions(bkk(2026, 12, 1, 10, 0), ThaiWorkCalendar(), 4), "en")
    assert "21 December 2569 BE" in schedule
    thai_months = ("พฤศจิกายน", "ธันวาคม", "พ.ย.", "ธ.ค.")
    assert not any(month in text for text in (reminder, digest, schedule) for month in thai_months)
