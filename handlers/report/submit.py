"""Sending a finished draft: one report stored, then the entry in the official layout."""

from __future__ import annotations

from telegram import Update

from core.domain import User
from core.i18n import t
from handlers.common import END, say
from handlers.context import BotContext
from handlers.export import official_button
from handlers.report.official import send_official_entry
from storage.drafts import Draft


async def submit(update: Update, context: BotContext, user: User, draft: Draft) -> object:
    """Store the report in one transaction and answer in the official page layout."""
    services = context.services
    report, created = await services.store.reports.submit(draft, user, services.today())
    if created:
        key = "report.saved_revision" if report.revision > 1 else "report.saved"
        markup = official_button(report.id or 0, user.language)
        saved = t(key, user.language, revision=report.revision)
        await say(update, context, saved, reply_markup=markup)
        await send_official_entry(update, context, report)
    return END
