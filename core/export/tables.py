"""The sheets of an export (projects, reports, plan steps, not yet reported, KPIs) as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.export.model import ExportBundle, ProjectExport
from core.i18n import t
from core.status import report_expected
from core.thai_dates import fiscal_year_of, thai_month_year

Cell = str | int | float | date | None

PROJECT_COLUMNS = (
    "code",
    "name",
    "agency",
    "fiscal_year",
    "responsible",
    "phone",
    "percent",
    "last_report",
    "reports",
)
REPORT_COLUMNS = (
    "code",
    "name",
    "agency",
    "fiscal_year",
    "month",
    "percent",
    "reported_on",
    "work_done",
    "problems",
    "obstacles",
    "reporter",
    "revision",
    "latest",
    "imported",
)
STEP_COLUMNS = ("code", "name", "order", "step", "weight", "start", "end")
MISSING_COLUMNS = ("code", "name", "agency", "responsible", "last_month", "percent")
QUARTERS = (1, 2, 3, 4)
KPI_COLUMNS = (
    "code",
    "name",
    "kpi_code",
    "kpi_name",
    "kpi_unit",
    "kpi_target",
    "kpi_achieved",
    "kpi_q1",
    "kpi_q2",
    "kpi_q3",
    "kpi_q4",
    "kpi_report_q1",
    "kpi_report_q2",
    "kpi_report_q3",
    "kpi_report_q4",
)


# The title of every column and sheet, locale keys written out in full.
COLUMN_TITLES = {
    "agency": "export.col_agency",
    "code": "export.col_code",
    "end": "export.col_end",
    "fiscal_year": "export.col_fiscal_year",
    "imported": "export.col_imported",
    "kpi_achieved": "export.col_kpi_achieved",
    "kpi_code": "export.col_kpi_code",
    "kpi_name": "export.col_kpi_name",
    "kpi_q1": "export.col_kpi_q1",
    "kpi_q2": "export.col_kpi_q2",
    "kpi_q3": "export.col_kpi_q3",
    "kpi_q4": "export.col_kpi_q4",
    "kpi_report_q1": "export.col_kpi_report_q1",
    "kpi_report_q2": "export.col_kpi_report_q2",
    "kpi_report_q3": "export.col_kpi_report_q3",
    "kpi_report_q4": "export.col_kpi_report_q4",
    "kpi_target": "export.col_kpi_target",
    "kpi_unit": "export.col_kpi_unit",
    "latest": "export.col_latest",
    "last_month": "export.col_last_month",
    "last_report": "export.col_last_report",
    "month": "export.col_month",
    "name": "export.col_name",
    "obstacles": "export.col_obstacles",
    "order": "export.col_order",
    "percent": "export.col_percent",
    "phone": "export.col_phone",
    "problems": "export.col_problems",
    "reported_on": "export.col_reported_on",
    "reporter": "export.col_reporter",
    "reports": "export.col_reports",
    "responsible": "export.col_responsible",
    "revision": "export.col_revision",
    "start": "export.col_start",
    "step": "export.col_step",
    "weight": "export.col_weight",
    "work_done": "export.col_work_done",
}
SHEET_TITLES = {
    "projects": "export.sheet_projects",
    "reports": "export.sheet_reports",
    "steps": "export.sheet_steps",
    "missing": "export.sheet_missing",
    "kpis": "export.sheet_kpis",
}


@dataclass(frozen=True)
class Sheet:
    """One table of an export."""

    key: str  # ASCII, used for CSV file names
    title: str  # shown as the sheet's name
    columns: tuple[str, ...]  # column keys
    headers: tuple[str, ...]  # column titles in the reader's language
    rows: tuple[tuple[Cell, ...], ...]


def _sheet(key: str, columns: tuple[str, ...], rows: list[tuple[Cell, ...]], lang: str) -> Sheet:
    """Name a sheet and its columns in the reader's language."""
    headers = tuple(t(COLUMN_TITLES[column], lang) for column in columns)
    return Sheet(key, t(SHEET_TITLES[key], lang), columns, headers, tuple(rows))


def _who(data: ProjectExport) -> str | None:
    """Return the person or division responsible for a project."""
    return data.project.responsible or data.project.division


def _latest(data: ProjectExport) -> tuple[date | None, float | None]:
    """Return the month and percent of the newest counting report."""
    if not data.entries:
        return None, None
    newest = max(data.entries, key=lambda e: (e.report.month, e.report.revision)).report
    return newest.month, float(newest.percent)


def _project_rows(bundle: ExportBundle) -> list[tuple[Cell, ...]]:
    """Return one row per project."""
    rows: list[tuple[Cell, ...]] = []
    for data in bundle.projects:
        p = data.project
        last = max((e.report.reported_on for e in data.entries), default=None)
        rows.append(
            (
                p.code,
                p.name,
                p.agency,
                p.fiscal_year,
                _who(data),
                p.phone,
                _latest(data)[1],
                last,
                len(data.entries),
            )
        )
    return rows


def _report_rows(bundle: ExportBundle, lang: str) -> list[tuple[Cell, ...]]:
    """Return one row per stored report, every revision included, the latest of a month marked."""
    rows: list[tuple[Cell, ...]] = []
    yes, no = t("export.yes", lang), t("export.no", lang)
    for data in bundle.projects:
        p = data.project
        # Totals by month must count one row per month: the latest revision says which.
        newest: dict[date, int] = {}
        for entry in data.entries:
            month = entry.report.month
            newest[month] = max(newest.get(month, 0), entry.report.revision)
        for entry in sorted(data.entries, key=lambda e: (e.report.month, e.report.revision)):
            r = entry.report
            rows.append(
                (
                    p.code,
                    p.name,
                    p.agency,
                    p.fiscal_year,
                    thai_month_year(r.month),
                    float(r.percent),
                    r.reported_on,
                    r.work_done,
                    r.problems,
                    r.obstacles,
                    r.reporter_name,
                    r.revision,
                    yes if r.revision == newest[r.month] else no,
                    yes if r.imported else no,
                )
            )
    return rows


def _step_rows(bundle: ExportBundle) -> list[tuple[Cell, ...]]:
    """Return one row per plan step."""
    return [
        (d.project.code, d.project.name, s.order, s.description, float(s.weight), s.start, s.end)
        for d in bundle.projects
        for s in d.project.plan_steps
    ]


def _kpi_rows(bundle: ExportBundle) -> list[tuple[Cell, ...]]:
    """Return one row per KPI of each project: target, result, quarters and their reports."""
    rows: list[tuple[Cell, ...]] = []
    for data in bundle.projects:
        for kpi in data.kpis:
            shown = kpi.detail.kpi if kpi.detail is not None else kpi
            results = {q.quarter: q.result for q in shown.quarters}
            reports = {r.quarter: r.text for r in kpi.detail.reports} if kpi.detail else {}
            rows.append(
                (
                    data.project.code,
                    data.project.name,
                    kpi.code,
                    shown.name,
                    shown.unit,
                    _float(shown.target),
                    None if shown.achieved is None else float(shown.achieved),
                    *(_float(results.get(q)) for q in QUARTERS),
                    *(reports.get(q) for q in QUARTERS),
                )
            )
    return rows


def _float(value: Decimal | None) -> float | None:
    """Return a number for a cell, None for an empty one."""
    return None if value is None else float(value)


def _missing_rows(bundle: ExportBundle) -> list[tuple[Cell, ...]]:
    """Return the projects that owe a report this month and have none."""
    rows: list[tuple[Cell, ...]] = []
    for data in bundle.projects:
        reports = [entry.report for entry in data.entries]
        owes = report_expected(reports, data.project.fiscal_year, bundle.month)
        # A project of a year not begun yet owes nothing either.
        if data.project.fiscal_year > fiscal_year_of(bundle.month) or not owes:
            continue
        if data.reported_in(bundle.month):
            continue
        month, percent = _latest(data)
        p = data.project
        label = thai_month_year(month) if month else None
        rows.append((p.code, p.name, p.agency, _who(data), label, percent))
    return rows


def sheets(bundle: ExportBundle, lang: str = "th") -> list[Sheet]:
    """Return every sheet of an export."""
    return [
        _sheet("projects", PROJECT_COLUMNS, _project_rows(bundle), lang),
        _sheet("reports", REPORT_COLUMNS, _report_rows(bundle, lang), lang),
        _sheet("steps", STEP_COLUMNS, _step_rows(bundle), lang),
        _sheet("missing", MISSING_COLUMNS, _missing_rows(bundle), lang),
        _sheet("kpis", KPI_COLUMNS, _kpi_rows(bundle), lang),
    ]
