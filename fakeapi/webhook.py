"""Telegram's side of a webhook: post updates to the bot processes behind the public URL.

The webhook URL set with setWebhook is the public one (a reverse proxy with TLS in real life);
the fake is told the addresses of the processes behind that "load balancer" and posts each new
update to the next one in turn, with the X-Telegram-Bot-Api-Secret-Token header. As Telegram
does, it keeps up to setWebhook's max_connections posts in flight at once, but never two of one
chat, so each chat's updates arrive one by one in order. An update a process refuses (not 2xx)
or that cannot reach it goes to the next process, and round again after a short pause, until one
accepts it: Telegram retries until a 2xx. Only the accepted update leaves the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from fakeapi.state import World
from fakeapi.updates import chat_of

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How long one post may take before the process counts as unreachable.
POST_TIMEOUT = 10.0
# The pause after every process refused an update, before the next round.
RETRY_PAUSE = 0.2
# How long the delivery sleeps when there is no webhook or nothing to deliver, at most.
IDLE_WAIT = 0.5
JSON = dict[str, Any]


@dataclass(frozen=True)
class Delivery:
    """One post of an update to one bot process, and how it went."""

    update_id: int
    target: str
    status: int | None  # None: the process could not be reached


class WebhookDelivery:
    """Post queued updates to the processes behind the webhook, round robin, several at once."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.targets: list[str] = []
        self.deliveries: list[Delivery] = []
        # The most posts that were in flight at once (what a test of concurrency looks at).
        self.most_in_flight = 0
        self._next = 0
        # Update id -> its chat (None: an update of no chat), for each update being posted.
        self._in_flight: dict[int, int | None] = {}
        self._posts: set[asyncio.Task[None]] = set()
        self._settled = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def deliver_to(self, targets: list[str]) -> None:
        """Set the addresses (http://host:port/path) of the processes behind the webhook."""
        self.targets = list(targets)
        self._next = 0
        self.world.touch()

    def start(self) -> None:
        """Start posting updates in the background."""
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT),
            json_serialize=lambda value: json.dumps(value, ensure_ascii=False),
        )
        self._task = asyncio.create_task(self._run(), name="fake webhook delivery")

    async def stop(self) -> None:
        """Stop posting."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for post in list(self._posts):
            post.cancel()
        await asyncio.gather(*self._posts, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        updates = self.world.updates
        while True:
            # Cleared before looking, so a post that ends meanwhile wakes the wait below.
            self._settled.clear()
            if self.world.webhook_url and self.targets:
                room = self.world.webhook_max_connections - len(self._in_flight)
                busy = {chat for chat in self._in_flight.values() if chat is not None}
                for update in updates.next_deliverable(room, self._in_flight.keys(), busy):
                    self._in_flight[int(update["update_id"])] = chat_of(update)
                    post = asyncio.create_task(self._deliver(update), name="fake webhook post")
                    self._posts.add(post)
                    post.add_done_callback(self._posts.discard)
                self.most_in_flight = max(self.most_in_flight, len(self._in_flight))
            await self._next_change()

    async def _next_change(self) -> None:
        """Wait for a new update, a post's end, or IDLE_WAIT (a webhook may be set meanwhile)."""
        waits = {
            asyncio.create_task(self.world.updates.arrival(IDLE_WAIT)),
            asyncio.create_task(self._settled.wait()),
        }
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    async def _deliver(self, update: JSON) -> None:
        """Post one update until a process accepts it; hand it back after a refused round."""
        update_id = int(update["update_id"])
        try:
            if await self._deliver_once(update):
                self.world.updates.delivered(update_id)
                self.world.touch()
            else:
                # Still counted in flight: the chat's later updates keep waiting behind it.
                await asyncio.sleep(RETRY_PAUSE)
        finally:
            del self._in_flight[update_id]
            self._settled.set()

    async def _deliver_once(self, update: JSON) -> bool:
        """Offer the update to each process once, from the next in turn; True when accepted."""
        targets = list(self.targets)
        if not targets:  # the processes were taken away while this update waited
            return False
        # Each post starts at the next process in turn, so concurrent posts spread over all.
        first = self._next % len(targets)
        self._next = (first + 1) % len(targets)
        for attempt in range(len(targets)):
            index = (first + attempt) % len(targets)
            status = await self._post(targets[index], update)
            self.deliveries.append(Delivery(int(update["update_id"]), targets[index], status))
            if status is not None and 200 <= status < 300:
                return True
        return False

    async def _post(self, target: str, update: JSON) -> int | None:
        assert self._session is not None
        headers = {SECRET_HEADER: self.world.webhook_secret} if self.world.webhook_secret else {}
        try:
            async with self._session.post(target, json=update, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return None
