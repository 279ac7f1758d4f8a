"""Admins read who changed what on a project (/audit CODE)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.domain import Role
from core.i18n import t
from core.text import escape
from core.thai_dates import thai_date
from handlers.common import require_user, say
from handlers.context import BotContext
from storage.audit import CLI, AuditEntry

# The name of each kind of audit entry, locale keys written out in full.
_KINDS = {
    "report_submitted": "audit.kind_report_submitted",
    "report_revised": "audit.kind_report_revised",
    "role_changed": "audit.kind_role_changed",
    "invite_created": "audit.kind_invite_created",
    "invite_used": "audit.kind_invite_used",
    "import": "audit.kind_import",
}


async def show_audit(update: Update, context: BotContext) -> None:
    """Send the audit trail of one project, newest last, split into messages when long."""
    admin = await require_user(update, context, Role.ADMIN)
    if admin is None:
        return
    lang = admin.language
    args = context.args or []
    if not args:
        await say(update, context, t("audit.usage", lang))
        return
    store = context.services.store
    project = await store.projects.by_code(args[0][:64])
    if project is None or project.id is None:
        await say(update, context, t("audit.not_found", lang, code=escape(args[0][:64])))
        return
    entries = await store.audit.for_project(project.id)
    if not entries:
        await say(update, context, t("audit.empty", lang, code=escape(project.code)))
        return
    zone = context.services.settings.timezone
    lines = [t("audit.title", lang, code=escape(project.code), count=len(entries))]
    lines += [_line(entry, lang, zone) for entry in entries]
    await say(update, context, "\n".join(lines))


def _line(entry: AuditEntry, lang: str, zone: Any) -> str:
    local = entry.at.astimezone(zone)
    who = t("audit.cli", lang) if entry.actor == CLI else escape(entry.actor)
    details = ", ".join(f"{escape(str(k))}={escape(str(v))}" for k, v in entry.details.items())
    return t(
        "audit.line",
        lang,
        date=thai_date(local.date()),
        time=local.strftime("%H:%M"),
        who=who,
        what=t(_KINDS[entry.kind], lang),
        details=details,
    )


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Return the /audit handler."""
    return [CommandHandler("audit", show_audit)]
