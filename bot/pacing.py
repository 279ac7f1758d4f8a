"""Pace Bot API sends by lane, fairly between chats, within Telegram's flood limits.

At the end of a month officers answer a multi-step report while supervisors ask for charts.
In first-come order each officer's next question queues behind the charts (p99 ~2 s instead of
~80 ms). So conversation answers go first, lookups next, broadcasts last; inside a lane chats
take turns (start-time fair queueing), and a waiting lower lane gets a send once per patience.
Lower lanes send only from a full token bucket, while answers may overdraw it a little; a
sliding one-second count keeps the total within burst + rate whatever the lanes do.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.sending import Attempts, method_of
from handlers.lanes import Lane, current_lane, retry_seconds

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
Result = bool | dict[str, Any] | list[dict[str, Any]]
ChatKey = int | str


DEFAULT_PATIENCE: Mapping[Lane, float] = {Lane.LOOKUP: 3.0, Lane.BULK: 30.0}
# Checked in this order: the lowest lane first, so that busy lookups cannot starve reminders.
OVERDUE_ORDER = (Lane.BULK, Lane.LOOKUP)
WINDOW = 1.0  # seconds: Telegram counts sends per sliding second


@dataclass(slots=True)
class _Waiter:
    chat: ChatKey
    future: asyncio.Future[None]
    since: float


@dataclass
class _LaneQueue:
    heap: list[tuple[int, int, _Waiter]] = field(default_factory=list)
    virtual: int = 0
    last_tag: dict[ChatKey, int] = field(default_factory=dict)
    queued: dict[ChatKey, int] = field(default_factory=dict)
    served_at: float = -math.inf

    def push(self, waiter: _Waiter, seq: int) -> None:
        """Queue a waiter behind its chat's earlier sends, level with other chats."""
        tag = max(self.virtual, self.last_tag.get(waiter.chat, 0)) + 1
        self.last_tag[waiter.chat] = tag
        self.queued[waiter.chat] = self.queued.get(waiter.chat, 0) + 1
        heapq.heappush(self.heap, (tag, seq, waiter))

    def pop(self) -> tuple[int, _Waiter]:
        """Remove the head; forget its chat once that chat has nothing queued."""
        tag, _, waiter = heapq.heappop(self.heap)
        self.queued[waiter.chat] -= 1
        if not self.queued[waiter.chat]:
            del self.queued[waiter.chat], self.last_tag[waiter.chat]
        return tag, waiter

    def drop_cancelled(self) -> bool:
        """Drop cancelled waiters at the head; return whether a live one is left."""
        while self.heap and self.heap[0][2].future.cancelled():
            self.pop()
        return bool(self.heap)


class FairPacer(BaseRateLimiter[int]):
    """Token-bucket pacer serving lanes by priority and chats fairly inside each lane."""

    def __init__(
        self,
        rate: float,
        burst: int = 2,
        max_retries: int = 0,
        patience: Mapping[Lane, float] | None = None,
        group_rate: tuple[float, float] = (20, 60.0),
        overdraft: int = 0,
        private_rate: tuple[float, float] | None = None,
    ) -> None:
        self._rate, self._burst, self._max_retries = rate, burst, max_retries
        self._overdraft = overdraft
        # The whole bot's rate; this process sends its share of it (``share_with``).
        self._bot_rate = rate
        # Telegram's limit is a count per sliding second: burst + rate, never exceeded even
        # when answers overdraw the bucket.
        self._window_limit = max(1, int(burst + rate))
        self._sent: deque[float] = deque()
        self._patience = {**DEFAULT_PATIENCE, **(patience or {})}
        self._group_rate = group_rate
        self._groups: dict[ChatKey, AsyncLimiter] = {}
        # Messages to one private chat: a small burst, then about one a second, as Telegram
        # asks; None turns it off (tests, and benchmarks of the bot's own cost).
        self._private_rate = private_rate
        self._privates: dict[ChatKey, AsyncLimiter] = {}
        # A 429 that concerns one chat pauses that chat only.
        self._chat_resume: dict[ChatKey, float] = {}
        self._tokens, self._refilled = float(burst), time.monotonic()
        self._queues = [_LaneQueue() for _ in Lane]
        self._seq = itertools.count()
        self._resume_at = -math.inf
        self._dispatcher: asyncio.Task[None] | None = None
        self._arrived = asyncio.Event()

    @property
    def rate(self) -> float:
        """Return the steady sends a second this process allows itself now."""
        return self._rate

    def share_with(self, processes: int) -> None:
        """Pace this process at its share of the bot's rate when ``processes`` run at once.

        Telegram counts a bot's sends whatever process makes them: each of n processes gets
        rate / n and (burst + rate) / n sends in any second, so together they stay within what
        one process alone sends (and one process alone keeps exactly that).
        """
        count = max(1, processes)
        self._refill(time.monotonic())  # tokens earned so far at the old rate
        self._rate = self._bot_rate / count
        self._window_limit = max(1, int((self._burst + self._bot_rate) / count))

    async def initialize(self) -> None:
        """Do nothing: the dispatcher starts when the first send is queued."""

    async def shutdown(self) -> None:
        """Stop the dispatcher; queued sends wait until a later send restarts it."""
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            await asyncio.wait({self._dispatcher})
            self._dispatcher = None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Send when the lane and chat get their turn; repeat as the retry policy allows.

        This is the one place a call is repeated: after a 429 (up to ``max_retries`` times) and
        after a network failure when bot/sending.py's policy says the call may be repeated.
        """
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        chat = _chat_key(data.get("chat_id"))
        lane = current_lane()
        flood_retries = 0
        attempts = Attempts(method_of(endpoint))
        limiter = self._chat_limiter(chat, attempts.method)
        while True:
            try:
                async with limiter:
                    await self._wait_chat_pause(chat)
                    if chat is not None:  # as in AIORateLimiter, chatless calls are not paced
                        await self._queue(lane, chat)
                    await self._wait_pause()
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                pause = retry_seconds(exc) + 0.1
                resume = time.monotonic() + pause
                # Telegram does not say which limit a 429 is about. When this chat was at its
                # own limit (a group's 20 a minute, a private chat's burst), it is that chat's;
                # only that chat holds off. Otherwise it is the bot's: everyone holds off, even
                # when this request has no retries left.
                if chat is not None and limiter is not _UNLIMITED and not limiter.has_capacity():
                    self._chat_resume[chat] = max(self._chat_resume.get(chat, 0.0), resume)
                    log.info("%s: chat at its limit; pausing it for %.1f s", endpoint, pause)
                else:
                    self._resume_at = max(self._resume_at, resume)
                    log.info("%s hit the flood limit; pausing sends for %.1f s", endpoint, pause)
                if flood_retries >= retries:
                    raise
                flood_retries += 1
            except BadRequest as refusal:  # before NetworkError: BadRequest is one
                if attempts.done_already(refusal):
                    return True
                raise
            except NetworkError as error:  # TimedOut included
                wait = attempts.pause_after(error)
                if wait is None:
                    raise
                await asyncio.sleep(wait)

    def _chat_limiter(self, chat: ChatKey | None, method: str) -> AsyncLimiter:
        if chat is None:
            return _UNLIMITED
        if isinstance(chat, int) and chat >= 0:  # a private chat: only messages count
            if self._private_rate is None or not method.startswith(MESSAGES):
                return _UNLIMITED
            return _limiter_of(self._privates, chat, self._private_rate)
        if not all(self._group_rate):
            return _UNLIMITED
        return _limiter_of(self._groups, chat, self._group_rate)

    async def _wait_chat_pause(self, chat: ChatKey | None) -> None:
        if chat is None or chat not in self._chat_resume:
            return
        left = self._chat_resume[chat] - time.monotonic()
        if left <= 0:
            del self._chat_resume[chat]
            return
        await asyncio.sleep(left)
        await self._wait_chat_pause(chat)  # a later 429 may have moved the end of the pause

    async def _wait_pause(self) -> None:
        if (left := self._resume_at - time.monotonic()) > 0:
            await asyncio.sleep(left)
            await self._wait_pause()  # a later 429 may have moved the end of the pause

    async def _queue(self, lane: Lane, chat: ChatKey) -> None:
        now = time.monotonic()
        # Nobody waiting and room to send: go now, without a round trip through the dispatcher.
        if not any(queue.heap for queue in self._queues) and now >= self._resume_at:
            self._refill(now)
            if self._wait_for(lane, now) <= 0:
                self._take(now)
                return
        waiter = _Waiter(chat, asyncio.get_running_loop().create_future(), now)
        self._queues[lane].push(waiter, next(self._seq))
        self._arrived.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="FairPacer")
        try:
            await waiter.future
        except asyncio.CancelledError:
            if not waiter.future.cancelled():  # our turn came but we won't send: give it back
                self._tokens = min(self._burst, self._tokens + 1)
            raise

    async def _dispatch(self) -> None:
        while any([queue.drop_cancelled() for queue in self._queues]):
            # Tokens handed out during a 429 pause would all fire together when it ends.
            if (left := self._resume_at - time.monotonic()) > 0:
                await asyncio.sleep(left)
                continue
            now = time.monotonic()
            self._refill(now)
            lane = self._next_lane(now)
            wait = self._wait_for(lane, now)
            if wait > 0:
                self._arrived.clear()
                with contextlib.suppress(TimeoutError):
                    # An answer queued meanwhile may be served with the tokens there are.
                    await asyncio.wait_for(self._arrived.wait(), wait)
                continue
            queue = self._queues[lane]
            queue.virtual, waiter = queue.pop()
            queue.served_at = now
            self._take(now)
            waiter.future.set_result(None)

    def _refill(self, now: float) -> None:
        self._tokens = min(self._burst, self._tokens + (now - self._refilled) * self._rate)
        self._refilled = now

    def _take(self, now: float) -> None:
        self._tokens -= 1
        self._sent.append(now)

    def _wait_for(self, lane: Lane, now: float) -> float:
        # Answers may overdraw the bucket a little: the officer's next question (and the
        # second message of a step) goes at once while charts flow. Lower lanes wait for a
        # full bucket, which leaves its tokens to answers and repays an overdraft first.
        needed = 1 - self._overdraft if lane is Lane.ANSWER else self._burst
        wait = max(0.0, (needed - self._tokens) / self._rate)
        while self._sent and now - self._sent[0] >= WINDOW:
            self._sent.popleft()
        if len(self._sent) >= self._window_limit:
            wait = max(wait, self._sent[0] + WINDOW - now)
        return wait

    def _next_lane(self, now: float) -> Lane:
        for lane in OVERDUE_ORDER:
            queue = self._queues[lane]
            # Waiting counts from the later of arrival and the lane's last send, so an old
            # backlog of reminders gets one send per patience instead of taking over.
            if queue.heap and now - max(queue.heap[0][2].since, queue.served_at) > (
                self._patience.get(lane, math.inf)
            ):
                return lane
        return next(lane for lane in Lane if self._queues[lane].heap)


class _Unlimited(AsyncLimiter):
    """A limiter that never waits, for calls no per-chat limit applies to."""

    def __init__(self) -> None:
        super().__init__(1, 1)

    async def __aenter__(self) -> None:
        return None

    def has_capacity(self, amount: float = 1) -> bool:
        """Return True: there is always room."""
        return True


_UNLIMITED = _Unlimited()
# Methods that put a message into a chat, counted by Telegram's per-chat limit.
MESSAGES = ("send", "copymessage", "forwardmessage")
_IDLE_PRUNE = 512


def _limiter_of(
    limiters: dict[ChatKey, AsyncLimiter], chat: ChatKey, rate: tuple[float, float]
) -> AsyncLimiter:
    if len(limiters) > _IDLE_PRUNE:  # drop idle chats so the dict stays small
        for key, idle in list(limiters.items()):
            if key != chat and idle.has_capacity(idle.max_rate):
                del limiters[key]
    if chat not in limiters:
        limiters[chat] = AsyncLimiter(*rate)
    return limiters[chat]


def _chat_key(chat_id: object) -> ChatKey | None:
    if chat_id is None:
        return None
    with contextlib.suppress(ValueError, TypeError):
        return int(str(chat_id))
    return str(chat_id)
