"""The fair, lane-aware send pacer (bot/pacing.py)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.pacing import FairPacer
from handlers.lanes import Lane, current_lane, in_lane, retry_seconds

# RetryAfter's own constructor reads its deprecated int-or-timedelta property.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

Result = bool | dict[str, Any] | list[dict[str, Any]]


class Recorder:
    """Callbacks that write their label down when the pacer lets them run."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.times: dict[str, float] = {}

    def callback(self, label: str) -> Callable[[], Coroutine[Any, Any, Result]]:
        async def call() -> Result:
            self.calls.append(label)
            self.times[label] = time.monotonic()
            return True

        return call


async def send(
    pacer: FairPacer,
    callback: Callable[[], Coroutine[Any, Any, Result]],
    chat_id: int | str | None,
    lane: Lane = Lane.ANSWER,
    rate_limit_args: int | None = None,
) -> Result:
    """Send through the pacer as a callback of the given lane would."""
    data: dict[str, Any] = {} if chat_id is None else {"chat_id": chat_id}

    @in_lane(lane)
    async def go() -> Result:
        return await pacer.process_request(callback, (), {}, "sendMessage", data, rate_limit_args)

    return await go()


def start(
    pacer: FairPacer, rec: Recorder, label: str, chat_id: int | str, lane: Lane = Lane.ANSWER
) -> asyncio.Task[Result]:
    """Start a send in its own task, as concurrent handlers would."""
    return asyncio.create_task(send(pacer, rec.callback(label), chat_id, lane))


async def wait_until(condition: Callable[[], bool]) -> None:
    """Yield to the loop until the condition holds; fail the test after about 5 s."""
    for _ in range(5000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("condition never held")


async def stop(pacer: FairPacer, tasks: list[asyncio.Task[Result]]) -> None:
    """Cancel whatever is still waiting and stop the dispatcher."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await pacer.shutdown()


async def test_answers_go_ahead_of_queued_lookups() -> None:
    """ANSWER sends queued behind ten LOOKUP sends are among the first few served."""
    pacer, rec = FairPacer(rate=20, burst=1), Recorder()
    tasks = [start(pacer, rec, f"lookup{i}", i, Lane.LOOKUP) for i in range(10)]
    await wait_until(lambda: len(rec.calls) >= 1)
    tasks += [start(pacer, rec, f"answer{i}", 100 + i, Lane.ANSWER) for i in range(2)]
    await asyncio.gather(*tasks)
    assert len(rec.calls) == 12
    assert rec.calls.index("answer0") < 4
    assert rec.calls.index("answer1") < 4
    assert [c for c in rec.calls if c.startswith("lookup")] == [f"lookup{i}" for i in range(10)]


async def test_chats_take_turns_inside_a_lane() -> None:
    """One chat's single send is not held back by another chat's ten; each keeps its order."""
    pacer, rec = FairPacer(rate=50, burst=1), Recorder()
    tasks = [start(pacer, rec, f"a{i}", 1) for i in range(10)]
    await asyncio.sleep(0)  # chat A's sends are queued first
    tasks.append(start(pacer, rec, "b", 2))
    await asyncio.gather(*tasks)
    assert rec.calls.index("b") <= 2
    assert [c for c in rec.calls if c.startswith("a")] == [f"a{i}" for i in range(10)]


async def test_bulk_is_served_while_answers_keep_coming() -> None:
    """A BULK send gets out after its patience although ANSWER sends never stop arriving."""
    pacer, rec = FairPacer(rate=100, burst=1, patience={Lane.BULK: 0.05}), Recorder()
    answering = True

    async def keep_answering(chat: int) -> None:
        n = 0
        while answering:
            await send(pacer, rec.callback(f"answer-{chat}-{n}"), chat)
            n += 1

    answerers = [asyncio.create_task(keep_answering(chat)) for chat in range(5)]
    await asyncio.sleep(0)  # the answers are queued before the reminder
    await asyncio.wait_for(send(pacer, rec.callback("bulk"), 999, Lane.BULK), timeout=5)
    answering = False
    await asyncio.gather(*answerers)
    assert rec.calls.index("bulk") >= 1  # the answers queued first did go first
    assert rec.calls[-1] != "bulk"  # answers were still arriving when the reminder went out


async def test_lookup_waits_while_answers_keep_coming() -> None:
    """Without its patience running out, a LOOKUP send waits behind a stream of ANSWER sends."""
    pacer, rec = FairPacer(rate=100, burst=1), Recorder()
    tasks = [start(pacer, rec, f"answer{i}", i) for i in range(20)]
    await asyncio.sleep(0)
    tasks.append(start(pacer, rec, "lookup", 999, Lane.LOOKUP))
    await asyncio.gather(*tasks)
    assert rec.calls[-1] == "lookup"


async def test_unpaced_requests_skip_the_queue() -> None:
    """A request without chat_id runs at once while paced sends wait for tokens."""
    pacer, rec = FairPacer(rate=1, burst=1), Recorder()
    tasks = [start(pacer, rec, f"send{i}", i) for i in range(5)]
    await wait_until(lambda: len(rec.calls) >= 1)
    result = await asyncio.wait_for(send(pacer, rec.callback("getFile"), None), timeout=0.9)
    assert result is True
    assert rec.calls == ["send0", "getFile"]
    await stop(pacer, tasks)


async def test_bucket_allows_a_burst_then_the_rate() -> None:
    """With rate R and burst B, B sends go out at once and N sends take at least (N - B) / R."""
    rate, burst, n = 5.0, 3, 6
    pacer, rec = FairPacer(rate=rate, burst=burst), Recorder()
    began = time.monotonic()
    tasks = [start(pacer, rec, f"s{i}", i) for i in range(n)]
    for _ in range(10):
        await asyncio.sleep(0)
    assert len(rec.calls) == burst
    await asyncio.gather(*tasks)
    assert len(rec.calls) == n
    assert time.monotonic() - began >= 0.8 * (n - burst) / rate


async def test_retry_after_is_retried_then_succeeds() -> None:
    """A 429 then success returns the result after the pause; the pause holds other requests."""
    pacer, rec = FairPacer(rate=100, max_retries=1), Recorder()
    attempts: list[float] = []

    async def flaky() -> Result:
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            raise RetryAfter(retry_after=dtm.timedelta(milliseconds=100))
        return {"ok": True}

    task = asyncio.create_task(send(pacer, flaky, 5))
    await wait_until(lambda: len(attempts) == 1)
    unpaced = await send(pacer, rec.callback("getFile"), None)
    assert await task == {"ok": True}
    assert unpaced is True
    assert len(attempts) == 2
    assert attempts[1] - attempts[0] >= 0.15  # retry_after + 0.1, less timer slack
    assert rec.times["getFile"] - attempts[0] >= 0.15


async def test_retry_after_propagates_without_retries() -> None:
    """With max_retries=0 the RetryAfter reaches the caller; rate_limit_args overrides it."""
    pacer = FairPacer(rate=100, max_retries=0)
    calls = 0

    async def always_429() -> Result:
        nonlocal calls
        calls += 1
        raise RetryAfter(retry_after=dtm.timedelta(milliseconds=10))

    with pytest.raises(RetryAfter):
        await send(pacer, always_429, 5)
    assert calls == 1
    with pytest.raises(RetryAfter):
        await send(pacer, always_429, 5, rate_limit_args=2)
    assert calls == 4


def test_retry_seconds_reads_timedelta_and_int() -> None:
    """The wait Telegram asks for is read whether PTB holds it as timedelta or int."""
    assert retry_seconds(RetryAfter(retry_after=dtm.timedelta(milliseconds=1500))) == 1.5
    assert retry_seconds(RetryAfter(retry_after=3)) == 3.0


async def test_cancelled_waiter_uses_no_token() -> None:
    """A send cancelled while queued is skipped without a token; later sends still go out."""
    pacer, rec = FairPacer(rate=0.1, burst=3), Recorder()

    async def rate_limited() -> Result:
        raise RetryAfter(retry_after=dtm.timedelta(milliseconds=200))

    with pytest.raises(RetryAfter):  # one token used, and the pacer holds sends for 0.3 s
        await send(pacer, rate_limited, 1)
    doomed = start(pacer, rec, "doomed", 2)
    kept = start(pacer, rec, "kept", 3)
    await asyncio.sleep(0.05)  # both are queued; the dispatcher waits out the pause
    doomed.cancel()
    assert await asyncio.wait_for(kept, timeout=3) is True
    # The last token is still there: had the cancelled send taken one, this would wait 10 s.
    assert await asyncio.wait_for(send(pacer, rec.callback("later"), 4), timeout=3) is True
    assert doomed.cancelled()
    assert rec.calls == ["kept", "later"]
    await pacer.shutdown()


async def test_in_lane_sets_and_resets_the_lane() -> None:
    """in_lane sets the lane inside the callback and restores it after, also on error."""

    @in_lane(Lane.LOOKUP)
    async def handler(update: object, context: object) -> Lane:
        return current_lane()

    @in_lane(Lane.BULK)
    async def job(context: object) -> None:
        assert current_lane() is Lane.BULK
        raise RuntimeError("job failed")

    assert current_lane() is Lane.ANSWER
    assert await handler(None, None) is Lane.LOOKUP
    assert current_lane() is Lane.ANSWER
    with pytest.raises(RuntimeError):
        await job(None)
    assert current_lane() is Lane.ANSWER
    assert handler.__name__ == "handler"


async def test_group_chats_go_through_the_group_limiter() -> None:
    """A second send to the same group waits for the group limiter; a private chat does not."""
    pacer, rec = FairPacer(rate=100, burst=5, group_rate=(1, 0.3)), Recorder()
    first = start(pacer, rec, "group1", -100)
    second = start(pacer, rec, "group2", -100)
    channel = start(pacer, rec, "channel", "@reports")
    await wait_until(lambda: len(rec.calls) >= 2)
    private = start(pacer, rec, "private", 7)
    await asyncio.gather(first, second, channel, private)
    assert rec.calls.index("private") < rec.calls.index("group2")
    assert rec.times["group2"] - rec.times["group1"] >= 0.2
    await pacer.shutdown()


async def test_chat_bookkeeping_is_forgotten_when_idle() -> None:
    """Once every send is out, no per-chat fair-queue state is kept (inspects internals)."""
    pacer, rec = FairPacer(rate=200, burst=5), Recorder()
    tasks = [start(pacer, rec, f"s{i}", i % 7, Lane(i % 3)) for i in range(30)]
    await asyncio.gather(*tasks)
    assert len(rec.calls) == 30
    assert all(not q.last_tag and not q.queued and not q.heap for q in pacer._queues)


async def test_shutdown_leaves_waiters_for_a_later_dispatcher() -> None:
    """Shutdown stops the dispatcher without failing queued sends; a new send restarts it."""
    pacer, rec = FairPacer(rate=5, burst=1), Recorder()
    tasks = [start(pacer, rec, "first", 1), start(pacer, rec, "waiting", 2)]
    await wait_until(lambda: rec.calls == ["first"])
    await pacer.shutdown()
    assert not tasks[1].done()
    tasks.append(start(pacer, rec, "later", 3))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    assert rec.calls == ["first", "waiting", "later"]


async def test_lower_lanes_leave_the_last_token_to_answers() -> None:
    """A LOOKUP flood never takes the burst's last token: an answer goes before the next lookup."""
    pacer, rec = FairPacer(rate=2, burst=2), Recorder()
    lookups = [start(pacer, rec, f"lookup{i}", 100 + i, Lane.LOOKUP) for i in range(3)]
    await wait_until(lambda: rec.calls == ["lookup0"])
    await asyncio.sleep(0.05)
    answer = start(pacer, rec, "answer", 1)
    await wait_until(lambda: "answer" in rec.calls)
    assert rec.calls == ["lookup0", "answer"]
    await stop(pacer, [*lookups, answer])


async def test_answers_may_overdraw_the_bucket_but_lookups_may_not() -> None:
    """With burst 2 and overdraft 1, three answers go at once; a lookup waits for a refill."""
    pacer, rec = FairPacer(rate=1, burst=2, overdraft=1), Recorder()
    answers = [start(pacer, rec, f"answer{i}", 10 + i) for i in range(4)]
    lookup = start(pacer, rec, "lookup", 99, Lane.LOOKUP)
    await wait_until(lambda: len(rec.calls) == 3)
    await asyncio.sleep(0.2)
    assert sorted(rec.calls) == [f"answer{i}" for i in range(3)]
    await stop(pacer, [*answers, lookup])


async def test_no_more_than_burst_plus_rate_in_any_second() -> None:
    """Overdrawn answers still respect the per-second window of burst + rate sends."""
    pacer, rec = FairPacer(rate=2, burst=1, overdraft=10), Recorder()
    answers = [start(pacer, rec, f"answer{i}", 10 + i) for i in range(6)]
    await wait_until(lambda: len(rec.calls) == 3)
    first = rec.times["answer0"]
    await wait_until(lambda: len(rec.calls) >= 4)
    assert rec.times[rec.calls[3]] - first >= 0.95
    await stop(pacer, answers)


async def test_a_private_chat_gets_a_burst_then_waits_while_others_go() -> None:
    """A chat over its burst waits for its own limiter; another chat's message goes first."""
    pacer, rec = FairPacer(rate=1000, burst=100, private_rate=(3, 0.6)), Recorder()
    flood = [start(pacer, rec, f"flood{i}", 7) for i in range(5)]
    await wait_until(lambda: len(rec.calls) >= 3)
    other = start(pacer, rec, "other", 8)
    await asyncio.gather(*flood, other)
    assert rec.calls.index("other") < rec.calls.index("flood3")
    assert sorted(rec.calls) == sorted([f"flood{i}" for i in range(5)] + ["other"])
    await pacer.shutdown()


async def test_a_429_of_a_chat_at_its_limit_pauses_only_that_chat() -> None:
    """Telegram's 429 for a chat that used its burst holds that chat, not another one."""
    pacer, rec = FairPacer(rate=1000, burst=100, max_retries=1, private_rate=(1, 0.05)), Recorder()
    attempts: list[str] = []

    async def flaky() -> Result:
        attempts.append("flaky")
        rec.calls.append(f"flaky{len(attempts)}")
        if len(attempts) == 1:
            raise RetryAfter(retry_after=dtm.timedelta(milliseconds=300))
        return True

    held = asyncio.create_task(send(pacer, flaky, 7))
    await wait_until(lambda: len(attempts) == 1)
    await send(pacer, rec.callback("other"), 8)
    await held
    assert rec.calls == ["flaky1", "other", "flaky2"]
    await pacer.shutdown()


def test_one_process_keeps_the_whole_rate() -> None:
    """Alone, a process paces exactly as before: its share is the whole SEND_RATE."""
    pacer = FairPacer(rate=28, burst=2)
    pacer.share_with(1)
    assert pacer.rate == 28
    pacer.share_with(0)  # no heartbeat counted yet: still alone
    assert pacer.rate == 28


def test_three_processes_share_the_rate_and_back() -> None:
    """Three live processes pace at a third each; when two stop, the whole rate comes back."""
    pacer = FairPacer(rate=27, burst=3)
    pacer.share_with(3)
    assert pacer.rate == 9
    pacer.share_with(1)
    assert pacer.rate == 27


async def test_a_third_share_sends_a_third_of_burst_plus_rate_in_a_second() -> None:
    """With three processes, one sends no more than (burst + rate) / 3 in any second."""
    pacer, rec = FairPacer(rate=4, burst=2, overdraft=10), Recorder()
    pacer.share_with(3)  # two sends in any second
    answers = [start(pacer, rec, f"answer{i}", 10 + i) for i in range(4)]
    await wait_until(lambda: len(rec.calls) == 2)
    first = rec.times[rec.calls[0]]
    await wait_until(lambda: len(rec.calls) >= 3)
    assert rec.times[rec.calls[2]] - first >= 0.95
    await stop(pacer, answers)
