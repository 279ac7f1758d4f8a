"""People's names are stored in the one normal form of core/names.py, however they are typed."""

from __future__ import annotations

from datetime import date

from core.bma import parse_project_page
from core.domain import Role
from storage import Storage
from storage.imports import PageImports
from tests.core.bma import read_sample
from tests.status_support import add_report

# Look-alikes of one name: ํ + า for ำ, a zero-width space, doubled and trailing spaces.
TYPED = "นางสาวสํารวย\u200b  ใจดี "
NORMAL = "นางสาวสำรวย ใจดี"


async def test_registered_name_is_stored_in_normal_form(store: Storage) -> None:
    """A person registered with a look-alike name is stored under the normal one."""
    await store.db.write(lambda conn: store.users.register(conn, 7, TYPED, Role.OFFICER, None, []))
    await store.users.ensure_admin(8, TYPED)
    names = [user.name for i in (7, 8) if (user := await store.users.get(i)) is not None]
    assert names == [NORMAL, NORMAL]


async def test_reporter_name_is_stored_in_normal_form(store: Storage) -> None:
    """A report keeps its reporter's name in normal form, also for a name stored before."""
    page = parse_project_page(read_sample("50080000-2982"))
    await PageImports(store.db).import_page(page)
    project = await store.projects.by_code("50080000-2982")
    assert project is not None and project.id is not None
    # A person registered before names were kept in normal form.
    await store.db.write(
        lambda conn: conn.execute(
            "INSERT INTO users (telegram_id, name, role) VALUES (9, ?, 'officer')", (TYPED,)
        )
    )
    await add_report(store, 9, project.id, date(2020, 9, 1), 100)
    latest = await store.reports.latest(project.id)
    assert latest is not None and latest.reporter_name == NORMAL


async def test_responsible_and_imported_reporter_are_stored_in_normal_form(store: Storage) -> None:
    """A page's responsible person, written with look-alikes, is stored and reported as normal."""
    real = read_sample("50080000-2982")
    written = real.replace("นางน้ำทิพย์ ทองเดชศรี", "นางน\u0e49\u0e4d\u0e32ทิพย์  ทองเดชศรี", 1)
    assert written != real
    await PageImports(store.db).import_page(parse_project_page(written))
    project = await store.projects.by_code("50080000-2982")
    assert project is not None and project.id is not None
    assert project.responsible == "นางน้ำทิพย์ ทองเดชศรี"
    reporters = {r.reporter_name for r in await store.reports.history(project.id)}
    assert reporters == {"นางน้ำทิพย์ ทองเดชศรี"}
