"""/status: a project's card with its standing against the plan, its chart and its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.bma import Kpi
from core.charts import ChartRenderer, ProjectChartData, chart_labels
from core.domain import Project, StatusKind, User
from core.i18n import t
from core.plan import plan_progress_at
from core.status import ProjectStatus, project_status
from core.text import CAPTION_LIMIT, escape, shorten
from core.thai_dates import day_text, month_year
from core.thai_text import is_none_text
from handlers import history, status_lookup
from handlers.common import acknowledge, require_user, say, showing_action
from handlers.context import BotContext
from handlers.kpi import kpi_summary
from handlers.lanes import lookup
from handlers.report import keys as report_keys
from handlers.start import menu_texts

CHARTS = "charts"  # the services.extras key of the shared ChartRenderer
WORK_DONE_CHARS = 600
ISSUE_CHARS = 300
CAPTION_NAME_CHARS = 300


def percent_text(value: Decimal) -> str:
    """Return a percent with two decimals."""
    return f"{value:.2f}"


# How each standing reads, locale keys written out in full.
_STATUS_WORDS = {
    StatusKind.ON_PLAN: "status.kind.on_plan",
    StatusKind.BEHIND: "status.kind.behind",
    StatusKind.STALLED: "status.kind.stalled",
    StatusKind.NOT_REPORTED: "status.kind.not_reported",
    StatusKind.FINISHED: "status.kind.finished",
}


def status_words(status: ProjectStatus, language: str) -> str:
    """Return a project's standing in words (on plan, behind plan by X%, no progress, ...)."""
    if not status.timeline and status.kind is StatusKind.ON_PLAN:
        # A plan with no dates cannot say a project is on plan: only that it reported.
        return t("status.kind.no_timeline", language)
    return t(
        _STATUS_WORDS[status.kind],
        language,
        gap=percent_text(status.behind_by),
        months=status.stalled_months,
    )


def renderer_of(context: BotContext) -> ChartRenderer:
    """Return the chart renderer created when the bot started."""
    renderer = context.services.extras[CHARTS]
    assert isinstance(renderer, ChartRenderer)
    return renderer


async def _status_of(context: BotContext, project: Project) -> ProjectStatus:
    assert project.id is not None
    reports = await context.services.store.reports.current(project.id)
    return project_status(
        project.plan_steps, reports, context.services.today(), project.fiscal_year
    )


def _issue(text: str | None, language: str) -> str:
    return (
        t("status.none", language)
        if is_none_text(text)
        else escape(shorten(text or "", ISSUE_CHARS))
    )


def card_text(
    project: Project, status: ProjectStatus, user: User, today: date, kpis: Sequence[Kpi] = ()
) -> str:
    """Return the text of a project's card, with a line for each KPI it supports."""
    lang = user.language
    lines = [
        t("status.title", lang, name=escape(project.name)),
        t("status.code", lang, code=escape(project.code)),
        t("status.agency", lang, agency=escape(project.agency)),
        t("status.fiscal_year", lang, fiscal_year=project.fiscal_year),
        t(
            "status.responsible",
            lang,
            responsible=escape(project.responsible or t("status.nobody", lang)),
        ),
    ]
    latest = status.latest
    if latest is None:
        lines.append(t("status.latest_none", lang))
    else:
        lines.append(
            t(
                "status.latest",
                lang,
                percent=percent_text(latest.percent),
                month=month_year(latest.month, lang),
                date=day_text(latest.reported_on, lang),
            )
        )
    if status.timeline:
        planned = plan_progress_at(project.plan_steps, today)
        lines.append(
            t("status.planned", lang, date=day_text(today, lang), percent=percent_text(planned))
        )
    else:
        lines.append(t("status.no_timeline", lang))
    lines.append(t("status.status", lang, status=status_words(status, lang)))
    if latest is not None:
        lines += [
            "",
            t("status.work_done", lang, text=escape(shorten(latest.work_done, WORK_DONE_CHARS))),
            t("status.problems", lang, text=_issue(latest.problems, lang)),
            t("status.obstacles", lang, text=_issue(latest.obstacles, lang)),
        ]
    if kpis:
        lines += ["", t("kpi.card_title", lang), *(kpi_summary(k, lang) for k in kpis)]
    return "\n".join(lines)


def card_keyboard(project: Project, user: User) -> InlineKeyboardMarkup:
    """Return the card's buttons; "report now" only for a person assigned to the project."""
    pid = project.id or 0
    row = [
        InlineKeyboardButton(
            t("status.button_history", user.language),
            callback_data=status_lookup.encode(status_lookup.HISTORY, pid),
        ),
        InlineKeyboardButton(
            t("status.button_chart", user.language),
            callback_data=status_lookup.encode(status_lookup.CHART, pid),
        ),
    ]
    rows = [row]
    if project.code in user.project_codes:
        rows.append(
            [
                InlineKeyboardButton(
                    t("status.button_report", user.language),
                    callback_data=report_keys.encode(report_keys.CHOOSE_PROJECT, pid),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


async def send_card(update: Update, context: BotContext, user: User, project: Project) -> None:
    """Send a project's card."""
    status = await _status_of(context, project)
    assert project.id is not None
    kpis = await context.services.store.kpis.kpis_of(project.id)
    text = card_text(project, status, user, context.services.today(), kpis)
    await say(update, context, text, reply_markup=card_keyboard(project, user))


def chart_caption(project: Project, status: ProjectStatus, language: str, today: date) -> str:
    """Return the caption of a project's chart: what the picture shows, said in words."""
    fields = {
        "name": escape(shorten(project.name, CAPTION_NAME_CHARS)),
        "code": escape(project.code),
        "fiscal_year": project.fiscal_year,
        # A plan without a timeline draws no line, and the caption says so.
        "plan": (
            t(
                "status.chart_plan",
                language,
                planned=percent_text(plan_progress_at(project.plan_steps, today)),
            )
            if status.timeline
            else t("status.chart_no_plan", language)
        ),
        "status": status_words(status, language),
    }
    latest = status.latest
    if latest is None:
        return t("status.chart_caption_none", language, **fields)
    return t(
        "status.chart_caption",
        language,
        percent=percent_text(latest.percent),
        date=day_text(latest.reported_on, language),
        **fields,
    )


async def send_chart(update: Update, context: BotContext, user: User, project: Project) -> None:
    """Render a project's chart (telling the chat a photo is coming) and send it."""
    chat = update.effective_chat
    assert chat is not None and project.id is not None
    services = context.services
    today = services.today()
    reports = await services.store.reports.current(project.id)
    status = project_status(project.plan_steps, reports, today, project.fiscal_year)
    data = ProjectChartData.from_project(project, reports, today)
    # A failed render reaches the error handler, which apologises to the person.
    png = await showing_action(
        context,
        chat.id,
        ChatAction.UPLOAD_PHOTO,
        renderer_of(context).project_chart(data, chart_labels(user.language)),
    )
    caption = chart_caption(project, status, user.language, today)
    assert len(caption) <= CAPTION_LIMIT
    await context.bot.send_photo(chat.id, png, caption=caption)


@lookup
async def status_command(update: Update, context: BotContext) -> None:
    """Show the card of the project named after /status, or the person's list of projects."""
    user = await require_user(update, context)
    if user is None:
        return
    project = await status_lookup.project_from_args(update, context, user, status_lookup.SHOW)
    if project is not None:
        await send_card(update, context, user, project)


@lookup
async def status_menu(update: Update, context: BotContext) -> None:
    """Answer the status menu button with the person's list of projects."""
    user = await require_user(update, context)
    if user is not None:
        await status_lookup.send_list(update, context, user, status_lookup.SHOW)


@lookup
async def status_button(update: Update, context: BotContext) -> None:
    """Act on a status button after checking the project is still in the person's scope."""
    user = await require_user(update, context)
    if user is None:
        return
    await acknowledge(update)
    button = status_lookup.decode(update.callback_query.data if update.callback_query else None)
    if button is None:
        await say(update, context, t("status.not_found", user.language))
        return
    if button.listing:
        await status_lookup.send_list(
            update, context, user, button.action, button.number, turn=True
        )
        return
    project = await context.services.store.projects.in_scope(user, project_id=button.number)
    if project is None:
        await say(update, context, t("status.not_found", user.language))
    elif button.action == status_lookup.CHART:
        await send_chart(update, context, user, project)
    elif button.action == status_lookup.HISTORY:
        await history.send_history(update, context, user, project)
    else:
        await send_card(update, context, user, project)


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers, in the order they should be tried."""
    return [
        CommandHandler("status", status_command),
        MessageHandler(filters.Text(menu_texts("menu.status")), status_menu),
        CallbackQueryHandler(status_button, pattern=status_lookup.PATTERN),
    ]
