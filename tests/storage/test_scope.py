"""Scope is enforced in the queries: each role sees exactly its projects."""

from __future__ import annotations

from core.domain import Project, Role, User
from storage import Storage
from storage.db import SyncConnection


async def _world(store: Storage) -> None:
    for code, agency in (("A-1", "เขตหนึ่ง"), ("A-2", "เขตหนึ่ง"), ("B-1", "เขตสอง")):
        await store.projects.add(Project(code=code, name=code, agency=agency, fiscal_year=2570))
    ids = {p.code: p.id for p in await store.projects.visible_to(await _admin(store))}

    def work(conn: SyncConnection) -> None:
        store.users.register(conn, 1, "เจ้าหน้าที่", Role.OFFICER, "เขตหนึ่ง", [ids["A-1"] or 0])
        store.users.register(conn, 2, "หัวหน้า", Role.SUPERVISOR, "เขตสอง", [])

    await store.db.write(work)


async def _admin(store: Storage) -> User:
    await store.users.ensure_admin(99, "admin")
    admin = await store.users.get(99)
    assert admin is not None
    return admin


async def test_each_role_sees_its_scope(store: Storage) -> None:
    """Officer: assigned projects; supervisor: the agency's; admin: all."""
    await _world(store)
    officer, supervisor, admin = [await store.users.get(i) for i in (1, 2, 99)]
    assert officer and supervisor and admin
    assert [p.code for p in await store.projects.visible_to(officer)] == ["A-1"]
    assert [p.code for p in await store.projects.visible_to(supervisor)] == ["B-1"]
    assert [p.code for p in await store.projects.visible_to(admin)] == ["A-1", "A-2", "B-1"]


async def test_out_of_scope_lookup_finds_nothing(store: Storage) -> None:
    """A code or id outside the person's scope is simply not found."""
    await _world(store)
    officer = await store.users.get(1)
    supervisor = await store.users.get(2)
    assert officer and supervisor
    assert await store.projects.in_scope(officer, code="A-2") is None
    assert await store.projects.in_scope(supervisor, code="A-1") is None
    assert await store.projects.in_scope(officer, code="A-1") is not None
