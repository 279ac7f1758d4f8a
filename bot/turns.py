"""One chat's updates one at a time across processes: the chat's turn is a lease in the database.

Behind a webhook, Telegram (or the load balancer) posts a chat's next update as soon as the
previous one is accepted, and two processes may get an officer's two quick answers. Within a
process ``PerChatUpdateProcessor`` keeps a chat's order; across processes a process handles an
update only while it holds the chat's lease (``job_leases``, the row ``chat:<id>``), so the second
answer is read against the step the first one left. Polling needs none of this: only one process
can poll.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Final

from storage import Storage, StorageError
from storage.leases import chat_turn

log = logging.getLogger(__name__)

# Longer than any one update's handling (a chart, an imported page); a process that dies
# holding a chat's turn keeps that chat waiting this long at most.
CHAT_TURN_TTL: Final = timedelta(seconds=30)
# How often a process waiting for a chat's turn asks again.
ASK_AGAIN_EVERY: Final = 0.05


class ChatTurns:
    """Take and give back chats' turns in the database for one process."""

    def __init__(self, store: Storage, holder: str, ttl: timedelta = CHAT_TURN_TTL) -> None:
        self._store = store
        self._holder = holder
        self._ttl = ttl

    @asynccontextmanager
    async def taken(self, chat_id: int) -> AsyncIterator[None]:
        """Wait for the chat's turn, hold it while the body runs, then give it back."""
        name = chat_turn(chat_id)
        # The turn of a process that died expires after the TTL; waiting a little longer
        # than that can only mean the database is out of reach, and then the update goes on.
        deadline = time.monotonic() + self._ttl.total_seconds() + 5
        held = False
        try:
            while not (held := await self._claim(name)):
                if time.monotonic() > deadline:
                    log.warning("chat %s: turn not granted in time; handling the update", chat_id)
                    break
                await asyncio.sleep(ASK_AGAIN_EVERY)
        except StorageError as error:
            # The update's own handling will meet the same error and answer the person.
            log.warning("chat %s: turn not taken: %s", chat_id, error)
        try:
            yield
        finally:
            if held:
                try:
                    await self._store.leases.give_back(name, self._holder)
                except StorageError as error:
                    log.warning("chat %s: turn not given back (it expires): %s", chat_id, error)

    async def _claim(self, name: str) -> bool:
        return await self._store.leases.claim(name, self._holder, datetime.now(UTC), self._ttl)
