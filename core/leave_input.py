"""Read the last day of leave an officer types after /leave (BE or CE, Thai or Arabic digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from core.thai_dates import BE_OFFSET
from core.thai_numbers import to_arabic_digits

# Typing "off" (or Thai for cancel) ends a recorded leave.
OFF_WORDS: Final = frozenset({"off", "cancel", "none", "ยกเลิก", "ไม่ลา"})
MAX_AHEAD: Final = timedelta(days=366)
# Years from here on are Buddhist Era: no officer types a CE year this far ahead.
BE_THRESHOLD: Final = 2400

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")


class LeaveOff:
    """The officer asked to cancel their leave."""


LEAVE_OFF: Final = LeaveOff()


@dataclass(frozen=True)
class LeaveProblem:
    """Why a typed leave date cannot be used; ``day`` is set when it was read."""

    reason: Literal["bad_date", "past", "too_far"]
    day: date | None = None


def _ce_year(year: int, digits: int) -> int:
    """Return the CE year of a typed year: two digits mean BE 25xx, as officials write."""
    if digits == 2:
        return 2500 + year - BE_OFFSET
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def read_date(text: str) -> date | None:
    """Return the date in ``31/12/2569``, ``31/12/2026``, ``2026-12-31`` or ``๓๑/๑๒/๒๕๖๙``."""
    cleaned = to_arabic_digits(text).strip()
    iso = _ISO.match(cleaned)
    if iso is not None:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
        year = _ce_year(year, 4)
    else:
        dmy = _DMY.match(cleaned)
        if dmy is None:
            return None
        day, month = int(dmy[1]), int(dmy[2])
        year = _ce_year(int(dmy[3]), len(dmy[3]))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_leave(text: str, today: date) -> date | LeaveOff | LeaveProblem:
    """Return the last day of leave, ``LEAVE_OFF``, or why the text cannot be used."""
    if text.strip().lower() in OFF_WORDS:
        return LEAVE_OFF
    day = read_date(text)
    if day is None:
        return LeaveProblem("bad_date")
    if day < today:
        return LeaveProblem("past", day)
    if day - today > MAX_AHEAD:
        return LeaveProblem("too_far", day)
    return day
