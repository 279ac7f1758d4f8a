"""Tests of where reminders and digests land in the month, with real Thai holidays."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from core.reminders import (
    WEEKEND,
    ThaiWorkCalendar,
    occasions_for_month,
    reminder_is_last_day,
    skipped_for_leave,
)
from tests.core.reminders.helpers import BANGKOK, THAI_SCRIPT, bkk, by_kind, dates_by_kind


def test_normal_month(cal: ThaiWorkCalendar) -> None:
    """Check day 20, day 25, the last day and the digest of a month without moves."""
    occasions = occasions_for_month(date(2026, 11, 1), cal)
    assert [o.kind for o in occasions] == ["day20", "day25", "last_day", "digest"]
    assert [o.scheduled_at for o in occasions] == [
        bkk(2026, 11, 20),
        bkk(2026, 11, 25),
        bkk(2026, 11, 30),
        bkk(2026, 12, 1),
    ]
    assert all(o.moved_because is None and o.period == date(2026, 11, 1) for o in occasions)
    assert [o.nominal_date for o in occasions] == [o.scheduled_date for o in occasions]


def test_period_may_be_any_day_of_the_month(cal: ThaiWorkCalendar) -> None:
    """Check that a mid-month period date yields the same occasions as the 1st."""
    assert occasions_for_month(date(2026, 11, 17), cal) == occasions_for_month(
        date(2026, 11, 1), cal
    )


def test_february_leap_year(cal: ThaiWorkCalendar) -> None:
    """Check February 2028: the last day is the 29th and Sunday the 20th moves to Monday."""
    occasions = by_kind(occasions_for_month(date(2028, 2, 1), cal))
    assert occasions["last_day"].nominal_date == date(2028, 2, 29)
    assert occasions["last_day"].scheduled_date == date(2028, 2, 29)
    assert occasions["day20"].scheduled_date == date(2028, 2, 21)
    assert occasions["day25"].scheduled_date == date(2028, 2, 25)
    assert occasions["digest"].scheduled_date == date(2028, 3, 1)


def test_february_common_year(cal: ThaiWorkCalendar) -> None:
    """Check February 2027: Sunday the 28th moves back, Saturday the 20th skips a holiday."""
    occasions = by_kind(occasions_for_month(date(2027, 2, 1), cal))
    assert occasions["last_day"].nominal_date == date(2027, 2, 28)
    assert occasions["last_day"].scheduled_date == date(2027, 2, 26)
    assert occasions["last_day"].moved_because == WEEKEND
    # Monday 22 Feb 2027 is the substitute day of Makha Bucha, so Tuesday.
    assert occasions["day20"].scheduled_date == date(2027, 2, 23)
    assert occasions["day20"].moved_because == WEEKEND
    assert occasions["day25"].scheduled_date == date(2027, 2, 25)


def test_day20_on_saturday_moves_to_monday(cal: ThaiWorkCalendar) -> None:
    """Check that Saturday 20 June 2026 moves to Monday the 22nd because of the weekend."""
    day20 = by_kind(occasions_for_month(date(2026, 6, 1), cal))["day20"]
    assert day20.nominal_date == date(2026, 6, 20)
    assert day20.scheduled_at == bkk(2026, 6, 22)
    assert day20.moved_because == WEEKEND


@pytest.mark.parametrize(
    ("period", "kind", "holiday", "moved_to"),
    [
        # Monday 25 Oct 2027: substitute day of Chulalongkorn Day.
        (date(2027, 10, 1), "day25", date(2027, 10, 25), date(2027, 10, 26)),
        # Thursday 20 May 2027: Visakha Bucha.
        (date(2027, 5, 1), "day20", date(2027, 5, 20), date(2027, 5, 21)),
        # Tuesday 20 Jul 2027: substitute day of Asarnha Bucha.
        (date(2027, 7, 1), "day20", date(2027, 7, 20), date(2027, 7, 21)),
    ],
)
def test_holiday_moves_reminder_forward(
    cal: ThaiWorkCalendar, period: date, kind: str, holiday: date, moved_to: date
) -> None:
    """Check that a real Thai holiday moves a reminder to the next working day, named in Thai."""
    occasion = by_kind(occasions_for_month(period, cal))[kind]
    assert occasion.nominal_date == holiday
    assert occasion.scheduled_date == moved_to
    assert occasion.moved_because is not None
    assert occasion.moved_because == cal.holiday_name(holiday)
    assert THAI_SCRIPT.search(occasion.moved_because)


@pytest.mark.parametrize(
    ("period", "moved_to"),
    [
        (date(2026, 12, 1), date(2026, 12, 30)),  # Thu 31 Dec: New Year's Eve
        (date(2027, 12, 1), date(2027, 12, 30)),  # Fri 31 Dec: New Year's Eve
        (date(2026, 5, 1), date(2026, 5, 29)),  # Sun 31 May: Visakha Bucha
    ],
)
def test_last_day_holiday_moves_back(cal: ThaiWorkCalendar, period: date, moved_to: date) -> None:
    """Check that a holiday on the last day moves the reminder back inside the month."""
    last_day = by_kind(occasions_for_month(period, cal))["last_day"]
    assert last_day.scheduled_date == moved_to
    assert last_day.moved_because is not None
    assert THAI_SCRIPT.search(last_day.moved_because)


def test_last_day_weekend_moves_back_to_last_working_day(cal: ThaiWorkCalendar) -> None:
    """Check that Saturday 31 Oct 2026 moves back to Friday the 30th, not into November."""
    last_day = by_kind(occasions_for_month(date(2026, 10, 1), cal))["last_day"]
    assert last_day.nominal_date == date(2026, 10, 31)
    assert last_day.scheduled_at == bkk(2026, 10, 30)
    assert last_day.moved_because == WEEKEND
    assert last_day.is_last_day_of_window
    assert reminder_is_last_day(last_day)


def test_only_the_last_day_reminder_says_last_day(cal: ThaiWorkCalendar) -> None:
    """Check the last-day flag on every kind of a month."""
    flags = {o.kind: reminder_is_last_day(o) for o in occasions_for_month(date(2026, 11, 1), cal)}
    assert flags == {"day20": False, "day25": False, "last_day": True, "digest": False}


@pytest.mark.parametrize(
    ("period", "digest_day", "reason_is_holiday"),
    [
        (date(2026, 12, 1), date(2027, 1, 4), True),  # Fri 1 Jan 2027, then a weekend
        (date(2025, 12, 1), date(2026, 1, 5), True),  # 1 and 2 Jan 2026 both holidays
        (date(2026, 5, 1), date(2026, 6, 2), True),  # Mon 1 Jun 2026: substitute day
        (date(2026, 10, 1), date(2026, 11, 2), False),  # Sun 1 Nov 2026
    ],
)
def test_digest_on_first_working_day_of_next_month(
    cal: ThaiWorkCalendar, period: date, digest_day: date, reason_is_holiday: bool
) -> None:
    """Check that the digest about a month goes on the next month's first working day."""
    digest = by_kind(occasions_for_month(period, cal))["digest"]
    assert digest.period == period
    assert digest.nominal_date == digest_day.replace(day=1)
    assert digest.scheduled_at == bkk(digest_day.year, digest_day.month, digest_day.day)
    assert digest.moved_because is not None
    if reason_is_holiday:
        assert THAI_SCRIPT.search(digest.moved_because)
    else:
        assert digest.moved_because == WEEKEND


def test_day25_pushed_onto_last_day_merges_into_last_day() -> None:
    """Check that day25 moved onto the last-day date is absorbed by the last-day reminder."""
    closed = {date(2026, 11, d): "closure" for d in (25, 26, 27)}  # Wed-Fri, then a weekend
    cal = ThaiWorkCalendar(BANGKOK, extra_holidays=closed)
    occasions = occasions_for_month(date(2026, 11, 1), cal)
    assert dates_by_kind(occasions) == {
        "day20": date(2026, 11, 20),
        "last_day": date(2026, 11, 30),
        "digest": date(2026, 12, 1),
    }
    last_day = by_kind(occasions)["last_day"]
    assert last_day.absorbed == ("day25",)
    assert last_day.moved_because is None


def test_day20_pushed_onto_day25_merges_into_day25() -> None:
    """Check that day20 moved onto the 25th is absorbed by the day25 reminder."""
    closed = {date(2026, 11, d): "closure" for d in (20, 23, 24)}
    cal = ThaiWorkCalendar(BANGKOK, extra_holidays=closed)
    day25 = by_kind(occasions_for_month(date(2026, 11, 1), cal))["day25"]
    assert day25.scheduled_date == date(2026, 11, 25)
    assert day25.absorbed == ("day20",)
    assert "day20" not in dates_by_kind(occasions_for_month(date(2026, 11, 1), cal))


def test_month_closed_from_the_20th_sends_one_last_day_reminder() -> None:
    """Check that with no working day from the 20th on, one last-day reminder stays inside."""
    closed = {date(2026, 11, 1) + timedelta(days=d): "closure" for d in range(19, 30)}
    cal = ThaiWorkCalendar(BANGKOK, extra_holidays=closed)
    occasions = occasions_for_month(date(2026, 11, 1), cal)
    officer = [o for o in occasions if o.is_officer_reminder]
    assert len(officer) == 1
    assert officer[0].kind == "last_day"
    assert officer[0].scheduled_date == date(2026, 11, 19)
    assert officer[0].absorbed == ("day20", "day25")


def test_custom_send_time(cal: ThaiWorkCalendar) -> None:
    """Check that the send time parameter is honoured and must be naive."""
    occasions = occasions_for_month(date(2026, 11, 1), cal, at=time(8, 30))
    assert occasions[0].scheduled_at == bkk(2026, 11, 20, 8, 30)
    with pytest.raises(ValueError):
        occasions_for_month(date(2026, 11, 1), cal, at=time(9, tzinfo=BANGKOK))


def test_dedup_key_names_kind_and_month(cal: ThaiWorkCalendar) -> None:
    """Check that the de-duplication key names the kind and the month it is about."""
    keys = [o.key for o in occasions_for_month(date(2026, 11, 1), cal)]
    assert keys == ["day20:2026-11", "day25:2026-11", "last_day:2026-11", "digest:2026-11"]


def test_leave_skips_reminders_up_to_its_last_day(cal: ThaiWorkCalendar) -> None:
    """Check that leave until D silences officer reminders scheduled on or before D only."""
    occasions = by_kind(occasions_for_month(date(2026, 11, 1), cal))
    assert skipped_for_leave(occasions["day20"], date(2026, 11, 20))
    assert not skipped_for_leave(occasions["day25"], date(2026, 11, 20))
    assert not skipped_for_leave(occasions["day20"], None)
    assert not skipped_for_leave(occasions["digest"], date(2026, 12, 31))


def test_leave_compares_the_moved_date(cal: ThaiWorkCalendar) -> None:
    """Check that leave is compared with the moved send date, not the nominal day."""
    day20 = by_kind(occasions_for_month(date(2026, 6, 1), cal))["day20"]  # moved to the 22nd
    assert not skipped_for_leave(day20, date(2026, 6, 21))
    assert skipped_for_leave(day20, date(2026, 6, 22))
