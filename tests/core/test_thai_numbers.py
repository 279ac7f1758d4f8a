"""Tests for reading the percent officers type."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from core.thai_numbers import PercentError, PercentProblem, parse_percent, to_arabic_digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45", "45.00"),
        ("๔๕", "45.00"),
        ("45%", "45.00"),
        ("45 %", "45.00"),
        ("๔๕%", "45.00"),
        ("ร้อยละ 45", "45.00"),
        ("ร้อยละ45", "45.00"),
        ("45 เปอร์เซ็นต์", "45.00"),
        ("45 เปอร์เซนต์", "45.00"),
        ("45 percent", "45.00"),
        ("45 PERCENT", "45.00"),
        ("45％", "45.00"),
        ("４５", "45.00"),
        ("สี่สิบห้า", "45.00"),
        ("ร้อยละสี่สิบห้า", "45.00"),
        ("ร้อยละ สี่สิบห้า", "45.00"),
        ("ห้าสิบ", "50.00"),
        ("หนึ่งร้อย", "100.00"),
        ("ร้อย", "100.00"),
        ("ร้อยละร้อย", "100.00"),
        ("ศูนย์", "0.00"),
        ("0", "0.00"),
        ("100", "100.00"),
        ("๑๐๐", "100.00"),
        ("45.5", "45.50"),
        ("45.25", "45.25"),
        ("๔๕.๕", "45.50"),
        ("45.", "45.00"),
        (".5", "0.50"),
        ("045", "45.00"),
        ("45.000", "45.00"),
        ("สี่สิบห้าจุดห้า", "45.50"),
        ("สี่สิบห้า จุด ห้า", "45.50"),
        ("สี่สิบห้าจุดสองห้า", "45.25"),
        ("ศูนย์จุดห้า", "0.50"),
        ("สิบ", "10.00"),
        ("ห้าสิบห้าจุดศูนย์ศูนย์", "55.00"),
        ("ร้อยละสี่สิบห้าจุดห้า", "45.50"),
    ],
)
def test_parse_percent_accepts_common_forms(text: str, expected: str) -> None:
    """Read digits, Thai digits, Thai words, percent signs and words as two-decimal percents."""
    result = parse_percent(text)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    "text",
    [
        "  45  ",
        "\u200b45",
        "45\u200b",
        "4\u200b5",
        "\u200d45\u200c",
        "\ufeff45",
        "\u2060ร้อยละ\u200b45",
        "\u00a045\u00a0",
        "45\u00a0%",
        "\t45\n",
    ],
)
def test_parse_percent_ignores_invisible_characters_and_spaces(text: str) -> None:
    """Ignore surrounding spaces, NBSP and zero-width characters pasted with the number."""
    assert parse_percent(text) == Decimal("45.00")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", PercentProblem.EMPTY),
        ("   ", PercentProblem.EMPTY),
        ("\u200b\u00a0", PercentProblem.EMPTY),
        ("-5", PercentProblem.OUT_OF_RANGE),
        ("-0.5", PercentProblem.OUT_OF_RANGE),
        ("ลบห้า", PercentProblem.OUT_OF_RANGE),
        ("101", PercentProblem.OUT_OF_RANGE),
        ("100.01", PercentProblem.OUT_OF_RANGE),
        ("หนึ่งร้อยหนึ่ง", PercentProblem.OUT_OF_RANGE),
        ("99999999999999999999999", PercentProblem.OUT_OF_RANGE),
        ("45.123", PercentProblem.TOO_PRECISE),
        ("สี่สิบห้าจุดหนึ่งสองสาม", PercentProblem.TOO_PRECISE),
        ("1e2", PercentProblem.NOT_A_NUMBER),
        ("nan", PercentProblem.NOT_A_NUMBER),
        ("NaN", PercentProblem.NOT_A_NUMBER),
        ("inf", PercentProblem.NOT_A_NUMBER),
        ("Infinity", PercentProblem.NOT_A_NUMBER),
        ("45 50", PercentProblem.NOT_A_NUMBER),
        ("45,5", PercentProblem.NOT_A_NUMBER),
        ("45.5.5", PercentProblem.NOT_A_NUMBER),
        ("ห้าสิบ ห้าสิบ", PercentProblem.NOT_A_NUMBER),
        ("สิบ ห้า", PercentProblem.NOT_A_NUMBER),
        ("สี่ห้า", PercentProblem.NOT_A_NUMBER),
        ("ขั้นตอน 3 เสร็จ", PercentProblem.NOT_A_NUMBER),
        ("เสร็จแล้ว", PercentProblem.NOT_A_NUMBER),
        ("%", PercentProblem.NOT_A_NUMBER),
        ("ร้อยละ", PercentProblem.NOT_A_NUMBER),
        (".", PercentProblem.NOT_A_NUMBER),
        ("ลบ", PercentProblem.NOT_A_NUMBER),
        ("ลบลบห้า", PercentProblem.NOT_A_NUMBER),
        ("จุดห้า", PercentProblem.NOT_A_NUMBER),
        ("สี่สิบห้าจุด", PercentProblem.NOT_A_NUMBER),
        ("สี่สิบห้าจุดสิบ", PercentProblem.NOT_A_NUMBER),
        ("ห้าสิบห้าจุดศูนย์ศูนย์หนึ่ง", PercentProblem.TOO_PRECISE),
        ("45%%", PercentProblem.NOT_A_NUMBER),
        ("٤٥", PercentProblem.NOT_A_NUMBER),
        ("x" * 10_000, PercentProblem.NOT_A_NUMBER),
    ],
)
def test_parse_percent_rejects_with_reason(text: str, reason: PercentProblem) -> None:
    """Reject what is not a percent from 0 to 100 with at most two decimals, saying why."""
    with pytest.raises(PercentError) as caught:
        parse_percent(text)
    assert caught.value.reason is reason


def test_percent_error_is_a_value_error_carrying_the_text() -> None:
    """Raise a ValueError subclass that keeps the reason and the original text."""
    with pytest.raises(ValueError, match="not_a_number") as caught:
        parse_percent("abc")
    assert isinstance(caught.value, PercentError)
    assert caught.value.text == "abc"


def test_percent_problem_values_are_stable_keys() -> None:
    """Expose machine-readable reason values that handlers can use as message keys."""
    assert [problem.value for problem in PercentProblem] == [
        "empty",
        "not_a_number",
        "out_of_range",
        "too_precise",
    ]


def test_minus_zero_is_zero() -> None:
    """Read a signed zero as 0.00, since it is not negative."""
    result = parse_percent("-0")
    assert result == Decimal("0.00")
    assert not result.is_signed()


@pytest.mark.parametrize(
    "junk",
    [
        "x" * 10_000,
        "๔" * 10_000,
        "หนึ่งล้าน" * 2_000,
        "สิบ" * 60,
        "\u200b" * 10_000 + "45",
        "1" * 150 + "%",
    ],
)
def test_parse_percent_bails_out_fast_on_long_input(junk: str) -> None:
    """Reject long pasted text quickly instead of parsing it."""
    started = time.perf_counter()
    for _ in range(20):
        with pytest.raises(PercentError):
            parse_percent(junk)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("０１２３４５６７８９", "0123456789"),
        ("ร้อยละ ๔๕.๕", "ร้อยละ 45.5"),
        ("abc 12", "abc 12"),
        ("", ""),
    ],
)
def test_to_arabic_digits(text: str, expected: str) -> None:
    """Turn Thai and full-width digits into ASCII digits and leave everything else alone."""
    assert to_arabic_digits(text) == expected
