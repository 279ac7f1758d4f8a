"""Officers record leave (/leave DATE), see it (/leave) and cancel it (/leave off)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.domain import Role
from core.i18n import t
from core.leave_input import LeaveOff, LeaveProblem, parse_leave
from core.thai_dates import day_text_long
from handlers.common import require_user, say
from handlers.context import BotContext


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
            current = t("leave.current", lang, until=day_text_long(until, lang))
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
        await say(update, context, f"{_problem_text(parsed, lang)}\n{t('leave.howto', lang)}")
    else:
        await store.set_leave(user.telegram_id, parsed)
        await say(update, context, t("leave.saved", lang, until=day_text_long(parsed, lang)))


def _problem_text(problem: LeaveProblem, lang: str) -> str:
    """Say why the typed date cannot be used, with the date read, in the person's language."""
    if problem.reason == "past" and problem.day is not None:
        return t("leave.past", lang, until=day_text_long(problem.day, lang))
    if problem.reason == "too_far":
        return t("leave.too_far", lang)
    return t("leave.bad_date", lang)


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [CommandHandler("leave", leave)]
