"""Log unexpected errors, tell the person their answers are safe, and tell the admins.

Network failures are different: Telegram or the way to it is down for a moment, and the calls
were retried already (bot/sending.py; getUpdates by PTB's polling loop). They are logged once per
outage as a warning, without a traceback, and the admins hear of them only when an outage lasts.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from core.i18n import t
from handlers.context import BotContext

log = logging.getLogger(__name__)
ADMIN_NOTICE_INTERVAL = 60.0
# Network failures further apart than this belong to separate outages. PTB's polling loop
# waits at most 30 s between attempts of getUpdates, so an outage fails at least that often.
OUTAGE_GAP = 120.0
# An outage this long is worth an admin's attention (a failed call was retried already).
ALERT_AFTER = 300.0
_last_notice = {"at": 0.0}


@dataclass
class Outage:
    """The current run of network failures: when it began, last failed, and whether told."""

    began: float = -1.0
    last: float = -1.0
    alerted: bool = False

    def failed(self, now: float) -> tuple[bool, bool]:
        """Count a failure at ``now``; return (it begins an outage, the admins must hear now)."""
        begins = self.last < 0 or now - self.last > OUTAGE_GAP
        if begins:
            self.began, self.alerted = now, False
        self.last = now
        alert = not self.alerted and now - self.began >= ALERT_AFTER
        self.alerted = self.alerted or alert
        return begins, alert


outage = Outage()


def is_transient(error: object) -> bool:
    """Return whether an error is a network failure (timeouts included), not a refusal."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


async def report_error(update: object, context: BotContext) -> None:
    """Handle an exception raised while handling an update, running a job, or polling."""
    error = context.error
    # Only the error type and update id are logged: message texts are personal data.
    update_id = update.update_id if isinstance(update, Update) else None
    if is_transient(error):
        begins, alert = outage.failed(time.monotonic())
        if begins:
            log.warning("Telegram could not be reached (%r); retrying quietly", error)
        else:
            log.debug("Telegram still cannot be reached (%r)", error)
        await _tell_chat(update, context)
        if alert:
            log.error("Telegram has not been reachable for %.0f s", ALERT_AFTER)
            await _tell_admins(context, type(error).__name__, update_id, interval=0.0)
        return
    log.error("error while handling update %s: %r", update_id, error, exc_info=error)
    await _tell_chat(update, context)
    await _tell_admins(context, type(error).__name__, update_id)


async def _tell_chat(update: object, context: BotContext) -> None:
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, t("errors.sorry"))
        except TelegramError:
            log.warning("could not tell chat about the error")


async def _tell_admins(
    context: BotContext,
    kind: str,
    update_id: int | None,
    interval: float = ADMIN_NOTICE_INTERVAL,
) -> None:
    now = time.monotonic()
    if interval and now - _last_notice["at"] < interval:
        return
    _last_notice["at"] = now
    for admin_id in context.services.settings.admin_ids:
        try:
            await context.bot.send_message(
                admin_id,
                t("errors.admin_notice", "th", kind=kind, update_id=update_id or "-"),
            )
        except Forbidden:
            continue
        except TelegramError:
            log.warning("could not notify an admin about the error")
