"""Thai working days: weekends and Thai public holidays, with Thai holiday names."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

from core.thai_dates import month_start

DEFAULT_TZ = ZoneInfo("Asia/Bangkok")

# Saturday and Sunday; Thai government offices have kept this weekend since 1959.
WEEKEND_DAYS = frozenset({5, 6})

# Marker stored as ``moved_because`` when a plain weekend (no holiday) moved a date;
# the presentation layer translates it, so it stays an ASCII identifier here.
WEEKEND = "weekend"

# No real run of non-working days is this long; the bound only stops a runaway loop
# when someone passes absurd extra holidays.
_MAX_SEARCH_DAYS = 62


class ThaiWorkCalendar:
    """Decide which days are working days for Bangkok government offices."""

    def __init__(
        self,
        tz: ZoneInfo = DEFAULT_TZ,
        extra_holidays: Mapping[date, str] | None = None,
    ) -> None:
        """Use ``tz`` for wall-clock times and add ``extra_holidays`` to the package's list.

        ``extra_holidays`` covers special days off that the cabinet announces after the
        installed ``holidays`` release was published.
        """
        self.tz = tz
        self._extra: Mapping[date, str] = MappingProxyType(dict(extra_holidays or {}))
        self._by_year: dict[int, Mapping[date, str]] = {}

    def holidays_of_year(self, year: int) -> Mapping[date, str]:
        """Return the Thai public holidays of ``year`` with their Thai names (cached)."""
        cached = self._by_year.get(year)
        if cached is None:
            # Copy into a plain dict: HolidayBase expands itself to other years on
            # lookup, so handing it out would let one year's cache grow silently.
            table = holidays.country_holidays("TH", language="th", years=year)
            merged: dict[date, str] = {day: str(name) for day, name in table.items()}
            for day, name in self._extra.items():
                if day.year == year:
                    merged[day] = f"{merged[day]}; {name}" if day in merged else name
            cached = MappingProxyType(merged)
            self._by_year[year] = cached
        return cached

    def holiday_name(self, day: date) -> str | None:
        """Return the Thai name of the public holiday on ``day``, or ``None``."""
        return self.holidays_of_year(day.year).get(day)

    def is_weekend(self, day: date) -> bool:
        """Return whether ``day`` is a Saturday or Sunday."""
        return day.weekday() in WEEKEND_DAYS

    def is_working_day(self, day: date) -> bool:
        """Return whether government offices are open on ``day``."""
        return not self.is_weekend(day) and self.holiday_name(day) is None

    def closure_reason(self, day: date) -> str | None:
        """Return why ``day`` is not a working day: a holiday name, ``WEEKEND`` or ``None``."""
        # The holiday name wins over the weekend: it tells the reader more (a Sunday
        # that is also Visakha Bucha is better explained by the holiday).
        name = self.holiday_name(day)
        if name is not None:
            return name
        return WEEKEND if self.is_weekend(day) else None

    def next_working_day(self, day: date) -> date:
        """Return ``day`` if it is a working day, else the first working day after it."""
        return self._walk(day, timedelta(days=1))

    def previous_working_day(self, day: date) -> date:
        """Return ``day`` if it is a working day, else the last working day before it."""
        return self._walk(day, timedelta(days=-1))

    def first_working_day_of_month(self, month: date) -> date:
        """Return the first working day of the month containing ``month``."""
        return self.next_working_day(month_start(month))

    def _walk(self, day: date, step: timedelta) -> date:
        """Step from ``day`` by ``step`` until a working day is reached."""
        current = day
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_working_day(current):
                return current
            current += step
        raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days of {day}")
