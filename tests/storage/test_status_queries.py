"""The status reads: plan steps of many projects, a month's reports and agencies in scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.domain import PlanStep, Project, Role, User
from storage import Storage
from storage.db import SyncConnection
from storage.status_queries import StatusQueries
from tests.status_support import add_report

NOV = date(2026, 11, 1)


async def _world(store: Storage) -> dict[str, int]:
    step = PlanStep(1, "ทำงาน", Decimal(100), date(2026, 10, 1), date(2027, 9, 30))
    ids: dict[str, int] = {}
    for code, agency in (("A-1", "เขตหนึ่ง"), ("A-2", "เขตหนึ่ง"), ("B-1", "เขตสอง")):
        ids[code] = await store.projects.add(
            Project(
                code=code,
                name=f"โครงการ {code}",
                agency=agency,
                fiscal_year=2570,
                plan_steps=(step,) if code != "A-2" else (),
            )
        )

    def work(conn: SyncConnection) -> None:
        store.users.register(conn, 1, "เจ้าหน้าที่", Role.OFFICER, "เขตหนึ่ง", [ids["A-1"]])
        store.users.register(conn, 2, "หัวหน้า", Role.SUPERVISOR, "เขตสอง", [])

    await store.db.write(work)
    await store.users.ensure_admin(99, "admin")
    return ids


async def _user(store: Storage, telegram_id: int) -> User:
    user = await store.users.get(telegram_id)
    assert user is not None
    return user


async def test_steps_for_projects(store: Storage) -> None:
    """Plan steps of several projects come keyed by id, empty for a project without any."""
    ids = await _world(store)
    steps = await StatusQueries(store.db).steps_for_projects([ids["A-1"], ids["A-2"]])
    assert [s.description for s in steps[ids["A-1"]]] == ["ทำงาน"]
    assert steps[ids["A-2"]] == ()
    assert await StatusQueries(store.db).steps_for_projects([]) == {}


async def test_month_reports_in_scope(store: Storage) -> None:
    """Only the counting revision of the month's reports in the person's scope is returned."""
    ids = await _world(store)
    await add_report(store, 1, ids["A-1"], NOV, 10, problems="ฝนตก")
    await add_report(store, 1, ids["A-1"], NOV, 15, problems="ฝนตกหนัก")
    await add_report(store, 1, ids["A-2"], NOV, 5)
    await add_report(store, 1, ids["B-1"], NOV, 50, obstacles="งบไม่พอ")
    await add_report(store, 1, ids["B-1"], date(2026, 10, 1), 20, problems="เดือนก่อน")
    queries = StatusQueries(store.db)
    admin = await queries.month_reports(await _user(store, 99), NOV)
    assert [(r.project.code, r.report.percent) for r in admin] == [
        ("A-1", Decimal("15.00")),
        ("A-2", Decimal("5.00")),
        ("B-1", Decimal("50.00")),
    ]
    assert admin[0].report.revision == 2 and admin[0].project.agency == "เขตหนึ่ง"
    officer = await queries.month_reports(await _user(store, 1), NOV, with_issues_only=True)
    assert [(r.project.code, r.report.problems) for r in officer] == [("A-1", "ฝนตกหนัก")]
    supervisor = await queries.month_reports(await _user(store, 2), NOV, with_issues_only=True)
    assert [(r.project.code, r.report.obstacles) for r in supervisor] == [("B-1", "งบไม่พอ")]


async def test_agencies_in_scope(store: Storage) -> None:
    """Admins see every agency with projects; others only theirs."""
    await _world(store)
    queries = StatusQueries(store.db)
    assert [name for _, name in await queries.agencies_in_scope(await _user(store, 99))] == [
        "เขตสอง",
        "เขตหนึ่ง",
    ]
    assert [name for _, name in await queries.agencies_in_scope(await _user(store, 2))] == [
        "เขตสอง"
    ]
