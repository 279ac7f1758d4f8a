"""Import BMA project pages and KPI detail pages: all or nothing, and idempotent."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.bma import KpiDetail, ProjectPage
from core.domain import PlanStep
from storage.audit import DetailValue, record_in
from storage.convert import from_hundredths
from storage.db import Database, SyncConnection, rows_of
from storage.imported_entries import EntryKey, entry_key, insert_entry, known_keys
from storage.kpis import kpi_ids, num_text, save_detail, save_kpi
from storage.projects import ProjectStore

STEPS_ADDED = "added"
STEPS_SAME = "same"
STEPS_KEPT = "kept"  # the project already had different steps; they stay
STEPS_NONE = "none"
# A project's stored plan steps; None when the project is not stored yet.
Steps = tuple[PlanStep, ...] | None


@dataclass(frozen=True)
class ImportPreview:
    """What importing a page would do, computed without writing."""

    code: str
    name: str
    agency: str
    fiscal_year: int
    project_exists: bool
    entries: int
    new_entries: int
    steps: int
    steps_action: str
    kpis: int
    new_kpis: int

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

    @property
    def changed(self) -> bool:
        """Tell whether the import wrote anything."""
        return bool(
            self.project_created
            or self.added_entries
            or self.steps_action == STEPS_ADDED
            or self.kpis_changed
            or self.details_changed
        )


@dataclass(frozen=True)
class KpiImportResult:
    """What attaching a KPI detail page did."""

    code: str
    projects: tuple[str, ...]  # codes of the projects whose KPI got the detail
    changed: bool


def _project_id(conn: SyncConnection, code: str) -> int | None:
    """Return the id of a project by code."""
    rows = rows_of(conn, "SELECT id FROM projects WHERE code = ?", (code,))
    return int(rows[0][0]) if rows else None


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
        latest.isoformat() if latest else None,
    )


_DETAIL_COLUMNS = (
    "percent_text, responsible, assessment, rationale, budget_code, objectives, targets_text,"
    " strategy_json, plan_times, weights_json, latest_entry_on"
)


class PageImports:
    """Write imported pages into the database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def preview_page(self, page: ProjectPage) -> ImportPreview:
        """Tell what importing the page would change, without writing."""

        def look(conn: SyncConnection) -> tuple[int | None, set[EntryKey], Steps, dict[str, int]]:
            project_id = _project_id(conn, page.code)
            if project_id is None:
                return None, set(), None, {}
            return (
                project_id,
                known_keys(conn, project_id),
                _steps(conn, project_id),
                kpi_ids(conn, project_id),
            )

        project_id, known, stored, kpis = await self.db.read(look)
        new = {entry_key(e) for e in page.entries} - known
        return ImportPreview(
            code=page.code,
            name=page.name,
            agency=page.agency,
            fiscal_year=page.fiscal_year,
            project_exists=project_id is not None,
            entries=len(page.entries),
            new_entries=sum(1 for e in page.entries if entry_key(e) in new),
            steps=len(page.plan_steps),
            steps_action=_steps_action(page, stored),
            kpis=len(page.kpis),
            new_kpis=sum(1 for k in page.kpis if k.code not in kpis),
        )

    async def import_page(self, page: ProjectPage, actor: int | None = None) -> ImportResult:
        """Store a page in one transaction: project, details, new entries, steps and KPIs."""
        return await self.db.write(functools.partial(_import_page, page, actor))

    async def import_kpi_detail(self, detail: KpiDetail) -> KpiImportResult:
        """Attach a KPI detail page to every stored KPI with its code."""

        def attach(conn: SyncConnection) -> KpiImportResult:
            rows = rows_of(
                conn,
                "SELECT k.id, p.code FROM kpis k JOIN projects p ON p.id = k.project_id"
                " WHERE k.code = ? ORDER BY p.code",
                (detail.code,),
            )
            if not rows:
                raise LookupError(detail.code)
            changed = False
            for row in rows:
                changed = save_detail(conn, int(row[0]), detail) or changed
            return KpiImportResult(detail.code, tuple(str(row[1]) for row in rows), changed)

        return await self.db.write(attach)

    async def kpi_known(self, code: str) -> list[str]:
        """Return the codes of the projects that have a KPI, for a preview."""
        sql = (
            "SELECT p.code FROM kpis k JOIN projects p ON p.id = k.project_id"
            " WHERE k.code = ? ORDER BY p.code"
        )
        rows = await self.db.read(lambda conn: rows_of(conn, sql, (code,)))
        return [str(row["code"]) for row in rows]


def _import_page(page: ProjectPage, actor: int | None, conn: SyncConnection) -> ImportResult:
    """Store a page inside one ``Database.write``: project, details, entries, steps, KPIs."""
    project_id = _project_id(conn, page.code)
    created = project_id is None
    stored: Steps = None
    if project_id is None:
        project_id = ProjectStore.insert(conn, page.to_project())
    else:
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
    if created or added or action == STEPS_ADDED or kpis_changed or details_changed:
        audit: dict[str, DetailValue] = {
            "created": created,
            "entries_added": added,
            "steps": action,
        }
        record_in(conn, actor, "import", project_id, audit)
    return ImportResult(
        code=page.code,
        project_created=created,
        added_entries=added,
        existing_entries=existing,
        steps_action=action,
        kpis_changed=kpis_changed,
        details_changed=details_changed,
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
    marks = ", ".join("?" * (len(row) + 1))
    conn.execute(
        f"INSERT OR REPLACE INTO project_pages (project_id, {_DETAIL_COLUMNS}) VALUES ({marks})",
        (project_id, *row),
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
