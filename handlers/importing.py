"""Admins import BMA pages by sending the .txt file: preview first, then confirm."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from core.bma import KpiDetail, ProjectPage
from core.domain import Role, User
from core.export.incoming import (
    FAILED,
    MAX_FILE_BYTES,
    PageOutcome,
    PageRead,
    decode_text,
    describe,
    read_pages,
)
from core.i18n import t
from core.text import escape
from handlers.common import acknowledge, require_user, say
from handlers.context import BotContext
from storage import StorageError
from storage.imports import (
    STEPS_ADDED,
    STEPS_KEPT,
    STEPS_NONE,
    STEPS_SAME,
    ImportPreview,
    PageImports,
)

# What happens to a page's plan steps, locale keys written out in full.
_STEPS_ACTIONS = {
    STEPS_ADDED: "importing.steps_added",
    STEPS_SAME: "importing.steps_same",
    STEPS_KEPT: "importing.steps_kept",
    STEPS_NONE: "importing.steps_none",
}

log = logging.getLogger(__name__)

_PREFIX = "mi:"
_BUTTON_RE = re.compile(r"^mi:([ynr]):([0-9a-f]{12})$")
_TEXT_SUFFIXES = (".txt", ".text")


def _buttons(key: str, lang: str, offer_replace: bool) -> InlineKeyboardMarkup:
    """Return the confirm and cancel buttons of a preview (and replace, for another year)."""
    rows = [
        [
            InlineKeyboardButton(t("importing.button_confirm", lang), callback_data=f"mi:y:{key}"),
            InlineKeyboardButton(t("importing.button_cancel", lang), callback_data=f"mi:n:{key}"),
        ]
    ]
    if offer_replace:
        rows.append(
            [InlineKeyboardButton(t("importing.button_replace", lang), callback_data=f"mi:r:{key}")]
        )
    return InlineKeyboardMarkup(rows)


def _preview_text(preview: ImportPreview, lang: str) -> str:
    """Describe what importing a project page would do."""
    if preview.agency is None:
        return t("importing.outcome_agency_missing", lang, code=escape(preview.code))
    if preview.stored_fiscal_year is not None:
        return t(
            "importing.outcome_year_conflict",
            lang,
            code=escape(preview.code),
            stored=preview.stored_fiscal_year,
            year=preview.fiscal_year,
            hint=t("importing.replace_hint_chat", lang),
        )
    status = "importing.project_exists" if preview.project_exists else "importing.project_new"
    text = t(
        "importing.preview_project",
        lang,
        name=escape(preview.name),
        code=escape(preview.code),
        agency=escape(preview.agency),
        year=preview.fiscal_year,
        status=t(status, lang),
        entries=preview.entries,
        new=preview.new_entries,
        existing=preview.existing_entries,
        steps=preview.steps,
        steps_action=t(_STEPS_ACTIONS[preview.steps_action], lang),
        kpis=preview.kpis,
        new_kpis=preview.new_kpis,
    )
    if preview.header_kept:
        agency, year = escape(preview.agency), preview.fiscal_year
        text += "\n" + t("importing.outcome_agency_kept", lang, agency=agency, year=year)
    return text


async def _download(update: Update, context: BotContext, user: User) -> str | None:
    """Fetch and decode the sent file, telling the admin what is wrong with it."""
    message = update.effective_message
    document = message.document if message else None
    assert document is not None
    lang = user.language
    name = (document.file_name or "").lower()
    if not (name.endswith(_TEXT_SUFFIXES) or (document.mime_type or "").startswith("text/")):
        await say(update, context, t("importing.not_text", lang))
        return None
    limit = t("importing.too_big", lang, limit=MAX_FILE_BYTES // 1024)
    if (document.file_size or 0) > MAX_FILE_BYTES:
        await say(update, context, limit)
        return None
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        log.warning("could not download %s", document.file_id, exc_info=True)
        await say(update, context, t("importing.download_failed", lang))
        return None
    if len(data) > MAX_FILE_BYTES:
        await say(update, context, limit)
        return None
    text = decode_text(data)
    if text is None:
        await say(update, context, t("importing.undecodable", lang))
    return text


async def _page_preview(imports: PageImports, read: PageRead, lang: str) -> tuple[str, bool]:
    """Describe what importing one page would do; say whether it is of another year."""
    page = read.page
    head = t("importing.outcome_page", lang, number=read.number, line=read.line)
    if page is None:
        return "\n".join(describe(PageOutcome(read, FAILED), lang, html=True)), False
    if isinstance(page, KpiDetail):
        projects = await imports.kpi_known(page.code)
        text = t(
            "importing.preview_kpi",
            lang,
            code=escape(page.code),
            name=escape(page.kpi.name),
            projects=escape(", ".join(projects)) or t("importing.outcome_no_project", lang),
        )
        conflict = False
    else:
        preview = await imports.preview_page(page)
        text, conflict = _preview_text(preview, lang), preview.year_conflict
    # The skipped parts are listed as the import will list them.
    skipped = describe(PageOutcome(read, FAILED), lang, html=True)[1:]
    return "\n".join([head, text, *skipped]), conflict


async def document_received(update: Update, context: BotContext) -> None:
    """Read every page of a file from an admin and show what importing them would do."""
    user = await require_user(update, context)
    if user is None:
        return
    if user.role is not Role.ADMIN:
        await say(update, context, t("importing.not_allowed", user.language))
        return
    text = await _download(update, context, user)
    if text is None:
        return
    lang = user.language
    reads = read_pages(text)
    if all(read.page is None for read in reads):
        lines = [
            line for read in reads for line in describe(PageOutcome(read, FAILED), lang, html=True)
        ]
        await say(update, context, "\n".join(lines))
        return
    services = context.services
    imports = services.store.imports
    parts: list[str] = []
    conflict = False
    for read in reads:
        part, other_year = await _page_preview(imports, read, lang)
        parts.append(part)
        conflict = conflict or other_year
    if len(reads) > 1:
        parts.insert(0, t("importing.preview_pages", lang, count=len(reads)))
    kind = "project" if any(isinstance(r.page, ProjectPage) for r in reads) else "kpi"
    message = update.effective_message
    file_name = message.document.file_name if message and message.document else None
    key = await services.store.pending_imports.put(
        user.telegram_id, kind, file_name, text, services.now()
    )
    await say(update, context, "\n\n".join(parts), reply_markup=_buttons(key, lang, conflict))


async def _apply(
    update: Update, context: BotContext, user: User, text: str, replace_year: bool
) -> None:
    """Import every page of a confirmed file, each on its own, and say what each did."""
    imports = context.services.store.imports
    lang = user.language
    hint = t("importing.replace_hint_chat", lang)
    lines: list[str] = []
    for read in read_pages(text):
        outcome = await imports.import_read(read, user.telegram_id, replace_year=replace_year)
        lines.extend(describe(outcome, lang, hint, html=True))
    await say(update, context, "\n".join(lines))


async def button_pressed(update: Update, context: BotContext) -> None:
    """Import or drop a pending file; a stale or forged button gets a clear answer."""
    user = await require_user(update, context, Role.ADMIN)
    if user is None:
        return
    query = update.callback_query
    assert query is not None
    lang = user.language
    match = _BUTTON_RE.match(query.data or "")
    services = context.services
    pending = (
        await services.store.pending_imports.take(match[2], user.telegram_id, services.now())
        if match
        else None
    )
    if match is None or pending is None:
        await acknowledge(update, t("importing.stale", lang), alert=True)
        return
    await acknowledge(update)
    try:
        # Only a message that still has buttons: Telegram refuses an edit that changes nothing.
        if isinstance(query.message, Message) and query.message.reply_markup:
            await query.edit_message_reply_markup(None)
    except TelegramError:
        log.debug("could not remove the import buttons", exc_info=True)
    if match[1] == "n":
        await say(update, context, t("importing.cancelled", lang))
        return
    try:
        await _apply(update, context, user, pending.body, replace_year=match[1] == "r")
    except StorageError:
        log.exception("import of %s failed", pending.file_name)
        await say(update, context, t("importing.failed", lang))


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers (after the report conversation, before the fallback)."""
    return [
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.Document.ALL,
            document_received,
        ),
        CallbackQueryHandler(button_pressed, pattern=f"^{_PREFIX}"),
    ]
