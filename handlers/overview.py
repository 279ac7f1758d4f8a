"""/overview: an agency's projects in charts, most behind first, with a summary in words."""

from __future__ import annotations

import asyncio
import re
from datetime import date

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    Update,
)
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.charts import AgencyRollupData, AgencyRow, OverviewChartData, OverviewRow, chart_labels
from core.charts.data import ROWS_PER_PAGE, STATUS_ORDER
from core.domain import PlanStep, ProgressReport, Project, Role, StatusKind, User
from core.i18n import t
from core.names import normal_name
from core.overview_summary import summarize
from core.status import ProjectStatus, project_status, sort_by_urgency
from core.text import escape, shorten
from core.thai_dates import day_text, month_start
from handlers.common import acknowledge, require_user, say, showing_action
from handlers.context import BotContext
from handlers.editing import edit_buttons_or_send
from handlers.lanes import lookup
from handlers.start import menu_texts
from handlers.status import renderer_of

PATTERN = r"^ov:"
_DATA = re.compile(r"^ov:([ap]):([0-9]{1,12})$")
AGENCIES_PER_PAGE = 20
LABEL_CHARS = 40
# No answer is more than a few pictures: the most urgent rows, the rest in words and buttons.
MAX_IMAGES = 3
STATUS_BATCH = 250  # projects classified per read of their reports


def _compact(text: str) -> str:
    """Return a name in normal form without spaces, for matching what people type."""
    return "".join(normal_name(text).split()).casefold()


def agency_keyboard(
    agencies: list[tuple[int, str]], page: int, language: str
) -> InlineKeyboardMarkup:
    """Return one page of agency buttons, two a row, with previous/next buttons."""
    pages = max(1, -(-len(agencies) // AGENCIES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = agencies[page * AGENCIES_PER_PAGE : (page + 1) * AGENCIES_PER_PAGE]
    buttons = [
        InlineKeyboardButton(shorten(name, LABEL_CHARS), callback_data=f"ov:a:{agency_id}")
        for agency_id, name in shown
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    turn = []
    if page > 0:
        turn.append(
            InlineKeyboardButton(
                t("status.button_previous", language), callback_data=f"ov:p:{page - 1}"
            )
        )
    if page < pages - 1:
        turn.append(
            InlineKeyboardButton(
                t("status.button_next", language), callback_data=f"ov:p:{page + 1}"
            )
        )
    return InlineKeyboardMarkup([*rows, turn] if turn else rows)


def _row(project: Project, status: ProjectStatus) -> OverviewRow:
    return OverviewRow(
        code=project.code,
        name=project.name,
        latest=status.latest.percent if status.latest is not None else None,
        planned=status.planned if status.timeline else None,
        kind=status.kind,
        behind_by=status.behind_by,
    )


def _classify(
    ids: list[int],
    steps: dict[int, tuple[PlanStep, ...]],
    reports: dict[int, list[ProgressReport]],
    today: date,
    years: dict[int, int],
) -> dict[int, ProjectStatus]:
    return {
        pid: project_status(steps.get(pid, ()), reports.get(pid, []), today, years.get(pid))
        for pid in ids
    }


async def _statuses(context: BotContext, projects: list[Project]) -> dict[int, ProjectStatus]:
    """Return each project's standing today, computed off the event loop."""
    store = context.services.store
    ids = [p.id for p in projects if p.id is not None]
    today = context.services.today()
    years = {p.id: p.fiscal_year for p in projects if p.id is not None}
    statuses: dict[int, ProjectStatus] = {}
    # An admin's roll-up classifies every project: read their reports a batch at a time, so
    # that the bot never holds all of them (60,000 with their texts at 5,000 projects, about
    # 85 MB while read) but only each project's latest one (bench/footprint.py).
    for first in range(0, len(ids), STATUS_BATCH):
        batch = ids[first : first + STATUS_BATCH]
        reports = await store.reports.current_for_projects(batch)
        steps = await store.status.steps_for_projects(batch)
        # Thousands of projects for an admin: the loop keeps answering officers meanwhile.
        statuses.update(await asyncio.to_thread(_classify, batch, steps, reports, today, years))
    return statuses


async def _send_pages(
    update: Update, context: BotContext, pages: list[bytes], captions: list[str]
) -> None:
    chat = update.effective_chat
    assert chat is not None
    if len(pages) == 1:
        await context.bot.send_photo(chat.id, pages[0], caption=captions[0])
        return
    media = [
        InputMediaPhoto(png, caption=caption) for png, caption in zip(pages, captions, strict=True)
    ]
    await context.bot.send_media_group(chat.id, media)


async def send_overview(update: Update, context: BotContext, user: User, agency: str) -> None:
    """Send an agency's overview: the most urgent projects in a few charts, all in words."""
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    projects = [
        p for p in await services.store.projects.visible_to(user, agency) if p.id is not None
    ]
    if not projects:
        await say(update, context, t("overview.not_found", user.language))
        return
    statuses = await _statuses(context, projects)
    today = services.today()
    ordered = sort_by_urgency(projects, key=lambda p: statuses[p.id or 0])
    shown = ordered[: ROWS_PER_PAGE * MAX_IMAGES]
    data = OverviewChartData(
        agency=agency,
        month=month_start(today),
        rows=tuple(_row(p, statuses[p.id or 0]) for p in shown),
    )
    pages = await showing_action(
        context,
        chat.id,
        ChatAction.UPLOAD_PHOTO,
        renderer_of(context).overview_charts(
            data, chart_labels(user.language), per_page=ROWS_PER_PAGE
        ),
    )
    captions = [
        t(
            "overview.caption",
            user.language,
            agency=escape(shorten(agency, 200)),
            date=day_text(today, user.language),
            page=number,
            pages=len(pages),
        )
        for number in range(1, len(pages) + 1)
    ]
    await _send_pages(update, context, pages, captions)
    summary = summarize(statuses.values(), today)
    text = t(
        "overview.summary",
        user.language,
        agency=escape(agency),
        date=day_text(today, user.language),
        reported=summary.reported,
        total=summary.total,
        behind=summary.behind,
        stalled=summary.stalled,
        finished=summary.finished,
    )
    if len(shown) < len(ordered):
        text += "\n" + t(
            "overview.shown_most_urgent", user.language, shown=len(shown), total=len(ordered)
        )
    await say(update, context, text)


def _agency_row(name: str, statuses: list[ProjectStatus]) -> AgencyRow:
    counts = {kind: 0 for kind in STATUS_ORDER}
    for status in statuses:
        counts[status.kind] += 1
    return AgencyRow(name, tuple((kind, n) for kind, n in counts.items() if n))


def _needs_attention(row: AgencyRow) -> tuple[int, int, str]:
    done = {StatusKind.ON_PLAN, StatusKind.FINISHED}
    waiting = sum(n for kind, n in row.counts if kind not in done)
    return (-waiting, -row.total, row.name)


async def send_rollup(
    update: Update, context: BotContext, user: User, agencies: list[tuple[int, str]]
) -> None:
    """Send every agency in one roll-up: a bar per agency with its counts, and a button each."""
    chat = update.effective_chat
    assert chat is not None
    lang = user.language
    projects = [
        p for p in await context.services.store.projects.visible_to(user) if p.id is not None
    ]
    statuses = await _statuses(context, projects)
    by_agency: dict[str, list[ProjectStatus]] = {}
    for project in projects:
        by_agency.setdefault(project.agency, []).append(statuses[project.id or 0])
    rows = sorted(
        (_agency_row(name, found) for name, found in by_agency.items()), key=_needs_attention
    )
    today = context.services.today()
    labels = chart_labels(lang)
    data = AgencyRollupData(
        title=labels.overview_title.format(agency=t("overview.all_agencies", lang)),
        month=month_start(today),
        rows=tuple(rows[: ROWS_PER_PAGE * MAX_IMAGES]),
    )
    pages = await showing_action(
        context,
        chat.id,
        ChatAction.UPLOAD_PHOTO,
        renderer_of(context).agency_rollup(data, labels, ROWS_PER_PAGE),
    )
    captions = [
        t(
            "overview.rollup_caption",
            lang,
            date=day_text(today, user.language),
            page=n,
            pages=len(pages),
        )
        for n in range(1, len(pages) + 1)
    ]
    await _send_pages(update, context, pages, captions)
    summary = summarize(statuses.values(), today)
    lines = [
        t(
            "overview.rollup_summary",
            lang,
            date=day_text(today, user.language),
            total=summary.total,
            agencies=len(rows),
            reported=summary.reported,
            behind=summary.behind,
            stalled=summary.stalled,
            finished=summary.finished,
        )
    ]
    if len(data.rows) < len(rows):
        lines.append(t("overview.rollup_shown", lang, shown=len(data.rows), total=len(rows)))
    lines.append(t("overview.rollup_drill", lang))
    await say(update, context, "\n".join(lines), reply_markup=agency_keyboard(agencies, 0, lang))


def _matching(agencies: list[tuple[int, str]], query: str) -> list[tuple[int, str]]:
    wanted = _compact(query)
    exact = [agency for agency in agencies if _compact(agency[1]) == wanted]
    return exact or [agency for agency in agencies if wanted in _compact(agency[1])]


async def _overview_for(update: Update, context: BotContext, user: User, query: str) -> None:
    agencies = await context.services.store.status.agencies_in_scope(user)
    if user.role is Role.SUPERVISOR:
        # A supervisor sees their own agency; naming another finds nothing.
        agencies = [agency for agency in agencies if agency[1] == user.agency]
    if query:
        agencies = _matching(agencies, query)
    if not agencies:
        await say(update, context, t("overview.not_found", user.language))
    elif len(agencies) == 1:
        await send_overview(update, context, user, agencies[0][1])
    elif not query:
        # Several agencies (an admin): the roll-up first, one bar per agency, then drill in.
        await send_rollup(update, context, user, agencies)
    else:
        await say(
            update,
            context,
            t("overview.choose_agency", user.language),
            reply_markup=agency_keyboard(agencies, 0, user.language),
        )


@lookup
async def overview_command(update: Update, context: BotContext) -> None:
    """Show the overview of the named agency, the supervisor's own, or offer the agencies."""
    user = await require_user(update, context, Role.SUPERVISOR, Role.ADMIN)
    if user is not None:
        await _overview_for(update, context, user, " ".join(context.args or []).strip())


@lookup
async def overview_menu(update: Update, context: BotContext) -> None:
    """Answer the overview menu button like /overview without an argument."""
    user = await require_user(update, context, Role.SUPERVISOR, Role.ADMIN)
    if user is not None:
        await _overview_for(update, context, user, "")


@lookup
async def overview_button(update: Update, context: BotContext) -> None:
    """Show the tapped agency's overview, or turn the page of agencies, within scope."""
    user = await require_user(update, context, Role.SUPERVISOR, Role.ADMIN)
    if user is None:
        return
    await acknowledge(update)
    query = update.callback_query
    match = _DATA.match(query.data or "") if query is not None else None
    agencies = await context.services.store.status.agencies_in_scope(user)
    if user.role is Role.SUPERVISOR:
        agencies = [agency for agency in agencies if agency[1] == user.agency]
    if match is None or query is None:
        await say(update, context, t("overview.not_found", user.language))
    elif match[1] == "p":
        markup = agency_keyboard(agencies, int(match[2]), user.language)
        # A page already shown (a repeated or forged tap): Telegram refuses an edit of nothing.
        if isinstance(query.message, Message) and query.message.reply_markup != markup:
            await edit_buttons_or_send(update, context, markup)
    else:
        named = [name for agency_id, name in agencies if agency_id == int(match[2])]
        if named:
            await send_overview(update, context, user, named[0])
        else:
            await say(update, context, t("overview.not_found", user.language))


def handlers() -> list[BaseHandler[Update, BotContext, object]]:
    """Return this module's handlers."""
    return [
        CommandHandler("overview", overview_command),
        MessageHandler(filters.Text(menu_texts("menu.overview")), overview_menu),
        CallbackQueryHandler(overview_button, pattern=PATTERN),
    ]
