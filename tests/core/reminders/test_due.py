"""Tests of what is due now (with catch-up), what comes next, and time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.reminders import (
    FixedClock,
    ThaiWorkCalendar,
    catch_up_deadline,
    due_occasions,
    next_occasions,
    occasions_for_month,
)
from tests.core.reminders.helpers import BANGKOK, BERLIN, bkk


def due_keys(clock: FixedClock, cal: ThaiWorkCalendar) -> list[str]:
    """Return the keys of the occasions due at the clock's time."""
    return [occasion.key for occasion in due_occasions(clock.now(), cal)]


def test_reminder_due_at_nine_on_its_day(cal: ThaiWorkCalendar) -> None:
    """Check that day20 is due from 09:00 on its day and not a minute before."""
    clock = FixedClock(bkk(2026, 11, 20, 8, 59))
    assert due_keys(clock, cal) == []
    clock.advance(timedelta(minutes=1))
    assert due_keys(clock, cal) == ["day20:2026-11"]


def test_reminder_caught_up_later_the_same_day(cal: ThaiWorkCalendar) -> None:
    """Check that a bot started at 15:00 on a reminder day still sends it."""
    clock = FixedClock(bkk(2026, 11, 25, 15))
    assert due_keys(clock, cal) == ["day25:2026-11"]


def test_reminder_not_caught_up_the_next_day(cal: ThaiWorkCalendar) -> None:
    """Check that a missed reminder is dropped once its local date has passed."""
    clock = FixedClock(bkk(2026, 11, 25, 15))
    clock.advance(timedelta(days=1))
    assert due_keys(clock, cal) == []
    clock.set(bkk(2026, 11, 21, 0, 1))
    assert due_keys(clock, cal) == []


def test_moved_reminder_due_on_its_moved_day(cal: ThaiWorkCalendar) -> None:
    """Check that a reminder moved by a holiday is due on the new day, not the nominal one."""
    clock = FixedClock(bkk(2027, 10, 25, 10))  # holiday: day25 moved to the 26th
    assert due_keys(clock, cal) == []
    clock.advance(timedelta(days=1))
    assert due_keys(clock, cal) == ["day25:2027-10"]


def test_digest_caught_up_two_days_late(cal: ThaiWorkCalendar) -> None:
    """Check that the digest (Tue 1 Dec 2026) is still due two and three days late."""
    clock = FixedClock(bkk(2026, 12, 3, 10))
    assert due_keys(clock, cal) == ["digest:2026-11"]
    clock.set(bkk(2026, 12, 4, 23, 59))
    assert due_keys(clock, cal) == ["digest:2026-11"]


def test_digest_not_caught_up_four_days_late(cal: ThaiWorkCalendar) -> None:
    """Check that the digest is no longer due four days after its scheduled date."""
    clock = FixedClock(bkk(2026, 12, 5, 10))
    assert due_keys(clock, cal) == []


def test_digest_window_counts_from_the_moved_date(cal: ThaiWorkCalendar) -> None:
    """Check that the catch-up of a moved digest (Mon 4 Jan 2027) counts from its send date."""
    digest = occasions_for_month(date(2026, 12, 1), cal)[-1]
    assert catch_up_deadline(digest) == date(2027, 1, 7)
    assert "digest:2026-12" in due_keys(FixedClock(bkk(2027, 1, 7, 12)), cal)
    assert "digest:2026-12" not in due_keys(FixedClock(bkk(2027, 1, 3, 12)), cal)


def test_occasions_due_together_are_all_returned() -> None:
    """Check that a digest and a reminder due at the same time are both returned, sorted."""
    # Real calendars never put them on one day; a long closure of 1-19 Dec does.
    closed = {date(2026, 12, d): "closure" for d in range(1, 20)}
    cal = ThaiWorkCalendar(BANGKOK, extra_holidays=closed)
    clock = FixedClock(bkk(2026, 12, 21, 9))  # Sunday the 20th moved to Monday
    assert due_keys(clock, cal) == ["day20:2026-12", "digest:2026-11"]


def test_next_occasions_sorted_and_in_the_future(cal: ThaiWorkCalendar) -> None:
    """Check that the schedule view lists upcoming occasions in order, all after now."""
    now = bkk(2026, 12, 21, 9)  # exactly day20's send time: due, so not upcoming
    upcoming = next_occasions(now, cal)
    assert len(upcoming) == 6
    assert all(o.scheduled_at > now for o in upcoming)
    assert [o.scheduled_at for o in upcoming] == sorted(o.scheduled_at for o in upcoming)
    assert [o.key for o in upcoming] == [
        "day25:2026-12",
        "last_day:2026-12",
        "digest:2026-12",
        "day20:2027-01",
        "day25:2027-01",
        "last_day:2027-01",
    ]
    assert upcoming[2].scheduled_at == bkk(2027, 1, 4)


def test_next_occasions_includes_the_pending_digest(cal: ThaiWorkCalendar) -> None:
    """Check that early in a month the digest about last month comes first."""
    upcoming = next_occasions(bkk(2027, 1, 2, 12), cal, count=2)
    assert [o.key for o in upcoming] == ["digest:2026-12", "day20:2027-01"]


@pytest.mark.parametrize("count", [0, 1, 7, 25])
def test_next_occasions_count(cal: ThaiWorkCalendar, count: int) -> None:
    """Check that exactly ``count`` distinct occasions are returned."""
    upcoming = next_occasions(bkk(2026, 11, 1, 0), cal, count=count)
    assert len(upcoming) == count
    assert len({o.key for o in upcoming}) == count


def test_bangkok_has_no_dst(cal: ThaiWorkCalendar) -> None:
    """Check that Bangkok send times are UTC+7 all year, i.e. 02:00 UTC."""
    for month in range(1, 13):
        for occasion in occasions_for_month(date(2026, month, 1), cal):
            assert occasion.scheduled_at.utcoffset() == timedelta(hours=7)
            assert occasion.scheduled_at.astimezone(UTC).hour == 2


def test_other_zone_keeps_nine_local_across_dst() -> None:
    """Check that in Europe/Berlin sends stay at 09:00 local, 08:00 or 07:00 UTC."""
    berlin = ThaiWorkCalendar(BERLIN)
    winter = occasions_for_month(date(2026, 1, 1), berlin)[0]
    summer = occasions_for_month(date(2026, 7, 1), berlin)[0]
    assert (winter.scheduled_at.hour, winter.scheduled_at.astimezone(UTC).hour) == (9, 8)
    assert (summer.scheduled_at.hour, summer.scheduled_at.astimezone(UTC).hour) == (9, 7)


def test_due_converts_now_into_the_calendar_zone(cal: ThaiWorkCalendar) -> None:
    """Check that 'now' in any zone is judged by the calendar's local time and date."""
    berlin = ThaiWorkCalendar(BERLIN)
    # 06:30 UTC on Mon 20 Jul 2026: 13:30 in Bangkok (due), 08:30 in Berlin (not yet).
    early = FixedClock(datetime(2026, 7, 20, 6, 30, tzinfo=UTC))
    assert due_keys(early, cal) == ["day20:2026-07"]
    assert due_keys(early, berlin) == []
    # 20:00 UTC: already 21 Jul in Bangkok (missed), still 20 Jul 22:00 in Berlin (due).
    late = FixedClock(datetime(2026, 7, 20, 20, tzinfo=UTC))
    assert due_keys(late, cal) == []
    assert due_keys(late, berlin) == ["day20:2026-07"]


def test_naive_now_is_rejected(cal: ThaiWorkCalendar) -> None:
    """Check that a naive 'now' raises instead of silently guessing a zone."""
    with pytest.raises(ValueError):
        due_occasions(datetime(2026, 11, 20, 9), cal)
    with pytest.raises(ValueError):
        next_occasions(datetime(2026, 11, 20, 9), cal)
