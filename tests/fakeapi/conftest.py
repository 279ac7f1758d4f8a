"""Fixtures for testing the fake Telegram itself with a real PTB Bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from telegram.request import HTTPXRequest

from fakeapi import FakeTelegram, FakeUser


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """Run a fresh fake Telegram on a free loopback port."""
    async with FakeTelegram() as server:
        yield server


def make_bot(fake: FakeTelegram, read_timeout: float = 5.0) -> telegram.Bot:
    """Build a PTB Bot that talks to the fake."""
    return telegram.Bot(
        fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        # verify=False skips loading the CA bundle (~40 ms per client); the fake is plain HTTP.
        request=HTTPXRequest(
            read_timeout=read_timeout, connect_timeout=2.0, httpx_kwargs={"verify": False}
        ),
        get_updates_request=HTTPXRequest(read_timeout=read_timeout, httpx_kwargs={"verify": False}),
    )


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[telegram.Bot]:
    """Give an initialized PTB Bot pointed at the fake."""
    async with make_bot(fake) as client:
        yield client


@pytest.fixture
def user(fake: FakeTelegram) -> FakeUser:
    """Give a Thai user who has started the bot (sent /start)."""
    somchai = fake.user(1001, "สมชาย", language_code="th")
    somchai.send_text("/start")
    return somchai
