"""Agencies, projects and their plan steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from core.domain import PlanStep, Project, User
from core.names import normal_name, normal_optional_name
from storage.convert import from_hundredths, to_hundredths
from storage.db import Database, Query, Row, SyncConnection, row_of, rows_of
from storage.scope import may_report, project_scope

_SELECT = (
    "SELECT p.id, p.code, p.name, a.name AS agency, p.fiscal_year, p.division,"
    " p.responsible, p.phone FROM projects p JOIN agencies a ON a.id = p.agency_id"
)


class ProjectStore:
    """Read and write projects; every read for a person goes through their scope."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def agency_id(conn: SyncConnection, name: str) -> int:
        """Return the id of an agency, creating it inside the caller's ``Database.write``.

        Names are stored in their normal form, so a look-alike spelling finds the same row.
        """
        normal = normal_name(name)
        conn.execute(
            "INSERT INTO agencies (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (normal,)
        )
        found = ProjectStore.find_agency(conn, normal)
        assert found is not None
        return found

    @staticmethod
    def find_agency(conn: SyncConnection, name: str) -> int | None:
        """Return the id of an existing agency however its name was typed, None if unknown."""
        row = row_of(conn, "SELECT id FROM agencies WHERE name = ?", (normal_name(name),))
        return int(row[0]) if row else None

    async def add(self, project: Project) -> int:
        """Store a new project with its plan steps and return its id."""
        return await self.db.write(lambda conn: self.insert(conn, project))

    @staticmethod
    def insert(conn: SyncConnection, project: Project) -> int:
        """Insert a project and its plan steps inside the caller's ``Database.write``."""
        agency_id = ProjectStore.agency_id(conn, project.agency)
        cursor = conn.execute(
            "INSERT INTO projects (code, name, agency_id, division, fiscal_year, responsible,"
            " phone) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                project.code,
                project.name,
                agency_id,
                project.division,
                project.fiscal_year,
                normal_optional_name(project.responsible),
                project.phone,
            ),
        )
        project_id = int(cursor.fetchone()[0])
        ProjectStore.insert_steps(conn, project_id, project.plan_steps)
        return project_id

    @staticmethod
    def insert_steps(conn: SyncConnection, project_id: int, steps: Sequence[PlanStep]) -> None:
        """Insert plan steps of a project inside the caller's ``Database.write``."""
        conn.executemany(
            "INSERT INTO plan_steps (project_id, step_order, description, weight_hundredths,"
            " start_date, end_date) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    project_id,
                    step.order,
                    step.description,
                    to_hundredths(step.weight),
                    step.start.isoformat(),
                    step.end.isoformat(),
                )
                for step in steps
            ],
        )

    async def by_code(self, code: str) -> Project | None:
        """Return a project by its code, whoever asks (for admin tools only)."""
        return await self._one(f"{_SELECT} WHERE p.code = ?", [code])

    async def by_id(self, project_id: int) -> Project | None:
        """Return a project by its id, whoever asks (for admin tools and report steps)."""
        return await self.db.read(self.by_id_query(project_id))

    @staticmethod
    def by_id_query(project_id: int) -> Query[Project | None]:
        """Return the query of ``by_id``, to run together with others."""
        return _one_query(f"{_SELECT} WHERE p.id = ?", [project_id])

    async def in_scope(
        self, user: User, *, code: str | None = None, project_id: int | None = None
    ) -> Project | None:
        """Return one project if the user may see it, else None (a forged id learns nothing)."""
        where, params = project_scope(user)
        if code is not None:
            where, params = f"{where} AND p.code = ?", [*params, code]
        elif project_id is not None:
            where, params = f"{where} AND p.id = ?", [*params, project_id]
        else:
            raise ValueError("give code or project_id")
        return await self._one(f"{_SELECT} WHERE {where}", params)

    async def visible_to(self, user: User, agency: str | None = None) -> list[Project]:
        """Return the projects a user may see, optionally of one agency, without plan steps."""
        where, params = project_scope(user)
        if agency is not None:
            where, params = f"{where} AND a.name = ?", [*params, normal_name(agency)]
        sql = f"{_SELECT} WHERE {where} ORDER BY p.code"
        rows = await self.db.read(lambda conn: rows_of(conn, sql, params))
        return [project_from_row(row) for row in rows]

    async def assigned_to(self, user_id: int) -> list[Project]:
        """Return the projects a person reports on (assigned or acting today), without steps."""
        return await self.db.read(self.assigned_query(user_id))

    @staticmethod
    def assigned_query(user_id: int) -> Query[list[Project]]:
        """Return the query of ``assigned_to``, to run together with others."""

        def assigned(conn: SyncConnection) -> list[Project]:
            scope, params = may_report(user_id, "p.id")
            rows = rows_of(conn, f"{_SELECT} WHERE {scope} ORDER BY p.code", params)
            return [project_from_row(row) for row in rows]

        return assigned

    async def steps_of(self, project_id: int) -> tuple[PlanStep, ...]:
        """Return the plan steps of a project in order."""
        return (await self.steps_of_many([project_id]))[project_id]

    async def steps_of_many(self, project_ids: Sequence[int]) -> dict[int, tuple[PlanStep, ...]]:
        """Return the plan steps of many projects, in order, keyed by project id."""
        return await self.db.read(lambda conn: _steps_of_many(conn, project_ids))

    async def agency_ids(self) -> list[tuple[int, str]]:
        """Return every agency as (id, name), by name."""
        rows = await self.db.read(
            lambda conn: rows_of(conn, "SELECT id, name FROM agencies ORDER BY name")
        )
        return [(int(row["id"]), str(row["name"])) for row in rows]

    async def _one(self, sql: str, params: Sequence[object]) -> Project | None:
        # The project and its plan in one trip to SQLite's thread.
        return await self.db.read(_one_query(sql, params))


def _one_query(sql: str, params: Sequence[object]) -> Query[Project | None]:
    def project(conn: SyncConnection) -> Project | None:
        row = row_of(conn, sql, params)
        if row is None:
            return None
        steps = _steps_of_many(conn, [int(row["id"])])
        return replace(project_from_row(row), plan_steps=steps[int(row["id"])])

    return project


def _steps_of_many(
    conn: SyncConnection, project_ids: Sequence[int]
) -> dict[int, tuple[PlanStep, ...]]:
    if not project_ids:
        return {}
    found: dict[int, list[PlanStep]] = {pid: [] for pid in project_ids}
    marks = ",".join("?" * len(project_ids))
    rows = rows_of(
        conn,
        "SELECT project_id, step_order, description, weight_hundredths, start_date, end_date"
        f" FROM plan_steps WHERE project_id IN ({marks}) ORDER BY project_id, step_order",
        project_ids,
    )
    for row in rows:
        found[int(row["project_id"])].append(
            PlanStep(
                order=row["step_order"],
                description=row["description"],
                weight=from_hundredths(row["weight_hundredths"]),
                start=date.fromisoformat(row["start_date"]),
                end=date.fromisoformat(row["end_date"]),
            )
        )
    return {pid: tuple(steps) for pid, steps in found.items()}


def project_from_row(row: Row) -> Project:
    """Return the project held by a row of projects joined with its agency name."""
    return Project(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        agency=row["agency"],
        fiscal_year=row["fiscal_year"],
        division=row["division"],
        responsible=row["responsible"],
        phone=row["phone"],
    )
