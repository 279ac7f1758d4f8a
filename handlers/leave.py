"""Officers record leave (/leave DATE), see it (/leave) and cancel it (/leave off)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.domain import Role
from core.i18n import t
from core.leave_input import LeaveOff, LeaveProblem, parse_leave
from core.thai_dates import thai_date_long
from handlers.common import require_user, say
from handlers.context import BotContext

# Why a leave date was refused, locale keys written out in full.
_LEAVE_PROBLEMS = {
    "bad_date": "leave.bad_date",
    "past": "leave.past",
    "too_far": "leave.too_far",
}


async def leave(update: Update, context: BotContext) -> None:
    """Record, show or cancel the officer's leave."""
    user = await require_user(update, context, Role.OFFICER, Role.ADMIN)
    if user is None:
        return
    store = context.services.store.reminders
    lang = user.language
    today = context.services.today()
    text = " ".join(context.args or [])
    if not text:
        until = await store.leave_until(user.telegram_id)
        if until is not None and until >= today:
            current = t("leave.current", lang, until=thai_date_long(until))
        else:
            current = t("leave.none", lang)
        await say(update, context, f"{current}\n\n{t('leave.howto', lang)}")
        return
    parsed = parse_leave(text, today)
    if isinstance(parsed, LeaveOff):
        removed = await store.clear_leave(user.telegram_id)
        await say(
            update, context, t("leave.cancelled" if removed else "leave.nothing_to_cancel", lang)
        )
    elif isinstance(parsed, LeaveProblem):
        typed = thai_date_long(parsed.day) if parsed.day else ""
        message = t(_LEAVE_PROBLEMS[parsed.reason], lang, until=typed)
        await say(update, context, f"{message}\n{t('leave.howto', lang)}")
    else:
        await store.set_leave(user.telegram_id, parsed)
        await say(update, context, t("leave.saved", lang, until=thai_date_long(parsed)))


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [CommandHandler("leave", leave)]
