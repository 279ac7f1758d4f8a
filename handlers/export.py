"""/export sends the XLSX of what a person may see; a button resends a report's official text."""

from __future__ import annotations

import asyncio
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from core.domain import Role
from core.export.xlsx import build_xlsx
from core.i18n import t
from core.thai_dates import be_year, day_text
from handlers.common import acknowledge, is_private, require_user, say, showing_action
from handlers.context import BotContext
from handlers.lanes import lookup
from handlers.report.official import send_official_entry

_OFFICIAL = "xo:"
_OFFICIAL_RE = re.compile(r"^xo:([0-9]{1,12})$")


def official_button(report_id: int, lang: str) -> InlineKeyboardMarkup:
    """Return the button that sends a report again in the official layout."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("export.button_official", lang), callback_data=f"{_OFFICIAL}{report_id}"
                )
            ]
        ]
    )


def export_file_name(year: int, month: int) -> str:
    """Return the ASCII file name of an export, with the BE year."""
    return f"fieldreport-{year}-{month:02d}.xlsx"


@lookup
async def export_xlsx(update: Update, context: BotContext) -> None:
    """Send the workbook: a supervisor gets their agency, an admin everything."""
    user = await require_user(update, context, Role.SUPERVISOR, Role.ADMIN)
    if user is None:
        return
    if not is_private(update):
        await say(update, context, t("export.private_only", user.language))
        return
    services = context.services
    today = services.today()
    bundle = await services.store.exports.bundle(today, user=user)
    if not bundle.projects:
        await say(update, context, t("export.nothing", user.language))
        return
    chat = update.effective_chat
    assert chat is not None
    # Building the workbook is CPU work; keep the event loop answering others meanwhile.
    data = await showing_action(
        context,
        chat.id,
        ChatAction.UPLOAD_DOCUMENT,
        asyncio.to_thread(build_xlsx, bundle, user.language),
    )
    await context.bot.send_document(
        chat.id,
        InputFile(data, filename=export_file_name(be_year(today), today.month)),
        caption=t(
            "export.caption",
            user.language,
            count=len(bundle.projects),
            date=day_text(today, user.language),
        ),
    )


@lookup
async def official_entry(update: Update, context: BotContext) -> None:
    """Send a report in the official layout again, if the person may see its project."""
    user = await require_user(update, context)
    if user is None:
        return
    query = update.callback_query
    match = _OFFICIAL_RE.match(query.data or "") if query else None
    store = context.services.store
    report = await store.reports.by_id(int(match[1])) if match else None
    project = await store.projects.in_scope(user, code=report.project_code) if report else None
    if report is None or project is None:
        await acknowledge(update, t("export.official_not_found", user.language), alert=True)
        return
    await acknowledge(update)
    await send_official_entry(update, context, report)


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [
        CommandHandler("export", export_xlsx),
        CallbackQueryHandler(official_entry, pattern=f"^{_OFFICIAL}"),
    ]
