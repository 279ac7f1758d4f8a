"""Handle different people's updates concurrently while each chat's updates stay in order."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, ParamSpec, TypeVar

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.turns import ChatTurns

P = ParamSpec("P")
R = TypeVar("R")


# PTB's own limit is taken before do_process_update, that is before the chat's lock: a chat
# with a long backlog (one person flooding the bot) would hold every slot while its updates
# wait for each other. The base class gets a limit no backlog reaches; the real one is taken
# below, after the chat's turn has come.
_UNREACHED = 1 << 30


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Serialise updates per chat: a report's answers must be read in the order they were sent.

    With ``turns`` (several processes behind a webhook) a chat's update also waits for the
    chat's turn in the database, which another process may hold.
    """

    def __init__(
        self, max_concurrent_updates: int = 256, turns: ChatTurns | None = None
    ) -> None:
        super().__init__(_UNREACHED)
        self._turns = turns
        self.slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handling once the chat's earlier updates are done and a slot is free."""
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            # Polling (one process): the chat's lock alone keeps its order.
            turn = self._turns.taken(key) if self._turns else contextlib.nullcontext()
            async with lock, turn, self.slots:
                await coroutine
        finally:
            # Forget the lock only when no update of the chat holds or awaits it.
            self._users[key] -= 1
            if self._users[key] == 0:
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _chat_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return 0
