"""Admins and supervisors change who reports on a project: take off, hand over, acting, deactivate.

Every change checks the asker's scope again in its own transaction (``storage.people``) and is
audited there; these callbacks only read the command and answer.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.domain import Role, User
from core.i18n import t
from core.text import escape
from core.thai_dates import day_text_long
from core.typed_dates import read_date
from handlers.common import require_user, say
from handlers.context import BotContext
from storage.people import AccessChange, AccessRefused, Refusal

T = TypeVar("T")


def refusal_text(reason: Refusal, language: str) -> str:
    """Return what to tell the asker when a change was refused."""
    texts = {
        Refusal.PROJECT_NOT_FOUND: t("people.project_not_found", language),
        Refusal.PERSON_NOT_FOUND: t("people.person_not_found", language),
        Refusal.NOT_ASSIGNED: t("people.not_assigned", language),
        Refusal.NOT_ALLOWED: t("people.not_allowed", language),
        Refusal.SAME_PERSON: t("people.same_person", language),
        Refusal.BAD_PERIOD: t("people.bad_period", language),
    }
    return texts[reason]


def _drafts(change: AccessChange, language: str) -> str:
    if not change.drafts_closed:
        return ""
    return t("people.drafts_closed", language, count=change.drafts_closed)


def _ids(words: list[str]) -> list[int] | None:
    return [int(word) for word in words] if all(word.isdigit() for word in words) else None


async def _manager(update: Update, context: BotContext) -> User | None:
    return await require_user(update, context, Role.ADMIN, Role.SUPERVISOR)


async def _list_officers(update: Update, context: BotContext, user: User, code: str) -> None:
    lang = user.language
    officers = await context.services.store.people.officers_of(user, code)
    if not officers:
        await say(update, context, t("people.no_officers", lang, code=escape(code)))
        return
    lines = "\n".join(
        t("people.officer_line", lang, name=escape(officer.name), id=officer.telegram_id)
        if officer.acting_until is None
        else t(
            "people.acting_line",
            lang,
            name=escape(officer.name),
            id=officer.telegram_id,
            until=day_text_long(officer.acting_until, lang),
        )
        for officer in officers
    )
    await say(update, context, t("people.officers", lang, code=escape(code), lines=lines))


async def _command(
    update: Update, context: BotContext, words: int, ids: slice
) -> tuple[User, list[str], list[int]] | None:
    """Return the asker, the command's words and the ids among them; else explain the usage."""
    user = await _manager(update, context)
    if user is None:
        return None
    args = list(context.args or [])
    numbers = _ids(args[ids])
    if len(args) != words or numbers is None:
        await say(update, context, t("people.howto", user.language))
        return None
    return user, args, numbers


async def _changed(
    update: Update, context: BotContext, user: User, change: Awaitable[T]
) -> T | None:
    """Await a change (or a listing); tell the asker why when it was refused."""
    try:
        return await change
    except AccessRefused as refused:
        await say(update, context, refusal_text(refused.reason, user.language))
        return None


async def unassign(update: Update, context: BotContext) -> None:
    """List a project's officers, or take one off it (/unassign CODE [ID])."""
    if len(context.args or []) == 1:
        user = await _manager(update, context)
        if user is not None:
            listing = _list_officers(update, context, user, (context.args or [""])[0])
            await _changed(update, context, user, listing)
        return
    command = await _command(update, context, 2, slice(1, None))
    if command is None:
        return
    user, args, ids = command
    lang, people = user.language, context.services.store.people
    change = await _changed(update, context, user, people.take_off(user, args[0], ids[0]))
    if change is not None:
        drafts = _drafts(change, lang)
        text = t("people.taken_off", lang, id=ids[0], code=escape(args[0]), drafts=drafts)
        await say(update, context, text)


async def handover(update: Update, context: BotContext) -> None:
    """Hand a project from one officer to another (/handover CODE FROM_ID TO_ID)."""
    command = await _command(update, context, 3, slice(1, None))
    if command is None:
        return
    user, args, ids = command
    lang = user.language
    people = context.services.store.people
    change = await _changed(update, context, user, people.hand_over(user, args[0], ids[0], ids[1]))
    if change is not None:
        drafts = _drafts(change, lang)
        text = t(
            "people.handed_over",
            lang,
            code=escape(args[0]),
            from_id=ids[0],
            to_id=ids[1],
            drafts=drafts,
        )
        await say(update, context, text)


async def acting(update: Update, context: BotContext) -> None:
    """Name an acting officer for a period (/acting CODE ID FIRST LAST)."""
    command = await _command(update, context, 4, slice(1, 2))
    if command is None:
        return
    user, args, ids = command
    lang = user.language
    first, last = read_date(args[2]), read_date(args[3])
    if first is None or last is None:
        await say(update, context, t("people.bad_period", lang))
        return
    services = context.services
    zone = services.settings.timezone
    naming = services.store.people.name_acting(user, args[0], ids[0], first, last, zone)
    if await _changed(update, context, user, naming) is not None:
        text = t(
            "people.acting_named",
            lang,
            id=ids[0],
            code=escape(args[0]),
            first=day_text_long(first, lang),
            last=day_text_long(last, lang),
        )
        await say(update, context, text)


async def deactivate(update: Update, context: BotContext) -> None:
    """Deactivate a person who moved or left (/deactivate ID)."""
    command = await _command(update, context, 1, slice(0, None))
    if command is None:
        return
    user, _, ids = command
    lang = user.language
    people = context.services.store.people
    change = await _changed(update, context, user, people.deactivate(user, ids[0]))
    if change is not None:
        drafts = _drafts(change, lang)
        await say(update, context, t("people.deactivated", lang, id=ids[0], drafts=drafts))


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [
        CommandHandler("unassign", unassign),
        CommandHandler("handover", handover),
        CommandHandler("acting", acting),
        CommandHandler("deactivate", deactivate),
    ]
