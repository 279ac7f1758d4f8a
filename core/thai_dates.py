"""Buddhist-Era dates and the Thai government fiscal year (1 October to 30 September)."""

from __future__ import annotations

import calendar
from datetime import date

from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET = 543
FISCAL_YEAR_FIRST_MONTH = 10


def be_year(day: date) -> int:
    """Return the Buddhist-Era year of a date."""
    return day.year + BE_OFFSET


def ce_year(be: int) -> int:
    """Return the Common-Era year of a Buddhist-Era year."""
    return be - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """Return the BE fiscal year a date belongs to (FY 2569 = Oct 2025 to Sep 2026)."""
    ce = day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year
    return ce + BE_OFFSET


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """Return the first and last day of a BE fiscal year."""
    ce = ce_year(fiscal_year)
    return date(ce - 1, FISCAL_YEAR_FIRST_MONTH, 1), date(ce, 9, 30)


def fiscal_year_months(fiscal_year: int) -> list[date]:
    """Return the first day of each month of a BE fiscal year, October first."""
    first, _ = fiscal_year_bounds(fiscal_year)
    return [add_months(first, offset) for offset in range(12)]


def month_start(day: date) -> date:
    """Return the first day of the month of a date."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """Return the last day of the month of a date."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """Return the first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(earlier: date, later: date) -> int:
    """Return how many calendar months lie from ``earlier``'s month to ``later``'s."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def thai_month_abbr(month: date) -> str:
    """Return the short Thai label of a month with its two-digit BE year (``ต.ค. 68``)."""
    return f"{thai_abbr_months[month.month - 1]} {be_year(month) % 100:02d}"


def thai_month_year(month: date) -> str:
    """Return the full Thai month name with the BE year (``พฤศจิกายน 2569``)."""
    return f"{thai_full_months[month.month - 1]} {be_year(month)}"


def thai_date(day: date) -> str:
    """Return a date as Thai officials write it (``21 พ.ย. 2569``)."""
    return f"{day.day} {thai_abbr_months[day.month - 1]} {be_year(day)}"


def thai_date_long(day: date) -> str:
    """Return a date with the full Thai month name (``21 พฤศจิกายน 2569``)."""
    return f"{day.day} {thai_full_months[day.month - 1]} {be_year(day)}"


def slash_date_be(day: date) -> str:
    """Return a date as ``DD/MM/BBBB``, the form the BMA pages use in descriptions."""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day)}"


def month_year(month: date, language: str) -> str:
    """Return a month with its BE year in a person's language (``November 2569 BE`` in English)."""
    if language == "en":
        return f"{calendar.month_name[month.month]} {be_year(month)} BE"
    return thai_month_year(month)


def day_text(day: date, language: str) -> str:
    """Return a date with its BE year in a person's language (``1 Dec 2569 BE`` in English)."""
    if language == "en":
        return f"{day.day} {calendar.month_abbr[day.month]} {be_year(day)} BE"
    return thai_date(day)


def day_text_long(day: date, language: str) -> str:
    """Return a date with its full month name and BE year in a person's language.

    ``31 December 2569 BE`` in English, ``31 ธันวาคม 2569`` in Thai.
    """
    if language == "en":
        return f"{day.day} {calendar.month_name[day.month]} {be_year(day)} BE"
    return thai_date_long(day)
