"""The pending-update queue behind getUpdates, with long polling and redelivery."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from typing import Any

from fakeapi.errors import ApiError

JSON = dict[str, Any]

# What Telegram sends when allowed_updates was never set or set to [].
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def update_type(update: JSON) -> str:
    """Return the kind of an update: the key next to update_id."""
    return next((key for key in update if key != "update_id"), "")


class _Poll:
    """One waiting getUpdates call; a newer call supersedes it."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.superseded = False


class UpdateQueue:
    """Hold updates until getUpdates confirms them with a higher offset."""

    def __init__(self, first_update_id: int = 100_000_001) -> None:
        self._pending: list[JSON] = []
        self._next_id = first_update_id
        self._allowed: frozenset[str] | None = None
        self._polls: list[_Poll] = []
        self.closing = False

    @property
    def pending(self) -> list[JSON]:
        """Return copies of the updates not yet confirmed."""
        return copy.deepcopy(self._pending)

    def allocate_id(self) -> int:
        """Return a fresh update id; ids strictly increase."""
        update_id = self._next_id
        self._next_id += 1
        return update_id

    def claim_id(self, update_id: int) -> None:
        """Accept a caller-chosen update id, which must be newer than all issued so far."""
        if update_id < self._next_id:
            raise ValueError(
                f"update_id {update_id} is not above the last one ({self._next_id - 1})"
            )
        self._next_id = update_id + 1

    def push(self, update: JSON) -> None:
        """Queue an update for getUpdates and wake a waiting poll."""
        self._pending.append(update)
        self._wake_all()

    def drop_pending(self) -> None:
        """Forget all pending updates (deleteWebhook with drop_pending_updates)."""
        self._pending.clear()

    def close(self) -> None:
        """Release every waiting poll; used when the server stops."""
        self.closing = True
        self._wake_all()

    def _wake_all(self) -> None:
        for poll in self._polls:
            poll.wake.set()

    def allow(self, kinds: list[str]) -> None:
        """Keep only these kinds of update from now on (all but the default exclusions if [])."""
        self._allowed = frozenset(kinds) if kinds else None

    def next_deliverable(self) -> JSON | None:
        """Return a copy of the oldest update a webhook should get now, if any."""
        batch = self._deliverable(1)
        return batch[0] if batch else None

    def delivered(self, update_id: int) -> None:
        """Forget an update a webhook accepted (and any older one)."""
        self._confirm(update_id + 1)

    async def arrival(self, at_most: float) -> None:
        """Wait until an update is pushed, or at_most seconds."""
        me = _Poll()
        # Registered as a poll only to be woken: a webhook and getUpdates never run together.
        self._polls.append(me)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(me.wake.wait(), at_most)
        finally:
            self._polls.remove(me)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # A negative offset keeps only the last -offset updates.
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _deliverable(self, limit: int) -> list[JSON]:
        if self._allowed is None:
            kept = [u for u in self._pending if update_type(u) not in DEFAULT_EXCLUDED]
        else:
            kept = [u for u in self._pending if update_type(u) in self._allowed]
        # Telegram never produces updates of kinds the bot did not ask for.
        self._pending = kept
        return copy.deepcopy(kept[:limit])

    async def poll(
        self, offset: int | None, limit: int, wait: float, allowed: list[str] | None
    ) -> list[JSON]:
        """Answer one getUpdates call, waiting up to wait seconds for updates."""
        if offset is not None:
            self._confirm(offset)
        if allowed is not None:
            self.allow(allowed)
        for older in self._polls:
            older.superseded = True
            older.wake.set()
        me = _Poll()
        self._polls.append(me)
        deadline = time.monotonic() + max(0.0, wait)
        try:
            while True:
                batch = self._deliverable(limit)
                if batch or self.closing:
                    return batch
                if me.superseded:
                    raise ApiError(409, CONFLICT_OTHER_POLL)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                me.wake.clear()
                try:
                    await asyncio.wait_for(me.wake.wait(), remaining)
                except TimeoutError:
                    return []
                if me.superseded:
                    raise ApiError(409, CONFLICT_OTHER_POLL)
        finally:
            self._polls.remove(me)
