"""One person floods the bot: the excess is dropped with one notice, the others are answered."""

from __future__ import annotations

from pathlib import Path

from fakeapi import FakeTelegram
from handlers.flood import FloodGuard, Limits, Verdict
from tests.process_support import (
    Chat,
    bot_env,
    first_line,
    officer_invites,
    register,
    start_bot,
    stop_bot,
)

FLOOD = 300
SLOW_DOWN = first_line("flood.slow_down")


def test_guard_allows_a_burst_then_one_a_second_and_tells_once() -> None:
    """Twenty at once pass; the rest of the second is dropped with one notice; calm resets it."""
    guard = FloodGuard(Limits(burst=20, per_second=1.0))
    verdicts = [guard.judge(7, 100.0) for _ in range(25)]
    assert verdicts[:20] == [Verdict.HANDLE] * 20
    assert verdicts[20:] == [Verdict.DROP_AND_TELL] + [Verdict.DROP] * 4
    assert guard.judge(8, 100.0) is Verdict.HANDLE  # another person is not concerned
    assert guard.judge(7, 101.0) is Verdict.HANDLE  # one a second goes on
    assert guard.judge(7, 101.0) is Verdict.DROP
    assert guard.judge(7, 200.0) is Verdict.HANDLE  # calm: a later flood is told again
    assert [guard.judge(7, 200.0) for _ in range(20)][-1] is Verdict.DROP_AND_TELL


def test_three_processes_each_allow_a_third_of_the_burst_and_rate() -> None:
    """Behind a webhook each of three processes lets through its third of a person's allowance."""
    guard = FloodGuard(Limits(burst=21, per_second=3.0))
    guard.share_with(3)
    verdicts = [guard.judge(7, 100.0) for _ in range(9)]
    assert verdicts[:7] == [Verdict.HANDLE] * 7
    assert verdicts[7:] == [Verdict.DROP_AND_TELL, Verdict.DROP]
    assert guard.judge(7, 101.0) is Verdict.HANDLE  # one a second: a third of three
    assert guard.judge(7, 101.0) is Verdict.DROP
    guard.share_with(0)  # no heartbeat counted yet: the whole allowance, never a division by 0
    assert guard.processes == 1


async def test_flood_through_the_process_is_dropped_and_others_are_answered(
    server: FakeTelegram, tmp_path: Path
) -> None:
    """300 messages of one person get one notice and a few answers; an officer is answered."""
    database = tmp_path / "bot.sqlite3"
    tokens = await officer_invites(database, 2, own_projects=True)
    process = await start_bot(bot_env(server, database), tmp_path / "bot.log")
    try:
        flooder = Chat(server, server.user(6101, "ผู้ส่งรัว"))
        officer = Chat(server, server.user(6102, "เจ้าหน้าที่"))
        await register(flooder, tokens[0])
        await register(officer, tokens[1])
        mark = flooder.after()
        for index in range(FLOOD):
            flooder.user.send_text(f"ข้อความ {index}")
        # Sent after the flood, so it queues behind all 300 in getUpdates.
        await officer.say("/help", first_line("help.officer"))
        await server.wait_for_message(
            flooder.user.chat_id, lambda m: SLOW_DOWN in (m.content or ""), 60, after=mark
        )
        assert process.returncode is None
    finally:
        await stop_bot(process)
    answers = [m.content or "" for m in server.sent(flooder.user.chat_id) if m.message_id > mark]
    assert sum(SLOW_DOWN in text for text in answers) == 1
    # At most the burst (and what refilled meanwhile) was answered, not 300.
    assert len(answers) < 60
    assert server.refusals == []
