"""The playground's settable clock, and the dates a trainer jumps to."""

from __future__ import annotations

import calendar
import time
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as clock_time

from core.reminders.clock import require_aware

# The jumps offered on the page: the reminder days and the digest day.
JUMPS = ("20", "25", "last", "first")


class PlaygroundClock:
    """A clock that runs like the wall clock from whatever moment it was last set to."""

    def __init__(self, moment: datetime) -> None:
        """Start the clock at ``moment`` (must be timezone-aware)."""
        self.set(moment)

    def set(self, moment: datetime) -> None:
        """Jump to ``moment``; from there the clock keeps running."""
        self._base = require_aware(moment)
        self._since = time.monotonic()

    def now(self) -> datetime:
        """Return the set moment plus the real time elapsed since it was set."""
        return self._base + timedelta(seconds=time.monotonic() - self._since)


def jump_date(today: date, jump: str) -> date:
    """Return the next date after ``today`` for a jump: "20", "25", "last" or "first"."""
    if jump not in JUMPS:
        raise ValueError(f"unknown jump {jump!r}")
    candidates = []
    for offset in range(3):  # this month and the next two cover every case
        year, month = divmod(today.month - 1 + offset, 12)
        year, month = today.year + year, month + 1
        last = calendar.monthrange(year, month)[1]
        day = {"20": 20, "25": 25, "last": last, "first": 1}[jump]
        candidates.append(date(year, month, day))
    return next(day for day in candidates if day > today)


def at_check_time(day: date, check: clock_time, tz: tzinfo) -> datetime:
    """Return ``day`` a few minutes after the daily reminder check, in the bot's zone."""
    moment = datetime(day.year, day.month, day.day, check.hour, check.minute, tzinfo=tz)
    return moment + timedelta(minutes=5)
