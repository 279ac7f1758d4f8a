"""Import BMA project pages and KPI detail pages: all or nothing, and idempotent."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from core.bma import KpiDetail, ProjectPage, parse_kpi_page
from core.domain import PlanStep
from core.export.incoming import (
    AGENCY_MISSING,
    FAILED,
    IMPORTED,
    REPLACED,
    UNCHANGED,
    YEAR_CONFLICT,
    PageOutcome,
    PageRead,
)
from core.names import normal_optional_name
from storage.audit import DetailValue, record_in
from storage.clock import now_text
from storage.convert import from_hundredths
from storage.db import Database, SyncConnection, row_of, rows_of
from storage.imported_entries import EntryKey, entry_key, insert_entry, known_keys
from storage.kpis import kpi_ids, num_text, save_kpi
from storage.projects import ProjectStore

STEPS_ADDED = "added"
STEPS_SAME = "same"
STEPS_KEPT = "kept"  # the project already had different steps; they stay
STEPS_NONE = "none"
# A project's stored plan steps; None when the project is not stored yet.
Steps = tuple[PlanStep, ...] | None
# What a preview reads of a stored project: entry keys, plan steps, KPI ids by code.
Known = tuple[set[EntryKey], Steps, dict[str, int]]
# A page completed with the stored header (and that header), or None when it has none.
Completed = tuple[ProjectPage, tuple[str, int] | None] | None
# The projects naming a KPI, for a preview and for what storing its detail page did.
_NAMING_KPI = (
    "SELECT DISTINCT p.code FROM kpis k JOIN projects p ON p.id = k.project_id"
    " WHERE k.code = ? ORDER BY p.code"
)


@dataclass(frozen=True)
class ImportPreview:
    """What importing a page would do, computed without writing."""

    code: str
    name: str
    agency: str | None  # None: the page has no agency line and the project is not stored
    fiscal_year: int | None
    project_exists: bool
    entries: int
    new_entries: int
    steps: int
    steps_action: str
    kpis: int
    new_kpis: int
    stored_fiscal_year: int | None = None  # set when the stored project is another year
    header_kept: bool = False  # the page has no agency line: the stored project's are used

    @property
    def year_conflict(self) -> bool:
        """Tell whether the page is of another fiscal year than the stored project."""
        return self.stored_fiscal_year is not None

    @property
    def existing_entries(self) -> int:
        """Return how many of the page's entries are stored already."""
        return self.entries - self.new_entries


@dataclass(frozen=True)
class ImportResult:
    """What importing a page did."""

    code: str
    project_created: bool
    added_entries: int
    existing_entries: int
    steps_action: str
    kpis_changed: int
    details_changed: bool
    stored_fiscal_year: int | None = None  # the page was refused: the stored project's year
    replaced: bool = False  # the stored project of another year was replaced by the page
    replaced_fiscal_year: int | None = None  # the fiscal year the replaced project had
    agency_missing: bool = False  # no agency line and no stored project: nothing written
    kept_header: tuple[str, int] | None = None  # no agency line: the stored agency and year

    @classmethod
    def refused(
        cls, code: str, *, agency_missing: bool = False, stored_fiscal_year: int | None = None
    ) -> ImportResult:
        """Return the result of a page that was not imported, with why."""
        return cls(
            code=code,
            project_created=False,
            added_entries=0,
            existing_entries=0,
            steps_action=STEPS_NONE,
            kpis_changed=0,
            details_changed=False,
            stored_fiscal_year=stored_fiscal_year,
            agency_missing=agency_missing,
        )

    @property
    def changed(self) -> bool:
        """Tell whether the import wrote anything."""
        return bool(
            self.replaced
            or self.project_created
            or self.added_entries
            or self.steps_action == STEPS_ADDED
            or self.kpis_changed
            or self.details_changed
        )


@dataclass(frozen=True)
class KpiImportResult:
    """What storing a KPI detail page did."""

    code: str
    projects: tuple[str, ...]  # codes of the stored projects that name the KPI
    changed: bool


def _project_year(conn: SyncConnection, code: str) -> tuple[int, int] | None:
    """Return the id and fiscal year of a project by code."""
    row = row_of(conn, "SELECT id, fiscal_year FROM projects WHERE code = ?", (code,))
    return (int(row[0]), int(row[1])) if row else None


def _stored_header(conn: SyncConnection, code: str) -> tuple[str, int] | None:
    """Return the agency (as its page wrote it) and the fiscal year of a stored project."""
    row = row_of(
        conn,
        "SELECT COALESCE(pp.agency_text, a.name), p.fiscal_year FROM projects p"
        " JOIN agencies a ON a.id = p.agency_id"
        " LEFT JOIN project_pages pp ON pp.project_id = p.id WHERE p.code = ?",
        (code,),
    )
    return (str(row[0]), int(row[1])) if row else None


def _with_header(
    conn: SyncConnection, page: ProjectPage
) -> tuple[ProjectPage, tuple[str, int] | None] | None:
    """Complete a page that lost its agency line with the stored project's agency and year.

    Return the page and the header taken from the store (None when the page has its own);
    None when the page has no agency line and no project of its code is stored.
    """
    if page.agency is not None and page.fiscal_year is not None:
        return page, None
    header = _stored_header(conn, page.code)
    if header is None:
        return None
    return replace(page, agency=header[0], fiscal_year=header[1]), header


def _clear_project(conn: SyncConnection, project_id: int, page: ProjectPage) -> None:
    """Empty a project of another fiscal year so that the page can take its place.

    Its people (assignments, invites) stay; its plan, reports, KPIs and page text go.
    """
    for sql in (
        "DELETE FROM report_photos WHERE report_id IN"
        " (SELECT id FROM reports WHERE project_id = ?)",
        "DELETE FROM imported_entries WHERE report_id IN"
        " (SELECT id FROM reports WHERE project_id = ?)",
        "DELETE FROM reports WHERE project_id = ?",
        "DELETE FROM report_drafts WHERE project_id = ?",
        "DELETE FROM plan_steps WHERE project_id = ?",
        *(
            f"DELETE FROM {table} WHERE kpi_id IN (SELECT id FROM kpis WHERE project_id = ?)"
            for table in ("kpi_quarters", "kpi_details", "kpi_reports", "kpi_projects")
        ),
        "DELETE FROM kpis WHERE project_id = ?",
        "DELETE FROM project_pages WHERE project_id = ?",
    ):
        conn.execute(sql, (project_id,))
    project = page.to_project()
    agency_id = ProjectStore.agency_id(conn, project.agency)
    conn.execute(
        "UPDATE projects SET name = ?, agency_id = ?, fiscal_year = ?, division = ?,"
        " responsible = ?, phone = ?, updated_at = ? WHERE id = ?",
        (
            project.name,
            agency_id,
            project.fiscal_year,
            project.division,
            normal_optional_name(project.responsible),
            project.phone,
            now_text(),
            project_id,
        ),
    )


def _steps(conn: SyncConnection, project_id: int) -> tuple[PlanStep, ...]:
    """Return the stored plan steps of a project."""
    rows = rows_of(
        conn,
        "SELECT step_order, description, weight_hundredths, start_date, end_date"
        " FROM plan_steps WHERE project_id = ? ORDER BY step_order",
        (project_id,),
    )
    return tuple(
        PlanStep(
            r[0], r[1], from_hundredths(r[2]), date.fromisoformat(r[3]), date.fromisoformat(r[4])
        )
        for r in rows
    )


def _steps_action(page: ProjectPage, stored: Steps) -> str:
    """Decide what happens to the plan steps of a page."""
    if not page.plan_steps:
        return STEPS_NONE
    if not stored:
        return STEPS_ADDED
    return STEPS_SAME if stored == page.plan_steps else STEPS_KEPT


def _details(page: ProjectPage) -> tuple[Any, ...]:
    """Return the stored columns of a page's own text (see project_pages)."""
    latest = max((e.reported_on for e in page.entries), default=None)
    return (
        num_text(page.percent),
        page.responsible,
        page.assessment,
        page.rationale,
        page.budget_code,
        page.objectives,
        page.targets_text,
        json.dumps(list(page.strategy), ensure_ascii=False),
        int(page.plan_times),
        json.dumps([num_text(s.weight) for s in page.plan_steps]),
        page.agency,
        latest.isoformat() if latest else None,
    )


_DETAIL_COLUMNS = (
    "percent_text, responsible, assessment, rationale, budget_code, objectives, targets_text,"
    " strategy_json, plan_times, weights_json, agency_text, latest_entry_on"
)
# A newer page replaces every column of the stored one.
_DETAIL_UPDATES = ", ".join(
    f"{column} = excluded.{column}" for column in _DETAIL_COLUMNS.replace(" ", "").split(",")
)


class PageImports:
    """Write imported pages into the database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def preview_page(self, page: ProjectPage) -> ImportPreview:
        """Tell what importing the page would change, without writing."""

        def look(conn: SyncConnection) -> tuple[Completed, tuple[int, int] | None, Known]:
            completed = _with_header(conn, page)
            found = _project_year(conn, (completed[0] if completed else page).code)
            if found is None:
                return completed, None, (set(), None, {})
            project_id = found[0]
            known = (
                known_keys(conn, project_id),
                _steps(conn, project_id),
                kpi_ids(conn, project_id),
            )
            return completed, found, known

        completed, found, (known, stored, kpis) = await self.db.read(look)
        read = completed[0] if completed is not None else page
        new = {entry_key(e) for e in read.entries} - known
        return ImportPreview(
            code=read.code,
            name=read.name,
            agency=read.agency,
            fiscal_year=read.fiscal_year,
            project_exists=found is not None,
            entries=len(read.entries),
            new_entries=sum(1 for e in read.entries if entry_key(e) in new),
            steps=len(read.plan_steps),
            steps_action=_steps_action(read, stored),
            kpis=len(read.kpis),
            new_kpis=sum(1 for k in read.kpis if k.code not in kpis),
            stored_fiscal_year=found[1] if found and found[1] != read.fiscal_year else None,
            header_kept=completed is not None and completed[1] is not None,
        )

    async def import_page(
        self, page: ProjectPage, actor: int | None = None, *, replace_year: bool = False
    ) -> ImportResult:
        """Store a page in one transaction: project, details, new entries, steps and KPIs.

        A page of another fiscal year than the stored project changes nothing, unless
        ``replace_year`` asks for the stored project to be replaced by the page.
        """
        return await self.db.write(functools.partial(_import_page, page, actor, replace_year))

    async def import_kpi_detail(self, detail: KpiDetail, body: str) -> KpiImportResult:
        """Store a KPI detail page by its code, whether or not a project names it yet.

        ``body`` is the page as written; the projects naming the KPI find it by code.
        """

        def store(conn: SyncConnection) -> KpiImportResult:
            old = row_of(conn, "SELECT body FROM kpi_pages WHERE code = ?", (detail.code,))
            changed = old is None or parse_kpi_page(str(old[0])) != detail
            if changed:
                conn.execute(
                    "INSERT INTO kpi_pages (code, body, imported_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (code) DO UPDATE SET body = excluded.body,"
                    " imported_at = excluded.imported_at",
                    (detail.code, body, now_text()),
                )
            rows = rows_of(conn, _NAMING_KPI, (detail.code,))
            return KpiImportResult(detail.code, tuple(str(row[0]) for row in rows), changed)

        return await self.db.write(store)

    async def kpi_known(self, code: str) -> list[str]:
        """Return the codes of the projects that name a KPI, for a preview."""
        rows = await self.db.read(lambda conn: rows_of(conn, _NAMING_KPI, (code,)))
        return [str(row["code"]) for row in rows]

    async def import_read(
        self, read: PageRead, actor: int | None = None, *, replace_year: bool = False
    ) -> PageOutcome:
        """Import one page read from a file, in its own transaction, and say what it did."""
        page = read.page
        if page is None:
            return PageOutcome(read, FAILED)
        if isinstance(page, KpiDetail):
            kpi = await self.import_kpi_detail(page, read.body)
            state = IMPORTED if kpi.changed else UNCHANGED
            return PageOutcome(read, state, code=kpi.code, projects=kpi.projects)
        result = await self.import_page(page, actor, replace_year=replace_year)
        if result.agency_missing:
            return PageOutcome(read, AGENCY_MISSING, code=result.code)
        if result.stored_fiscal_year is not None:
            state = YEAR_CONFLICT
        elif result.replaced:
            state = REPLACED
        else:
            state = IMPORTED if result.changed else UNCHANGED
        return PageOutcome(
            read,
            state,
            code=result.code,
            added=result.added_entries,
            existing=result.existing_entries,
            stored_year=result.stored_fiscal_year or result.replaced_fiscal_year,
            kept_header=result.kept_header,
        )


def _import_page(
    page: ProjectPage, actor: int | None, replace_year: bool, conn: SyncConnection
) -> ImportResult:
    """Store a page inside one ``Database.write``: project, details, entries, steps, KPIs."""
    completed = _with_header(conn, page)
    if completed is None:
        return ImportResult.refused(page.code, agency_missing=True)
    page, kept_header = completed
    found = _project_year(conn, page.code)
    replaced_year: int | None = None
    if found is not None and found[1] != page.fiscal_year:
        if not replace_year:
            return ImportResult.refused(page.code, stored_fiscal_year=found[1])
        _clear_project(conn, found[0], page)
        replaced_year = found[1]
    created = found is None
    stored: Steps = None
    if found is None:
        project_id = ProjectStore.insert(conn, page.to_project())
    else:
        project_id = found[0]
        stored = _steps(conn, project_id)
    action = _steps_action(page, stored)
    if action == STEPS_ADDED and not created:
        ProjectStore.insert_steps(conn, project_id, page.plan_steps)
    fresh, details_changed = _save_details(conn, project_id, page)
    added, existing = _save_entries(conn, project_id, page)
    kpis_changed = 0
    if fresh:
        for position, kpi in enumerate(page.kpis):
            kpis_changed += save_kpi(conn, project_id, position, kpi)
    replaced = replaced_year is not None
    if replaced or created or added or action == STEPS_ADDED or kpis_changed or details_changed:
        audit: dict[str, DetailValue] = {
            "created": created,
            "entries_added": added,
            "steps": action,
        }
        if replaced:
            audit["replaced_fiscal_year"] = replaced_year
        record_in(conn, actor, "import", project_id, audit)
    return ImportResult(
        code=page.code,
        project_created=created,
        added_entries=added,
        existing_entries=existing,
        steps_action=action,
        kpis_changed=kpis_changed,
        details_changed=details_changed,
        replaced=replaced,
        replaced_fiscal_year=replaced_year,
        kept_header=kept_header,
    )


def _save_details(conn: SyncConnection, project_id: int, page: ProjectPage) -> tuple[bool, bool]:
    """Store the page's own text unless a newer page is stored; say (fresh, changed)."""
    row = _details(page)
    old = rows_of(
        conn, f"SELECT {_DETAIL_COLUMNS} FROM project_pages WHERE project_id = ?", (project_id,)
    )
    if old:
        stored_latest = old[0]["latest_entry_on"]
        if stored_latest is not None and (row[-1] is None or row[-1] < stored_latest):
            return False, False  # an older page: its header is out of date
        if tuple(old[0]) == row:
            return True, False
    marks = ", ".join("?" * (len(row) + 2))
    conn.execute(
        f"INSERT INTO project_pages (project_id, {_DETAIL_COLUMNS}, imported_at) VALUES ({marks})"
        f" ON CONFLICT (project_id) DO UPDATE SET {_DETAIL_UPDATES},"
        " imported_at = excluded.imported_at",
        (project_id, *row, now_text()),
    )
    return True, True


def _save_entries(conn: SyncConnection, project_id: int, page: ProjectPage) -> tuple[int, int]:
    """Store the entries not stored yet, oldest first; return (added, existing)."""
    known = known_keys(conn, project_id)
    added = existing = 0
    # Oldest first, so that of two entries in one month the later gets the higher revision.
    for entry in sorted(page.entries, key=lambda e: (e.reported_on, -e.number)):
        key = entry_key(entry)
        if key in known:
            existing += 1
            continue
        known.add(key)
        insert_entry(conn, project_id, entry, page.responsible_name)
        added += 1
    return added, existing
