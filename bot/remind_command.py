"""``python -m bot remind [--dry-run]``: preview or send the due reminders from a server shell."""

from __future__ import annotations

import html
import re
from datetime import datetime

from core.config import Settings
from core.reminders.clock import SystemClock
from core.reminders.workdays import ThaiWorkCalendar
from handlers.reminders.delivery import run_due, services_of
from handlers.reminders.planning import plan_due, preview_text
from storage import Storage

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Return chat HTML as terminal text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


async def remind_command(
    settings: Settings, dry_run: bool, now: datetime | None = None, language: str = "th"
) -> str:
    """Preview (no token needed) or send what is due now; return the summary to print."""
    moment = now or SystemClock(settings.timezone).now()
    if dry_run:
        store = await Storage.from_settings(settings).ready()
        try:
            calendar = ThaiWorkCalendar(settings.timezone)
            planned = await plan_due(store, moment, calendar, settings.reminder_time)
        finally:
            await store.close()
        return plain(preview_text(planned, language))
    if not settings.token:
        raise ValueError("sending needs TELEGRAM_BOT_TOKEN; use --dry-run to preview")
    # Imported here: bot.app imports this package for the jobs.
    from bot.app import build_application

    application = build_application(settings, updater=False)
    await application.initialize()
    store = services_of(application).store
    try:
        await store.ready()
        result = await run_due(application, moment)
    finally:
        await application.shutdown()
        await store.close()
    return (
        f"sent {result.sent}, unreachable {result.unreachable}, failed {result.failed}"
        f" ({', '.join(result.occasions) or 'nothing due'})"
    )
