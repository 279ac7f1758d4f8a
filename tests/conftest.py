"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from fakeapi import FakeTelegram
from tests.harness import BANGKOK, Harness, start_harness, stop_harness

# A Saturday late in the month: no grace for the previous month.
DEFAULT_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=BANGKOK)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """Run the fake Bot API; updates go to the application directly, not to getUpdates."""
    async with FakeTelegram(queue_updates=False) as server:
        yield server


@pytest.fixture
async def harness(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Harness]:
    """Run the real application against the fake with a fresh database."""
    running = await start_harness(fake, tmp_path / "bot.sqlite3", DEFAULT_NOW)
    yield running
    await stop_harness(running)
