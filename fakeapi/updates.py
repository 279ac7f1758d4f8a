"""The pending-update queue behind getUpdates, with long polling and redelivery."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections.abc import Collection
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


def chat_of(update: JSON) -> int | None:
    """Return the id of the chat an update belongs to (its sender's for a query), if any."""
    content = update.get(update_type(update))
    if not isinstance(content, dict):
        return None
    for holder in (content, content.get("message")):
        if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
            return int(holder["chat"]["id"])
    sender = content.get("from") or content.get("user")
    return int(sender["id"]) if isinstance(sender, dict) else None


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

    def next_deliverable(
        self, room: int, in_flight: Collection[int], busy_chats: Collection[int]
    ) -> list[JSON]:
        """Return copies of up to room updates a webhook may post now, oldest first.

        An update in flight is skipped, and so is every update of a chat with one in flight or
        with an older one waiting, so that a chat's updates reach the bot one by one, in order.
        """
        self._drop_unwanted()
        chosen: list[JSON] = []
        held = set(busy_chats)
        for update in self._pending:
            if len(chosen) >= room:
                break
            chat = chat_of(update)
            if update["update_id"] in in_flight or chat in held:
                continue
            if chat is not None:
                held.add(chat)
            chosen.append(update)
        return copy.deepcopy(chosen)

    def delivered(self, update_id: int) -> None:
        """Forget one update a webhook accepted; older ones may still be in flight."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]

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

    def _drop_unwanted(self) -> None:
        # Telegram never produces updates of kinds the bot did not ask for.
        if self._allowed is None:
            self._pending = [u for u in self._pending if update_type(u) not in DEFAULT_EXCLUDED]
        else:
            self._pending = [u for u in self._pending if update_type(u) in self._allowed]

    def _deliverable(self, limit: int) -> list[JSON]:
        self._drop_unwanted()
        return copy.deepcopy(self._pending[:limit])

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
