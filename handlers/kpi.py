"""/kpi CODE: a KPI's target, achieved value, quarterly results and quarterly reports."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from core.bma import Kpi, KpiDetail
from core.i18n import t
from core.text import escape, shorten
from core.thai_numbers import to_arabic_digits
from handlers.common import require_user, say
from handlers.context import BotContext
from handlers.lanes import lookup

CODE_CHARS = 32  # longer than any KPI code; more is someone's typing, not a code
REPORT_CHARS = 600


def _number(value: Decimal | None) -> str:
    """Write a KPI number as the page did, or - when there is none."""
    return "-" if value is None else format(value, "f")


def kpi_summary(kpi: Kpi, language: str) -> str:
    """Return one line with a KPI's code, target and achieved value (for project cards)."""
    return t(
        "kpi.card_line",
        language,
        code=escape(kpi.code),
        name=escape(shorten(kpi.name, 200)),
        unit=escape(kpi.unit),
        target=_number(kpi.target),
        achieved=_number(kpi.achieved),
    )


def kpi_text(
    kpi: Kpi, detail: KpiDetail | None, projects: Sequence[tuple[str, str]], language: str
) -> str:
    """Return everything a supervisor reads about a KPI, in the reader's language."""
    lines = [
        t("kpi.title", language, code=escape(kpi.code), name=escape(kpi.name)),
        t("kpi.target", language, unit=escape(kpi.unit), value=_number(kpi.target)),
        t("kpi.achieved", language, unit=escape(kpi.unit), value=_number(kpi.achieved)),
    ]
    if kpi.quarters:
        lines += ["", t("kpi.quarters_title", language)]
        lines += [
            t(
                "kpi.quarter",
                language,
                quarter=q.quarter,
                result=_number(q.result),
                a=_number(q.evaluation[0]),
                b=_number(q.evaluation[1]),
            )
            for q in kpi.quarters
        ]
    reports = detail.reports if detail is not None else ()
    lines += ["", t("kpi.reports_title", language)]
    if reports:
        lines += [
            t(
                "kpi.report",
                language,
                quarter=r.quarter,
                text=escape(shorten(r.text, REPORT_CHARS)),
            )
            for r in reports
        ]
    else:
        lines.append(t("kpi.no_reports", language))
    if projects:
        named = ", ".join(f"{escape(code)} {escape(shorten(name, 80))}" for code, name in projects)
        lines += ["", t("kpi.projects", language, projects=named)]
    return "\n".join(lines)


@lookup
async def show_kpi(update: Update, context: BotContext) -> None:
    """Show the KPI named after /kpi, if one of the person's projects names it."""
    user = await require_user(update, context)
    if user is None:
        return
    lang = user.language
    # The first word is the code; Thai digits are read as digits.
    code = to_arabic_digits(next(iter(context.args or ()), "")[:CODE_CHARS]).strip()
    if not code:
        await say(update, context, t("kpi.usage", lang))
        return
    view = await context.services.store.kpis.kpi_in_scope(user, code)
    if view is None:
        await say(update, context, t("kpi.not_found", lang, code=escape(code)))
        return
    await say(update, context, kpi_text(view.kpi, view.detail, view.projects, lang))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Return the /kpi handler."""
    return [CommandHandler("kpi", show_kpi)]
