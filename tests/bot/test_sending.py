"""Bot API calls that fail on the way are retried by one policy (bot/sending.py)."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.sending import ATTEMPTS, Attempts, method_of, never_sent
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


def _connect_failure() -> NetworkError:
    try:
        try:
            raise httpx.ConnectError("refused")
        except httpx.ConnectError as cause:
            raise NetworkError("httpx.ConnectError: refused") from cause
    except NetworkError as error:
        return error


def test_policy_gives_up_after_five_attempts_and_never_repeats_button_answers() -> None:
    """Five failures end a call; answerCallbackQuery and getUpdates are never repeated here."""
    attempts = Attempts("sendmessage")
    pauses = [attempts.pause_after(NetworkError("reset")) for _ in range(ATTEMPTS)]
    assert pauses[:-1] == [0.2, 0.4, 0.8, 1.6] and pauses[-1] is None
    for method in ("answercallbackquery", "getupdates"):
        assert Attempts(method).pause_after(NetworkError("reset")) is None


def test_a_refused_repeat_proves_an_edit_only_after_an_uncertain_attempt() -> None:
    """ "Not modified" counts as done only when a first attempt may have reached Telegram."""
    refusal = BadRequest("Message is not modified: specified new message content")
    edit = Attempts("editmessagetext")
    assert not edit.done_already(refusal)
    edit.pause_after(_connect_failure())  # the connection was never made: not performed
    assert never_sent(_connect_failure()) and not edit.done_already(refusal)
    edit.pause_after(TimedOut())  # the answer may have been lost after Telegram edited
    assert edit.done_already(refusal)
    send = Attempts("sendmessage")
    send.pause_after(TimedOut())
    assert not send.done_already(refusal)
