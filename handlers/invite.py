"""Admins invite officers, supervisors and admins from the chat (/invite)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.domain import Role, User
from bot.i18n import t
from bot.invite_links import deep_link
from bot.text import escape, shorten
from handlers.common import acknowledge, require_user, say
from handlers.start import menu_texts

_ROLE_BUTTON = "iv:"
_AGENCY_BUTTON = "ia:"


async def choose_role(update: Update, context: BotContext) -> None:
    """Create an invite from typed arguments, or offer the roles as buttons."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    args = context.args or []
    if args and args[0] == "officer" and len(args) > 1:
        await _officer_invite(update, context, admin, args[1:])
        return
    if args and args[0] == "admin":
        await _send_link(update, context, admin, Role.ADMIN, None, ())
        return
    lang = admin.language
    buttons = [
        [
            InlineKeyboardButton(
                t(f"role.{role.value}", lang), callback_data=f"{_ROLE_BUTTON}{role.value}"
            )
        ]
        for role in Role
    ]
    await say(
        update, context, t("invite.choose_role", lang), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def role_chosen(update: Update, context: BotContext) -> None:
    """Go on from the tapped role: agencies for a supervisor, codes for an officer."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    await acknowledge(update)
    data = update.callback_query.data if update.callback_query else ""
    role = (data or "").removeprefix(_ROLE_BUTTON)
    if role == Role.ADMIN.value:
        await _send_link(update, context, admin, Role.ADMIN, None, ())
    elif role == Role.SUPERVISOR.value:
        agencies = await context.services.store.projects.agency_ids()
        if not agencies:
            await say(update, context, t("invite.no_agencies", admin.language))
            return
        buttons = [
            [InlineKeyboardButton(shorten(name, 60), callback_data=f"{_AGENCY_BUTTON}{i}")]
            for i, name in agencies
        ]
        await say(
            update,
            context,
            t("invite.choose_agency", admin.language),
            reply_markup=InlineKeyboardMarkup(buttons),
        )
    else:
        await say(update, context, t("invite.officer_howto", admin.language))


async def agency_chosen(update: Update, context: BotContext) -> None:
    """Create a supervisor invite for the tapped agency."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    await acknowledge(update)
    data = (update.callback_query.data if update.callback_query else "") or ""
    agency_id = data.removeprefix(_AGENCY_BUTTON)
    agencies = dict(await context.services.store.projects.agency_ids())
    name = agencies.get(int(agency_id)) if agency_id.isdigit() else None
    if name is None:
        await say(update, context, t("fallback.stale_button", admin.language))
        return
    await _send_link(update, context, admin, Role.SUPERVISOR, name, ())


async def _officer_invite(
    update: Update, context: BotContext, admin: User, codes: list[str]
) -> None:
    store = context.services.store
    missing = [code for code in codes if await store.projects.by_code(code) is None]
    if missing:
        await say(
            update,
            context,
            t("invite.unknown_codes", admin.language, codes=escape(", ".join(missing))),
        )
        return
    await _send_link(update, context, admin, Role.OFFICER, None, tuple(codes))


async def _send_link(
    update: Update,
    context: BotContext,
    admin: User,
    role: Role,
    agency: str | None,
    codes: tuple[str, ...],
) -> None:
    services = context.services
    token = await services.store.invites.create(
        role, services.now(), agency=agency, project_codes=codes, created_by=admin.telegram_id
    )
    await say(
        update,
        context,
        t(
            "invite.created",
            admin.language,
            role=t(f"role.{role.value}", admin.language),
            scope=escape(agency or ", ".join(codes) or "-"),
            link=deep_link(context.bot.username, token),
            token=token,
        ),
    )


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [
        CommandHandler("invite", choose_role),
        MessageHandler(filters.Text(menu_texts("menu.invite")), choose_role),
        CallbackQueryHandler(role_chosen, pattern=f"^{_ROLE_BUTTON}"),
        CallbackQueryHandler(agency_chosen, pattern=f"^{_AGENCY_BUTTON}"),
    ]
