"""A running playground over a temporary database, seeded from the page shipped in the package."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.playground.runner import Playground


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[Playground]:
    """Start the real bot polling the fake; no ../shared samples, so the bundled page is used."""
    running = Playground(tmp_path / "playground.sqlite3", samples=tmp_path / "no-shared")
    await running.start()
    yield running
    async with running.lock:
        await running.stop()
