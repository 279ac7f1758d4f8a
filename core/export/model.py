"""What an export reads from storage: projects with their page text, entries and KPIs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.bma import Kpi, ProgressEntry
from core.domain import ProgressReport, Project


@dataclass(frozen=True)
class PageDetails:
    """The text of an imported page that the core schema has no place for."""

    percent: Decimal  # overall percent with the digits the page used
    responsible: str | None
    assessment: str | None
    rationale: str
    budget_code: str | None
    objectives: str
    targets_text: str
    strategy: tuple[str, ...]
    plan_times: bool
    weights: tuple[Decimal, ...]  # plan-step weights as written, in step order
    agency: str | None = None  # the agency as the page wrote it (before its normal form)


@dataclass(frozen=True)
class StoredEntry:
    """A stored report with, when it was imported, the entry as the page wrote it."""

    report: ProgressReport
    original: ProgressEntry | None = None


@dataclass(frozen=True)
class ProjectExport:
    """Everything stored about one project."""

    project: Project  # plan steps included
    details: PageDetails | None
    entries: tuple[StoredEntry, ...]  # every revision of every month, oldest first
    kpis: tuple[Kpi, ...]

    def reported_in(self, month: date) -> bool:
        """Tell whether the project has a report for a month."""
        return any(e.report.month == month for e in self.entries)


@dataclass(frozen=True)
class ExportBundle:
    """The projects of one export and the month whose missing reports are listed."""

    month: date  # first day of the current month
    projects: tuple[ProjectExport, ...]
