"""/history: every report of a project, corrections included, newest first like the BMA page."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.domain import ProgressReport, Project, User
from core.i18n import t
from core.text import escape
from core.thai_dates import day_text, month_year
from core.thai_text import is_none_text
from handlers import status_lookup
from handlers.common import require_user, say
from handlers.context import BotContext
from handlers.lanes import lookup


def _issue(text: str | None, language: str) -> str:
    return t("history.none", language) if is_none_text(text) else escape(text or "")


def _marks(report: ProgressReport, newest_revision: int, language: str) -> str:
    marks = ""
    if report.revision > 1:
        marks += t("history.mark_revision", language, revision=report.revision)
    if report.revision < newest_revision:
        marks += t("history.mark_superseded", language)
    if report.imported:
        marks += t("history.mark_imported", language)
    return marks


def history_text(project: Project, reports: Sequence[ProgressReport], language: str) -> str:
    """Return the whole history of a project as one text, newest entry first and numbered 1."""
    newest: dict[tuple[int, int], int] = {}
    for report in reports:
        month = (report.month.year, report.month.month)
        newest[month] = max(newest.get(month, 0), report.revision)
    ordered = sorted(reports, key=lambda r: (r.month, r.revision), reverse=True)
    blocks = [
        t(
            "history.title",
            language,
            name=escape(project.name),
            code=escape(project.code),
            count=len(ordered),
        )
    ]
    for number, report in enumerate(ordered, 1):
        lines = [
            t(
                "history.entry",
                language,
                number=number,
                percent=f"{report.percent:.2f}",
                date=day_text(report.reported_on, language),
            ),
            t(
                "history.month",
                language,
                month=month_year(report.month, language),
                marks=_marks(report, newest[(report.month.year, report.month.month)], language),
            ),
        ]
        if report.reporter_name:
            lines.append(t("history.reporter", language, name=escape(report.reporter_name)))
        lines.append(t("history.work_done", language, text=escape(report.work_done)))
        if report.decrease_reason:
            lines.append(
                t("history.decrease_reason", language, text=escape(report.decrease_reason))
            )
        lines.append(t("history.problems", language, text=_issue(report.problems, language)))
        lines.append(t("history.obstacles", language, text=_issue(report.obstacles, language)))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


async def send_history(update: Update, context: BotContext, user: User, project: Project) -> None:
    """Send a project's history, in as many messages as it needs."""
    assert project.id is not None
    reports = await context.services.store.reports.history(project.id)
    if not reports:
        await say(update, context, t("history.empty", user.language))
        return
    # say() splits at line breaks below Telegram's limit; every tag opens and closes on one line.
    await say(update, context, history_text(project, reports, user.language))


@lookup
async def history_command(update: Update, context: BotContext) -> None:
    """Show the history of the project named after /history, or let the person pick one."""
    user = await require_user(update, context)
    if user is None:
        return
    project = await status_lookup.project_from_args(update, context, user, status_lookup.HISTORY)
    if project is not None:
        await send_history(update, context, user, project)


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [CommandHandler("history", history_command)]
