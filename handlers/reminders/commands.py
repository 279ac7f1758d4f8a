"""Admins preview and send the due reminders (/remind); anyone registered sees the schedule."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from core.domain import Role
from core.i18n import t
from core.reminders.messages import schedule_text
from core.reminders.occasions import next_occasions
from handlers.common import acknowledge, require_user, say
from handlers.context import BotContext
from handlers.reminders.delivery import calendar_of, plan_now, run_due
from handlers.reminders.planning import preview_text

# Not "r<letter>:": that shape belongs to the report conversation's buttons.
SEND_BUTTON = "remind:send"
DONT_SEND_BUTTON = "remind:no"
SCHEDULE_COUNT = 6


async def remind(update: Update, context: BotContext) -> None:
    """Show how many reminders would go out now and to whom, with a button to send them."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    planned = await plan_now(context.application, context.services.now())
    lang = admin.language
    if not any(item.messages for item in planned):
        await say(update, context, preview_text(planned, lang))
        return
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("reminders.button_send", lang), callback_data=SEND_BUTTON),
                InlineKeyboardButton(
                    t("reminders.button_dont_send", lang), callback_data=DONT_SEND_BUTTON
                ),
            ]
        ]
    )
    await say(update, context, preview_text(planned, lang), reply_markup=buttons)


async def send_confirmed(update: Update, context: BotContext) -> None:
    """Send what is due now, after the admin confirmed; already-sent messages are skipped."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    await acknowledge(update)
    result = await run_due(context.application, context.services.now())
    await say(
        update,
        context,
        t(
            "reminders.remind_done",
            admin.language,
            sent=result.sent,
            unreachable=result.unreachable,
            failed=result.failed,
        ),
    )


async def send_declined(update: Update, context: BotContext) -> None:
    """Say that nothing was sent."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    await acknowledge(update)
    await say(update, context, t("reminders.remind_cancelled", admin.language))


async def schedule(update: Update, context: BotContext) -> None:
    """List the next reminder and digest runs with their Thai dates."""
    user = await require_user(update, context)
    if user is None:
        return
    services = context.services
    coming = next_occasions(
        services.now(),
        calendar_of(services),
        SCHEDULE_COUNT,
        services.settings.reminder_time,
    )
    await say(update, context, schedule_text(coming, user.language))


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [
        CommandHandler("remind", remind),
        CommandHandler("schedule", schedule),
        CallbackQueryHandler(send_confirmed, pattern=f"^{SEND_BUTTON}$"),
        CallbackQueryHandler(send_declined, pattern=f"^{DONT_SEND_BUTTON}$"),
    ]
