"""kill -9 at random moments during 50 report conversations: nothing lost, nothing doubled.

The officers behave like people: when no answer comes (the bot is down, or died between
storing an answer and replying), they poke the bot with a sticker after a while, and it
repeats the question it is waiting for. If that is the question they just answered, the
answer was lost with the crash and they give it again; if it is the next one, they go on.
"""

from __future__ import annotations

import asyncio
import copy
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.i18n import t
from fakeapi import FakeTelegram
from storage import Storage
from storage.db import rows_of
from tests.process_support import (
    Chat,
    bot_env,
    first_line,
    kill_bot,
    officer_invites,
    start_bot,
    stop_bot,
    wait_until_polling,
)

CONVERSATIONS = 50
IN_PARALLEL = 50
SEED = 4711
SILENCE = 3.0  # seconds without an answer before an officer pokes the bot
REPLAYED_PER_CRASH = 4
KILLS = 8  # at most: each kill costs a restart and some silence, and the test must stay short
SUMMARY = first_line("report.summary_title")
NO_CONVERSATION = first_line("fallback.unknown")


def _percent(index: int) -> int:
    return 20 + index


def _work(index: int) -> str:
    return f"งานที่ {index} ลงพื้นที่"


class Officer:
    """One officer filing one report through a bot that may die at any moment."""

    def __init__(self, chat: Chat, index: int, sent: list[dict[str, Any]]) -> None:
        self.chat, self.index, self.sent = chat, index, sent

    def _text(self, text: str) -> Callable[[], object]:
        return lambda: self.sent.append(self.chat.user.send_text(text))

    def _tap(self, button: str) -> Callable[[], object]:
        user = self.chat.user
        return lambda: self.sent.append(user.press_button(user.chat_id, button))

    async def _reply(self, after: int, *markers: str) -> str | None:
        try:
            message = await self.chat.fake.wait_for_message(
                self.chat.user.chat_id,
                lambda m: any(mark in (m.content or "") for mark in markers),
                timeout=SILENCE,
                after=after,
            )
        except TimeoutError:
            return None
        content = message.content or ""
        return next(mark for mark in markers if mark in content)

    async def step(
        self, action: Callable[[], object], current: str, expected: str, last: bool = False
    ) -> None:
        """Answer the current question; on silence poke, and answer again if it was lost."""
        while True:
            after = self.chat.after()
            action()
            if await self._reply(after, expected) is not None:
                return
            while True:  # silence: poke until the bot says what it waits for
                after = self.chat.after()
                self.chat.user.send_sticker()
                markers = (expected, current, NO_CONVERSATION) if last else (expected, current)
                seen = await self._reply(after, *markers)
                if seen is not None:
                    break
            if seen != current:
                return  # the answer had been stored: the bot went on (or filed the report)

    async def report(self) -> None:
        """File the report from /report to ✅."""
        percent, ask = _percent(self.index), first_line
        while True:  # /report starts over anyway: just ask again until the question comes
            after = self.chat.after()
            self._text("/report")()
            if await self._reply(after, ask("report.ask_percent")) is not None:
                break
        none = t("report.button_none")
        await self.step(
            self._text(str(percent)), ask("report.ask_percent"), ask("report.ask_work_done")
        )
        await self.step(
            self._text(_work(self.index)), ask("report.ask_work_done"), ask("report.ask_problems")
        )
        await self.step(self._tap(none), ask("report.ask_problems"), ask("report.ask_obstacles"))
        await self.step(self._tap(none), ask("report.ask_obstacles"), SUMMARY)
        await self.step(
            self._tap(t("report.button_confirm")),
            SUMMARY,
            f"ความคืบหน้าโครงการฯ ร้อยละ {percent}.00",
            last=True,
        )


async def _register_all(database: Path, user_ids: list[int]) -> None:
    tokens = await officer_invites(database, len(user_ids), own_projects=True)
    store = await Storage.open(database)
    try:
        for user_id, token in zip(user_ids, tokens, strict=True):
            await store.invites.redeem(token, user_id, f"เจ้าหน้าที่ {user_id}", datetime.now(UTC))
    finally:
        await store.close()


def _handled(database: Path) -> set[int]:
    conn = sqlite3.connect(database)
    try:
        return {row[0] for row in conn.execute("SELECT update_id FROM processed_updates")}
    finally:
        conn.close()


async def test_reports_survive_random_sigkills(server: FakeTelegram, tmp_path: Path) -> None:
    """50 conversations with kill -9 at seeded random moments: each report stored exactly once."""
    database = tmp_path / "bot.sqlite3"
    user_ids = [7001 + i for i in range(CONVERSATIONS)]
    await _register_all(database, user_ids)
    # The fake has no flood limit here: pacing sends at Telegram's 30/s would only slow the test.
    env = bot_env(server, database, SEND_RATE="1000")
    log = tmp_path / "bot.log"
    rng = random.Random(SEED)
    sent: list[dict[str, Any]] = []
    officers = [
        Officer(Chat(server, server.user(uid, f"เจ้าหน้าที่ {uid}")), i, sent)
        for i, uid in enumerate(user_ids)
    ]
    gate = asyncio.Semaphore(IN_PARALLEL)

    async def run(officer: Officer) -> None:
        async with gate:
            await officer.report()

    since = len(server.requests)
    process = await start_bot(env, log)
    kills = replayed = 0
    work = asyncio.gather(*(run(officer) for officer in officers))
    try:
        while not work.done() and kills < KILLS:
            # Up and polling, then killed at a random moment of its work.
            await wait_until_polling(server, since)
            await asyncio.wait([work], timeout=rng.uniform(0.2, 1.2))
            if work.done():
                break
            await kill_bot(process)
            kills += 1
            # Telegram delivers again what it had not seen confirmed; here some updates that
            # were handled already come again, and must change nothing.
            handled = _handled(database)
            again = [u for u in sent if u["update_id"] in handled][-REPLAYED_PER_CRASH:]
            for update in again:
                server.world.updates.push(copy.deepcopy(update))
            replayed += len(again)
            since = len(server.requests)
            process = await start_bot(env, log)
        await work
        assert process.returncode is None
    finally:
        if not work.done():
            work.cancel()
        await stop_bot(process)
    store = await Storage.open(database)
    try:
        rows = await store.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT reporter_id, percent_hundredths, work_done, idempotency_key FROM reports",
            )
        )
        drafts = await store.drafts.all_open()
    finally:
        await store.close()
    stored = sorted((int(r[0]), Decimal(r[1]) / 100, str(r[2])) for r in rows)
    assert stored == [(uid, Decimal(_percent(i)), _work(i)) for i, uid in enumerate(user_ids)]
    assert len({r[3] for r in rows}) == CONVERSATIONS
    assert drafts == []
    print(f"{kills} kills, {replayed} updates delivered again")
    assert kills >= 3 and replayed > 0
