"""How one send reacts to Telegram's errors, with a stub bot and no real waiting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from handlers.reminders.delivery import NETWORK_BACKOFF, attempt
from handlers.reminders.planning import Outgoing

ITEM = Outgoing(2001, "x", 1, "C-1", date(2026, 11, 1), "day20", "hello", ("go", "rp:1"))


class StubBot:
    """Raise the queued errors in turn, then accept."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> None:
        """Fail with the next queued error, or succeed."""
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)


class StubApp:
    """Just enough of an Application for ``attempt``."""

    def __init__(self, bot: StubBot) -> None:
        self.bot = bot


class Sleeps:
    """Record the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


async def _attempt(*errors: Exception) -> tuple[str, list[float], int]:
    bot, sleeps = StubBot(*errors), Sleeps()
    state, _ = await attempt(cast(Any, StubApp(bot)), ITEM, sleeps)
    return state, sleeps.waits, bot.calls


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_retry_after_waits_as_asked_then_sends() -> None:
    """A RetryAfter that got past the limiter waits the given time, then the send succeeds."""
    state, waits, calls = await _attempt(RetryAfter(timedelta(seconds=5)))
    assert (state, waits, calls) == ("sent", [5.0], 2)


async def test_timeout_backs_off_then_sends() -> None:
    """TimedOut and NetworkError back off (the message may have arrived) and try again."""
    state, waits, calls = await _attempt(TimedOut(), NetworkError("reset"))
    assert (state, waits, calls) == ("sent", list(NETWORK_BACKOFF), 3)


async def test_gives_up_after_three_attempts() -> None:
    """Three network failures in a row end as failed, without a fourth try."""
    state, _, calls = await _attempt(TimedOut(), TimedOut(), TimedOut(), TimedOut())
    assert (state, calls) == ("failed", 3)


async def test_forbidden_is_unreachable_without_retry() -> None:
    """A 403 is final: the person is unreachable and nobody waits."""
    state, waits, calls = await _attempt(Forbidden("Forbidden: bot was blocked by the user"))
    assert (state, waits, calls) == ("unreachable", [], 1)


async def test_bad_request_fails_without_retry() -> None:
    """A 400 other than chat-not-found is a failed delivery, not retried in the run."""
    state, waits, calls = await _attempt(BadRequest("Bad Request: message is too long"))
    assert (state, waits, calls) == ("failed", [], 1)
