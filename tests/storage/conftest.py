"""Fixtures for storage tests: a fresh migrated database on each backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Storage
from tests.pg_support import fresh_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Storage:
    """Open a fresh database with every migration applied, on SQLite and on PostgreSQL."""
    opened = request.getfixturevalue(f"{request.param}_store")
    assert isinstance(opened, Storage)
    return opened


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Storage]:
    """Open a fresh migrated SQLite file, for tests about SQLite itself."""
    opened = await Storage.open(tmp_path / "test.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def postgresql_store() -> AsyncIterator[Storage]:
    """Open a fresh migrated PostgreSQL schema (dropped afterwards), for tests about PostgreSQL."""
    async with fresh_schema() as url:
        opened = await Storage.open(url)
        try:
            yield opened
        finally:
            await opened.close()
