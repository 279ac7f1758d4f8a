"""Tests for planned cumulative progress from weighted plan steps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.domain import PlanStep
from core.plan import plan_progress_at, plan_progress_for_month, step_progress_at


def step(start: date, end: date, weight: str, order: int = 1) -> PlanStep:
    """Build a plan step."""
    return PlanStep(
        order=order, description=f"step {order}", weight=Decimal(weight), start=start, end=end
    )


# 10 days from 1 to 11 October, so each day accrues a tenth of the weight.
TEN_DAYS = step(date(2025, 10, 1), date(2025, 10, 11), "20")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 9, 30), "0.00"),
        (date(2025, 10, 1), "0.00"),
        (date(2025, 10, 2), "2.00"),
        (date(2025, 10, 6), "10.00"),
        (date(2025, 10, 10), "18.00"),
        (date(2025, 10, 11), "20.00"),
        (date(2026, 3, 1), "20.00"),
    ],
)
def test_plan_accrues_linearly_within_a_step(day: date, expected: str) -> None:
    """Accrue nothing on the start date, a share per day after it, everything on the end date."""
    assert plan_progress_at([TEN_DAYS], day) == Decimal(expected)


def test_plan_result_has_two_decimals() -> None:
    """Round the planned percent half up to two decimals."""
    third = step(date(2025, 10, 1), date(2025, 10, 4), "10")
    result = plan_progress_at([third], date(2025, 10, 2))
    assert result == Decimal("3.33")
    assert str(result) == "3.33"
    assert str(plan_progress_at([third], date(2025, 10, 3))) == "6.67"


def test_one_day_step_accrues_on_its_date() -> None:
    """Accrue a step that starts and ends on the same day fully on that day."""
    meeting = step(date(2025, 11, 5), date(2025, 11, 5), "15")
    assert plan_progress_at([meeting], date(2025, 11, 4)) == Decimal("0.00")
    assert plan_progress_at([meeting], date(2025, 11, 5)) == Decimal("15.00")
    assert step_progress_at(meeting, date(2025, 11, 5)) == Decimal(15)


def test_several_steps_add_up() -> None:
    """Add finished steps, the running step's share and nothing for steps not yet started."""
    steps = [
        step(date(2025, 10, 1), date(2025, 10, 31), "10", 1),
        step(date(2025, 11, 1), date(2025, 11, 11), "40", 2),
        step(date(2025, 12, 1), date(2026, 3, 31), "50", 3),
    ]
    assert plan_progress_at(steps, date(2025, 11, 6)) == Decimal("30.00")
    assert plan_progress_at(steps, date(2025, 11, 30)) == Decimal("50.00")
    assert plan_progress_at(steps, date(2026, 3, 31)) == Decimal("100.00")


def test_overlapping_steps_accrue_together() -> None:
    """Accrue steps that run at the same time side by side."""
    steps = [
        step(date(2025, 10, 1), date(2025, 10, 11), "20", 1),
        step(date(2025, 10, 6), date(2025, 10, 16), "30", 2),
    ]
    assert plan_progress_at(steps, date(2025, 10, 11)) == Decimal("35.00")


def test_weights_summing_to_80_top_out_at_80() -> None:
    """Keep real plans whose weights only add up to 80 at 80, without scaling them up."""
    steps = [
        step(date(2025, 10, 1), date(2025, 12, 31), "30", 1),
        step(date(2026, 1, 1), date(2026, 6, 30), "50", 2),
    ]
    assert plan_progress_at(steps, date(2025, 12, 31)) == Decimal("30.00")
    assert plan_progress_at(steps, date(2026, 9, 30)) == Decimal("80.00")


def test_plan_is_capped_at_100() -> None:
    """Never plan more than 100% even when weights add up to more."""
    steps = [
        step(date(2025, 10, 1), date(2025, 10, 2), "70", 1),
        step(date(2025, 10, 1), date(2025, 10, 2), "70", 2),
    ]
    assert plan_progress_at(steps, date(2025, 10, 5)) == Decimal("100.00")


def test_no_steps_plan_nothing() -> None:
    """Plan 0% for a project without steps."""
    assert plan_progress_at([], date(2025, 10, 5)) == Decimal("0.00")


def test_plan_for_month_counts_a_step_ending_on_the_last_day() -> None:
    """Give a step from 1 to 31 October its whole weight in October."""
    october = step(date(2025, 10, 1), date(2025, 10, 31), "30")
    assert plan_progress_for_month([october], date(2025, 10, 1)) == Decimal("30.00")
    assert plan_progress_for_month([october], date(2025, 9, 1)) == Decimal("0.00")


def test_plan_for_month_gives_part_of_a_step_crossing_the_month_end() -> None:
    """Give a step from 15 October to 14 November part of its weight in October, all in November."""
    crossing = step(date(2025, 10, 15), date(2025, 11, 14), "30")
    assert plan_progress_for_month([crossing], date(2025, 10, 1)) == Decimal("16.00")
    assert plan_progress_for_month([crossing], date(2025, 11, 1)) == Decimal("30.00")


def test_plan_for_month_ignores_the_day_given() -> None:
    """Measure any day of a month at that month's last day."""
    crossing = step(date(2025, 10, 15), date(2025, 11, 14), "30")
    assert plan_progress_for_month([crossing], date(2025, 10, 20)) == Decimal("16.00")


def test_plan_for_february_uses_its_last_day() -> None:
    """Measure February at the 29th in a leap year and the 28th otherwise."""
    leap = step(date(2024, 2, 1), date(2024, 3, 1), "29")
    common = step(date(2025, 2, 1), date(2025, 3, 1), "28")
    assert plan_progress_for_month([leap], date(2024, 2, 1)) == Decimal("28.00")
    assert plan_progress_for_month([common], date(2025, 2, 1)) == Decimal("27.00")
