"""Read a date as Thai people type it: BE or CE, d/m/yyyy, ISO, Thai digits, Thai months.

``31/12/2569``, ``31/12/2026``, ``2026-12-31``, ``๓๑/๑๒/๒๕๖๙``, ``31 ธันวาคม 2569``,
``31 ธันวา 69``, ``31 ธ.ค. 69`` and ``31 ธค 69`` are all 31 December 2026.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from pythainlp.util.date import thai_abbr_months, thai_full_months

from core.thai_dates import BE_OFFSET, fiscal_year_bounds
from core.thai_numbers import remove_invisible, to_arabic_digits

# Years from here on are Buddhist Era: no officer types a CE year this far ahead.
BE_THRESHOLD: Final = 2400
# Two-digit years are Buddhist Era, as Thai officials abbreviate them (69 = 2569).
BE_CENTURY: Final = 2500
# How a date is shown when one typed cannot be used.
EXPECTED_FORM: Final = "31/12/2569"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_NAMED = re.compile(r"^(\d{1,2})\s*(\D+?)\s*(\d{4}|\d{2})$")


# The endings people leave off when they write a month informally: ธันวา(คม), เมษา(ยน),
# กุมภา(พันธ์). The short forms left are unambiguous: no two months share one.
_MONTH_ENDINGS = ("คม", "ยน", "พันธ์")
# Spellings people commonly type for a month, besides the standard ones.
_MISSPELLED = {"กรกฏาคม": 7, "กรกฏา": 7, "พฤศจิ": 11}
_MONTH_PREFIX = "เดือน"


def _compact(text: str) -> str:
    """Drop spaces and dots, so ``ธ.ค.`` and ``ธค`` are the same month."""
    return re.sub(r"[\s.]", "", text).casefold()


def _informal(name: str) -> str:
    """Return a full month name without its ending, as in ธันวา for ธันวาคม."""
    return next((name.removesuffix(end) for end in _MONTH_ENDINGS if name.endswith(end)), name)


_MONTHS: dict[str, int] = {
    **_MISSPELLED,
    **{_compact(name): index for index, name in enumerate(thai_full_months, 1)},
    **{_compact(_informal(name)): index for index, name in enumerate(thai_full_months, 1)},
    **{_compact(name): index for index, name in enumerate(thai_abbr_months, 1)},
}


def month_number(name: str) -> int | None:
    """Return the number of a Thai month however it is written, None for no month.

    ``ธันวาคม``, ``ธันวา``, ``ธ.ค.``, ``ธค`` and ``เดือนธันวา`` are all 12.
    """
    return _MONTHS.get(_compact(name).removeprefix(_MONTH_PREFIX))


def ce_year_of(year: int, digits: int) -> int:
    """Return the CE year of a typed year: two digits mean BE 25xx, as officials write."""
    if digits == 2:
        return BE_CENTURY + year - BE_OFFSET
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def read_date(text: str) -> date | None:
    """Return the date typed, or None when it is not a date in any of the known forms."""
    cleaned = " ".join(to_arabic_digits(remove_invisible(text)).split())
    if iso := _ISO.match(cleaned):
        day, month, year = int(iso[3]), int(iso[2]), ce_year_of(int(iso[1]), 4)
    elif dmy := _DMY.match(cleaned):
        day, month, year = int(dmy[1]), int(dmy[2]), ce_year_of(int(dmy[3]), len(dmy[3]))
    elif (named := _NAMED.match(cleaned)) and (number := month_number(named[2])) is not None:
        day, month, year = int(named[1]), number, ce_year_of(int(named[3]), len(named[3]))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def in_fiscal_year(day: date, fiscal_year: int) -> bool:
    """Tell whether a date lies in a BE fiscal year (1 October to 30 September)."""
    first, last = fiscal_year_bounds(fiscal_year)
    return first <= day <= last
