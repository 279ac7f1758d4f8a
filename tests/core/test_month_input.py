"""Months as people type them: numbers in BE or CE, Thai and English month names."""

from __future__ import annotations

from datetime import date

import pytest

from core.month_input import parse_month

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("11/2569", date(2026, 11, 1)),
        ("2569-11", date(2026, 11, 1)),
        ("2569/1", date(2026, 1, 1)),
        ("11/2026", date(2026, 11, 1)),
        ("2026-11", date(2026, 11, 1)),
        ("10/69", date(2026, 10, 1)),
        ("๑๐/๒๕๖๙", date(2026, 10, 1)),
        ("พฤศจิกายน 2569", date(2026, 11, 1)),
        ("เดือนพฤศจิกายน 2569", date(2026, 11, 1)),
        ("พ.ย. 69", date(2026, 11, 1)),
        ("พ.ย.2569", date(2026, 11, 1)),
        ("พย 69", date(2026, 11, 1)),
        ("พฤศจิกา 69", date(2026, 11, 1)),
        ("เดือนพฤศจิกา 2569", date(2026, 11, 1)),
        ("ตุลา", date(2026, 10, 1)),
        ("ธันวา 2568", date(2025, 12, 1)),
        ("ธค 68", date(2025, 12, 1)),
        ("มกรา 2569", date(2026, 1, 1)),
        ("November 2026", date(2026, 11, 1)),
        ("nov 2026", date(2026, 11, 1)),
        ("  ", date(2026, 11, 1)),
    ],
)
def test_month_forms(typed: str, month: date) -> None:
    """Each written form names the expected month."""
    assert parse_month(typed, TODAY) == month


def test_name_without_year_is_the_latest_such_month() -> None:
    """A month name alone means its most recent occurrence up to today."""
    assert parse_month("ตุลาคม", TODAY) == date(2026, 10, 1)
    assert parse_month("พฤศจิกายน", TODAY) == date(2026, 11, 1)
    assert parse_month("ธ.ค.", TODAY) == date(2025, 12, 1)


@pytest.mark.parametrize("typed", ["13/2569", "0/2569", "เมื่อวาน", "2569", "ธันวา 2569 ครับ", "1/2/3"])
def test_nonsense_is_rejected(typed: str) -> None:
    """Impossible months and other words give None."""
    assert parse_month(typed, TODAY) is None
