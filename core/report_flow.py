"""The rules of the monthly report conversation, free of Telegram and SQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from core.thai_dates import add_months, month_start

PREVIOUS_MONTH_GRACE_DAYS = 5
WORK_DONE_MAX_CHARS = 4000
FREE_TEXT_MAX_CHARS = 4000
QUICK_STEPS = (Decimal(5), Decimal(10))
HUNDRED = Decimal(100)


class Step(StrEnum):
    """Where an officer is in the report conversation."""

    CHOOSE_PROJECT = "choose_project"
    CONFIRM_CORRECTION = "confirm_correction"
    PERCENT = "percent"
    DECREASE_CONFIRM = "decrease_confirm"
    DECREASE_REASON = "decrease_reason"
    WORK_DONE = "work_done"
    PROBLEMS = "problems"
    OBSTACLES = "obstacles"
    SUMMARY = "summary"
    EDIT_FIELD = "edit_field"


# How long each typed answer may be.
TEXT_LIMITS = {
    Step.DECREASE_REASON: FREE_TEXT_MAX_CHARS,
    Step.WORK_DONE: WORK_DONE_MAX_CHARS,
    Step.PROBLEMS: FREE_TEXT_MAX_CHARS,
    Step.OBSTACLES: FREE_TEXT_MAX_CHARS,
}
# A cut this close to the limit may end at a space or line break rather than inside a word.
_CUT_WINDOW = 200


class Answers(Protocol):
    """What the flow needs to know of a draft."""

    @property
    def percent(self) -> Decimal | None: ...
    @property
    def work_done(self) -> str | None: ...
    @property
    def problems_answered(self) -> bool: ...
    @property
    def obstacles_answered(self) -> bool: ...


def next_step(answers: Answers) -> Step:
    """Return the first question still unanswered, or the summary when all are."""
    if answers.percent is None:
        return Step.PERCENT
    if not answers.work_done:
        return Step.WORK_DONE
    if not answers.problems_answered:
        return Step.PROBLEMS
    if not answers.obstacles_answered:
        return Step.OBSTACLES
    return Step.SUMMARY


def reportable_months(today: date) -> list[date]:
    """Return the months an officer may report for today, the current one first."""
    months = [month_start(today)]
    if today.day <= PREVIOUS_MONTH_GRACE_DAYS:
        months.append(add_months(today, -1))
    return months


def due_month(today: date, previous_reported: bool) -> date:
    """Return the month a report opens at: early in a month the previous one, unless reported."""
    months = reportable_months(today)
    return months[1] if len(months) > 1 and not previous_reported else months[0]


def other_month(today: date, month: date) -> date | None:
    """Return the other month an officer may switch the report to today, if there is one."""
    return next((other for other in reportable_months(today) if other != month), None)


def previous_month(month: date) -> date:
    """Return the first day of the month before ``month``: a decrease is judged against it."""
    return add_months(month, -1)


def first_part(text: str, limit: int) -> str:
    """Return the start of an over-long answer within ``limit``, cut at a break when one is near."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space >= limit - _CUT_WINDOW else cut).rstrip()


def is_decrease(new: Decimal, last: Decimal | None) -> bool:
    """Return whether a new cumulative percent is lower than the last reported one."""
    return last is not None and new < last


def quick_percents(last: Decimal | None) -> list[Decimal]:
    """Return the quick-answer percents: same as last time, +5, +10 and 100, without repeats."""
    base = last if last is not None else Decimal(0)
    options = [base] if last is not None else []
    options += [min(base + step, HUNDRED) for step in QUICK_STEPS]
    options.append(HUNDRED)
    unique: list[Decimal] = []
    for option in options:
        if option not in unique:
            unique.append(option)
    return unique
