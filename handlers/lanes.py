"""Mark how a callback's sends queue and how many such callbacks run at once.

The decorators go on the callback where it is defined, so that reading a handler module shows
that, say, ``/status`` answers in the lookup lane and two at a time (``@lookup``). Report steps
are marked ``@reads_on_writer`` (storage/db.py) in handlers/report. ``bot/pacing.py`` reads
the lane of the task that sends.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dtm
import functools
import warnings
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from enum import IntEnum
from typing import Any, ParamSpec, TypeVar

from telegram.error import RetryAfter

P = ParamSpec("P")
R = TypeVar("R")


class Lane(IntEnum):
    """How urgently somebody waits for a send; a lower value is served first."""

    ANSWER = 0  # the next step of a conversation someone is typing in
    LOOKUP = 1  # status cards, charts, exports, tidying old buttons: can wait a little
    BULK = 2  # reminders and digests sent by jobs: nobody is waiting


lane_var: contextvars.ContextVar[Lane] = contextvars.ContextVar("pacing_lane", default=Lane.ANSWER)


def current_lane() -> Lane:
    """Return the lane of the current task."""
    return lane_var.get()


def in_lane(
    lane: Lane,
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Coroutine[Any, Any, R]]]:
    """Run the decorated async callback with its sends in the given lane."""

    def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            token = lane_var.set(lane)
            try:
                return await func(*args, **kwargs)
            finally:
                lane_var.reset(token)

        return wrapper

    return decorate


# Lookups take turns, this many at a time: as many as there are chart workers
# (core/charts), since more would only wait for one. The event loop has no priorities, and
# twenty lookups at once each held up an officer's step for a moment (bench/chart_storm.py).
LOOKUPS_AT_ONCE = 2


class TurnsPerLoop:
    """A semaphore shared by every callback of an event loop (tests run a loop each)."""

    def __init__(self, at_once: int) -> None:
        self.at_once = at_once
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _of_this_loop(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        turns = self._turns.get(loop)
        if turns is None:
            turns = self._turns[loop] = asyncio.Semaphore(self.at_once)
        return turns

    async def __aenter__(self) -> None:
        await self._of_this_loop().acquire()

    async def __aexit__(self, *_: object) -> None:
        self._of_this_loop().release()


# The turns every lookup callback shares, in the module so that all of them count together.
LOOKUP_TURNS = TurnsPerLoop(LOOKUPS_AT_ONCE)


def lookup(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Run the decorated callback as a lookup: sends in the LOOKUP lane, a few at a time.

    A card or chart can wait a moment; an officer's next question should not. The sends of a
    lookup queue behind answers (bot/pacing.py), and no more than ``LOOKUPS_AT_ONCE`` lookups
    run at once, all lookup callbacks together.
    """
    return in_lane(Lane.LOOKUP)(taking_turns(LOOKUP_TURNS)(func))


def retry_seconds(error: RetryAfter) -> float:
    """Return how many seconds Telegram asked to wait (PTB 22 holds an int or a timedelta)."""
    with warnings.catch_warnings():
        # PTB warns that the attribute will become a timedelta; both are read here.
        warnings.simplefilter("ignore")
        value: dtm.timedelta | float = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def taking_turns(
    turns: AbstractAsyncContextManager[object],
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Coroutine[Any, Any, R]]]:
    """Run the decorated async callback only while ``turns`` (a semaphore) has room."""

    def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            async with turns:
                return await func(*args, **kwargs)

        return wrapper

    return decorate
