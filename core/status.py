"""Where a project stands against its plan, and which projects a supervisor should see first."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from core.domain import PlanStep, ProgressReport, StatusKind
from core.plan import HUNDREDTH, has_timeline, plan_progress_at
from core.thai_dates import fiscal_year_bounds, fiscal_year_of, month_start, months_between

T = TypeVar("T")

FULL_PERCENT = Decimal(100)
NO_GAP = Decimal("0.00")
STALL_MONTHS = 2

# Ties in how far behind a project is are broken by how much attention its kind needs.
_KIND_URGENCY = {
    StatusKind.STALLED: 0,
    StatusKind.NOT_REPORTED: 1,
    StatusKind.BEHIND: 2,
    StatusKind.ON_PLAN: 3,
    StatusKind.FINISHED: 4,
}


@dataclass(frozen=True)
class ProjectStatus:
    """A project's standing on one day.

    ``behind_by`` and ``stalled_months`` are measured whatever rule decided ``kind``, so that a
    project that is both stalled and far behind can be told from one that is merely stalled.
    """

    kind: StatusKind
    latest: ProgressReport | None
    planned: Decimal  # planned cumulative percent by the end of the day
    behind_by: Decimal  # planned minus the latest reported percent, never negative
    stalled_months: int  # months since the latest percent was first reached
    timeline: bool = True  # False when the plan says no dates: nothing is ahead or behind it


def _by_month(reports: Iterable[ProgressReport], until: date | None = None) -> list[ProgressReport]:
    """Return one report per month, the highest revision, oldest month first."""
    kept: dict[date, ProgressReport] = {}
    for report in reports:
        month = month_start(report.month)
        if until is not None and month > until:
            continue
        current = kept.get(month)
        if current is None or report.revision > current.revision:
            kept[month] = report
    return [kept[month] for month in sorted(kept)]


def months_without_progress(reports: Sequence[ProgressReport]) -> int:
    """Return how many months the latest cumulative percent has not risen above earlier ones."""
    history = _by_month(reports)
    if not history:
        return 0
    latest = history[-1]
    reached = latest
    # Walk back to the last month that was lower: the level was reached in the month after it.
    for report in reversed(history[:-1]):
        if report.percent < latest.percent:
            break
        reached = report
    return months_between(reached.month, latest.month)


def is_finished(reports: Sequence[ProgressReport], until: date | None = None) -> bool:
    """Tell whether the latest report (up to the month of ``until``) reached 100%."""
    history = _by_month(reports, until=month_start(until) if until else None)
    return bool(history) and history[-1].percent >= FULL_PERCENT


def report_expected(
    reports: Sequence[ProgressReport], fiscal_year: int | None, month: date
) -> bool:
    """Tell whether a project owes a report for a month: not finished, its year not closed."""
    if fiscal_year is not None and fiscal_year < fiscal_year_of(month):
        return False
    return not is_finished(reports, month)


def project_status(
    steps: Sequence[PlanStep],
    reports: Sequence[ProgressReport],
    today: date,
    fiscal_year: int | None = None,
) -> ProjectStatus:
    """Classify a project on ``today`` from its plan and its current monthly reports.

    A project of a closed fiscal year is judged as it stood on the year's last day, and is
    never "not reported"; a plan without a timeline never makes a project behind.
    """
    closed = fiscal_year is not None and fiscal_year < fiscal_year_of(today)
    if closed and fiscal_year is not None:
        today = fiscal_year_bounds(fiscal_year)[1]
    this_month = month_start(today)
    # Reports for months that have not begun cannot describe today.
    history = _by_month(reports, until=this_month)
    latest = history[-1] if history else None
    planned = plan_progress_at(steps, today)
    if latest is not None and latest.percent >= FULL_PERCENT:
        return ProjectStatus(StatusKind.FINISHED, latest, planned, NO_GAP, 0, has_timeline(steps))
    reported = latest.percent if latest is not None else Decimal(0)
    timeline = has_timeline(steps)
    behind_by = max(planned - reported, NO_GAP).quantize(HUNDREDTH) if timeline else NO_GAP
    stalled_months = months_without_progress(history)
    if closed:
        kind = StatusKind.BEHIND if behind_by > 0 else StatusKind.ON_PLAN
    elif latest is None or month_start(latest.month) != this_month:
        kind = StatusKind.NOT_REPORTED
    elif stalled_months >= STALL_MONTHS:
        kind = StatusKind.STALLED
    elif behind_by > 0:
        kind = StatusKind.BEHIND
    else:
        kind = StatusKind.ON_PLAN
    return ProjectStatus(kind, latest, planned, behind_by, stalled_months, timeline)


def urgency_key(status: ProjectStatus) -> tuple[Decimal, int, int]:
    """Return a sort key that puts the projects needing attention first."""
    return (-status.behind_by, _KIND_URGENCY[status.kind], -status.stalled_months)


def sort_by_urgency(items: Sequence[T], key: Callable[[T], ProjectStatus]) -> list[T]:
    """Return the items ordered most behind first, then stalled, not reported, on plan, finished."""
    return sorted(items, key=lambda item: urgency_key(key(item)))
