"""Finding a project for /status and /history: by code, by Thai words, or from a paged list."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from core.domain import Project, User
from core.i18n import t
from core.text import escape, shorten
from core.thai_text import search_projects
from handlers.common import say
from handlers.context import BotContext
from handlers.editing import edit_text_or_send
from storage import Storage

# Callback data: "st:<action>:<project id>" and "st:l:<action>:<page>", short ASCII only.
SHOW = "c"
CHART = "g"
HISTORY = "h"
LIST = "l"
PATTERN = r"^st:"
_DATA = re.compile(r"^st:([cgh]):([0-9]{1,12})$")
_LIST_DATA = re.compile(r"^st:l:([ch]):([0-9]{1,6})$")
PAGE_SIZE = 8
SEARCH_LIMIT = 8
LABEL_CHARS = 48


@dataclass(frozen=True)
class Button:
    """A decoded status button: an action on a project, or a page of the project list."""

    action: str
    number: int
    listing: bool = False


def encode(action: str, number: int) -> str:
    """Return the callback data of an action on a project."""
    return f"st:{action}:{number}"


def encode_page(action: str, page: int) -> str:
    """Return the callback data of a page of the project list whose buttons do ``action``."""
    return f"st:{LIST}:{action}:{page}"


def decode(data: str | None) -> Button | None:
    """Return what a status button asks for, or None for anything malformed."""
    if match := _DATA.match(data or ""):
        return Button(match[1], int(match[2]))
    if match := _LIST_DATA.match(data or ""):
        return Button(match[1], int(match[2]), listing=True)
    return None


def project_label(project: Project) -> str:
    """Return a project's button text."""
    return shorten(f"{project.code} {project.name}", LABEL_CHARS)


def choice_keyboard(projects: list[Project], action: str) -> InlineKeyboardMarkup:
    """Return one button per project."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(project_label(p), callback_data=encode(action, p.id or 0))]
            for p in projects
        ]
    )


def page_count(total: int) -> int:
    """Return how many list pages ``total`` projects fill (at least one)."""
    return max(1, -(-total // PAGE_SIZE))


def list_keyboard(
    projects: list[Project], action: str, page: int, language: str
) -> InlineKeyboardMarkup:
    """Return one page of the project list with previous/next buttons."""
    pages = page_count(len(projects))
    page = min(max(page, 0), pages - 1)
    shown = projects[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows = choice_keyboard(shown, action).inline_keyboard
    turn: list[InlineKeyboardButton] = []
    if page > 0:
        turn.append(
            InlineKeyboardButton(
                t("status.button_previous", language), callback_data=encode_page(action, page - 1)
            )
        )
    if page < pages - 1:
        turn.append(
            InlineKeyboardButton(
                t("status.button_next", language), callback_data=encode_page(action, page + 1)
            )
        )
    return InlineKeyboardMarkup([*rows, turn] if turn else rows)


async def find_projects(store: Storage, user: User, query: str) -> list[Project]:
    """Return the projects in the person's scope that a code or Thai words name, best first.

    A single result is returned with its plan steps; several come without them.
    """
    query = query.strip()
    exact = await store.projects.in_scope(user, code=query)
    if exact is not None:
        return [exact]
    projects = await store.projects.visible_to(user)
    # Tokenizing thousands of names (an admin's scope) must not stall everyone else.
    matches = await asyncio.to_thread(search_projects, query, projects, SEARCH_LIMIT)
    by_code = [match for match in matches if match.code_match]
    chosen = [by_code[0].project] if by_code else [match.project for match in matches]
    if len(chosen) == 1 and chosen[0].id is not None:
        # Read again through the scope, which also brings the plan steps.
        found = await store.projects.in_scope(user, project_id=chosen[0].id)
        return [found] if found is not None else []
    return chosen


async def send_list(
    update: Update,
    context: BotContext,
    user: User,
    action: str,
    page: int = 0,
    *,
    turn: bool = False,
) -> None:
    """Send one page of the person's projects, or turn the page of the list tapped."""
    projects = await context.services.store.projects.visible_to(user)
    if not projects:
        await say(update, context, t("status.no_projects", user.language))
        return
    pages = page_count(len(projects))
    page = min(max(page, 0), pages - 1)
    text = t("status.choose", user.language, page=page + 1, pages=pages)
    markup = list_keyboard(projects, action, page, user.language)
    query = update.callback_query
    if turn and query is not None and query.message is not None:
        if isinstance(query.message, Message) and query.message.reply_markup == markup:
            return  # that page is shown already: Telegram refuses an edit that changes nothing
        await edit_text_or_send(update, context, text, markup)
        return
    await say(update, context, text, reply_markup=markup)


async def lookup(
    update: Update, context: BotContext, user: User, query: str, action: str
) -> Project | None:
    """Find the project a person named; answer "not found" or offer a choice when not one."""
    found = await find_projects(context.services.store, user, query)
    if not found:
        await say(update, context, t("status.not_found", user.language))
        return None
    if len(found) > 1:
        await say(
            update,
            context,
            t("status.several", user.language, count=len(found), query=escape(shorten(query, 60))),
            reply_markup=choice_keyboard(found, action),
        )
        return None
    return found[0]


async def project_from_args(
    update: Update, context: BotContext, user: User, action: str
) -> Project | None:
    """Return the project named after a command; with no name, offer the person's list."""
    query = " ".join(context.args or [])
    if not query.strip():
        await send_list(update, context, user, action)
        return None
    return await lookup(update, context, user, query, action)
