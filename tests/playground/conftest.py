"""A running playground over a temporary database, seeded from the officer's sample page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from playground.runner import Playground
from tests.playground import one_sample


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[Playground]:
    """Start the real bot polling the fake, seeded with the officer's sample page only."""
    running = Playground(tmp_path / "playground.sqlite3", samples=one_sample(tmp_path))
    await running.start()
    yield running
    async with running.lock:
        await running.stop()
