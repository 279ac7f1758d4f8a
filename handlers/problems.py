"""/problems: the problems and obstacles reported in a month, by project, with frequent terms."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from core.i18n import t
from core.month_input import parse_month
from core.text import escape
from core.thai_dates import month_year
from core.thai_text import frequent_terms, is_none_text
from handlers.common import require_user, say
from handlers.context import BotContext
from handlers.lanes import lookup
from handlers.start import menu_texts
from storage.status_queries import ProjectReport

TERM_COUNT = 10


def problems_text(found: Sequence[ProjectReport], month: date, language: str) -> str:
    """Return the month's problems and obstacles grouped by project, then the frequent terms."""
    blocks: list[str] = []
    texts: list[str] = []
    for item in found:
        lines: list[str] = []
        for key, text in (
            ("problems.problems", item.report.problems),
            ("problems.obstacles", item.report.obstacles),
        ):
            if text is None or is_none_text(text):
                continue
            texts.append(text)
            lines.append(t(key, language, text=escape(text)))
        if lines:
            header = t(
                "problems.project",
                language,
                code=escape(item.project.code),
                name=escape(item.project.name),
            )
            blocks.append("\n".join([header, *lines]))
    month_name = month_year(month, language)
    if not blocks:
        return t("problems.nothing", language, month=month_name)
    parts = [t("problems.title", language, month=month_name, count=len(blocks)), *blocks]
    terms = frequent_terms(texts, limit=TERM_COUNT)
    if terms:
        listed = t("problems.separator", language).join(
            t("problems.term", language, term=escape(term), count=count) for term, count in terms
        )
        parts.append(t("problems.terms", language, terms=listed))
    return "\n\n".join(parts)


async def _send(update: Update, context: BotContext, month_text: str) -> None:
    user = await require_user(update, context)
    if user is None:
        return
    month = parse_month(month_text, context.services.today())
    if month is None:
        await say(update, context, t("problems.bad_month", user.language))
        return
    found = await context.services.store.status.month_reports(user, month, with_issues_only=True)
    # Tokenizing a month of texts takes a second or more: not on the event loop.
    text = await asyncio.to_thread(problems_text, found, month, user.language)
    # say() splits below Telegram's limit at line breaks; tags never span a line.
    await say(update, context, text)


@lookup
async def problems_command(update: Update, context: BotContext) -> None:
    """Show the problems of the month typed after /problems (this month when none)."""
    await _send(update, context, " ".join(context.args or []))


@lookup
async def problems_menu(update: Update, context: BotContext) -> None:
    """Show this month's problems from the menu button."""
    await _send(update, context, "")


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [
        CommandHandler("problems", problems_command),
        MessageHandler(filters.Text(menu_texts("menu.problems")), problems_menu),
    ]
