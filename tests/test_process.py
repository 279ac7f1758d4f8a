"""The bot as its own process (python -m bot) against the fake Bot API over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from core.i18n import t
from fakeapi import FakeTelegram
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


async def test_process_files_a_report(server: FakeTelegram, tmp_path: Path) -> None:
    """A CLI-invited officer files a report through the polling bot process."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(server, database)
    token = await _prepare(env)
    process = await start_bot(env)
    try:
        chat = Chat(server, server.user(5001, "สมหญิง"))
        await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")
        await chat.say("/report", first_line("report.ask_percent"))
        await chat.say("๖๐", first_line("report.ask_work_done"))
        await chat.say("จัดประชุม & ลงพื้นที่", first_line("report.ask_problems"))
        await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
        await chat.tap(t("report.button_none"), "ร้อยละ 60.00")
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
