"""Read back everything stored about projects, for exports (page, XLSX, CSV)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from core.bma import ProgressEntry
from core.domain import User
from core.export.model import ExportBundle, PageDetails, ProjectExport, StoredEntry
from core.names import normal_name
from storage.db import Database, row_of, rows_of
from storage.kpis import kpis_in
from storage.projects import ProjectStore
from storage.reports import ReportStore
from storage.scope import project_scope

_PROJECTS = (
    "SELECT p.id FROM projects p JOIN agencies a ON a.id = p.agency_id WHERE {where}"
    " ORDER BY a.name, p.code"
)


class ExportStore:
    """Queries behind every export; scope is applied in SQL when a person asks."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.projects = ProjectStore(db)
        self.reports = ReportStore(db)

    async def project_ids(
        self, user: User | None = None, agency: str | None = None, code: str | None = None
    ) -> list[int]:
        """Return the ids of the projects to export: all, or what the user may see."""
        where, params = project_scope(user) if user is not None else ("1 = 1", [])
        if agency is not None:
            where, params = f"{where} AND a.name = ?", [*params, normal_name(agency)]
        if code is not None:
            where, params = f"{where} AND p.code = ?", [*params, code]
        rows = await self.db.read(lambda conn: rows_of(conn, _PROJECTS.format(where=where), params))
        return [int(row["id"]) for row in rows]

    async def details(self, project_id: int) -> PageDetails | None:
        """Return the page text stored by an import, None for a project never imported."""
        row = await self.db.read(
            lambda conn: row_of(
                conn, "SELECT * FROM project_pages WHERE project_id = ?", (project_id,)
            )
        )
        if row is None:
            return None
        return PageDetails(
            percent=Decimal(row["percent_text"]),
            responsible=row["responsible"],
            assessment=row["assessment"],
            rationale=row["rationale"],
            budget_code=row["budget_code"],
            objectives=row["objectives"],
            targets_text=row["targets_text"],
            strategy=tuple(json.loads(row["strategy_json"])),
            plan_times=bool(row["plan_times"]),
            weights=tuple(Decimal(w) for w in json.loads(row["weights_json"])),
            agency=row["agency_text"],
        )

    async def entries(self, project_id: int) -> tuple[StoredEntry, ...]:
        """Return every report of a project, oldest first, with imported originals."""
        reports = await self.reports.history(project_id)
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT i.* FROM imported_entries i JOIN reports r ON r.id = i.report_id"
                " WHERE r.project_id = ?",
                (project_id,),
            )
        )
        originals = {int(row["report_id"]): row for row in rows}
        found = []
        for report in reports:
            row = originals.get(report.id or 0)
            found.append(StoredEntry(report, _original(row, report.percent) if row else None))
        return tuple(found)

    async def project(self, project_id: int) -> ProjectExport | None:
        """Return everything stored about one project."""
        project = await self.projects.by_id(project_id)
        if project is None:
            return None
        return ProjectExport(
            project=project,
            details=await self.details(project_id),
            entries=await self.entries(project_id),
            kpis=await self.db.read(lambda conn: kpis_in(conn, project_id)),
        )

    async def bundle(
        self,
        month: date,
        user: User | None = None,
        agency: str | None = None,
        code: str | None = None,
    ) -> ExportBundle:
        """Return the projects of an export with everything stored about them."""
        found: list[ProjectExport] = []
        for project_id in await self.project_ids(user, agency, code):
            exported = await self.project(project_id)
            if exported is not None:
                found.append(exported)
        return ExportBundle(month=month.replace(day=1), projects=tuple(found))


def _original(row: Any, percent: Decimal) -> ProgressEntry:
    """Rebuild an imported entry as the page wrote it."""
    return ProgressEntry(
        number=row["number"],
        percent=percent,
        reported_on=date.fromisoformat(row["reported_on"]),
        description=row["description"],
        problems_text=row["problems_text"],
        obstacles_text=row["obstacles_text"],
    )
