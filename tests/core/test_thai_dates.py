"""Tests for Buddhist-Era dates and the Thai government fiscal year."""

from __future__ import annotations

from datetime import date

import pytest

from core.thai_dates import (
    add_months,
    be_year,
    ce_year,
    fiscal_year_bounds,
    fiscal_year_months,
    fiscal_year_of,
    month_end,
    month_start,
    months_between,
    slash_date_be,
    thai_date,
    thai_date_long,
    thai_month_abbr,
    thai_month_year,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 10, 1), 2569),
        (date(2025, 9, 30), 2568),
        (date(2026, 9, 30), 2569),
        (date(2026, 1, 1), 2569),
        (date(2025, 12, 31), 2569),
        (date(2026, 10, 1), 2570),
    ],
)
def test_fiscal_year_of(day: date, expected: int) -> None:
    """Start the BE fiscal year on 1 October of the previous CE year."""
    assert fiscal_year_of(day) == expected


def test_fiscal_year_bounds() -> None:
    """Bound FY 2569 by 1 October 2025 and 30 September 2026."""
    assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))


def test_fiscal_year_months_run_from_october_to_september() -> None:
    """List the twelve first days of FY 2569, October 2025 first and September 2026 last."""
    months = fiscal_year_months(2569)
    assert len(months) == 12
    assert months[0] == date(2025, 10, 1)
    assert months[2] == date(2025, 12, 1)
    assert months[3] == date(2026, 1, 1)
    assert months[-1] == date(2026, 9, 1)
    assert all(month.day == 1 for month in months)
    assert all(fiscal_year_of(month) == 2569 for month in months)


@pytest.mark.parametrize(
    ("day", "be"),
    [(date(2025, 10, 1), 2568), (date(2026, 1, 1), 2569), (date(2000, 2, 29), 2543)],
)
def test_be_year_and_back(day: date, be: int) -> None:
    """Add 543 to the CE year, and take it away again."""
    assert be_year(day) == be
    assert ce_year(be) == day.year


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2025, 10, 1), "ต.ค. 68"),
        (date(2026, 1, 15), "ม.ค. 69"),
        (date(2026, 9, 30), "ก.ย. 69"),
        (date(1957, 5, 1), "พ.ค. 00"),
    ],
)
def test_thai_month_abbr(month: date, expected: str) -> None:
    """Label a month with its short Thai name and two-digit BE year."""
    assert thai_month_abbr(month) == expected


def test_long_thai_labels() -> None:
    """Write months and dates with Thai names and BE years, as officials do."""
    day = date(2026, 11, 21)
    assert thai_month_year(day) == "พฤศจิกายน 2569"
    assert thai_date(day) == "21 พ.ย. 2569"
    assert thai_date_long(day) == "21 พฤศจิกายน 2569"
    assert slash_date_be(date(2025, 10, 1)) == "01/10/2568"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 10, 15), 0, date(2025, 10, 1)),
        (date(2025, 11, 30), 1, date(2025, 12, 1)),
        (date(2025, 12, 31), 1, date(2026, 1, 1)),
        (date(2025, 11, 1), 3, date(2026, 2, 1)),
        (date(2026, 1, 31), -1, date(2025, 12, 1)),
        (date(2026, 3, 1), -14, date(2025, 1, 1)),
        (date(2025, 10, 1), 11, date(2026, 9, 1)),
        (date(2025, 10, 1), 24, date(2027, 10, 1)),
        (date(2025, 1, 31), 1, date(2025, 2, 1)),
    ],
)
def test_add_months_across_year_ends(day: date, months: int, expected: date) -> None:
    """Step whole months forward and back across year ends, landing on the first day."""
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 10), date(2024, 2, 29)),
        (date(2025, 2, 10), date(2025, 2, 28)),
        (date(2000, 2, 1), date(2000, 2, 29)),
        (date(2100, 2, 1), date(2100, 2, 28)),
        (date(2025, 12, 31), date(2025, 12, 31)),
        (date(2025, 9, 1), date(2025, 9, 30)),
    ],
)
def test_month_end_including_february(day: date, expected: date) -> None:
    """Find the last day of a month, 29 February only in leap years."""
    assert month_end(day) == expected


def test_month_start() -> None:
    """Find the first day of a month."""
    assert month_start(date(2026, 2, 28)) == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (date(2025, 10, 31), date(2025, 10, 1), 0),
        (date(2025, 10, 31), date(2025, 11, 1), 1),
        (date(2025, 11, 1), date(2026, 2, 28), 3),
        (date(2025, 10, 1), date(2026, 9, 30), 11),
        (date(2026, 1, 1), date(2025, 12, 31), -1),
    ],
)
def test_months_between_counts_calendar_months(earlier: date, later: date, expected: int) -> None:
    """Count calendar months between two dates' months, ignoring the days."""
    assert months_between(earlier, later) == expected
