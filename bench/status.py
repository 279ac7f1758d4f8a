"""Time the status reads: an agency overview's figures, a month's problems and one card.

Run from the project root: ``.venv/bin/python bench/status.py [--projects 300] [--runs 20]``.
Prints numbers only; nothing is asserted. Charts are timed by bench/charts.py.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.domain import PlanStep, Project, Role, User
from core.status import project_status
from storage import Storage
from storage.db import SyncConnection
from storage.status_queries import StatusQueries
from tests.status_support import add_report

AGENCIES = 10
MONTHS = (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1))
TODAY = date(2026, 10, 21)
REPORTER = 1


async def fill(store: Storage, projects: int) -> None:
    """Store projects over several agencies, each with two steps and monthly reports."""
    steps = (
        PlanStep(1, "เตรียมการ", Decimal(30), date(2025, 10, 1), date(2026, 3, 31)),
        PlanStep(2, "ดำเนินการ", Decimal(70), date(2026, 4, 1), date(2026, 9, 30)),
    )
    ids = [
        await store.projects.add(
            Project(
                code=f"5045{n:04d}-{n:04d}",
                name=f"โครงการพัฒนาชุมชนที่ {n}",
                agency=f"สำนักงานเขตที่ {n % AGENCIES}",
                fiscal_year=2569,
                plan_steps=steps,
            )
        )
        for n in range(projects)
    ]

    def work(conn: SyncConnection) -> None:
        store.users.register(conn, REPORTER, "ผู้รายงาน", Role.OFFICER, None, ids)

    await store.db.write(work)
    for index, project_id in enumerate(ids):
        for offset, month in enumerate(MONTHS):
            problems = "ฝนตกหนัก ผู้รับจ้างขาดแรงงาน" if (index + offset) % 3 == 0 else None
            await add_report(
                store, REPORTER, project_id, month, 10 + offset * 15, problems=problems
            )


async def timed(label: str, runs: int, action: Callable[[], Awaitable[object]]) -> None:
    """Print the median and worst time of an action."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<42} median {statistics.median(times):7.2f} ms   max {max(times):7.2f} ms")


async def main(projects: int, runs: int) -> None:
    """Fill a fresh database and time the reads behind /overview, /problems and /status."""
    with tempfile.TemporaryDirectory() as folder:
        store = await Storage.open(Path(folder) / "bench.sqlite3")
        try:
            start = time.perf_counter()
            await fill(store, projects)
            print(f"filled {projects} projects in {time.perf_counter() - start:.1f} s")
            await store.users.ensure_admin(99, "admin")
            admin = await store.users.get(99)
            assert isinstance(admin, User)
            queries = StatusQueries(store.db)

            async def overview() -> object:
                found = await store.projects.visible_to(admin, "สำนักงานเขตที่ 1")
                ids = [p.id or 0 for p in found]
                reports = await store.reports.current_for_projects(ids)
                steps = await queries.steps_for_projects(ids)
                return [project_status(steps[i], reports[i], TODAY) for i in ids]

            async def card() -> object:
                project = await store.projects.in_scope(admin, code="50450001-0001")
                assert project is not None and project.id is not None
                return project_status(
                    project.plan_steps, await store.reports.current(project.id), TODAY
                )

            await timed("overview figures of one agency", runs, overview)
            await timed(
                "problems of a month, every agency",
                runs,
                lambda: queries.month_reports(admin, MONTHS[-1], with_issues_only=True),
            )
            await timed("one project card", runs, card)
        finally:
            await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.projects, arguments.runs))
