"""Count an agency's projects by standing, for the summary under its overview chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from core.domain import StatusKind
from core.status import STALL_MONTHS, ProjectStatus
from core.thai_dates import month_start


@dataclass(frozen=True)
class OverviewSummary:
    """How many of an agency's projects stand where."""

    total: int
    reported: int  # with a report for the current month
    behind: int  # latest percent below the plan, finished projects aside
    stalled: int  # no progress for STALL_MONTHS months or more
    finished: int


def summarize(statuses: Iterable[ProjectStatus], today: date) -> OverviewSummary:
    """Count the projects reported this month, behind plan, stalled and finished."""
    this_month = month_start(today)
    total = reported = behind = stalled = finished = 0
    for status in statuses:
        total += 1
        if status.latest is not None and month_start(status.latest.month) == this_month:
            reported += 1
        if status.kind is StatusKind.FINISHED:
            finished += 1
            continue
        if status.behind_by > 0:
            behind += 1
        if status.stalled_months >= STALL_MONTHS:
            stalled += 1
    return OverviewSummary(total, reported, behind, stalled, finished)
