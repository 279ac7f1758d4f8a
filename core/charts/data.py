"""What the charts show, free of matplotlib: the bot builds it, a chart worker draws it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from core.domain import PlanStep, ProgressReport, Project, StatusKind
from core.thai_dates import fiscal_year_bounds, month_start

T = TypeVar("T")
# The order statuses are counted and shown in: the ones needing attention first.
STATUS_ORDER = (
    StatusKind.BEHIND,
    StatusKind.STALLED,
    StatusKind.NOT_REPORTED,
    StatusKind.ON_PLAN,
    StatusKind.FINISHED,
)

# Rows per picture, so that a page stays about as tall as it is wide on a phone.
ROWS_PER_PAGE = 8


@dataclass(frozen=True)
class ProjectChartData:
    """Everything one project chart shows; frozen and picklable for a worker process."""

    code: str
    name: str
    agency: str
    fiscal_year: int  # Buddhist Era
    plan_steps: tuple[PlanStep, ...]
    reports: tuple[ProgressReport, ...]  # at most one per month, oldest first
    today: date

    @classmethod
    def from_project(
        cls, project: Project, reports: Iterable[ProgressReport], today: date
    ) -> ProjectChartData:
        """Build chart data from a project and its reports of its fiscal year."""
        return cls(
            code=project.code,
            name=project.name,
            agency=project.agency,
            fiscal_year=project.fiscal_year,
            plan_steps=project.plan_steps,
            reports=latest_per_month(reports, project.fiscal_year),
            today=today,
        )


def latest_per_month(
    reports: Iterable[ProgressReport], fiscal_year: int
) -> tuple[ProgressReport, ...]:
    """Keep the newest revision of each month's report in the fiscal year, oldest first."""
    first, last = fiscal_year_bounds(fiscal_year)
    chosen: dict[date, ProgressReport] = {}
    for report in reports:
        month = month_start(report.month)
        if not first <= month <= last:
            continue
        held = chosen.get(month)
        chosen[month] = report if held is None else max(held, report, key=_newness)
    return tuple(chosen[month] for month in sorted(chosen))


def _newness(report: ProgressReport) -> tuple[int, date]:
    return report.revision, report.reported_on


@dataclass(frozen=True)
class OverviewRow:
    """One project's line of the overview."""

    code: str
    name: str
    latest: Decimal | None  # None: never reported this fiscal year
    planned: Decimal | None  # None: the plan has no timeline, so no marker
    kind: StatusKind
    behind_by: Decimal


@dataclass(frozen=True)
class OverviewChartData:
    """Everything an overview shows; rows come sorted, most behind first."""

    agency: str
    month: date  # the month the figures stand for
    rows: tuple[OverviewRow, ...]


@dataclass(frozen=True)
class AgencyRow:
    """One agency's line of the roll-up: how many of its projects stand where."""

    name: str
    counts: tuple[tuple[StatusKind, int], ...]  # in STATUS_STYLES order, zero counts left out

    @property
    def total(self) -> int:
        """Return how many projects the agency has."""
        return sum(count for _, count in self.counts)


@dataclass(frozen=True)
class AgencyRollupData:
    """Every agency in scope, the ones needing most attention first."""

    title: str
    month: date
    rows: tuple[AgencyRow, ...]


def paginate(rows: Sequence[T], per_page: int) -> list[tuple[T, ...]]:
    """Split rows into pages of ``per_page``, keeping order; always at least one page."""
    if per_page < 1:
        raise ValueError("per_page must be positive")
    pages = [tuple(rows[i : i + per_page]) for i in range(0, len(rows), per_page)]
    return pages or [()]
