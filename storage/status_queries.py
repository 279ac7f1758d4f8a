"""The reads behind /status, /overview and /problems: many projects in one query each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.domain import PlanStep, ProgressReport, Project, User
from storage.convert import month_key
from storage.db import Database, Row, rows_of
from storage.projects import ProjectStore, project_from_row
from storage.reports import _CURRENT, report_from_row
from storage.scope import project_scope

# A project and one of its reports in one row; report columns carry an "r_" prefix.
_PROJECT_REPORT = (
    "SELECT p.id, p.code, p.name, a.name AS agency, p.fiscal_year, p.division, p.responsible,"
    " p.phone, r.id AS r_id, r.month AS r_month, r.revision AS r_revision,"
    " r.percent_hundredths AS r_percent_hundredths, r.reported_on AS r_reported_on,"
    " r.work_done AS r_work_done, r.problems AS r_problems, r.obstacles AS r_obstacles,"
    " r.decrease_reason AS r_decrease_reason, r.reporter_id AS r_reporter_id,"
    " r.reporter_name AS r_reporter_name, r.imported AS r_imported"
    " FROM reports r JOIN projects p ON p.id = r.project_id"
    " JOIN agencies a ON a.id = p.agency_id"
)


@dataclass(frozen=True)
class ProjectReport:
    """A project with one of its reports."""

    project: Project
    report: ProgressReport


class StatusQueries:
    """Read status figures for many projects at once, always within a person's scope."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def steps_for_projects(
        self, project_ids: Sequence[int]
    ) -> dict[int, tuple[PlanStep, ...]]:
        """Return the plan steps of many projects, in order, keyed by project id."""
        return await ProjectStore(self.db).steps_of_many(project_ids)

    async def month_reports(
        self, user: User, month: date, *, with_issues_only: bool = False
    ) -> list[ProjectReport]:
        """Return the counting report of each visible project for a month, by project code."""
        where, params = project_scope(user)
        issues = " AND (r.problems IS NOT NULL OR r.obstacles IS NOT NULL)"
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                f"{_PROJECT_REPORT} WHERE {where} AND r.month = ? AND {_CURRENT}"
                f"{issues if with_issues_only else ''} ORDER BY p.code",
                [*params, month_key(month)],
            )
        )
        return [_project_report(row) for row in rows]

    async def agencies_in_scope(self, user: User) -> list[tuple[int, str]]:
        """Return the agencies that own a project the person may see, as (id, name) by name."""
        where, params = project_scope(user)
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT DISTINCT a.id, a.name FROM agencies a"
                f" JOIN projects p ON p.agency_id = a.id WHERE {where} ORDER BY a.name",
                params,
            )
        )
        return [(int(row["id"]), str(row["name"])) for row in rows]


def _project_report(row: Row) -> ProjectReport:
    return ProjectReport(project_from_row(row), report_from_row(row, prefix="r_"))
