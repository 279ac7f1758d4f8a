"""Fixtures for export tests: a database holding the imported sample pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from core.bma import parse_project_page
from core.export.model import ExportBundle
from storage import Storage
from storage.exports import ExportStore
from storage.imports import PageImports
from tests.core.bma import sample_paths

TODAY = date(2026, 11, 21)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Storage]:
    """Open a fresh database with every sample page imported."""
    opened = await Storage.open(tmp_path / "export.sqlite3")
    imports = PageImports(opened.db)
    for path in sample_paths():
        await imports.import_page(parse_project_page(path.read_text(encoding="utf-8")))
    yield opened
    await opened.close()


@pytest.fixture
async def bundle(store: Storage) -> ExportBundle:
    """Return the export of every stored project."""
    return await ExportStore(store.db).bundle(TODAY)
