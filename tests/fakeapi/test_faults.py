"""Tests for injected faults and the global send-rate limit."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time

import pytest
import telegram
from telegram.error import NetworkError, RetryAfter, TimedOut

from fakeapi import FakeTelegram, FakeUser, Fault
from tests.fakeapi.conftest import make_bot


async def test_too_many_requests_raises_retry_after(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scripted 429 reaches PTB as RetryAfter carrying retry_after (a timedelta)."""
    # PTB 22 hands out timedelta only when opted in; otherwise int plus a deprecation warning.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake.faults.script("sendMessage", Fault.too_many_requests(7))
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.chat_id, "ลอง")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    assert fake.requests[-1].status == 429 and fake.refusals == []
    await bot.send_message(user.chat_id, "ลองใหม่")  # the fault was used up


@pytest.mark.parametrize(("status", "text"), [(500, "Internal Server Error"), (502, "Bad Gateway")])
async def test_server_errors_raise_network_error(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, status: int, text: str
) -> None:
    """Scripted 500/502 answers reach PTB as NetworkError and send nothing."""
    fake.faults.script("sendMessage", Fault.server_error(status))
    with pytest.raises(NetworkError, match=text):
        await bot.send_message(user.chat_id, "ลอง")
    assert fake.sent(user.chat_id) == [] and fake.counters["faults"] == 1


async def test_delay_past_timeout_times_out_but_lands(fake: FakeTelegram, user: FakeUser) -> None:
    """A delay beyond the read timeout raises TimedOut, yet Telegram still sends it."""
    fake.faults.script("sendMessage", Fault.delay(0.25))
    async with make_bot(fake, read_timeout=0.1) as impatient:
        with pytest.raises(TimedOut):
            await impatient.send_message(user.chat_id, "ช้า")
    message = await fake.wait_for_message(user.chat_id, timeout=2)
    assert message.text == "ช้า"


async def test_drop_loses_the_call(fake: FakeTelegram, bot: telegram.Bot, user: FakeUser) -> None:
    """A dropped connection raises NetworkError and nothing is sent."""
    fake.faults.script("sendMessage", Fault.drop())
    with pytest.raises(NetworkError):
        await bot.send_message(user.chat_id, "หาย")
    assert fake.sent(user.chat_id) == [] and fake.requests[-1].dropped


async def test_accept_then_drop_sends_but_loses_answer(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """accept_then_drop records the message, yet the client sees a NetworkError."""
    fake.faults.script(None, Fault.accept_then_drop())
    with pytest.raises(NetworkError):
        await bot.send_message(user.chat_id, "ส่งแล้วแต่ไม่รู้")
    assert [m.text for m in fake.sent(user.chat_id)] == ["ส่งแล้วแต่ไม่รู้"]


async def test_unscoped_faults_skip_get_updates(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """A fault scripted for any method (None) leaves getUpdates alone."""
    fake.faults.script(None, Fault.server_error())
    assert len(await bot.get_updates(timeout=0)) == 1
    with pytest.raises(NetworkError):
        await bot.send_chat_action(user.chat_id, "typing")
    assert fake.faults.pending == 0


async def test_random_faults_repeat_for_a_seed(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """The random fault rate fails the same calls for the same seed."""
    outcomes: list[list[bool]] = []
    for _ in range(2):
        fake.faults.random_rate(0.3, seed=42, kinds=[Fault.server_error()])
        run: list[bool] = []
        for n in range(20):
            try:
                await bot.send_message(user.chat_id, f"ข้อความ {n}")
                run.append(True)
            except NetworkError:
                run.append(False)
        outcomes.append(run)
    fake.faults.clear()
    assert outcomes[0] == outcomes[1] and 0 < outcomes[0].count(False) < 20
    assert len(fake.faults.injected) == 2 * outcomes[0].count(False)


async def test_global_rate_limit_answers_429(monkeypatch: pytest.MonkeyPatch) -> None:
    """More than N send-like calls in one second get 429 with retry_after; others pass."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with FakeTelegram(global_rate_limit=5) as fake:
        user = fake.user()
        user.send_text("/start")
        async with make_bot(fake) as bot:
            results = await asyncio.gather(
                *(bot.send_message(user.chat_id, str(n)) for n in range(8)),
                return_exceptions=True,
            )
            await bot.send_chat_action(user.chat_id, "typing")  # not send-like: unlimited
    limited = [r for r in results if isinstance(r, RetryAfter)]
    assert len(limited) == 3 and fake.counters["rate_limited"] == 3
    assert len(fake.sent(user.chat_id)) == 5
    assert fake.max_send_rate() == 8 and fake.refusals == []


async def test_delay_is_cut_short_by_stop() -> None:
    """Stopping the server does not wait for injected delays to finish."""
    fake = FakeTelegram()
    await fake.start()
    fake.faults.script("getMe", Fault.delay(30))
    bot = make_bot(fake, read_timeout=10)
    task = asyncio.create_task(bot.initialize())
    await fake.wait_for(lambda: bool(fake.calls("getMe")), timeout=2)
    started = time.monotonic()
    await fake.stop()
    assert time.monotonic() - started < 2
    # Whether getMe got its late answer or a closed connection does not matter here.
    await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 5)
    await bot.shutdown()
