"""Dates as Thai people type them: BE or CE, d/m/yyyy, ISO, Thai digits and Thai month names."""

from __future__ import annotations

from datetime import date

import pytest

from core.typed_dates import in_fiscal_year, month_number, read_date

NEW_YEARS_EVE = date(2026, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "31/12/2569",
        "31/12/2026",
        "2026-12-31",
        "2569-12-31",
        "๓๑/๑๒/๒๕๖๙",
        "31/12/69",
        "31-12-2569",
        "31 ธันวาคม 2569",
        "31 ธ.ค. 69",
        "๓๑ ธ.ค. ๒๕๖๙",
        "31ธันวาคม2569",
        "31 ธันวา 2569",
        "31 ธันวา 69",
        "31 ธค 69",
        "31 ธ.ค 2569",
        "31 เดือนธันวา 2569",
        "\u200b31/12/2569 ",
    ],
)
def test_every_form_is_the_same_day(text: str) -> None:
    """Each way of writing 31 December 2026 reads as that day."""
    assert read_date(text) == NEW_YEARS_EVE


@pytest.mark.parametrize("text", ["", "31/13/2569", "32/12/2569", "31 ธันวาวา 2569", "พรุ่งนี้", "2569"])
def test_what_is_not_a_date(text: str) -> None:
    """Impossible days, unknown month names and lone years are not dates."""
    assert read_date(text) is None


def test_fiscal_year_bounds() -> None:
    """FY 2569 runs from 1 October 2025 to 30 September 2026."""
    assert in_fiscal_year(date(2025, 10, 1), 2569) and in_fiscal_year(date(2026, 9, 30), 2569)
    assert not in_fiscal_year(date(2025, 9, 30), 2569)
    assert not in_fiscal_year(date(2026, 10, 1), 2569)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("มกรา", 1),
        ("ม.ค.", 1),
        ("มค", 1),
        ("กุมภา", 2),
        ("มีนา", 3),
        ("เมษา", 4),
        ("พฤษภา", 5),
        ("มิถุนา", 6),
        ("กรกฎา", 7),
        ("กรกฏาคม", 7),
        ("สิงหา", 8),
        ("กันยา", 9),
        ("ตุลา", 10),
        ("พฤศจิกา", 11),
        ("ธันวา", 12),
        ("ธ.ค.", 12),
        ("ธค", 12),
        ("ธ.ค", 12),
        ("เดือนธันวาคม", 12),
    ],
)
def test_informal_and_abbreviated_month_names(name: str, number: int) -> None:
    """Each informal, abbreviated or commonly misspelled month name gives its month."""
    assert month_number(name) == number
