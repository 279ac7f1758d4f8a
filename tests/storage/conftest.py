"""Fixtures for storage tests: a fresh migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Storage


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Storage]:
    """Open a fresh database with every migration applied."""
    opened = await Storage.open(tmp_path / "test.sqlite3")
    yield opened
    await opened.close()
