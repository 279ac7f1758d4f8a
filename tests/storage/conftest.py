"""Fixtures for storage tests: a fresh migrated database on each backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from storage import Storage
from tests.pg_support import fresh_schema


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    """Open a fresh database with every migration applied, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        opened = await Storage.open(tmp_path / "test.sqlite3")
        yield opened
        await opened.close()
        return
    async with pg_store() as opened:
        yield opened


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Storage]:
    """Open a fresh migrated SQLite file, for tests about SQLite itself."""
    opened = await Storage.open(tmp_path / "test.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def postgresql_store() -> AsyncIterator[Storage]:
    """Open a fresh migrated PostgreSQL schema, for tests about PostgreSQL itself."""
    async with pg_store() as opened:
        yield opened


@asynccontextmanager
async def pg_store() -> AsyncIterator[Storage]:
    """Open a migrated storage in a fresh schema, dropped afterwards."""
    async with fresh_schema() as url:
        opened = await Storage.open(url)
        try:
            yield opened
        finally:
            await opened.close()
