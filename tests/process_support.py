"""Run ``python -m bot`` as its own process against the fake Bot API, and talk to it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from core.domain import PlanStep, Project, Role
from core.i18n import t
from fakeapi import FakeTelegram, FakeUser, MessageRecord
from storage import Storage
from storage.db import rows_of
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, SAMPLE_NAME

REPO = Path(__file__).resolve().parent.parent
WAIT = 30.0


def first_line(key: str) -> str:
    """Return the first line of a locale text as the person reads it (without HTML tags)."""
    return re.sub(r"<[^>]+>", "", t(key)).split("\n")[0]


def bot_env(fake: FakeTelegram, database: Path, **extra: str) -> dict[str, str]:
    """Return the environment that points the bot process at the fake."""
    return fake.bot_environment(database, BACKUP_DIR=str(database.parent / "backups"), **extra)


async def cli(env: dict[str, str], *args: str) -> str:
    """Run an admin subcommand of python -m bot and return what it printed."""
    status, out, err = await run_cli(env, *args)
    assert status == 0, err
    return out


async def run_cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Run python -m bot with ``args`` to its end; return its status, stdout and stderr."""
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
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def start_bot(
    env: dict[str, str], log: Path | None = None, *args: str
) -> asyncio.subprocess.Process:
    """Start python -m bot (polling, or ``run --webhook URL`` given as args) in its own process;
    its log goes to log (appended)."""
    # Never a pipe nobody reads: a full pipe would block the bot on its next log line.
    output = os.open(log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=output,
        )
    finally:
        os.close(output)


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    """Stop the bot process politely (SIGTERM), or kill it when it does not stop."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), WAIT)
        except TimeoutError:
            process.kill()
            await process.wait()


async def kill_bot(process: asyncio.subprocess.Process) -> None:
    """Kill the bot process at once (kill -9), as a crash or a power cut would."""
    if process.returncode is None:
        process.kill()
    await process.wait()


class Chat:
    """One officer talking to the bot process and waiting for each answer."""

    def __init__(self, fake: FakeTelegram, user: FakeUser, wait: float = WAIT) -> None:
        self.fake, self.user, self.wait = fake, user, wait

    def after(self) -> int:
        """Return the id of the last message in the chat (0 when none)."""
        last = self.fake.last_message(self.user.chat_id)
        return last.message_id if last else 0

    async def answer(
        self, send: Callable[[], object], contains: str, after: int | None = None
    ) -> MessageRecord:
        """Do send and wait for a bot message containing ``contains``."""
        after = self.after() if after is None else after
        send()
        return await self.fake.wait_for_message(
            self.user.chat_id,
            lambda m: contains in (m.content or ""),
            timeout=self.wait,
            after=after,
        )

    async def say(self, text: str, contains: str) -> MessageRecord:
        """Send text and wait for a bot message containing ``contains``."""
        return await self.answer(lambda: self.user.send_text(text), contains)

    async def tap(self, button: str, contains: str) -> MessageRecord:
        """Tap an inline button and wait for a bot message containing ``contains``."""
        return await self.answer(
            lambda: self.user.press_button(self.user.chat_id, button), contains
        )


async def add_sample_project(env: dict[str, str], code: str = SAMPLE_CODE) -> None:
    """Add a project (FY 2570, one plan step) with the CLI."""
    await cli(
        env,
        "project",
        "add",
        "--code",
        code,
        "--name",
        SAMPLE_NAME,
        "--agency",
        SAMPLE_AGENCY,
        "--fiscal-year",
        "2570",
        "--plan-step",
        "ดำเนินการ|100|2026-10-01|2027-09-30",
    )


async def invite_officer(env: dict[str, str], code: str = SAMPLE_CODE) -> str:
    """Create an officer invite with the CLI and return its token."""
    printed = await cli(env, "invite", "officer", "--project", code)
    match = re.search(r"^/start (\S+)$", printed, re.MULTILINE)
    assert match and "https://t.me/" in printed
    return match[1]


async def stored_percents(database: Path, code: str = SAMPLE_CODE) -> list[Decimal]:
    """Return the percent of every stored report revision of a project, oldest first."""
    store = await Storage.open(database)
    try:
        project = await store.projects.by_code(code)
        assert project is not None and project.id is not None
        return [r.percent for r in await store.reports.history(project.id)]
    finally:
        await store.close()


async def officer_invites(
    database: Path | str, count: int, code: str = SAMPLE_CODE, *, own_projects: bool = False
) -> list[str]:
    """Store officer invites (and their projects if new); return the tokens.

    With own_projects each officer gets a project of their own, coded from code.
    """
    store = await Storage.open(database)
    try:
        codes = [f"{code[:-4]}{i:04d}" if own_projects else code for i in range(count)]
        for project_code in dict.fromkeys(codes):
            if await store.projects.by_code(project_code) is None:
                await store.projects.add(_sample_project(project_code))
        now = datetime.now(UTC)
        return [
            await store.invites.create(Role.OFFICER, now, project_codes=[project_code])
            for project_code in codes
        ]
    finally:
        await store.close()


def _sample_project(code: str) -> Project:
    step = PlanStep(1, "ดำเนินการ", Decimal(100), date(2026, 10, 1), date(2027, 9, 30))
    return Project(
        code=code, name=SAMPLE_NAME, agency=SAMPLE_AGENCY, fiscal_year=2570, plan_steps=(step,)
    )


async def wait_until_polling(fake: FakeTelegram, since: int) -> None:
    """Wait until the bot polls for updates (it is up) after request number since."""

    def polling() -> bool:
        return any(r.method == "getUpdates" for r in fake.requests[since:])

    await fake.wait_for(polling, WAIT)


async def register(chat: Chat, token: str) -> None:
    """Open the invite link and wait for the welcome."""
    await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")


async def file_report(chat: Chat, percent: int, work_done: str = "ลงพื้นที่สำรวจ") -> None:
    """Answer every step of /report and confirm; wait for the official text."""
    await chat.say("/report", first_line("report.ask_percent"))
    await chat.say(str(percent), first_line("report.ask_work_done"))
    await chat.say(work_done, first_line("report.ask_problems"))
    await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
    await chat.tap(t("report.button_none"), f"ร้อยละ {percent}.00")
    await chat.tap(t("report.button_confirm"), f"ความคืบหน้าโครงการฯ ร้อยละ {percent}.00")


async def stored_reports(database: Path | str) -> list[tuple[int, Decimal, str]]:
    """Return (reporter id, percent, idempotency key) of every stored report."""
    store = await Storage.open(database)
    try:
        rows = await store.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT reporter_id, percent_hundredths, idempotency_key FROM reports ORDER BY id",
            )
        )
        return [(int(r[0]), Decimal(r[1]) / 100, str(r[2])) for r in rows]
    finally:
        await store.close()
