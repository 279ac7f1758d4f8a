"""Wire the application: settings, storage, the ordered handler list, commands and jobs."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    ContextTypes,
    Defaults,
    TypeHandler,
)

from bot.backup import schedule_backup_job
from bot.jobs import release_leases, schedule_lease_keeper, schedule_reminder_jobs
from bot.pacing import FairPacer
from bot.processor import PerChatUpdateProcessor
from bot.sending import transport
from bot.turns import ChatTurns
from core.charts import ChartRenderer
from core.config import ANSWER_OVERDRAFT, SEND_BURST, Settings
from core.i18n import t
from core.reminders.clock import SystemClock
from core.thai_text import load_dictionary
from handlers import (
    audit,
    errors,
    export,
    fallback,
    flood,
    history,
    importing,
    invite,
    kpi,
    leave,
    overview,
    people,
    problems,
    start,
    status,
    updates,
)
from handlers.context import BotApplication, BotContext, Clock, Services
from handlers.lanes import LOOKUPS_AT_ONCE
from handlers.reminders import commands as reminders
from handlers.report.conversation import conversation, open_report_reminder
from handlers.report.routing import OpenDrafts
from storage import Storage

log = logging.getLogger(__name__)

# The commands shown in Telegram's menu, in order, with the locale keys of their descriptions.
COMMANDS = {
    "start": "commands.start",
    "report": "commands.report",
    "status": "commands.status",
    "history": "commands.history",
    "overview": "commands.overview",
    "problems": "commands.problems",
    "kpi": "commands.kpi",
    "export": "commands.export",
    "leave": "commands.leave",
    "schedule": "commands.schedule",
    "remind": "commands.remind",
    "invite": "commands.invite",
    "audit": "commands.audit",
    "unassign": "commands.unassign",
    "handover": "commands.handover",
    "acting": "commands.acting",
    "deactivate": "commands.deactivate",
    "cancel": "commands.cancel",
    "language": "commands.language",
    "help": "commands.help",
}
RATE_LIMIT_RETRIES = 3
# Telegram's limit for a bot is about 30 messages a second; a SEND_RATE above it (tests, and
# benchmarks of the bot's own cost) turns pacing off, the per-chat pacing too.
TELEGRAM_SENDS_PER_SECOND = 30
# One private chat: ten messages at once (a whole report answered fast), then one a second.
PRIVATE_CHAT_RATE = (10.0, 10.0)
CHART_WORKERS = LOOKUPS_AT_ONCE  # chart renders run in worker processes, off the event loop
DICTIONARY = "dictionary"  # the services.extras key of the dictionary-loading task


def ordered_handlers() -> list[tuple[int, BaseHandler[Update, BotContext, Any]]]:
    """Return every handler with its group, in the order they are tried (once per application).

    How a callback runs is marked where it is defined: ``@lookup`` (handlers/lanes.py) on
    status, history, overview, problems, KPI and export callbacks; ``@reads_on_writer`` on the
    report conversation's steps.
    """
    drafts = OpenDrafts()
    return [
        # Group -3: one person's flood is dropped before it costs anything (one notice).
        (-3, TypeHandler(Update, flood.hold_back_floods)),
        # Group -2: updates that were handled before a crash come again; drop them first.
        (-2, TypeHandler(Update, updates.skip_handled)),
        # Group -1: the sender's draft step is read from the database (any process may get any
        # update), and a report stored whose "saved" was lost is acknowledged before anything.
        (-1, TypeHandler(Update, drafts.read)),
        # Group 0: the report conversation first, so that its steps see their answers.
        *((0, handler) for handler in conversation(drafts)),
        # Registration, menu, help and language.
        *((0, handler) for handler in start.handlers()),
        # Admin tools.
        *((0, handler) for handler in invite.handlers()),
        # Reminders: /remind (admins), /schedule, and officers' /leave.
        *((0, handler) for handler in reminders.handlers()),
        *((0, handler) for handler in leave.handlers()),
        # Status for supervisors: project cards and charts, history, overview, problems, KPIs.
        *((0, handler) for handler in status.handlers()),
        *((0, handler) for handler in history.handlers()),
        *((0, handler) for handler in overview.handlers()),
        *((0, handler) for handler in problems.handlers()),
        *((0, handler) for handler in kpi.handlers()),
        # Admins import BMA pages by sending the file; XLSX export and the official text.
        *((0, handler) for handler in importing.handlers()),
        *((0, handler) for handler in export.handlers()),
        # Admins and supervisors change who reports on a project.
        *((0, handler) for handler in people.handlers()),
        # Admins read who changed what on a project.
        *((0, handler) for handler in audit.handlers()),
        # Anything nobody else took: stale buttons, edits, stray text.
        *((0, handler) for handler in fallback.handlers()),
        # Group 1: after another command or menu button mid-report, offer to go on with it.
        (1, open_report_reminder()),
        # Group 99: remember that the update has been handled.
        (99, TypeHandler(Update, updates.mark_handled)),
        # Group 100: the draft step read in group -1 is not needed any more.
        (100, TypeHandler(Update, drafts.forget)),
    ]


def build_application(
    settings: Settings,
    clock: Clock | None = None,
    *,
    updater: bool = True,
    several_processes: bool = False,
) -> BotApplication:
    """Build the application for the settings; storage opens when the application starts.

    ``several_processes`` (webhook mode): other processes may get the same chat's updates, so
    each update also waits for its chat's turn in the database (bot/turns.py).
    """
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is required")
    services = Services(
        settings=settings,
        store=Storage.from_settings(settings),
        clock=clock or SystemClock(settings.timezone),
        several_processes=several_processes,
    )
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .rate_limiter(
            # A small burst, then steady pacing: Telegram counts ~30 messages per sliding
            # second, so burst + rate stays at 30 (bench/reminders.py earns no 429). Officers'
            # answers go before lookups and reminders, each chat in turn (bot/pacing.py).
            FairPacer(
                rate=settings.send_rate,
                burst=SEND_BURST,
                max_retries=RATE_LIMIT_RETRIES,
                overdraft=ANSWER_OVERDRAFT,
                private_rate=(
                    PRIVATE_CHAT_RATE if settings.send_rate <= TELEGRAM_SENDS_PER_SECOND else None
                ),
            )
        )
        .concurrent_updates(
            PerChatUpdateProcessor(
                turns=(
                    ChatTurns(services.store, services.process_id) if several_processes else None
                )
            )
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        # A plain HTTPX transport: calls are retried only by the pacer, as bot/sending.py says.
        .request(transport())
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url)
    if settings.api_file_url:
        builder = builder.base_file_url(settings.api_file_url)
    if not updater:
        builder = builder.updater(None)
    application: BotApplication = builder.build()  # type: ignore[assignment]
    application.bot_data["services"] = services
    for group, handler in ordered_handlers():
        application.add_handler(handler, group=group)
    application.add_error_handler(errors.report_error)
    return application


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """Return the services stored in an application."""
    services = application.bot_data["services"]
    assert isinstance(services, Services)
    return services


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services = services_of(application)
    # The word dictionary (about 1 s) loads in a thread from now on, while polling starts,
    # rather than on the first person's message; the task is kept so it is not collected.
    dictionary = asyncio.create_task(asyncio.to_thread(load_dictionary))
    # Then the half a million objects of the imports and the dictionary live as long as the
    # process: frozen, the garbage collector stops walking them, and its full passes stop
    # pausing every chat for 100-600 ms (bench/conversation.py's p99).
    dictionary.add_done_callback(lambda _: gc.freeze())
    services.extras[DICTIONARY] = dictionary
    store = await services.store.ready()
    services.extras.setdefault(status.CHARTS, ChartRenderer(max_workers=CHART_WORKERS))
    for admin_id in services.settings.admin_ids:
        await store.users.ensure_admin(admin_id, str(admin_id))
    if application.bot.username:
        await store.meta.put("bot_username", application.bot.username)
    for language in ("th", None):
        commands = [BotCommand(name, t(key, language or "th")) for name, key in COMMANDS.items()]
        await application.bot.set_my_commands(commands, language_code=language)
    # The daily reminder check and a catch-up run right after start-up.
    schedule_reminder_jobs(application)
    # The daily online backup (BACKUP_DIR, newest 14 kept).
    schedule_backup_job(application, services.settings.timezone)
    # Those jobs run in the one process holding their lease, whatever the number of processes.
    schedule_lease_keeper(application)
    log.info("bot started as @%s", application.bot.username)


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    dictionary = services_of(application).extras.pop(DICTIONARY, None)
    if isinstance(dictionary, asyncio.Task):
        await dictionary
    renderer = services_of(application).extras.pop(status.CHARTS, None)
    if isinstance(renderer, ChartRenderer):
        renderer.close()
    await release_leases(application)
    await services_of(application).store.close()
