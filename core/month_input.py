"""Understand a month as people type it: ``11/2569``, ``2569-11``, ``พ.ย. 69``, ``พฤศจิกา``."""

from __future__ import annotations

import re
from datetime import date

from core.thai_dates import month_start
from core.thai_numbers import remove_invisible, to_arabic_digits
from core.typed_dates import ce_year_of, month_number

_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})$")
_NAME_YEAR = re.compile(r"^(\D+?)\s*(\d{4}|\d{2})?$")
_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ENGLISH_NAMES: dict[str, int] = {
    **{name: index for index, name in enumerate(_ENGLISH_MONTHS, 1)},
    **{name[:3]: index for index, name in enumerate(_ENGLISH_MONTHS, 1)},
}


def _month_number(name: str) -> int | None:
    """Return the number of a month named in Thai (any written form) or English."""
    return month_number(name) or _ENGLISH_NAMES.get(name.strip(" .").casefold())


def _ce_year(text: str) -> int:
    """Return the CE year of a typed year (BE or CE, two digits BE)."""
    return ce_year_of(int(text), len(text))


def _month(year: int, month: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return date(year, month, 1)


def _latest(month: int, today: date) -> date:
    """Return the most recent month of that number that has begun by ``today``."""
    year = today.year if month <= today.month else today.year - 1
    return date(year, month, 1)


def parse_month(text: str, today: date) -> date | None:
    """Return the first day of the month the text names, or None when it names none.

    Without a year, a month name means its latest occurrence up to ``today``.
    """
    cleaned = " ".join(to_arabic_digits(remove_invisible(text)).split())
    if not cleaned:
        return month_start(today)
    if match := _MONTH_YEAR.match(cleaned):
        return _month(_ce_year(match[2]), int(match[1]))
    if match := _YEAR_MONTH.match(cleaned):
        return _month(_ce_year(match[1]), int(match[2]))
    match = _NAME_YEAR.match(cleaned)
    if match is None:
        return None
    number = _month_number(match[1])
    if number is None:
        return None
    if match[2] is None:
        return _latest(number, today)
    return _month(_ce_year(match[2]), number)
