"""The sheets of an export (projects, reports, plan steps, not yet reported) as plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.export.model import ExportBundle, ProjectExport
from core.i18n import t
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
    headers = tuple(t(f"export.col_{c}", lang) for c in columns)
    return Sheet(key, t(f"export.sheet_{key}", lang), columns, headers, tuple(rows))


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


def _missing_rows(bundle: ExportBundle) -> list[tuple[Cell, ...]]:
    """Return the projects of the current fiscal year without a report this month."""

    year = fiscal_year_of(bundle.month)
    rows: list[tuple[Cell, ...]] = []
    for data in bundle.projects:
        if data.project.fiscal_year != year or data.reported_in(bundle.month):
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
    ]
