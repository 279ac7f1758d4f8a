"""Conversions between domain values and the columns that hold them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

HUNDRED = Decimal(100)


def to_hundredths(percent: Decimal) -> int:
    """Return a percent as an exact integer number of hundredths."""
    return int((percent * HUNDRED).to_integral_value())


def from_hundredths(value: int) -> Decimal:
    """Return the percent held as hundredths, with two decimals."""
    return (Decimal(value) / HUNDRED).quantize(Decimal("0.01"))


def month_key(month: date) -> str:
    """Return the ``YYYY-MM`` key of a month."""
    return f"{month.year:04d}-{month.month:02d}"


def month_from_key(key: str) -> date:
    """Return the first day of the month named by a ``YYYY-MM`` key."""
    year, month = key.split("-")
    return date(int(year), int(month), 1)
