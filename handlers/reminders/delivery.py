"""Send the due reminders and digests: claim in SQLite, send rate-limited, mark the outcome.

Every message is claimed (a ``pending`` row in ``deliveries``) BEFORE it is sent and marked
``sent``/``unreachable``/``failed`` AFTER, so a second run or a restart never sends it again;
see ``storage.reminders`` for what happens to a ``pending`` row a crash left behind.

Pacing and retries are the bot's (bot/pacing.py with bot/sending.py's policy: about 30
messages a second overall, reminders in the BULK lane behind people's answers; a 429 and a
network failure are retried there, the one place calls are repeated). What reaches this module
ends the attempt and never stops the run:

* ``Forbidden`` (blocked, or never started) or "chat not found": mark the person unreachable;
* anything else (``RetryAfter`` or a network failure the pacer gave up on, ``BadRequest``): mark
  the delivery failed; a later run tries it again (``storage.reminders``).

A long reminder or digest goes out in several parts. Each part delivered is recorded, so a later
attempt resumes at the first part not delivered instead of sending the first ones again. A part
whose answer was lost may still show twice (Telegram gives no way to ask whether a message
arrived); a duplicated part is judged better than a lost one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from core.reminders.workdays import ThaiWorkCalendar
from core.text import split_message
from handlers.context import Services
from handlers.lanes import Lane, in_lane
from handlers.reminders.planning import Outgoing, PlannedOccasion, plan_due

log = logging.getLogger(__name__)

# Enough requests in flight to keep the limiter busy while others wait on HTTP and SQLite.
WORKERS: Final = 4

PartSent = Callable[[int], Awaitable[None]]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class RunResult:
    """What one reminder run did."""

    sent: int = 0
    unreachable: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by an earlier run meanwhile
    occasions: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        """Return how many messages the run tried to send."""
        return self.sent + self.unreachable + self.failed


def services_of(application: AnyApplication) -> Services:
    """Return the services the application carries."""
    services = application.bot_data["services"]
    assert isinstance(services, Services)
    return services


def calendar_of(services: Services) -> ThaiWorkCalendar:
    """Return the bot's working-day calendar, built once (it caches holiday tables)."""
    calendar = services.extras.get("reminder_calendar")
    if not isinstance(calendar, ThaiWorkCalendar):
        calendar = ThaiWorkCalendar(services.settings.timezone)
        services.extras["reminder_calendar"] = calendar
    return calendar


def _lock_of(services: Services) -> asyncio.Lock:
    lock = services.extras.get("reminder_lock")
    if not isinstance(lock, asyncio.Lock):
        lock = asyncio.Lock()
        services.extras["reminder_lock"] = lock
    return lock


async def plan_now(application: AnyApplication, now: datetime) -> list[PlannedOccasion]:
    """Return what a run at ``now`` would send (the dry run)."""
    services = services_of(application)
    return await plan_due(
        services.store, now, calendar_of(services), services.settings.reminder_time
    )


async def _send(
    application: AnyApplication, item: Outgoing, first_part: int, part_sent: PartSent
) -> None:
    markup = None
    if item.button is not None:
        label, data = item.button
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])
    parts = split_message(item.text)
    for index in range(first_part, len(parts)):
        last = index == len(parts) - 1
        await application.bot.send_message(
            item.person_id, parts[index], reply_markup=markup if last else None
        )
        await part_sent(index + 1)


async def _nothing_to_record(parts: int) -> None:
    return None


async def attempt(
    application: AnyApplication,
    item: Outgoing,
    first_part: int = 0,
    part_sent: PartSent = _nothing_to_record,
) -> tuple[str, str | None]:
    """Send the message's parts from ``first_part`` on; return the final state and error."""
    try:
        await _send(application, item, first_part, part_sent)
    except Forbidden as error:
        return "unreachable", str(error)
    except BadRequest as error:
        # "Chat not found": the person never opened the chat; as good as blocked.
        gone = "chat not found" in str(error).lower()
        return ("unreachable" if gone else "failed"), str(error)
    except TelegramError as error:  # retried by the pacer already; a later run tries again
        log.info("reminder to %s failed: %s", item.person_id, error)
        return "failed", str(error)
    return "sent", None


async def _deliver_one(application: AnyApplication, item: Outgoing, result: RunResult) -> None:
    services = services_of(application)
    store = services.store
    delivery_id = await store.reminders.claim(
        item.person_id,
        item.project_id,
        item.period,
        item.kind,
        services.clock.now(),
        by=services.process_id,
    )
    if delivery_id is None:
        result.skipped += 1
        return
    first_part = await store.reminders.parts_sent(delivery_id)

    async def part_sent(parts: int) -> None:
        await store.reminders.part_sent(delivery_id, parts)

    try:
        state, error = await attempt(application, item, first_part, part_sent)
    except Exception as bug:  # one broken message must not stop the run
        log.exception("reminder to %s failed unexpectedly", item.person_id)
        state, error = "failed", repr(bug)
    if state == "unreachable":
        await store.users.set_reachable(item.person_id, False)
    elif state == "sent" and item.was_unreachable:
        await store.users.set_reachable(item.person_id, True)
    await store.reminders.finish(delivery_id, state, services.clock.now(), error)
    setattr(result, state, getattr(result, state) + 1)


@in_lane(Lane.BULK)  # nobody waits for a reminder: officers' answers go first
async def deliver(
    application: AnyApplication,
    messages: Sequence[Outgoing],
    workers: int = WORKERS,
) -> RunResult:
    """Send messages through a few workers; the bot's rate limiter sets the pace."""
    result = RunResult()
    queue: Iterator[Outgoing] = iter(messages)

    async def worker() -> None:
        for item in queue:
            await _deliver_one(application, item, result)

    await asyncio.gather(*(worker() for _ in range(max(1, workers))))
    return result


async def run_due(application: AnyApplication, now: datetime | None = None) -> RunResult:
    """Send everything due at ``now`` (the services' clock by default) that was not sent yet."""
    services = services_of(application)
    # One run at a time: the daily job, the start-up job and /remind may overlap.
    async with _lock_of(services):
        moment = now or services.clock.now()
        planned = await plan_now(application, moment)
        messages = [message for item in planned for message in item.messages]
        result = await deliver(application, messages)
        result.occasions = [item.occasion.key for item in planned]
    if result.attempted:
        log.info("reminders %s: %s", result.occasions, result)
    return result
