"""The bot as its own process (python -m bot) against the fake Bot API over loopback HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path

import pytest

from bot.fakeapi import FakeTelegram, FakeUser, MessageRecord
from bot.i18n import t
from storage import Storage
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, SAMPLE_NAME

REPO = Path(__file__).resolve().parent.parent
WAIT = 30.0


def first_line(key: str) -> str:
    """Return the first line of a locale text as the person reads it (without HTML tags)."""
    return re.sub(r"<[^>]+>", "", t(key)).split("\n")[0]


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    """Run the fake with updates queued for getUpdates, as real Telegram does."""
    async with FakeTelegram(queue_updates=True) as fake:
        yield fake


def bot_env(fake: FakeTelegram, database: Path) -> dict[str, str]:
    """Return the environment that points the bot process at the fake."""
    env = dict(os.environ)
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_API_FILE_URL=fake.base_file_url,
        DATABASE_PATH=str(database),
        BOT_TIMEZONE="Asia/Bangkok",
        BOT_ADMIN_IDS="",
    )
    return env


async def cli(env: dict[str, str], *args: str) -> str:
    """Run an admin subcommand of python -m bot and return what it printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), WAIT)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def start_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    """Start python -m bot (polling) in its own process."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


class Chat:
    """One officer talking to the bot process and waiting for each answer."""

    def __init__(self, fake: FakeTelegram, user: FakeUser) -> None:
        self.fake, self.user = fake, user

    def _after(self) -> int:
        last = self.fake.last_message(self.user.chat_id)
        return last.message_id if last else 0

    async def _answer(self, send: Callable[[], object], contains: str) -> MessageRecord:
        after = self._after()
        send()
        return await self.fake.wait_for_message(
            self.user.chat_id, lambda m: contains in (m.content or ""), timeout=WAIT, after=after
        )

    async def say(self, text: str, contains: str) -> MessageRecord:
        """Send text and wait for a bot message containing ``contains``."""
        return await self._answer(lambda: self.user.send_text(text), contains)

    async def tap(self, button: str, contains: str) -> MessageRecord:
        """Tap an inline button and wait for a bot message containing ``contains``."""
        return await self._answer(
            lambda: self.user.press_button(self.user.chat_id, button), contains
        )


async def _prepare(fake: FakeTelegram, env: dict[str, str]) -> str:
    await cli(
        env,
        "project",
        "add",
        "--code",
        SAMPLE_CODE,
        "--name",
        SAMPLE_NAME,
        "--agency",
        SAMPLE_AGENCY,
        "--fiscal-year",
        "2570",
        "--plan-step",
        "ดำเนินการ|100|2026-10-01|2027-09-30",
    )
    printed = await cli(env, "invite", "officer", "--project", SAMPLE_CODE)
    match = re.search(r"^/start (\S+)$", printed, re.MULTILINE)
    assert match and "https://t.me/" in printed
    return match[1]


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), WAIT)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _stored(database: Path) -> list[Decimal]:
    store = await Storage.open(database)
    try:
        project = await store.projects.by_code(SAMPLE_CODE)
        assert project is not None and project.id is not None
        return [r.percent for r in await store.reports.history(project.id)]
    finally:
        await store.close()


async def test_process_files_a_report(server: FakeTelegram, tmp_path: Path) -> None:
    """A CLI-invited officer files a report through the polling bot process."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(server, database)
    token = await _prepare(server, env)
    process = await start_bot(env)
    try:
        chat = Chat(server, server.user(5001, "สมหญิง"))
        await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")
        await chat.say("/report", first_line("report.ask_percent"))
        await chat.say("๖๐", first_line("report.ask_work_done"))
        await chat.say("จัดประชุม & ลงพื้นที่", first_line("report.ask_problems"))
        await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
        await chat.tap(t("report.button_none"), first_line("report.ask_photos"))
        await chat.tap(t("report.button_skip"), "ร้อยละ 60.00")
        await chat.tap(t("report.button_confirm"), "ความคืบหน้าโครงการฯ ร้อยละ 60.00")
    finally:
        await _stop(process)
    assert await _stored(database) == [Decimal("60.00")]
    assert server.refusals == []


async def test_process_resumes_after_sigkill(server: FakeTelegram, tmp_path: Path) -> None:
    """After kill -9 mid-report and a new start, the officer finishes the same report."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(server, database)
    token = await _prepare(server, env)
    process = await start_bot(env)
    chat = Chat(server, server.user(5002, "สมปอง"))
    try:
        await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")
        await chat.say("/report", first_line("report.ask_percent"))
        await chat.say("35", first_line("report.ask_work_done"))
        await chat.say("สำรวจพื้นที่", first_line("report.ask_problems"))
    finally:
        process.kill()
        await process.wait()
    restarted = await start_bot(env)
    try:
        await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
        await chat.say("ฝนตก", first_line("report.ask_photos"))
        summary = await chat.tap(t("report.button_skip"), "ร้อยละ 35.00")
        assert "สำรวจพื้นที่" in (summary.content or "")
        await chat.tap(t("report.button_confirm"), "ความคืบหน้าโครงการฯ ร้อยละ 35.00")
    finally:
        await _stop(restarted)
    assert await _stored(database) == [Decimal("35.00")]
