"""Bot API calls that fail on the way are retried (bot/sending.py)."""

from __future__ import annotations

import pytest
from telegram.error import NetworkError

from bot.sending import method_of
from fakeapi import Fault
from tests.harness import Harness


def test_method_of_reads_the_url_end() -> None:
    """The method name is the last part of the URL, lower-cased."""
    assert method_of("http://127.0.0.1:1/botTOKEN/sendMessage") == "sendmessage"


async def test_failed_sends_are_retried_until_they_pass(harness: Harness) -> None:
    """A 500, a 502 and a dropped connection in a row still deliver the message once."""
    user = harness.fake.user(2401, "สมศรี")
    user.send_text("/start")  # the person started the bot: it may write to them
    harness.fake.faults.script(
        "sendMessage", Fault.server_error(500), Fault.server_error(502), Fault.drop()
    )
    await harness.app.bot.send_message(user.chat_id, "ทดสอบ")
    texts = [m.content for m in harness.fake.sent(user.chat_id)]
    assert texts.count("ทดสอบ") == 1
    assert harness.fake.faults.pending == 0


async def test_a_lost_edit_answer_counts_as_done(harness: Harness) -> None:
    """An edit performed but unanswered is not reported as failed when its retry is refused."""
    user = harness.fake.user(2402, "สมศรี")
    user.send_text("/start")
    sent = await harness.app.bot.send_message(user.chat_id, "ทดสอบ")
    harness.fake.faults.script("editMessageText", Fault.accept_then_drop())
    result = await harness.app.bot.edit_message_text("แก้แล้ว", user.chat_id, sent.message_id)
    assert result is True
    assert harness.fake.last_message(user.chat_id).content == "แก้แล้ว"  # type: ignore[union-attr]


async def test_button_answers_are_not_retried(harness: Harness) -> None:
    """answerCallbackQuery fails at once: Telegram would refuse a second answer."""
    harness.fake.faults.script("answerCallbackQuery", Fault.server_error(500))
    with pytest.raises(NetworkError):
        await harness.app.bot.answer_callback_query("4242")
    assert harness.fake.faults.pending == 0
    assert len(harness.fake.calls("answerCallbackQuery")) == 1
