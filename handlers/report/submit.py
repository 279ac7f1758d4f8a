"""Sending a finished draft: one report stored, then acknowledged with its official entry."""

from __future__ import annotations

from telegram import Update

from core.domain import User
from handlers.common import END
from handlers.context import BotContext
from handlers.report.acknowledgement import send_saved
from storage.drafts import Draft


async def submit(update: Update, context: BotContext, user: User, draft: Draft) -> object:
    """Store the report in one transaction and answer in the official page layout."""
    services = context.services
    report, created = await services.store.reports.submit(draft, user, services.today())
    if created:
        await send_saved(update, context, user, report)
    return END
