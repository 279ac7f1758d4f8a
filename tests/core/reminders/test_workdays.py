"""Tests of the Thai working-day calendar against the holidays package."""

from __future__ import annotations

from datetime import date

from core.reminders import ThaiWorkCalendar
from tests.core.reminders.helpers import BANGKOK, THAI_SCRIPT


def test_weekends_and_holidays_are_not_working_days(cal: ThaiWorkCalendar) -> None:
    """Check weekdays, weekends and a public holiday."""
    assert cal.is_working_day(date(2026, 11, 20))  # Friday
    assert not cal.is_working_day(date(2026, 11, 21))  # Saturday
    assert not cal.is_working_day(date(2026, 11, 22))  # Sunday
    assert not cal.is_working_day(date(2026, 12, 31))  # New Year's Eve, a Thursday


def test_holiday_names_are_thai(cal: ThaiWorkCalendar) -> None:
    """Check that holiday names come back in Thai and plain days have none."""
    name = cal.holiday_name(date(2027, 1, 1))
    assert name is not None
    assert THAI_SCRIPT.search(name)
    assert cal.holiday_name(date(2027, 1, 4)) is None


def test_next_and_previous_working_day(cal: ThaiWorkCalendar) -> None:
    """Check that moving skips weekends and holidays and keeps working days."""
    assert cal.next_working_day(date(2026, 11, 20)) == date(2026, 11, 20)
    assert cal.previous_working_day(date(2026, 11, 20)) == date(2026, 11, 20)
    # 1 Jan 2027 (Fri) is a holiday, then a weekend.
    assert cal.next_working_day(date(2027, 1, 1)) == date(2027, 1, 4)
    # 31 Dec 2027 (Fri) is a holiday: back to Thursday.
    assert cal.previous_working_day(date(2027, 12, 31)) == date(2027, 12, 30)


def test_first_working_day_of_month(cal: ThaiWorkCalendar) -> None:
    """Check the first working day when the 1st is a holiday, a weekend or plain."""
    # 1 and 2 Jan 2026 (Thu, Fri) are both holidays, then a weekend.
    assert cal.first_working_day_of_month(date(2026, 1, 15)) == date(2026, 1, 5)
    assert cal.first_working_day_of_month(date(2026, 11, 1)) == date(2026, 11, 2)  # Sunday
    assert cal.first_working_day_of_month(date(2026, 12, 1)) == date(2026, 12, 1)


def test_holidays_are_cached_per_year(cal: ThaiWorkCalendar) -> None:
    """Check that a year's holiday table is built once and reused."""
    first = cal.holidays_of_year(2026)
    cal.is_working_day(date(2026, 5, 4))
    assert cal.holidays_of_year(2026) is first
    assert date(2027, 1, 1) not in first


def test_extra_holidays_close_the_office(cal: ThaiWorkCalendar) -> None:
    """Check that an announced extra day off counts as a holiday with its name."""
    extra = ThaiWorkCalendar(BANGKOK, extra_holidays={date(2026, 11, 20): "special"})
    assert cal.is_working_day(date(2026, 11, 20))
    assert not extra.is_working_day(date(2026, 11, 20))
    assert extra.holiday_name(date(2026, 11, 20)) == "special"


def test_closure_reason_prefers_the_holiday_name(cal: ThaiWorkCalendar) -> None:
    """Check that a Sunday holiday is explained by its name, a plain Sunday by WEEKEND."""
    assert cal.closure_reason(date(2026, 5, 31)) == cal.holiday_name(date(2026, 5, 31))
    assert cal.closure_reason(date(2026, 11, 22)) == "weekend"
    assert cal.closure_reason(date(2026, 11, 20)) is None
