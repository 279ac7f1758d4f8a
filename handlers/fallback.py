"""What the bot says to anything no other handler took."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.i18n import t
from handlers.common import acknowledge, is_private, language_of, say
from handlers.context import BotContext


async def _language(update: Update, context: BotContext) -> str:
    sender = update.effective_user
    user = await context.services.store.users.get(sender.id) if sender else None
    return language_of(user)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """Answer /cancel outside any conversation."""
    await say(update, context, t("fallback.nothing_to_cancel", await _language(update, context)))


async def unknown_button(update: Update, context: BotContext) -> None:
    """Answer a button from an old or forged message."""
    await acknowledge(
        update, t("fallback.stale_button", await _language(update, context)), alert=True
    )


async def edited(update: Update, context: BotContext) -> None:
    """Explain that editing a sent message changes nothing."""
    await say(update, context, t("fallback.edited", await _language(update, context)))


async def anything_else(update: Update, context: BotContext) -> None:
    """Point a person who typed something unexpected to the menu or help."""
    if not is_private(update):
        return
    sender = update.effective_user
    user = await context.services.store.users.get(sender.id) if sender else None
    if user is None:
        await say(update, context, t("access.stranger"))
        return
    await say(update, context, t("fallback.unknown", user.language))


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return the catch-all handlers, which must be registered last."""
    return [
        CommandHandler("cancel", nothing_to_cancel),
        CallbackQueryHandler(unknown_button),
        MessageHandler(filters.UpdateType.EDITED, edited),
        MessageHandler(filters.ALL, anything_else),
    ]
