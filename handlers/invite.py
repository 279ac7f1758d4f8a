"""Admins invite officers, supervisors and admins from the chat (/invite)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.domain import Role, User
from core.i18n import t
from core.invite_links import deep_link
from core.text import escape, shorten
from handlers.common import acknowledge, require_user, role_name, say
from handlers.context import BotContext
from handlers.editing import edit_buttons_or_send
from handlers.start import menu_texts

_ROLE_BUTTON = "iv:"
_AGENCY_BUTTON = "ia:"
_OFFICER_AGENCY_BUTTON = "io:"
_TOGGLE_BUTTON = "it:"
_DONE_BUTTON = "id:"
# The projects picked for an officer invite live in the list's own buttons (their marks), not
# in one process's memory: any process may get the next tap.
_CHOSEN_MARK = "☑️ "
_UNCHOSEN_MARK = "⬜ "
PROJECT_BUTTONS = 30


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
        [InlineKeyboardButton(role_name(role, lang), callback_data=f"{_ROLE_BUTTON}{role.value}")]
        for role in Role
    ]
    await say(
        update, context, t("invite.choose_role", lang), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def role_chosen(update: Update, context: BotContext) -> None:
    """Go on from the tapped role: a link for an admin, otherwise the agencies."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    await acknowledge(update)
    data = update.callback_query.data if update.callback_query else ""
    role = (data or "").removeprefix(_ROLE_BUTTON)
    if role == Role.ADMIN.value:
        await _send_link(update, context, admin, Role.ADMIN, None, ())
    else:
        supervisor = role == Role.SUPERVISOR.value
        agencies = await context.services.store.projects.agency_ids()
        if not agencies:
            await say(update, context, t("invite.no_agencies", admin.language))
            return
        prefix = _AGENCY_BUTTON if supervisor else _OFFICER_AGENCY_BUTTON
        buttons = [
            [InlineKeyboardButton(shorten(name, 60), callback_data=f"{prefix}{i}")]
            for i, name in agencies
        ]
        key = "invite.choose_agency" if supervisor else "invite.choose_officer_agency"
        await say(
            update, context, t(key, admin.language), reply_markup=InlineKeyboardMarkup(buttons)
        )


async def _tapped_agency(
    update: Update, context: BotContext, prefix: str
) -> tuple[User, str] | None:
    """Return the admin and the agency named by a tapped button, or answer that it is stale."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return None
    await acknowledge(update)
    data = (update.callback_query.data if update.callback_query else "") or ""
    agency_id = data.removeprefix(prefix)
    agencies = dict(await context.services.store.projects.agency_ids())
    name = agencies.get(int(agency_id)) if agency_id.isascii() and agency_id.isdigit() else None
    if name is None:
        await say(update, context, t("fallback.stale_button", admin.language))
        return None
    return admin, name


async def agency_chosen(update: Update, context: BotContext) -> None:
    """Create a supervisor invite for the tapped agency."""
    tapped = await _tapped_agency(update, context, _AGENCY_BUTTON)
    if tapped is None:
        return
    admin, name = tapped
    await _send_link(update, context, admin, Role.SUPERVISOR, name, ())


async def officer_agency_chosen(update: Update, context: BotContext) -> None:
    """List the tapped agency's projects to pick for an officer invite."""
    tapped = await _tapped_agency(update, context, _OFFICER_AGENCY_BUTTON)
    if tapped is None:
        return
    admin, name = tapped
    await say(
        update,
        context,
        t("invite.choose_projects", admin.language, agency=escape(name)),
        reply_markup=await _project_buttons(context, admin, name, set()),
    )


async def _project_buttons(
    context: BotContext, admin: User, agency: str, chosen: set[int]
) -> InlineKeyboardMarkup:
    projects = await context.services.store.projects.visible_to(admin, agency)
    rows = [
        [
            InlineKeyboardButton(
                (_CHOSEN_MARK if project.id in chosen else _UNCHOSEN_MARK)
                + shorten(f"{project.code} {project.name}", 50),
                callback_data=f"{_TOGGLE_BUTTON}{project.id}",
            )
        ]
        for project in projects[:PROJECT_BUTTONS]
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t("invite.button_create", admin.language), callback_data=_DONE_BUTTON
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def _chosen_in(update: Update) -> set[int] | None:
    """Return the projects marked chosen in the tapped list's buttons (None: no list)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message) or message.reply_markup is None:
        return None
    chosen: set[int] = set()
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            data = button.callback_data
            if isinstance(data, str) and data.startswith(_TOGGLE_BUTTON):
                raw = data.removeprefix(_TOGGLE_BUTTON)
                if raw.isdigit() and button.text.startswith(_CHOSEN_MARK):
                    chosen.add(int(raw))
    return chosen


async def project_toggled(update: Update, context: BotContext) -> None:
    """Add or remove the tapped project from the officer invite being prepared."""
    admin = await require_user(update, context, Role.ADMIN)
    query = update.callback_query
    if admin is None or query is None:
        return
    raw = (query.data or "").removeprefix(_TOGGLE_BUTTON)
    project = (await context.services.store.projects.by_id(int(raw))) if raw.isdigit() else None
    chosen = _chosen_in(update)
    if project is None or project.id is None or chosen is None:
        await acknowledge(update, t("fallback.stale_button", admin.language), alert=True)
        return
    chosen.symmetric_difference_update({project.id})
    await acknowledge(update)
    markup = await _project_buttons(context, admin, project.agency, chosen)
    # A forged tap on a deleted message or one already showing this: nothing to edit.
    if isinstance(query.message, Message) and query.message.reply_markup != markup:
        await edit_buttons_or_send(update, context, markup)


async def projects_done(update: Update, context: BotContext) -> None:
    """Create the officer invite for the picked projects."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    chosen = _chosen_in(update) or set()
    store = context.services.store
    projects = [project for pid in sorted(chosen) if (project := await store.projects.by_id(pid))]
    if not projects:
        await acknowledge(update, t("invite.nothing_chosen", admin.language), alert=True)
        return
    await acknowledge(update)
    await _send_link(
        update, context, admin, Role.OFFICER, None, tuple(project.code for project in projects)
    )


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
            role=role_name(role, admin.language),
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
        CallbackQueryHandler(officer_agency_chosen, pattern=f"^{_OFFICER_AGENCY_BUTTON}"),
        CallbackQueryHandler(project_toggled, pattern=f"^{_TOGGLE_BUTTON}"),
        CallbackQueryHandler(projects_done, pattern=f"^{_DONE_BUTTON}"),
    ]
