"""Rebuild a project page from stored data and render it in the BMA layout."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from core.bma import ProgressEntry, ProjectPage, entry_from_report, render_project_page
from core.bma.labels import NO_TARGETS, PHONE
from core.domain import PlanStep, Project
from core.export.model import PageDetails, ProjectExport, StoredEntry
from core.names import same_name


def _newest_first(entries: tuple[StoredEntry, ...]) -> list[StoredEntry]:
    """Order entries as the page lists them: the newest first."""
    return sorted(
        entries,
        key=lambda e: (e.report.reported_on, e.report.month, e.report.revision),
        reverse=True,
    )


def _page_entries(entries: list[StoredEntry]) -> tuple[ProgressEntry, ...]:
    """Return the page entries, numbered from 1 (the newest) as the system does."""
    return tuple(
        replace(e.original, number=n) if e.original else entry_from_report(e.report, n)
        for n, e in enumerate(entries, start=1)
    )


def _steps(project: Project, details: PageDetails | None) -> tuple[PlanStep, ...]:
    """Return the plan steps, with the weights written as the imported page wrote them."""
    steps = project.plan_steps
    written = details.weights if details else ()
    if len(written) != len(steps) or any(
        w != s.weight for w, s in zip(written, steps, strict=True)
    ):
        return steps
    return tuple(replace(s, weight=w) for s, w in zip(steps, written, strict=True))


def _responsible(project: Project) -> str | None:
    """Write the responsible line of a project that was never imported."""
    who = project.responsible or project.division
    if project.phone:
        who = f"{who} {PHONE} {project.phone}" if who else f"{PHONE} {project.phone}"
    return who


def _agency(project: Project, details: PageDetails | None) -> str:
    """Return the agency as the imported page wrote it, when it still names the same one."""
    written = details.agency if details else None
    return written if written and same_name(written, project.agency) else project.agency


def project_page(data: ProjectExport) -> ProjectPage:
    """Return the page of a project from what is stored about it."""
    project, details = data.project, data.details
    ordered = _newest_first(data.entries)
    latest = ordered[0] if ordered else None
    if details is not None and (latest is None or latest.original is not None):
        percent = details.percent
    else:
        percent = latest.report.percent if latest else Decimal(0)
    return ProjectPage(
        code=project.code,
        name=project.name,
        agency=_agency(project, details),
        fiscal_year=project.fiscal_year,
        percent=percent,
        responsible=details.responsible if details else _responsible(project),
        assessment=details.assessment if details else None,
        rationale=details.rationale if details else "",
        budget_code=details.budget_code if details else None,
        objectives=details.objectives if details else "",
        targets_text=details.targets_text if details else NO_TARGETS,
        strategy=details.strategy if details else (),
        entries=_page_entries(ordered),
        plan_steps=_steps(project, details),
        kpis=tuple(replace(k, detail=None) for k in data.kpis),
        plan_times=details.plan_times if details else True,
    )


def render_page(data: ProjectExport) -> str:
    """Render the stored project in the official page layout."""
    return render_project_page(project_page(data))
