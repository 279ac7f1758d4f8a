"""Reading the last day of leave typed after /leave."""

from __future__ import annotations

from datetime import date

import pytest

from core.leave_input import LEAVE_OFF, LeaveProblem, parse_leave
from core.typed_dates import read_date

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    "text",
    [
        "31/12/2569",
        "31/12/2026",
        "2026-12-31",
        "๓๑/๑๒/๒๕๖๙",
        "31.12.69",
        "2569-12-31",
        " 31-12-2569 ",
    ],
)
def test_reads_be_ce_and_thai_digits(text: str) -> None:
    """Every common way of writing 31 December 2026 gives that date."""
    assert read_date(text) == date(2026, 12, 31)


@pytest.mark.parametrize("text", ["31/02/2569", "tomorrow", "12/2569", "", "2026-13-01"])
def test_rejects_what_is_not_a_date(text: str) -> None:
    """Impossible or malformed dates are not read."""
    assert read_date(text) is None
    assert parse_leave(text or "x", TODAY) == LeaveProblem("bad_date")


def test_off_words_cancel() -> None:
    """``off`` and its Thai equivalent cancel the leave."""
    assert parse_leave("off", TODAY) is LEAVE_OFF
    assert parse_leave("OFF", TODAY) is LEAVE_OFF
    assert parse_leave("\u0e22\u0e01\u0e40\u0e25\u0e34\u0e01", TODAY) is LEAVE_OFF


def test_past_and_far_dates_are_refused() -> None:
    """A day already past, or more than a year ahead, is refused with the date read."""
    assert parse_leave("20/11/2569", TODAY) == LeaveProblem("past", date(2026, 11, 20))
    assert parse_leave("2028-01-01", TODAY) == LeaveProblem("too_far", date(2028, 1, 1))
    assert parse_leave("21/11/2569", TODAY) == TODAY
