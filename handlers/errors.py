"""Log unexpected errors, tell the person their answers are safe, and tell the admins."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import Forbidden, TelegramError

from core.i18n import t
from handlers.context import BotContext

log = logging.getLogger(__name__)
ADMIN_NOTICE_INTERVAL = 60.0
_last_notice = {"at": 0.0}


async def report_error(update: object, context: BotContext) -> None:
    """Handle an exception raised while handling an update or running a job."""
    error = context.error
    # Only the error type and update id are logged: message texts are personal data.
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %r", update_id, error, exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, t("errors.sorry"))
        except TelegramError:
            log.warning("could not tell chat about the error")
    now = time.monotonic()
    if now - _last_notice["at"] < ADMIN_NOTICE_INTERVAL:
        return
    _last_notice["at"] = now
    for admin_id in context.services.settings.admin_ids:
        try:
            await context.bot.send_message(
                admin_id,
                t(
                    "errors.admin_notice",
                    "th",
                    kind=type(error).__name__,
                    update_id=update_id or "-",
                ),
            )
        except Forbidden:
            continue
        except TelegramError:
            log.warning("could not notify an admin about the error")
