"""The playground clock and the calendar jumps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from playground.clock import PlaygroundClock, at_check_time, jump_date

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_clock_runs_from_the_moment_it_was_set() -> None:
    """After set() the clock reads that moment, plus (little) real time elapsed."""
    clock = PlaygroundClock(datetime(2021, 3, 15, 10, 0, tzinfo=BANGKOK))
    clock.set(datetime(2021, 4, 1, 9, 5, tzinfo=BANGKOK))
    elapsed = clock.now() - datetime(2021, 4, 1, 9, 5, tzinfo=BANGKOK)
    assert timedelta(0) <= elapsed < timedelta(minutes=1)


def test_clock_refuses_naive_times() -> None:
    """A moment without a zone is refused, as the reminder clocks do."""
    with pytest.raises(ValueError, match="timezone-aware"):
        PlaygroundClock(datetime(2021, 3, 15, 10, 0))


@pytest.mark.parametrize(
    ("today", "jump", "expected"),
    [
        (date(2021, 3, 15), "20", date(2021, 3, 20)),
        (date(2021, 3, 20), "20", date(2021, 4, 20)),
        (date(2021, 3, 15), "25", date(2021, 3, 25)),
        (date(2021, 2, 10), "last", date(2021, 2, 28)),
        (date(2021, 12, 31), "last", date(2022, 1, 31)),
        (date(2021, 12, 15), "first", date(2022, 1, 1)),
    ],
)
def test_jump_date_finds_the_next_day(today: date, jump: str, expected: date) -> None:
    """Each jump lands on the next matching calendar day, across month and year ends."""
    assert jump_date(today, jump) == expected


def test_unknown_jump_is_refused() -> None:
    """A jump the page does not offer is a ValueError."""
    with pytest.raises(ValueError, match="unknown jump"):
        jump_date(date(2021, 3, 15), "15")


def test_check_time_is_just_after_the_daily_check() -> None:
    """A moved date lands five minutes after the reminder time, in the bot's zone."""
    moment = at_check_time(date(2021, 3, 22), time(9, 0), BANGKOK)
    assert moment == datetime(2021, 3, 22, 9, 5, tzinfo=BANGKOK)
