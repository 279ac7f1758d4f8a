"""Three ``python -m bot run --webhook`` processes on one database behind the fake's webhook."""

from __future__ import annotations

import asyncio
import glob
import socket
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.turns import CHAT_TURN_TTL
from core.i18n import t
from fakeapi import FakeTelegram
from tests.pg_support import fresh_schema
from tests.process_support import (
    WAIT,
    Chat,
    bot_env,
    first_line,
    kill_bot,
    officer_invites,
    register,
    start_bot,
    stop_bot,
    stored_reports,
)
from tests.webhook_support import (
    PUBLIC_URL,
    SECRET,
    WebhookBot,
    behind_webhook,
    post_to,
    start_webhook_bot,
)

OFFICERS = 6
# Officers who never report: each must get the 20th's reminder exactly once.
QUIET = 4
PROCESSES = 3
# 08:59:40 in Bangkok on Friday 20 November 2026: the day20 reminder is due at 09:00.
REMINDER_DAY = datetime(2026, 11, 20, 1, 59, 40, tzinfo=UTC)
REMINDER = "เตือนรายงานความคืบหน้าประจำเดือน"


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    """Run the fake with updates queued, delivered to the webhook once one is set."""
    async with FakeTelegram(queue_updates=True) as fake:
        yield fake


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Return the SQLite file of a test with one process."""
    return tmp_path / "bot.sqlite3"


@dataclass(frozen=True)
class SharedDatabase:
    """The database the processes share: how the test opens it, what the processes are told."""

    target: Path | str
    env: dict[str, str]


@pytest.fixture(params=["postgresql", "sqlite"])
async def shared(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SharedDatabase]:
    """Give the processes one database: a fresh PostgreSQL schema, or one SQLite file."""
    if request.param == "sqlite":
        path = tmp_path / "bot.sqlite3"
        yield SharedDatabase(path, {"DATABASE_PATH": str(path)})
        return
    async with fresh_schema() as url:
        yield SharedDatabase(url, {"DATABASE_URL": url})


def on_reminder_day(moment: datetime) -> dict[str, str]:
    """Return the environment that starts a process's clock at ``moment`` (libfaketime).

    One offset from the real clock for every process, so their clocks agree with each other.
    The monotonic clock is shifted too: with FAKETIME_DONT_FAKE_MONOTONIC, libfaketime 0.9.10
    makes every ``time.sleep`` fail with EINVAL (its clock_nanosleep on the real monotonic
    clock), which broke the PostgreSQL store's pause before retrying a serialization failure.
    """
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1"))
    if not found:
        pytest.fail("libfaketime is missing: run tests/ensure_faketime.sh (make test does)")
    offset = round((moment - datetime.now(UTC)).total_seconds())
    return {"LD_PRELOAD": found[0], "FAKETIME": f"{offset:+d}"}


async def _start(server: FakeTelegram, shared: SharedDatabase, tmp_path: Path) -> list[WebhookBot]:
    env = {
        # DATABASE_URL, when set, wins over the SQLite path bot_env gives.
        **bot_env(server, tmp_path / "bot.sqlite3", **shared.env),
        **on_reminder_day(REMINDER_DAY),
    }
    return list(
        await asyncio.gather(
            *(start_webhook_bot(env, tmp_path / f"bot{i}.log") for i in range(PROCESSES))
        )
    )


async def _first_answers(chat: Chat, token: str, percent: int) -> None:
    await register(chat, token)
    await chat.say("/report", first_line("report.ask_percent"))
    await chat.say(str(percent), first_line("report.ask_work_done"))


async def _last_answers(chat: Chat, percent: int) -> None:
    await chat.say("ลงพื้นที่สำรวจ", first_line("report.ask_problems"))
    await chat.tap(t("report.button_none"), first_line("report.ask_obstacles"))
    await chat.tap(t("report.button_none"), f"ร้อยละ {percent}.00")
    await chat.tap(t("report.button_confirm"), f"ความคืบหน้าโครงการฯ ร้อยละ {percent}.00")


def reminders_to(server: FakeTelegram, chat: Chat) -> int:
    """Return how many monthly reminders the bot sent to the chat."""
    return sum(REMINDER in (m.content or "") for m in server.sent(chat.user.chat_id))


async def test_reports_and_reminders_go_once_through_three_processes_one_killed(
    server: FakeTelegram, shared: SharedDatabase, tmp_path: Path
) -> None:
    """Three processes take updates in turn, one killed mid-report: reports, reminders go once.

    The processes' clocks start just before 09:00 on 20 November, when every officer without a
    November report is due a reminder; the officers who never report each get exactly one.
    """
    tokens = await officer_invites(shared.target, OFFICERS + QUIET, own_projects=True)
    bots = await _start(server, shared, tmp_path)
    try:
        await server.wait_for(lambda: len(server.calls("setWebhook")) >= PROCESSES, WAIT)
        assert server.webhook_url == PUBLIC_URL
        behind_webhook(server, bots)
        # The killed process may die between answering a chat and giving back its turn; that
        # chat's next update then waits for the turn to expire.
        patience = WAIT + CHAT_TURN_TTL.total_seconds()
        chats = [
            Chat(server, server.user(7001 + i, f"เจ้าหน้าที่{i}"), patience) for i in range(OFFICERS)
        ]
        quiet = [Chat(server, server.user(7101 + i, f"เงียบ{i}")) for i in range(QUIET)]
        await asyncio.gather(
            *(register(c, tok) for c, tok in zip(quiet, tokens[OFFICERS:], strict=True))
        )
        percents = [40 + i for i in range(OFFICERS)]
        answering = zip(chats, tokens[:OFFICERS], percents, strict=True)
        await asyncio.gather(*(_first_answers(c, tok, p) for c, tok, p in answering))
        await kill_bot(bots[1].process)
        await asyncio.gather(*(_last_answers(c, p) for c, p in zip(chats, percents, strict=True)))
        # The 09:00 check runs in whichever process holds the reminders' lease; if the killed
        # process held it, another takes it over within a minute and sends what is left.
        await server.wait_for(lambda: all(reminders_to(server, c) >= 1 for c in quiet), 120)
        await asyncio.sleep(2)  # a second sending of any reminder would arrive by now
    finally:
        for bot in bots:
            await stop_bot(bot.process)
    reports = await stored_reports(shared.target)
    by_officer = Counter(reporter for reporter, _, _ in reports)
    assert by_officer == Counter(chat.user.id for chat in chats)
    assert sorted(percent for _, percent, _ in reports) == [Decimal(p) for p in percents]
    for chat in chats:
        texts = [m.content or "" for m in server.sent(chat.user.chat_id)]
        assert sum(first_line("report.saved") in text for text in texts) == 1
        # An officer who reported before 09:00 is not reminded; one who had not, once.
        assert reminders_to(server, chat) <= 1
    assert [reminders_to(server, c) for c in quiet] == [1] * QUIET
    # Every process took part, and the killed one's turns went to the others.
    served = Counter(d.target for d in server.webhook.deliveries if d.status == 200)
    assert set(served) == {bot.target for bot in bots}
    assert any(d.status is None for d in server.webhook.deliveries if d.target == bots[1].target)
    assert server.refusals == []
    # No process met an error on the way (a write that lost its retries, say).
    for bot in bots:
        assert "Traceback" not in bot.log.read_text(encoding="utf-8")


async def test_a_request_without_the_secret_is_refused_and_logged_in_one_line(
    server: FakeTelegram, database: Path, tmp_path: Path
) -> None:
    """A post with a wrong or no secret token gets 403, and the log has one line, no body."""
    bot = await start_webhook_bot(bot_env(server, database), tmp_path / "bot.log")
    body = b'{"update_id": 1, "message": {"text": "PRIVATE-BODY-MARKER"}}'
    statuses: list[int] = []
    try:
        for secret in ("wrong-secret-MARKER", None):
            headers = {"Content-Type": "application/json"}
            if secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            statuses.append(await post_to(bot, body, headers))
        await asyncio.sleep(0.5)
    finally:
        await stop_bot(bot.process)
    assert statuses == [403, 403]
    log = bot.log.read_text(encoding="utf-8")
    refusals = [line for line in log.splitlines() if "refused a webhook request" in line]
    assert len(refusals) == 2
    assert "wrong secret token" in refusals[0] and "no secret token" in refusals[1]
    assert "MARKER" not in log and SECRET not in log and server.token not in log


async def test_a_port_in_use_stops_the_start_with_one_line(
    server: FakeTelegram, database: Path, tmp_path: Path
) -> None:
    """When WEBHOOK_PORT is taken, the process ends with status 2 and one line, no traceback."""
    log = tmp_path / "bot.log"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**bot_env(server, database), "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET": SECRET}
        process = await start_bot(env, log, "run", "--webhook", PUBLIC_URL)
        assert await asyncio.wait_for(process.wait(), WAIT) == 2
    text = log.read_text(encoding="utf-8")
    assert f"error: cannot listen on 127.0.0.1:{port} for the webhook" in text
    assert "Traceback" not in text
