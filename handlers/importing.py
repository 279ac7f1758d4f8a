"""Admins import BMA pages by sending the .txt file: preview first, then confirm."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from core.bma import KpiDetail, PageParseError, ProjectPage
from core.domain import Role, User
from core.export.incoming import MAX_FILE_BYTES, decode_text, parse_file, part_name, where
from core.i18n import t
from core.text import escape
from handlers.common import acknowledge, require_user, say
from handlers.context import BotContext
from storage import StorageError
from storage.imports import STEPS_ADDED, STEPS_KEPT, STEPS_NONE, STEPS_SAME, ImportPreview

# What happens to a page's plan steps, locale keys written out in full.
_STEPS_ACTIONS = {
    STEPS_ADDED: "importing.steps_added",
    STEPS_SAME: "importing.steps_same",
    STEPS_KEPT: "importing.steps_kept",
    STEPS_NONE: "importing.steps_none",
}

log = logging.getLogger(__name__)

_PREFIX = "mi:"
_BUTTON_RE = re.compile(r"^mi:([yn]):([0-9a-f]{12})$")
_TEXT_SUFFIXES = (".txt", ".text")


def _buttons(key: str, lang: str) -> InlineKeyboardMarkup:
    """Return the confirm and cancel buttons of a preview."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("importing.button_confirm", lang), callback_data=f"mi:y:{key}"
                ),
                InlineKeyboardButton(
                    t("importing.button_cancel", lang), callback_data=f"mi:n:{key}"
                ),
            ]
        ]
    )


def _preview_text(preview: ImportPreview, lang: str) -> str:
    """Describe what importing a project page would do."""
    status = "importing.project_exists" if preview.project_exists else "importing.project_new"
    return t(
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


def _parse_error_text(error: PageParseError, lang: str) -> str:
    """Explain in the reader's language which part of the page failed and where."""
    return t(
        "importing.parse_failed",
        lang,
        part=escape(part_name(error, lang)),
        where=where(error, lang),
        message=escape(error.message),
    )


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


async def document_received(update: Update, context: BotContext) -> None:
    """Parse a page file from an admin and show what importing it would do."""
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
    try:
        parsed = parse_file(text)
    except PageParseError as error:
        await say(update, context, _parse_error_text(error, lang))
        return
    services = context.services
    imports = services.store.imports
    if isinstance(parsed, KpiDetail):
        projects = await imports.kpi_known(parsed.code)
        if not projects:
            await say(update, context, t("importing.kpi_unknown", lang, code=escape(parsed.code)))
            return
        summary = t(
            "importing.preview_kpi",
            lang,
            code=escape(parsed.code),
            name=escape(parsed.kpi.name),
            projects=escape(", ".join(projects)),
        )
        kind = "kpi"
    else:
        summary = _preview_text(await imports.preview_page(parsed), lang)
        kind = "project"
    message = update.effective_message
    file_name = message.document.file_name if message and message.document else None
    key = await services.store.pending_imports.put(
        user.telegram_id, kind, file_name, text, services.now()
    )
    await say(update, context, summary, reply_markup=_buttons(key, lang))


async def _apply(update: Update, context: BotContext, user: User, parsed: object) -> None:
    """Import a confirmed page and say what changed."""
    imports = context.services.store.imports
    lang = user.language
    if isinstance(parsed, KpiDetail):
        try:
            done = await imports.import_kpi_detail(parsed)
        except LookupError:
            await say(update, context, t("importing.kpi_unknown", lang, code=escape(parsed.code)))
            return
        projects = escape(", ".join(done.projects))
        await say(
            update, context, t("importing.kpi_imported", lang, code=parsed.code, projects=projects)
        )
        return
    assert isinstance(parsed, ProjectPage)
    result = await imports.import_page(parsed, actor=user.telegram_id)
    key = "importing.imported" if result.changed else "importing.unchanged"
    await say(
        update,
        context,
        t(
            key,
            lang,
            code=escape(result.code),
            added=result.added_entries,
            existing=result.existing_entries,
        ),
    )


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
        await _apply(update, context, user, parse_file(pending.body))
    except (PageParseError, StorageError):
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
