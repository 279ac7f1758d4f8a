"""The confirmed entry in the layout of the BMA pages, ready to paste into the web system."""

from __future__ import annotations

from telegram import Update

from core.bma.render import entry_from_report, render_progress_entry
from core.domain import ProgressReport
from core.text import split_message
from handlers.context import BotContext


async def send_official_entry(update: Update, context: BotContext, report: ProgressReport) -> None:
    """Send the entry as plain text (no HTML), split where Telegram needs it."""
    chat = update.effective_chat
    assert chat is not None
    for part in split_message(render_progress_entry(entry_from_report(report))):
        await context.bot.send_message(chat.id, part, parse_mode=None)
