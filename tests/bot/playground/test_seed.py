"""Seeding the playground database from sample BMA pages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bot.domain import Role
from bot.playground.seed import (
    ADMIN,
    BUNDLED_SAMPLES,
    OFFICER,
    OFFICER_PROJECT,
    SHARED_SAMPLES,
    START,
    SUPERVISOR,
    as_of,
    read_page,
    sample_files,
    seed,
)
from storage import Storage


async def test_seed_registers_three_people_and_imports_the_bundled_page(tmp_path: Path) -> None:
    """Without ../shared the page in the package is imported and three people registered."""
    files = sample_files(tmp_path / "missing")
    assert [f.parent for f in files] == [BUNDLED_SAMPLES]
    store = await Storage.open(tmp_path / "p.sqlite3")
    try:
        codes = await seed(store, files)
        officer = await store.users.get(OFFICER.telegram_id)
        supervisor = await store.users.get(SUPERVISOR.telegram_id)
        admin = await store.users.get(ADMIN.telegram_id)
        project = await store.projects.by_code(OFFICER_PROJECT)
    finally:
        await store.close()
    assert codes == [OFFICER_PROJECT]
    assert officer is not None and officer.role is Role.OFFICER
    assert officer.project_codes == (OFFICER_PROJECT,)
    assert supervisor is not None and supervisor.role is Role.SUPERVISOR
    assert admin is not None and admin.role is Role.ADMIN
    assert project is not None and project.plan_steps


async def test_seed_takes_every_shared_sample_when_present(tmp_path: Path) -> None:
    """With ../shared present every sample page becomes a project."""
    files = sample_files()
    store = await Storage.open(tmp_path / "p.sqlite3")
    try:
        codes = await seed(store, files)
    finally:
        await store.close()
    if SHARED_SAMPLES.is_dir():
        assert len(codes) == len(list(SHARED_SAMPLES.glob("*.txt"))) > 1
    assert OFFICER_PROJECT in codes


def test_page_as_of_the_start_keeps_only_earlier_entries() -> None:
    """The page is cut at the playground's start date, its percent the latest kept."""
    page = read_page(BUNDLED_SAMPLES / f"project-{OFFICER_PROJECT}.txt")
    assert page is not None
    cut = as_of(page, START)
    assert cut.entries and len(cut.entries) < len(page.entries)
    assert all(e.reported_on < START.date() for e in cut.entries)
    assert cut.percent == max(cut.entries, key=lambda e: e.reported_on).percent < Decimal(100)
