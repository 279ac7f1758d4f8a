"""Read the last day of leave an officer types after /leave (BE or CE, Thai or Arabic digits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from core.typed_dates import read_date

# Typing "off" (or Thai for cancel) ends a recorded leave.
OFF_WORDS: Final = frozenset({"off", "cancel", "none", "ยกเลิก", "ไม่ลา"})
MAX_AHEAD: Final = timedelta(days=366)


class LeaveOff:
    """The officer asked to cancel their leave."""


LEAVE_OFF: Final = LeaveOff()


@dataclass(frozen=True)
class LeaveProblem:
    """Why a typed leave date cannot be used; ``day`` is set when it was read."""

    reason: Literal["bad_date", "past", "too_far"]
    day: date | None = None


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
