"""Injectable clocks, so that reminder logic never reads the system time directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the current, timezone-aware time."""

    def now(self) -> datetime:
        """Return the current time as a timezone-aware datetime."""
        ...


def require_aware(moment: datetime) -> datetime:
    """Return ``moment`` unchanged, or raise ``ValueError`` if it has no UTC offset."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")
    return moment


class SystemClock:
    """The real wall clock, expressed in one configured zone."""

    def __init__(self, tz: tzinfo) -> None:
        """Store the zone the clock reports in."""
        self.tz = tz

    def now(self) -> datetime:
        """Return the current system time in the configured zone."""
        return datetime.now(self.tz)


class FixedClock:
    """A clock that stands still until a test sets or advances it."""

    def __init__(self, moment: datetime) -> None:
        """Start the clock at ``moment`` (must be timezone-aware)."""
        self._moment = require_aware(moment)

    def now(self) -> datetime:
        """Return the time the clock is currently set to."""
        return self._moment

    def set(self, moment: datetime) -> None:
        """Jump the clock to ``moment`` (must be timezone-aware)."""
        self._moment = require_aware(moment)

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` of elapsed time and return the new time."""
        # Add in UTC: adding to a zoned datetime adds wall-clock time, which is off
        # by an hour when the step crosses a DST change.
        zone = self._moment.tzinfo
        self._moment = (self._moment.astimezone(UTC) + delta).astimezone(zone)
        return self._moment
