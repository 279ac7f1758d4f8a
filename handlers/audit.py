"""Admins read who changed what on a project (/audit CODE)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.domain import Role
from core.i18n import t
from core.text import escape
from core.thai_dates import day_text, month_year
from handlers.common import require_user, say
from handlers.context import BotContext
from storage.audit import CLI, AuditEntry


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
    actors = [int(entry.actor) for entry in entries if entry.actor.isdigit()]
    names = await store.users.names_of(sorted(set(actors)))
    zone = context.services.settings.timezone
    lines = [t("audit.title", lang, code=escape(project.code), count=len(entries))]
    lines += [_sentence(entry, lang, zone, names) for entry in entries]
    await say(update, context, "\n".join(lines))


def _who(entry: AuditEntry, lang: str, names: dict[int, str]) -> str:
    if entry.actor == CLI:
        return t("audit.cli", lang)
    name = names.get(int(entry.actor)) if entry.actor.isdigit() else None
    if name is None:
        return t("audit.unknown_person", lang, id=escape(entry.actor))
    return t("audit.person", lang, name=escape(name), id=escape(entry.actor))


def _role(value: object, lang: str) -> str:
    roles = {
        Role.OFFICER.value: t("role.officer", lang),
        Role.SUPERVISOR.value: t("role.supervisor", lang),
        Role.ADMIN.value: t("role.admin", lang),
    }
    return roles.get(str(value), escape(str(value)))


def _month(value: object, lang: str) -> str:
    try:
        return month_year(date.fromisoformat(f"{value}-01"), lang)
    except ValueError:
        return escape(str(value))


def _sentence(entry: AuditEntry, lang: str, zone: Any, names: dict[int, str]) -> str:
    """Return one entry as a sentence: when, who by name, and what in words."""
    local = entry.at.astimezone(zone)
    details = entry.details
    fields = {
        "date": day_text(local.date(), lang),
        "time": local.strftime("%H:%M"),
        "who": _who(entry, lang, names),
    }
    report = {
        "month": _month(details.get("month"), lang),
        "percent": escape(str(details.get("percent", "-"))),
        "revision": escape(str(details.get("revision", "-"))),
    }
    if entry.kind == "report_submitted":
        return t("audit.said_report_submitted", lang, **fields, **report)
    if entry.kind == "report_revised":
        return t("audit.said_report_revised", lang, **fields, **report)
    if entry.kind == "invite_created":
        return t("audit.said_invite_created", lang, **fields, role=_role(details.get("role"), lang))
    if entry.kind == "invite_used":
        return t("audit.said_invite_used", lang, **fields, role=_role(details.get("role"), lang))
    if entry.kind == "role_changed":
        before, after = _role(details.get("from"), lang), _role(details.get("to"), lang)
        return t("audit.said_role_changed", lang, **fields, before=before, after=after)
    if entry.kind == "import":
        added = escape(str(details.get("entries_added", 0)))
        return t("audit.said_import", lang, **fields, added=added)
    return t("audit.said_other", lang, **fields, what=escape(entry.kind))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Return the /audit handler."""
    return [CommandHandler("audit", show_audit)]
