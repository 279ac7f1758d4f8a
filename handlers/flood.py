"""Drop the excess of one person's flood of messages, with one polite notice.

Someone pasting or a stuck client can send hundreds of messages in seconds. Answering each one
would take the bot's sends (and Telegram's patience, 429) for minutes, and the officers who
report meanwhile would wait. Each person gets a burst, then about one update a second; updates
beyond that are dropped unread, and the person is told once per flood.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from enum import Enum

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from core.i18n import t
from handlers.common import acknowledge, say
from handlers.context import BotContext, Services

log = logging.getLogger(__name__)
GUARD = "flood_guard"  # services.extras key


@dataclass(frozen=True)
class Limits:
    """How many updates a person may send at once, and how many a second after that."""

    burst: float = 20.0
    per_second: float = 1.0


class Verdict(Enum):
    """What to do with one update."""

    HANDLE = "handle"
    DROP_AND_TELL = "drop_and_tell"
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    at: float
    told: bool = False


@dataclass
class FloodGuard:
    """A token bucket per person, of this process's share of the person's allowance."""

    limits: Limits = field(default_factory=Limits)
    buckets: dict[int, _Bucket] = field(default_factory=dict)
    # Behind a webhook the load balancer spreads a person's updates over the processes in
    # turn, so each process counts against its share of the allowance (set by the lease
    # keeper, bot/jobs.py, from the live processes); alone it has the whole of it.
    processes: int = 1

    def share_with(self, processes: int) -> None:
        """Keep this process's share of each person's allowance among ``processes``."""
        self.processes = max(1, processes)

    def _share(self) -> Limits:
        return Limits(self.limits.burst / self.processes, self.limits.per_second / self.processes)

    def judge(self, person: int, now: float) -> Verdict:
        """Count one update of ``person`` at ``now`` and say what to do with it."""
        limits = self._share()
        bucket = self.buckets.get(person)
        if bucket is None:
            if len(self.buckets) > 10_000:
                self._forget_calm(now)
            bucket = self.buckets[person] = _Bucket(limits.burst, now)
        refill = max(0.0, now - bucket.at) * limits.per_second
        bucket.tokens = min(limits.burst, bucket.tokens + refill)
        bucket.at = max(bucket.at, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            if bucket.tokens >= limits.burst / 2:
                bucket.told = False  # calm again: a later flood gets its own notice
            return Verdict.HANDLE
        if bucket.told:
            return Verdict.DROP
        bucket.told = True
        return Verdict.DROP_AND_TELL

    def _forget_calm(self, now: float) -> None:
        limits = self._share()
        for person, bucket in list(self.buckets.items()):
            if bucket.tokens + (now - bucket.at) * limits.per_second >= limits.burst:
                del self.buckets[person]


def guard_of(services: Services) -> FloodGuard:
    """Return the bot's flood guard (tests may put one with other limits in its place)."""
    guard = services.extras.get(GUARD)
    if not isinstance(guard, FloodGuard):
        guard = services.extras[GUARD] = FloodGuard()
    return guard


def _sent_at(update: Update) -> float:
    # When the person sent it, not when the bot gets to it: a chat's updates are handled one
    # after the other, each waiting for its answers to be sent, so the time of handling would
    # show a flood at the pace of the bot's answers. Button presses carry no time of their own.
    message = update.message or update.edited_message
    return message.date.timestamp() if message is not None else time.time()


async def hold_back_floods(update: Update, context: BotContext) -> None:
    """Stop an update beyond the person's limit; tell them once."""
    sender = update.effective_user
    if sender is None:
        return
    verdict = guard_of(context.services).judge(sender.id, _sent_at(update))
    if verdict is Verdict.HANDLE:
        return
    if verdict is Verdict.DROP_AND_TELL:
        log.warning("a person sends faster than the bot answers; their excess is dropped")
        # Their language would cost a query per dropped update: Thai, the bot's language.
        await acknowledge(update, t("flood.slow_down"), alert=True)
        if update.callback_query is None:
            await say(update, context, t("flood.slow_down"))
    else:
        await acknowledge(update)
    raise ApplicationHandlerStop
