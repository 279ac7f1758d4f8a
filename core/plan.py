"""Planned cumulative progress from a project's weighted plan steps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.domain import PlanStep
from core.thai_dates import month_end

HUNDREDTH = Decimal("0.01")


def step_progress_at(step: PlanStep, day: date) -> Decimal:
    """Return how much of one step's weight has accrued by the end of ``day``."""
    if day >= step.end:
        return step.weight
    if day < step.start:
        return Decimal(0)
    # Linear accrual: nothing on the start date, everything on the end date.
    elapsed = Decimal((day - step.start).days)
    span = Decimal((step.end - step.start).days)
    return step.weight * elapsed / span


def plan_progress_at(steps: Iterable[PlanStep], day: date) -> Decimal:
    """Return the planned cumulative percent of a project at the end of ``day``."""
    total = sum((step_progress_at(step, day) for step in steps), Decimal(0))
    return min(total, Decimal(100)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def plan_progress_for_month(steps: Iterable[PlanStep], month: date) -> Decimal:
    """Return the planned cumulative percent due by the last day of ``month``."""
    return plan_progress_at(steps, month_end(month))


def has_timeline(steps: Iterable[PlanStep]) -> bool:
    """Tell whether a plan says when its work is due: not when every step shares one date.

    Real pages hold plans whose steps all start and end on the first day of the fiscal year;
    such a plan says what is to be done, not when, so no planned percent follows from it.
    """
    days = {day for step in steps for day in (step.start, step.end)}
    return len(days) > 1
