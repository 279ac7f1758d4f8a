"""Small helpers every handler uses: who is asking, and how to answer them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from contextlib import suppress
from typing import TypeVar

from telegram import CallbackQuery, Message, ReplyKeyboardMarkup, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import NetworkError, TelegramError
from telegram.ext import ConversationHandler

from core.domain import Role, User
from core.i18n import DEFAULT_LANGUAGE, t
from core.text import split_message
from handlers.context import BotContext

# The name of each role as people read it, locale keys written out in full.
_ROLE_NAMES = {
    Role.OFFICER: "role.officer",
    Role.SUPERVISOR: "role.supervisor",
    Role.ADMIN: "role.admin",
}


def role_name(role: Role, language: str) -> str:
    """Return the name of a role in a language."""
    return t(_ROLE_NAMES[role], language)


log = logging.getLogger(__name__)
Markup = ReplyKeyboardMarkup | object | None
END = ConversationHandler.END
T = TypeVar("T")
# A chart or file ready sooner than this needs no "sending photo…": the action would only take
# one of the bot's 30 sends a second from someone else's answer.
ACTION_DELAY = 1.0


def language_of(user: User | None) -> str:
    """Return the language to answer a person in."""
    return user.language if user is not None else DEFAULT_LANGUAGE


async def showing_action(
    context: BotContext, chat_id: int, action: ChatAction, work: Awaitable[T]
) -> T:
    """Await ``work``; show the chat ``action`` (upload_photo…) only if it takes a while."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=ACTION_DELAY)
    if not done:
        # Only a hint: failing to show it must not lose the chart or the file.
        with suppress(TelegramError):
            await context.bot.send_chat_action(chat_id, action)
    return await task


async def say(update: Update, context: BotContext, text: str, **kwargs: object) -> Message:
    """Send a message to the chat the update came from; long texts go in several parts."""
    chat = update.effective_chat
    assert chat is not None
    parts = split_message(text)
    sent: Message | None = None
    for index, part in enumerate(parts):
        # Buttons belong under the last part, where the person reads on from.
        extra = (
            kwargs
            if index == len(parts) - 1
            else {k: v for k, v in kwargs.items() if k != "reply_markup"}
        )
        sent = await context.bot.send_message(chat.id, part, **extra)  # type: ignore[arg-type]
    assert sent is not None
    return sent


async def acknowledge(update: Update, text: str | None = None, alert: bool = False) -> None:
    """Answer the button press of this update, if it is one (Telegram wants exactly one answer)."""
    query: CallbackQuery | None = update.callback_query
    if query is not None:
        try:
            await query.answer(text, show_alert=alert)
        except NetworkError:
            # A lost answer only keeps the button's spinner turning: the press is still handled.
            log.warning("could not answer a button press")


async def require_user(update: Update, context: BotContext, *roles: Role) -> User | None:
    """Return the registered sender, or tell a stranger (or the wrong role) and return None."""
    sender = update.effective_user
    if sender is None:
        return None
    return await admit(update, context, await context.services.store.users.get(sender.id), *roles)


async def admit(
    update: Update, context: BotContext, user: User | None, *roles: Role
) -> User | None:
    """Return the sender as already read, or tell a stranger (or the wrong role) and return None."""
    if user is None:
        await acknowledge(update)
        await say(update, context, t("access.stranger"))
        return None
    if roles and user.role not in roles:
        await acknowledge(update, t("access.not_allowed", user.language), alert=True)
        if update.callback_query is None:
            await say(update, context, t("access.not_allowed", user.language))
        return None
    return user


def is_private(update: Update) -> bool:
    """Return whether the update comes from a private chat with the bot."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE
