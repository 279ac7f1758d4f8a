"""The audit trail written by reports, invites and imports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from core.bma import parse_project_page
from core.domain import Project, Role
from storage import Storage
from storage.audit import record_in
from storage.db import SyncConnection, rows_of, value_of
from storage.drafts import Draft
from storage.imports import PageImports
from tests.core.bma import sample_paths

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CODE = "50450000-3247"


async def _project(store: Storage) -> int:
    return await store.projects.add(
        Project(code=CODE, name="โครงการทดสอบ", agency="สำนักงานเขตทดสอบ", fiscal_year=2570)
    )


async def _kinds(store: Storage, project_id: int) -> list[str]:
    return [entry.kind for entry in await store.audit.for_project(project_id)]


async def test_invite_created_and_used_are_recorded(store: Storage) -> None:
    """Creating and redeeming an officer invite leaves one entry each, tied to the project."""
    project_id = await _project(store)
    token = await store.invites.create(Role.OFFICER, NOW, project_codes=[CODE], created_by=7)
    await store.invites.redeem(token, 9001, "สมศรี", NOW)
    entries = await store.audit.for_project(project_id)
    assert [(e.kind, e.actor) for e in entries] == [
        ("invite_created", "7"),
        ("invite_used", "9001"),
    ]
    assert entries[0].details["role"] == "officer"


async def test_cli_invite_is_recorded_as_cli(store: Storage) -> None:
    """An invite without a creator (the command line) is recorded with actor 'cli'."""
    await store.invites.create(Role.ADMIN, NOW)
    entries = await store.audit.all()
    assert [(e.kind, e.actor, e.project_code) for e in entries] == [("invite_created", "cli", None)]


async def test_role_change_is_recorded(store: Storage) -> None:
    """An officer who redeems a supervisor invite gets a role_changed entry."""
    project_id = await _project(store)
    first = await store.invites.create(Role.OFFICER, NOW, project_codes=[CODE])
    await store.invites.redeem(first, 9002, "สมชาย", NOW)
    second = await store.invites.create(Role.SUPERVISOR, NOW, agency="สำนักงานเขตทดสอบ")
    await store.invites.redeem(second, 9002, "สมชาย", NOW)
    changes = [e for e in await store.audit.all() if e.kind == "role_changed"]
    assert [(e.actor, e.details) for e in changes] == [
        ("9002", {"from": "officer", "to": "supervisor"})
    ]
    assert "role_changed" not in await _kinds(store, project_id)


async def test_revisions_are_recorded_once_without_free_text(store: Storage) -> None:
    """A first report and a revision are recorded; the same draft again adds nothing."""
    project_id = await _project(store)
    token = await store.invites.create(Role.OFFICER, NOW, project_codes=[CODE])
    await store.invites.redeem(token, 9003, "สมหญิง", NOW)
    user = await store.users.get(9003)
    assert user is not None
    for key, percent in (("k1", "40"), ("k2", "45"), ("k2", "45")):
        draft = Draft(
            user_id=9003,
            key=key,
            chat_id=9003,
            project_id=project_id,
            month=date(2026, 11, 1),
            step="confirm",
            correcting=False,
            percent=Decimal(percent),
            decrease_reason=None,
            work_done="ข้อความส่วนตัวที่ไม่ควรอยู่ในบันทึก",
            problems=None,
            problems_answered=True,
            obstacles=None,
            obstacles_answered=True,
            photos=(),
            pending_text=None,
            last_update_id=0,
        )
        await store.reports.submit(draft, user, date(2026, 11, 21))
    entries = [e for e in await store.audit.for_project(project_id) if e.kind.startswith("report")]
    assert [(e.kind, e.details["revision"], e.details["percent"]) for e in entries] == [
        ("report_submitted", 1, "40.00"),
        ("report_revised", 2, "45.00"),
    ]
    raw = await store.db.read(lambda conn: rows_of(conn, "SELECT details FROM audit_log"))
    assert all("ข้อความ" not in row[0] for row in raw)


async def test_unknown_kind_is_refused(store: Storage) -> None:
    """Only the known kinds can be recorded."""
    with pytest.raises(ValueError):
        await store.db.write(lambda conn: record_in(conn, None, "deleted_everything"))
    assert await store.db.read(lambda conn: value_of(conn, "SELECT COUNT(*) FROM audit_log")) == 0


async def test_entry_rolls_back_with_its_change(store: Storage) -> None:
    """An entry written in a failed transaction disappears with it."""
    with pytest.raises(RuntimeError):

        def change(conn: SyncConnection) -> None:
            record_in(conn, 1, "import", None, {"created": True})
            raise RuntimeError("boom")

        await store.db.write(change)
    assert await store.db.read(lambda conn: value_of(conn, "SELECT COUNT(*) FROM audit_log")) == 0


async def test_import_is_recorded_once_per_change(store: Storage) -> None:
    """A page import that writes is recorded with its actor; the same page again is not."""
    imports = PageImports(store.db)
    path = sample_paths()[0]
    page = parse_project_page(path.read_text(encoding="utf-8"))
    await imports.import_page(page)
    await imports.import_page(page, actor=42)
    entries = [e for e in await store.audit.all() if e.kind == "import"]
    assert [(e.actor, e.project_code, e.details["created"]) for e in entries] == [
        ("cli", page.code, True)
    ]
