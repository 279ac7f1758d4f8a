"""The floor: a minimal python-telegram-bot echo bot with the bot's transport settings.

Run: ``TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=... python bench/echo_bot.py``.
It answers every text with the same text, through the same kind of rate limiter and the
same concurrency as the real bot (the same burst and SEND_RATE pacing).
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters

from core.config import DEFAULT_SEND_RATE, SEND_BURST


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text with the same text."""
    if update.effective_message is not None and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    """Poll until SIGTERM."""
    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=SEND_BURST,
                overall_time_period=SEND_BURST
                / float(os.environ.get("SEND_RATE", DEFAULT_SEND_RATE)),
            )
        )
        .concurrent_updates(256)
    )
    if base_url := os.environ.get("TELEGRAM_API_BASE_URL"):
        builder = builder.base_url(base_url)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    main()
