"""Fixtures for the reliability tests: the fake Bot API with queued updates."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from fakeapi import FakeTelegram


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    """Run the fake with updates queued for getUpdates, as real Telegram does."""
    async with FakeTelegram(queue_updates=True) as fake:
        yield fake
