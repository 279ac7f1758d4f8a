"""The monthly digest for supervisors and admins, built from plain data (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.domain import PlanStep, ProgressReport, StatusKind
from core.status import project_status, report_expected
from core.thai_dates import month_end, month_start

BEHIND_KINDS = frozenset({StatusKind.BEHIND, StatusKind.STALLED})


@dataclass(frozen=True)
class OfficerInfo:
    """An officer assigned to a project, as the digest shows them."""

    person_id: int
    name: str
    reachable: bool
    leave_until: date | None


@dataclass(frozen=True)
class DigestProject:
    """What the digest needs to know about one project."""

    project_id: int
    code: str
    name: str
    agency: str
    responsible: str | None
    steps: tuple[PlanStep, ...]
    reports: tuple[ProgressReport, ...]
    officers: tuple[OfficerInfo, ...]
    fiscal_year: int | None = None  # Buddhist Era; a closed year owes no more reports


@dataclass(frozen=True)
class ReportedLine:
    """A project that reported for the month."""

    code: str
    name: str
    percent: Decimal
    reporter: str | None


@dataclass(frozen=True)
class MissingLine:
    """A project that did not report, with the people responsible for it."""

    code: str
    name: str
    responsible: str | None
    officers: tuple[OfficerInfo, ...]


@dataclass(frozen=True)
class BehindLine:
    """A project behind its plan at the end of the month."""

    code: str
    name: str
    behind_by: Decimal
    stalled: bool


@dataclass(frozen=True)
class AgencyDigest:
    """One agency's month: who reported, who did not, what is behind, who is away."""

    agency: str
    reported: tuple[ReportedLine, ...]
    missing: tuple[MissingLine, ...]
    behind: tuple[BehindLine, ...]
    on_leave: tuple[OfficerInfo, ...]
    unreachable: tuple[OfficerInfo, ...]

    @property
    def total(self) -> int:
        """Return the number of projects of the agency."""
        return len(self.reported) + len(self.missing)


def on_leave_during(officer: OfficerInfo, period: date) -> bool:
    """Return whether the officer's leave reaches into the month of ``period``."""
    return officer.leave_until is not None and officer.leave_until >= month_start(period)


def build_digests(projects: Sequence[DigestProject], period: date) -> list[AgencyDigest]:
    """Group projects by agency and sort each into reported, missing and behind plan."""
    month = month_start(period)
    by_agency: dict[str, list[DigestProject]] = {}
    for project in projects:
        by_agency.setdefault(project.agency, []).append(project)
    digests = []
    for agency in sorted(by_agency):
        reported: list[ReportedLine] = []
        missing: list[MissingLine] = []
        behind: list[tuple[Decimal, BehindLine]] = []
        people: dict[int, OfficerInfo] = {}
        for project in by_agency[agency]:
            people.update((officer.person_id, officer) for officer in project.officers)
            this_month = [r for r in project.reports if month_start(r.month) == month]
            if this_month:
                report = max(this_month, key=lambda r: r.revision)
                reported.append(
                    ReportedLine(project.code, project.name, report.percent, report.reporter_name)
                )
            elif report_expected(project.reports, project.fiscal_year, month):
                # Finished projects and those of a closed fiscal year owe nothing.
                missing.append(
                    MissingLine(project.code, project.name, project.responsible, project.officers)
                )
            # Judge the plan at the end of the month the digest is about.
            status = project_status(
                project.steps, project.reports, month_end(month), project.fiscal_year
            )
            if status.kind in BEHIND_KINDS or (
                status.kind is StatusKind.NOT_REPORTED and status.behind_by > 0
            ):
                line = BehindLine(
                    project.code,
                    project.name,
                    status.behind_by,
                    status.kind is StatusKind.STALLED,
                )
                behind.append((status.behind_by, line))
        everyone = sorted(people.values(), key=lambda officer: officer.name)
        digests.append(
            AgencyDigest(
                agency=agency,
                reported=tuple(reported),
                missing=tuple(missing),
                behind=tuple(line for _, line in sorted(behind, key=lambda item: -item[0])),
                on_leave=tuple(o for o in everyone if on_leave_during(o, month)),
                unreachable=tuple(o for o in everyone if not o.reachable),
            )
        )
    return digests
