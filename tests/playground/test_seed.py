"""Seeding the playground database from sample BMA pages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from core.domain import Role
from playground.seed import (
    ADMIN,
    BUNDLED_SAMPLES,
    OFFICER,
    OFFICER_PROJECT,
    START,
    SUPERVISOR,
    as_of,
    read_page,
    sample_files,
    seed,
)
from storage import Storage
from tests.playground import one_sample


async def test_seed_registers_three_people_and_imports_the_bundled_page(tmp_path: Path) -> None:
    """The officer's page is imported and three people registered."""
    files = sample_files(one_sample(tmp_path))
    assert [f.name for f in files] == [f"project-{OFFICER_PROJECT}.txt"]
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


async def test_seed_takes_every_bundled_sample(tmp_path: Path) -> None:
    """Every sample page shipped with the playground becomes a project."""
    files = sample_files()
    store = await Storage.open(tmp_path / "p.sqlite3")
    try:
        codes = await seed(store, files)
    finally:
        await store.close()
    assert len(codes) == len(list(BUNDLED_SAMPLES.glob("*.txt"))) > 1
    assert OFFICER_PROJECT in codes


def test_page_as_of_the_start_keeps_only_earlier_entries() -> None:
    """The page is cut at the playground's start date, its percent the latest kept."""
    page = read_page(BUNDLED_SAMPLES / f"project-{OFFICER_PROJECT}.txt")
    assert page is not None
    cut = as_of(page, START)
    assert cut.entries and len(cut.entries) < len(page.entries)
    assert all(e.reported_on < START.date() for e in cut.entries)
    assert cut.percent == max(cut.entries, key=lambda e: e.reported_on).percent < Decimal(100)
