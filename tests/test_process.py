"""The bot as its own process (python -m bot) against the fake Bot API over loopback HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from core.i18n import t
from fakeapi import FakeTelegram, Fault
from tests.process_support import (
    Chat,
    add_sample_project,
    bot_env,
    first_line,
    invite_officer,
    kill_bot,
    start_bot,
    stop_bot,
    stored_percents,
)


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    """Run the fake with updates queued for getUpdates, as real Telegram does."""
    async with FakeTelegram(queue_updates=True) as fake:
        yield fake


async def _prepare(env: dict[str, str]) -> str:
    await add_sample_project(env)
    return await invite_officer(env)


async def _to_summary(chat: Chat, token: str, percent: str, work_done: str, shown: str) -> None:
    """Register with the invite, answer every question with "none" twice, reach the summary."""
    await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")
    await chat.say("/report", first_line("report.ask_percent"))
    await chat.say(percent, first_line("report.ask_work_done"))
    await chat.say(work_done, first_line("report.ask_problems"))
    await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
    await chat.tap(t("report.button_none"), shown)


async def test_process_files_a_report(server: FakeTelegram, tmp_path: Path) -> None:
    """A CLI-invited officer files a report through the polling bot process."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(server, database)
    token = await _prepare(env)
    process = await start_bot(env)
    try:
        chat = Chat(server, server.user(5001, "สมหญิง"))
        await _to_summary(chat, token, "๖๐", "จัดประชุม & ลงพื้นที่", "ร้อยละ 60.00")
        await chat.tap(t("report.button_confirm"), "ความคืบหน้าโครงการฯ ร้อยละ 60.00")
    finally:
        await stop_bot(process)
    assert await stored_percents(database) == [Decimal("60.00")]
    assert server.refusals == []


async def test_process_resumes_after_sigkill(server: FakeTelegram, tmp_path: Path) -> None:
    """After kill -9 mid-report and a new start, the officer finishes the same report."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(server, database)
    token = await _prepare(env)
    process = await start_bot(env)
    chat = Chat(server, server.user(5002, "สมปอง"))
    try:
        await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")
        await chat.say("/report", first_line("report.ask_percent"))
        await chat.say("35", first_line("report.ask_work_done"))
        await chat.say("สำรวจพื้นที่", first_line("report.ask_problems"))
    finally:
        await kill_bot(process)
    restarted = await start_bot(env)
    try:
        await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
        summary = await chat.say("ฝนตก", "ร้อยละ 35.00")
        assert "สำรวจพื้นที่" in (summary.content or "")
        await chat.tap(t("report.button_confirm"), "ความคืบหน้าโครงการฯ ร้อยละ 35.00")
    finally:
        await stop_bot(restarted)
    assert await stored_percents(database) == [Decimal("35.00")]


async def test_process_acknowledges_a_lost_saved_after_sigkill(
    server: FakeTelegram, tmp_path: Path
) -> None:
    """A report stored while "saved" could not be sent is acknowledged first after kill -9."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(server, database)
    token = await _prepare(env)
    process = await start_bot(env)
    chat = Chat(server, server.user(5003, "สมใจ"))
    try:
        await _to_summary(chat, token, "45", "ประชุมชุมชน", "ร้อยละ 45.00")
        # Telegram fails every send for longer than the bot retries: "saved" is lost.
        server.faults.script("sendMessage", *[Fault.server_error(502)] * 200)
        chat.user.press_button(chat.user.chat_id, t("report.button_confirm"))
        for _ in range(300):
            if await stored_percents(database):
                break
            await asyncio.sleep(0.1)
        assert await stored_percents(database) == [Decimal("45.00")]
    finally:
        await kill_bot(process)
    server.faults.clear()
    restarted = await start_bot(env)
    try:
        before = chat.after()
        await chat.say("/help", first_line("report.saved"))
        official = "ความคืบหน้าโครงการฯ ร้อยละ 45.00"
        await server.wait_for_message(
            chat.user.chat_id, lambda m: official in (m.content or ""), timeout=30, after=before
        )
        sent = server.sent(chat.user.chat_id)
        texts = [m.content or "" for m in sent if m.message_id > before]
        assert first_line("report.saved") in texts[0]
        assert official in texts[1]
    finally:
        await stop_bot(restarted)
    assert await stored_percents(database) == [Decimal("45.00")]
