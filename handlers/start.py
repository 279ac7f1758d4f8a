"""Greeting, registration through an invite link, the role menu and help."""

from __future__ import annotations

from dataclasses import replace

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.domain import Role, User
from core.i18n import t
from core.text import escape
from handlers.common import acknowledge, language_of, require_user, role_name, say
from handlers.context import BotContext
from storage.invites import InviteProblem

# Locale keys written out in full, by invite problem and by role.
_INVITE_PROBLEMS = {
    InviteProblem.UNKNOWN: "start.invite_unknown",
    InviteProblem.EXPIRED: "start.invite_expired",
    InviteProblem.USED: "start.invite_used",
}
_WELCOMES = {
    Role.OFFICER: "start.welcome_officer",
    Role.SUPERVISOR: "start.welcome_supervisor",
    Role.ADMIN: "start.welcome_admin",
}
_HELP = {Role.OFFICER: "help.officer", Role.SUPERVISOR: "help.supervisor", Role.ADMIN: "help.admin"}

# The reply-keyboard buttons of each role, as locale keys; handlers match their texts.
MENU_ROWS: dict[Role, list[list[str]]] = {
    Role.OFFICER: [["menu.report"], ["menu.status"], ["menu.help"]],
    Role.SUPERVISOR: [["menu.status", "menu.overview"], ["menu.problems"], ["menu.help"]],
    Role.ADMIN: [
        ["menu.report", "menu.invite"],
        ["menu.status", "menu.overview"],
        ["menu.problems"],
        ["menu.help"],
    ],
}


def menu_keyboard(user: User) -> ReplyKeyboardMarkup:
    """Return the reply keyboard for a person's role."""
    rows = [[KeyboardButton(t(key, user.language)) for key in row] for row in MENU_ROWS[user.role]]
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)


def menu_texts(key: str) -> list[str]:
    """Return a menu button's text in every language, for matching what was tapped."""
    return sorted({t(key, "th"), t(key, "en")})


async def start(update: Update, context: BotContext) -> None:
    """Register a person from an invite token, or greet them with their menu."""
    sender = update.effective_user
    assert sender is not None
    services = context.services
    if context.args:
        result = await services.store.invites.redeem(
            context.args[0][:128], sender.id, sender.full_name, services.now()
        )
        if isinstance(result, InviteProblem):
            await say(update, context, t(_INVITE_PROBLEMS[result]))
            return
        user = await services.store.users.get(sender.id)
        assert user is not None
        await say(
            update,
            context,
            t(_WELCOMES[user.role], user.language, name=escape(user.name)),
            reply_markup=menu_keyboard(user),
        )
        return
    user = await services.store.users.get(sender.id)
    if user is None:
        await say(update, context, t("access.stranger"))
        return
    await say(
        update,
        context,
        t(
            "start.hello",
            user.language,
            name=escape(user.name),
            role=role_name(user.role, user.language),
        ),
        reply_markup=menu_keyboard(user),
    )


async def show_help(update: Update, context: BotContext) -> None:
    """List, in the person's language, what they can do."""
    user = await require_user(update, context)
    if user is None:
        return
    await say(
        update,
        context,
        t(_HELP[user.role], language_of(user)),
        reply_markup=menu_keyboard(user),
    )


LANGUAGE_PATTERN = r"^lg:(th|en)$"


async def set_language(update: Update, context: BotContext) -> None:
    """Switch to the language named after /language, or offer both with buttons."""
    user = await require_user(update, context)
    if user is None:
        return
    wanted = (context.args or [""])[0].lower()
    if wanted in ("th", "en"):
        await _switch(update, context, user, wanted)
        return
    # Each button in its own language, so that a person who reads only one finds theirs.
    buttons = [
        InlineKeyboardButton(t("start.language_name", "th"), callback_data="lg:th"),
        InlineKeyboardButton(t("start.language_name", "en"), callback_data="lg:en"),
    ]
    await say(
        update,
        context,
        t("start.language_choose", user.language),
        reply_markup=InlineKeyboardMarkup([buttons]),
    )


async def language_tapped(update: Update, context: BotContext) -> None:
    """Switch to the tapped language."""
    user = await require_user(update, context)
    if user is None:
        return
    await acknowledge(update)
    query = update.callback_query
    wanted = (query.data or "")[3:] if query is not None else ""
    if wanted in ("th", "en"):
        await _switch(update, context, user, wanted)


async def _switch(update: Update, context: BotContext, user: User, language: str) -> None:
    await context.services.store.users.set_language(user.telegram_id, language)
    # The reply keyboard is sent again in the new language with the answer.
    switched = replace(user, language=language)
    await say(
        update, context, t("start.language_set", language), reply_markup=menu_keyboard(switched)
    )


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers, in the order they should be tried."""
    return [
        CommandHandler("start", start),
        CommandHandler("help", show_help),
        CommandHandler("language", set_language),
        CallbackQueryHandler(language_tapped, pattern=LANGUAGE_PATTERN),
        MessageHandler(filters.Text(menu_texts("menu.help")), show_help),
    ]
