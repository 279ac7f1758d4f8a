"""Send the due reminders and digests: claim in SQLite, send rate-limited, mark the outcome.

Every message is claimed (a ``pending`` row in ``deliveries``) BEFORE it is sent and marked
``sent``/``unreachable``/``failed`` AFTER, so a second run or a restart never sends it again;
see ``storage.reminders`` for what happens to a ``pending`` row a crash left behind.

Pacing is the bot's ``FairPacer`` (bot/pacing.py: about 30 messages a second overall, reminders
in the BULK lane behind people's answers; it also retries a 429 itself). What reaches this
module is handled here and never stops the run:

* ``RetryAfter`` (the pacer gave up): wait as long as Telegram asks, then try again;
* ``TimedOut``/``NetworkError``: back off and try again. The message MAY have been delivered
  (the request can time out after Telegram accepted it), so this can duplicate a message;
  a duplicated reminder is judged better than a lost one;
* ``Forbidden`` (blocked, or never started) or "chat not found": mark the person
  unreachable and go on;
* ``BadRequest`` and anything else: mark the delivery failed (a later run retries it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from core.reminders.workdays import ThaiWorkCalendar
from core.text import split_message
from handlers.context import Services
from handlers.lanes import Lane, in_lane, retry_seconds
from handlers.reminders.planning import Outgoing, PlannedOccasion, plan_due

log = logging.getLogger(__name__)

SEND_ATTEMPTS: Final = 3
NETWORK_BACKOFF: Final = (1.0, 4.0)  # seconds before the second and the third attempt
# Enough requests in flight to keep the limiter busy while others wait on HTTP and SQLite.
WORKERS: Final = 4

Sleep = Callable[[float], Awaitable[None]]
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


async def _send(application: AnyApplication, item: Outgoing) -> None:
    markup = None
    if item.button is not None:
        label, data = item.button
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])
    parts = split_message(item.text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await application.bot.send_message(
            item.person_id, part, reply_markup=markup if last else None
        )


async def attempt(
    application: AnyApplication, item: Outgoing, sleep: Sleep
) -> tuple[str, str | None]:
    """Send one message with retries; return its final state and the last error."""
    last_error: str | None = None
    for number in range(SEND_ATTEMPTS):
        try:
            await _send(application, item)
            return "sent", None
        except Forbidden as error:
            return "unreachable", str(error)
        except RetryAfter as error:
            wait, last_error = retry_seconds(error), str(error)
        except BadRequest as error:  # before NetworkError: BadRequest is a subclass of it
            # "Chat not found": the person never opened the chat; as good as blocked.
            gone = "chat not found" in str(error).lower()
            return ("unreachable" if gone else "failed"), str(error)
        except NetworkError as error:  # TimedOut too: it may have been delivered anyway
            wait, last_error = NETWORK_BACKOFF[min(number, len(NETWORK_BACKOFF) - 1)], str(error)
        except TelegramError as error:
            return "failed", str(error)
        if number + 1 < SEND_ATTEMPTS:
            log.info("reminder to %s: %s; retrying in %.1fs", item.person_id, last_error, wait)
            await sleep(wait)
    return "failed", last_error


async def _deliver_one(
    application: AnyApplication, item: Outgoing, result: RunResult, sleep: Sleep
) -> None:
    services = services_of(application)
    store = services.store
    delivery_id = await store.reminders.claim(
        item.person_id, item.project_id, item.period, item.kind, services.clock.now()
    )
    if delivery_id is None:
        result.skipped += 1
        return
    try:
        state, error = await attempt(application, item, sleep)
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
    sleep: Sleep = asyncio.sleep,
    workers: int = WORKERS,
) -> RunResult:
    """Send messages through a few workers; the bot's rate limiter sets the pace."""
    result = RunResult()
    queue: Iterator[Outgoing] = iter(messages)

    async def worker() -> None:
        for item in queue:
            await _deliver_one(application, item, result, sleep)

    await asyncio.gather(*(worker() for _ in range(max(1, workers))))
    return result


async def run_due(
    application: AnyApplication, now: datetime | None = None, sleep: Sleep = asyncio.sleep
) -> RunResult:
    """Send everything due at ``now`` (the services' clock by default) that was not sent yet."""
    services = services_of(application)
    # One run at a time: the daily job, the start-up job and /remind may overlap.
    async with _lock_of(services):
        moment = now or services.clock.now()
        planned = await plan_now(application, moment)
        messages = [message for item in planned for message in item.messages]
        result = await deliver(application, messages, sleep)
        result.occasions = [item.occasion.key for item in planned]
    if result.attempted:
        log.info("reminders %s: %s", result.occasions, result)
    return result
