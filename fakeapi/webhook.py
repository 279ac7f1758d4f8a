"""Telegram's side of a webhook: post each update to the bot processes behind the public URL.

The webhook URL set with setWebhook is the public one (a reverse proxy with TLS in real life);
the fake is told the addresses of the processes behind that "load balancer" and posts each new
update to the next one in turn, with the X-Telegram-Bot-Api-Secret-Token header. An update a
process refuses (not 2xx) or that cannot reach it goes to the next process, and round again
after a short pause, until one accepts it: Telegram retries until a 2xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from fakeapi.state import World

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
    """Post queued updates to the processes behind the webhook, round robin, in update order."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.targets: list[str] = []
        self.deliveries: list[Delivery] = []
        self._next = 0
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
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        updates = self.world.updates
        while True:
            update = updates.next_deliverable() if self.world.webhook_url else None
            if update is None or not self.targets:
                await updates.arrival(IDLE_WAIT)
                continue
            if await self._deliver_once(update):
                updates.delivered(int(update["update_id"]))
                self.world.touch()
            else:
                await asyncio.sleep(RETRY_PAUSE)

    async def _deliver_once(self, update: JSON) -> bool:
        """Offer the update to each process once, from the next in turn; True when accepted."""
        targets = list(self.targets)
        for attempt in range(len(targets)):
            index = (self._next + attempt) % len(targets)
            status = await self._post(targets[index], update)
            self.deliveries.append(Delivery(int(update["update_id"]), targets[index], status))
            if status is not None and 200 <= status < 300:
                self._next = (index + 1) % len(targets)
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
