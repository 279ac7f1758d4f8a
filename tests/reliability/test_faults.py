"""The bot process under a flaky Bot API: 10% of its calls fail, no report is lost or doubled."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

from fakeapi import FakeTelegram
from tests.process_support import (
    Chat,
    bot_env,
    file_report,
    officer_invites,
    register,
    start_bot,
    stop_bot,
    stored_reports,
)

OFFICERS = 10
FAULT_RATE = 0.1
SEED = 20261121
# A repeated edit or delete after a lost answer is refused by Telegram ("not modified"); the
# bot takes that refusal as proof that the first attempt worked (bot/sending.py).
REPEAT_REFUSALS = ("editMessageText", "editMessageReplyMarkup", "editMessageCaption")


async def test_reports_complete_with_ten_percent_of_calls_failing(
    server: FakeTelegram, tmp_path: Path
) -> None:
    """Ten officers report at once while 10% of calls fail; each report is stored once."""
    database = tmp_path / "bot.sqlite3"
    # A project each: nobody's report turns another officer's into a correction.
    tokens = await officer_invites(database, OFFICERS + 1, own_projects=True)
    process = await start_bot(bot_env(server, database), tmp_path / "bot.log")
    try:
        # Faults start once the bot is up: start-up itself is not what this test is about.
        await register(Chat(server, server.user(6000, "ผู้ทดสอบ")), tokens[0])
        server.faults.random_rate(FAULT_RATE, seed=SEED)
        chats = [Chat(server, server.user(6001 + i, f"เจ้าหน้าที่ {i}")) for i in range(OFFICERS)]

        async def officer(index: int) -> None:
            await register(chats[index], tokens[index + 1])
            await file_report(chats[index], 10 + index)

        await asyncio.gather(*(officer(i) for i in range(OFFICERS)))
        injected = list(server.faults.injected)
        server.faults.clear()
        assert process.returncode is None
        # Still running and answering after the storm.
        await Chat(server, chats[0].user).say("/start", "")
    finally:
        await stop_bot(process)
    reports = await stored_reports(database)
    assert sorted((reporter, percent) for reporter, percent, _ in reports) == [
        (6001 + i, Decimal(10 + i)) for i in range(OFFICERS)
    ]
    assert len({key for _, _, key in reports}) == OFFICERS
    assert len(injected) >= 5, "the seed must inject faults"
    assert all(refusal.method in REPEAT_REFUSALS for refusal in server.refusals)
