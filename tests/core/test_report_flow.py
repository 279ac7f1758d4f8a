"""The rules of the report conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.report_flow import (
    Step,
    due_month,
    is_decrease,
    next_step,
    other_month,
    quick_percents,
    reportable_months,
)


@dataclass
class Answers:
    percent: Decimal | None = None
    work_done: str | None = None
    problems_answered: bool = False
    obstacles_answered: bool = False


def test_next_step_is_the_first_unanswered_question() -> None:
    """The flow asks in order and reaches the summary when all is answered."""
    answers = Answers()
    assert next_step(answers) is Step.PERCENT
    answers.percent = Decimal(10)
    assert next_step(answers) is Step.WORK_DONE
    answers.work_done = "x"
    assert next_step(answers) is Step.PROBLEMS
    answers.problems_answered = True
    assert next_step(answers) is Step.OBSTACLES
    answers.obstacles_answered = True
    assert next_step(answers) is Step.SUMMARY


def test_previous_month_only_in_the_first_five_days() -> None:
    """Days 1-5 offer the previous month too; day 6 does not; January goes back a year."""
    assert reportable_months(date(2027, 1, 5)) == [date(2027, 1, 1), date(2026, 12, 1)]
    assert reportable_months(date(2027, 1, 6)) == [date(2027, 1, 1)]


def test_quick_percents_cap_at_a_hundred() -> None:
    """Quick answers are last, +5, +10 and 100, capped and without repeats."""
    assert quick_percents(Decimal(40)) == [Decimal(40), Decimal(45), Decimal(50), Decimal(100)]
    assert quick_percents(Decimal(95)) == [Decimal(95), Decimal(100)]
    assert quick_percents(None) == [Decimal(5), Decimal(10), Decimal(100)]


def test_decrease_only_below_the_last_report() -> None:
    """A lower percent is a decrease; equal or no earlier report is not."""
    assert is_decrease(Decimal(30), Decimal(40))
    assert not is_decrease(Decimal(40), Decimal(40))
    assert not is_decrease(Decimal(0), None)


def test_due_month_is_the_previous_one_until_it_is_reported() -> None:
    """In the first five days the previous month is due until it has a report; later the current."""
    assert due_month(date(2026, 12, 1), previous_reported=False) == date(2026, 11, 1)
    assert due_month(date(2026, 12, 5), previous_reported=True) == date(2026, 12, 1)
    assert due_month(date(2026, 12, 6), previous_reported=False) == date(2026, 12, 1)


def test_other_month_is_offered_only_early_in_a_month() -> None:
    """The other reportable month is the previous or current one, and none after the fifth."""
    assert other_month(date(2027, 1, 2), date(2027, 1, 1)) == date(2026, 12, 1)
    assert other_month(date(2027, 1, 2), date(2026, 12, 1)) == date(2027, 1, 1)
    assert other_month(date(2027, 1, 6), date(2027, 1, 1)) is None
