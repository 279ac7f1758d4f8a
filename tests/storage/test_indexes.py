"""The bot's frequent queries use indexes (EXPLAIN QUERY PLAN of the SQL the stores really run)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.domain import PlanStep, Project, Role, User
from storage import Storage
from storage.db import SyncConnection, rows_of

OFFICER = User(5001, "สมชาย", Role.OFFICER, project_codes=("P-1",))
SUPERVISOR = User(6001, "สมหญิง", Role.SUPERVISOR, agency="เขตหนึ่ง")
MONTH = date(2026, 11, 1)


@pytest.fixture
async def store(sqlite_store: Storage) -> Storage:
    """SQLite only: these tests read SQLite's own query plans."""
    return sqlite_store


@pytest.fixture
async def filled(store: Storage) -> Storage:
    """Store a few projects of two agencies with reports, an officer and a supervisor."""
    step = PlanStep(1, "ทำงาน", Decimal(100), date(2026, 10, 1), date(2027, 9, 30))
    ids = [
        await store.projects.add(
            Project(
                f"P-{i}",
                f"โครงการ {i}",
                "เขตหนึ่ง" if i % 2 else "เขตสอง",
                2570,
                plan_steps=(step,),
            )
        )
        for i in range(1, 9)
    ]

    def work(conn: SyncConnection) -> None:
        store.users.register(conn, 5001, "สมชาย", Role.OFFICER, None, ids[:2])
        store.users.register(conn, 6001, "สมหญิง", Role.SUPERVISOR, "เขตหนึ่ง", [])
        conn.executemany(
            "INSERT INTO reports (project_id, month, revision, percent_hundredths, reported_on,"
            " work_done) VALUES (?, ?, ?, 1000, '2026-11-20', 'งาน')",
            [
                (pid, month, rev)
                for pid in ids
                for month in ("2026-10", "2026-11")
                for rev in (1, 2)
            ],
        )

    await store.db.write(work)
    return store


async def plans(store: Storage, call: Callable[[], Awaitable[Any]]) -> list[str]:
    """Run a store call, capture its SELECTs and return their query plans, one line per step."""
    captured: list[str] = []
    await store.db.trace(captured.append)
    try:
        await call()
    finally:
        await store.db.trace(None)
    selects = [sql for sql in captured if sql.lstrip().upper().startswith("SELECT")]
    assert selects, "the call ran no query"
    lines: list[str] = []
    for sql in selects:
        rows = await store.db.read(functools.partial(rows_of, sql=f"EXPLAIN QUERY PLAN {sql}"))
        lines += [str(row[3]) for row in rows]
    return lines


def scans(lines: list[str], *tables: str) -> list[str]:
    """Return the plan lines that read a whole table of the given names or aliases."""
    return [
        line
        for line in lines
        if line.startswith("SCAN ") and line.split()[1] in tables and "INDEX" not in line
    ]


async def test_officer_projects_use_the_assignments_key(filled: Storage) -> None:
    """An officer's project list goes through the assignments primary key."""
    lines = await plans(filled, lambda: filled.projects.visible_to(OFFICER))
    assert any("sqlite_autoindex_assignments_1 (user_id=?)" in line for line in lines)
    assert scans(lines, "p", "projects", "assignments") == []


async def test_supervisor_projects_come_in_code_order_from_the_index(filled: Storage) -> None:
    """A supervisor's project list reads the agency's projects in code order, without sorting."""
    lines = await plans(filled, lambda: filled.projects.visible_to(SUPERVISOR))
    assert any("projects_by_agency_code (agency_id=?)" in line for line in lines)
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in lines)


async def test_latest_report_of_a_project_uses_the_revision_key(filled: Storage) -> None:
    """The latest counting revision is found through (project_id, month, revision)."""
    project = await filled.projects.by_code("P-1")
    assert project is not None and project.id is not None
    project_id = project.id
    lines = await plans(filled, lambda: filled.reports.latest(project_id))
    assert scans(lines, "r", "r2", "reports") == []
    assert any("(project_id=? AND month=?)" in line and "COVERING INDEX" in line for line in lines)


async def test_reports_of_a_month_use_the_month_index(filled: Storage) -> None:
    """Which projects reported in a month is read from reports_by_month."""
    lines = await plans(filled, lambda: filled.reports.reported_codes(SUPERVISOR, MONTH))
    assert any("reports_by_month (month=?" in line for line in lines)
    assert scans(lines, "r", "reports", "p", "projects") == []


async def test_a_person_and_their_assignments_are_found_by_key(filled: Storage) -> None:
    """Loading a person reads users by id and their assignments by user id."""
    lines = await plans(filled, lambda: filled.users.get(5001))
    assert any("sqlite_autoindex_assignments_1 (user_id=?)" in line for line in lines)
    assert scans(lines, "u", "users", "s", "assignments", "p", "projects") == []


async def test_people_of_a_role_use_the_role_index(filled: Storage) -> None:
    """Listing the people of a role reads users_by_role in name order."""
    lines = await plans(filled, lambda: filled.users.with_role(Role.SUPERVISOR))
    assert any("users_by_role (role=?)" in line for line in lines)
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in lines)
