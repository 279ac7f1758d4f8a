"""How one attempt of a reminder reacts to Telegram's errors, and resumes a multi-part one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from core.text import split_message
from handlers.reminders.delivery import attempt
from handlers.reminders.planning import Outgoing

ITEM = Outgoing(2001, "x", 1, "C-1", date(2026, 11, 1), "day20", "hello", ("go", "rp:1"))
# Three parts: each paragraph alone is close to Telegram's 4096 characters.
LONG = Outgoing(2001, "x", 1, "C-1", date(2026, 11, 1), "digest", "\n".join(["ก" * 3000] * 3), None)


class StubBot:
    """Raise the queued errors in turn, then accept; remember what was sent."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0
        self.sent: list[str] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> None:
        """Fail with the next queued error, or succeed."""
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(text)


class StubApp:
    """Just enough of an Application for ``attempt``."""

    def __init__(self, bot: StubBot) -> None:
        self.bot = bot


async def _attempt(*errors: Exception) -> tuple[str, int]:
    bot = StubBot(*errors)
    state, _ = await attempt(cast(Any, StubApp(bot)), ITEM)
    return state, bot.calls


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("error", [RetryAfter(timedelta(seconds=5)), TimedOut(), NetworkError("x")])
async def test_failures_the_pacer_gave_up_on_are_not_retried_again(error: Exception) -> None:
    """The pacer is the one retry layer: what gets past it fails this attempt, with one call."""
    assert await _attempt(error) == ("failed", 1)


async def test_forbidden_is_unreachable_without_retry() -> None:
    """A 403 is final: the person is unreachable."""
    assert await _attempt(Forbidden("Forbidden: bot was blocked by the user")) == (
        "unreachable",
        1,
    )


async def test_chat_not_found_is_unreachable() -> None:
    """A person who never opened the chat is as good as blocked."""
    assert await _attempt(BadRequest("Bad Request: chat not found")) == ("unreachable", 1)


async def test_bad_request_fails_without_retry() -> None:
    """A 400 other than chat-not-found is a failed delivery."""
    assert await _attempt(BadRequest("Bad Request: message is too long")) == ("failed", 1)


async def test_a_multi_part_message_resumes_at_the_first_part_not_delivered() -> None:
    """Parts recorded as delivered are not sent again; the next attempt goes on from there."""
    recorded: list[int] = []

    async def part_sent(parts: int) -> None:
        recorded.append(parts)

    # First attempt: part 1 goes, part 2 fails for good.
    bot = StubBot()
    bot.errors = [NetworkError("dropped")]
    first_ok = StubBot()

    async def first_then_fail(chat_id: int, text: str, **kwargs: Any) -> None:
        if not first_ok.sent:
            first_ok.sent.append(text)
            return
        await StubBot.send_message(bot, chat_id, text)

    first_ok.send_message = first_then_fail  # type: ignore[method-assign]
    state, _ = await attempt(cast(Any, StubApp(first_ok)), LONG, 0, part_sent)
    assert (state, recorded) == ("failed", [1])
    # The next attempt starts after the recorded part and sends each remaining part once.
    again = StubBot()
    state, _ = await attempt(cast(Any, StubApp(again)), LONG, recorded[-1], part_sent)
    assert state == "sent" and recorded == [1, 2, 3]
    parts = split_message(LONG.text)
    assert len(parts) == 3 and first_ok.sent + again.sent == parts
