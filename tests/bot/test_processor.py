"""PerChatUpdateProcessor: chats run side by side, each chat's updates strictly in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Chat, Message, Update, User

from bot.processor import PerChatUpdateProcessor
from bot.turns import ASK_AGAIN_EVERY, ChatTurns
from handlers.lanes import taking_turns
from storage import Storage
from storage.leases import chat_turn

_ids = iter(range(1, 10_000))


def update_in(chat_id: int) -> Update:
    """Return a text message update from a private chat."""
    update_id = next(_ids)
    user = User(chat_id, "สมชาย", is_bot=False)
    chat = Chat(chat_id, Chat.PRIVATE)
    message = Message(update_id, datetime.now(UTC), chat, from_user=user, text="x")
    return Update(update_id, message=message)


class Recorder:
    """Coroutines that log their start and end and can be held until released."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    def gate(self, name: str) -> asyncio.Event:
        """Return the event that holds the named handler until set."""
        return self.gates.setdefault(name, asyncio.Event())

    async def handle(self, name: str, held: bool = False) -> None:
        """Stand in for the application's handling of one update."""
        self.log.append(f"start {name}")
        self.gate(f"start {name}").set()
        if held:
            await self.gate(name).wait()
        self.log.append(f"end {name}")


async def until(condition: Callable[[], bool], turns: int = 200) -> bool:
    """Let the event loop run until condition holds; count turns, not time."""
    for _ in range(turns):
        if condition():
            return True
        await asyncio.sleep(0)
    return condition()


def submit(
    processor: PerChatUpdateProcessor, recorder: Recorder, chat_id: int, name: str, held: bool
) -> asyncio.Task[None]:
    """Hand an update to the processor the way Application does: one task per update."""
    coroutine = recorder.handle(name, held)
    return asyncio.create_task(processor.process_update(update_in(chat_id), coroutine))


async def test_two_chats_interleave() -> None:
    """While one chat's update waits, another chat's update starts and finishes."""
    processor, recorder = PerChatUpdateProcessor(), Recorder()
    first = submit(processor, recorder, 1, "a1", held=True)
    second = submit(processor, recorder, 2, "b1", held=True)
    assert await until(lambda: recorder.log == ["start a1", "start b1"])
    recorder.gate("b1").set()
    await second
    recorder.gate("a1").set()
    await first
    assert recorder.log == ["start a1", "start b1", "end b1", "end a1"]


async def test_one_chat_stays_strictly_ordered() -> None:
    """A chat's later updates wait for its earlier ones, even when they would finish first."""
    processor, recorder = PerChatUpdateProcessor(), Recorder()
    tasks = [submit(processor, recorder, 7, "1", held=True)]
    tasks += [submit(processor, recorder, 7, name, held=False) for name in ("2", "3", "4")]
    await until(lambda: False, turns=50)  # give the later updates every chance to jump ahead
    assert recorder.log == ["start 1"]
    recorder.gate("1").set()
    await asyncio.gather(*tasks)
    assert recorder.log == [
        "start 1",
        "end 1",
        "start 2",
        "end 2",
        "start 3",
        "end 3",
        "start 4",
        "end 4",
    ]


async def test_slow_update_does_not_delay_another_chat() -> None:
    """Many updates of other chats complete while one chat's update is still held."""
    processor, recorder = PerChatUpdateProcessor(), Recorder()
    slow = submit(processor, recorder, 1, "slow", held=True)
    # Queued behind the slow one in the same chat.
    behind = submit(processor, recorder, 1, "behind", held=False)
    others = [submit(processor, recorder, 100 + i, f"other{i}", held=False) for i in range(20)]
    await asyncio.gather(*others)
    assert "end slow" not in recorder.log and "start behind" not in recorder.log
    assert all(f"end other{i}" in recorder.log for i in range(20))
    recorder.gate("slow").set()
    await asyncio.gather(slow, behind)
    assert recorder.log[-3:] == ["end slow", "start behind", "end behind"]


async def test_locks_are_forgotten_when_a_chat_is_idle() -> None:
    """No per-chat state is left once every update of every chat is done."""
    processor, recorder = PerChatUpdateProcessor(), Recorder()
    await asyncio.gather(*(submit(processor, recorder, c % 5, str(c), False) for c in range(30)))
    assert processor._locks == {} and processor._users == {}


async def test_a_failing_update_releases_its_chat() -> None:
    """An update whose handling raises does not block the chat's next update."""
    processor, recorder = PerChatUpdateProcessor(), Recorder()

    async def boom() -> None:
        raise RuntimeError("handler failed")

    failing = asyncio.create_task(processor.process_update(update_in(3), boom()))
    following = submit(processor, recorder, 3, "next", held=False)
    results = await asyncio.gather(failing, following, return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert recorder.log == ["start next", "end next"]


async def test_taking_turns_runs_at_most_the_allowed_callbacks_at_once() -> None:
    """Callbacks sharing a semaphore of two never run three at a time, and all of them run."""
    running, most, done = 0, 0, []

    @taking_turns(asyncio.Semaphore(2))
    async def lookup(index: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        done.append(index)

    await asyncio.gather(*(lookup(index) for index in range(7)))
    assert most == 2
    assert sorted(done) == list(range(7))


async def test_one_chats_backlog_holds_no_more_than_one_slot() -> None:
    """Fifty queued updates of one chat take one slot; another chat is handled meanwhile."""
    processor = PerChatUpdateProcessor(max_concurrent_updates=2)
    recorder = Recorder()
    flood = [submit(processor, recorder, 1, f"flood{i}", held=True) for i in range(50)]
    other = submit(processor, recorder, 2, "other", held=False)
    assert await until(lambda: "end other" in recorder.log)
    assert [line for line in recorder.log if line.startswith("start flood")] == ["start flood0"]
    for index in range(50):
        recorder.gate(f"flood{index}").set()
    await asyncio.gather(*flood, other)


async def started(recorder: Recorder, name: str) -> None:
    """Wait until the named handler has started (a turn takes a trip to the database)."""
    await asyncio.wait_for(recorder.gate(f"start {name}").wait(), 5)


Processors = tuple[PerChatUpdateProcessor, PerChatUpdateProcessor]


@pytest.fixture
async def shared_store(tmp_path: Path) -> AsyncIterator[Storage]:
    """Open one database that two "processes" share."""
    opened = await Storage.open(tmp_path / "shared.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
def two_processes(shared_store: Storage) -> Processors:
    """Return the update processors of two processes sharing the database's chat turns."""
    return (
        PerChatUpdateProcessor(turns=ChatTurns(shared_store, "host:1:a")),
        PerChatUpdateProcessor(turns=ChatTurns(shared_store, "host:2:b")),
    )


async def test_one_chat_waits_for_its_turn_held_by_another_process(
    shared_store: Storage, two_processes: Processors
) -> None:
    """Two processes get one chat's updates: the second starts only after the first ends."""
    first, second = two_processes
    recorder = Recorder()
    held = submit(first, recorder, 7, "1", held=True)
    await started(recorder, "1")
    later = submit(second, recorder, 7, "2", held=False)
    await asyncio.sleep(ASK_AGAIN_EVERY * 4)  # the second process asks several times, in vain
    assert recorder.log == ["start 1"]
    recorder.gate("1").set()
    await asyncio.gather(held, later)
    assert recorder.log == ["start 1", "end 1", "start 2", "end 2"]
    # Both turns were given back: nothing of the chat is left in the leases.
    assert await shared_store.leases.holder(chat_turn(7), datetime.now(UTC)) is None


async def test_other_chats_do_not_wait_for_a_held_turn(two_processes: Processors) -> None:
    """While one process holds a chat's turn, another process handles another chat at once."""
    first, second = two_processes
    recorder = Recorder()
    held = submit(first, recorder, 7, "a", held=True)
    await started(recorder, "a")
    await submit(second, recorder, 8, "b", held=False)
    assert recorder.log == ["start a", "start b", "end b"]
    recorder.gate("a").set()
    await held


async def test_a_dead_process_turn_expires(shared_store: Storage) -> None:
    """A turn taken by a process that died is granted to another once its time is over."""
    ttl = timedelta(seconds=0.3)
    await shared_store.leases.claim(chat_turn(9), "host:dead:x", datetime.now(UTC), ttl)
    survivor = PerChatUpdateProcessor(turns=ChatTurns(shared_store, "host:2:b", ttl))
    recorder = Recorder()
    waiting = submit(survivor, recorder, 9, "next", held=False)
    await asyncio.sleep(0.1)
    assert recorder.log == []
    await asyncio.wait_for(waiting, 5)
    assert recorder.log == ["start next", "end next"]
