"""Skip updates already handled: PTB confirms a batch before handling it, so a crash repeats it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from handlers.context import BotContext


async def skip_handled(update: Update, context: BotContext) -> None:
    """Stop an update that was handled before the last restart."""
    if await context.services.store.updates.seen(update.update_id):
        raise ApplicationHandlerStop


async def mark_handled(update: Update, context: BotContext) -> None:
    """Record that an update has been handled."""
    await context.services.store.updates.mark(update.update_id)
