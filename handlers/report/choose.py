"""Starting a report: which project, which month, and whether it corrects an earlier one."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.domain import Project, User
from core.i18n import t
from core.report_flow import Step, due_month, next_step, reportable_months
from core.text import escape, shorten
from core.thai_dates import month_year
from handlers.common import END, acknowledge, admit, is_private, require_user, say
from handlers.context import BotContext
from handlers.report import keys
from handlers.report.prompts import ask
from handlers.report.session import step
from storage.db import reads_on_writer
from storage.drafts import Draft, DraftOutOfScope

PROJECT_LABEL_CHARS = 48


@reads_on_writer
async def begin(update: Update, context: BotContext) -> object:
    """Start the report conversation over: list the officer's projects or take the only one."""
    if not is_private(update):
        await say(update, context, t("report.private_only"))
        return END
    sender = update.effective_user
    if sender is None:
        return END
    store = context.services.store
    assigned, draft_of = (
        store.projects.assigned_query(sender.id),
        store.drafts.draft_query(sender.id),
    )
    person, (projects, draft) = await store.read_both(
        store.users.person_query(sender.id), lambda conn: (assigned(conn), draft_of(conn))
    )
    user = await admit(update, context, person)
    if user is None:
        return END
    if draft is not None and _answered_some(draft):
        # The 📝 button or /report mid-way must not throw answers away without asking.
        return await _offer_resume(update, context, user, draft)
    return await _start_over(update, context, user, projects)


@reads_on_writer
async def remind_open_report(update: Update, context: BotContext) -> None:
    """After another command or menu button mid-report, offer to go on with it or drop it."""
    sender = update.effective_user
    if sender is None or not is_private(update):
        return
    store = context.services.store
    person, draft = await store.read_both(
        store.users.person_query(sender.id), store.drafts.draft_query(sender.id)
    )
    if person is None or draft is None or not _answered_some(draft):
        return  # strangers and people without answers in progress hear nothing more
    await _offer_resume(update, context, person, draft)


async def _offer_resume(update: Update, context: BotContext, user: User, draft: Draft) -> object:
    lang = user.language
    text = t(
        "report.ask_resume",
        lang,
        name=escape(draft.project_name),
        month=month_year(draft.month, user.language),
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("report.button_resume", lang),
                    callback_data=keys.encode(keys.RESUME, draft.key, "go"),
                )
            ],
            [
                InlineKeyboardButton(
                    t("report.button_discard", lang),
                    callback_data=keys.encode(keys.RESUME, draft.key, "new"),
                )
            ],
        ]
    )
    await say(update, context, text, reply_markup=markup)
    return draft.step


@reads_on_writer
@step(tuple(s for s in Step if s is not Step.CHOOSE_PROJECT), keys.RESUME)
async def resume_answered(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Go on with the report in progress, or drop it and start a new one."""
    if data is None or data.argument != "new":
        return await ask(update, context, user, draft)
    await context.services.store.drafts.discard(user.telegram_id)
    projects = await context.services.store.projects.assigned_to(user.telegram_id)
    return await _start_over(update, context, user, projects)


async def _start_over(
    update: Update, context: BotContext, user: User, projects: list[Project]
) -> object:
    store = context.services.store
    if len(projects) == 1:
        # Opening the draft replaces any earlier one; a choice first must drop it now.
        return await _after_project(update, context, user, projects[0])
    await store.drafts.discard(user.telegram_id)
    if not projects:
        await say(update, context, t("report.no_projects", user.language))
        return END
    month = reportable_months(context.services.today())[0]
    reported = await store.reports.reported_codes(user, month)
    rows = [
        [
            InlineKeyboardButton(
                ("✅ " if project.code in reported else "")
                + shorten(f"{project.code} {project.name}", PROJECT_LABEL_CHARS),
                callback_data=keys.encode(keys.CHOOSE_PROJECT, project.id or 0),
            )
        ]
        for project in projects
    ]
    await say(
        update,
        context,
        t("report.choose_project", user.language, month=month_year(month, user.language)),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return Step.CHOOSE_PROJECT.value


@reads_on_writer
async def project_chosen(update: Update, context: BotContext) -> object:
    """Take the tapped project, after checking again that it is the officer's own."""
    user = await require_user(update, context)
    if user is None:
        return END
    await acknowledge(update)
    data = keys.decode(update.callback_query.data if update.callback_query else None)
    project = (
        await _own_project(context, user, int(data.target))
        if data is not None and data.target.isdigit()
        else None
    )
    if project is None:
        await say(update, context, t("report.not_your_project", user.language))
        return await _stay(context, user)
    draft = await context.services.store.drafts.get(user.telegram_id)
    if draft is not None and draft.in_scope and _answered_some(draft):
        # An old list, card or reminder button must not throw away answers already given.
        await say(update, context, t("report.in_progress", user.language))
        return await ask(update, context, user, draft)
    return await _after_project(update, context, user, project)


def _answered_some(draft: Draft) -> bool:
    return draft.percent is not None or draft.step not in (
        Step.PERCENT.value,
        Step.CONFIRM_CORRECTION.value,
    )


@reads_on_writer
async def month_chosen(update: Update, context: BotContext) -> object:
    """Switch the report to the other month offered early in a month, before any answer."""
    user = await require_user(update, context)
    if user is None:
        return END
    await acknowledge(update)
    data = keys.decode(update.callback_query.data if update.callback_query else None)
    valid = data is not None and data.target.isdigit()
    project = await _own_project(context, user, int(data.target)) if valid and data else None
    months = {f"{m.year}{m.month:02d}": m for m in reportable_months(context.services.today())}
    month = months.get(data.argument or "") if data is not None else None
    if project is None or month is None:
        await say(update, context, t("report.stale_button", user.language))
        return await _stay(context, user)
    draft = await context.services.store.drafts.get(user.telegram_id)
    if draft is not None and _answered_some(draft):
        await say(update, context, t("report.in_progress", user.language))
        return await ask(update, context, user, draft)
    return await _open_draft(update, context, user, project, month)


async def _stay(context: BotContext, user: User) -> object:
    # A forged or stale choice must not end a report in progress: keep its step.
    draft = await context.services.store.drafts.get(user.telegram_id)
    return draft.step if draft is not None else END


async def _own_project(context: BotContext, user: User, project_id: int) -> Project | None:
    assigned = await context.services.store.projects.assigned_to(user.telegram_id)
    return next((project for project in assigned if project.id == project_id), None)


async def _after_project(
    update: Update, context: BotContext, user: User, project: Project
) -> object:
    # The month due is chosen for the officer; the question offers the other one with a button.
    today = context.services.today()
    months = reportable_months(today)
    previous = None
    if len(months) > 1:
        assert project.id is not None
        previous = await context.services.store.reports.for_month(project.id, months[1])
    month = due_month(today, previous_reported=previous is not None)
    return await _open_draft(update, context, user, project, month)


async def _open_draft(
    update: Update, context: BotContext, user: User, project: Project, month: date
) -> object:
    store = context.services.store
    assert project.id is not None and update.effective_chat is not None
    try:
        draft = await store.drafts.start(
            user.telegram_id,
            update.effective_chat.id,
            project.id,
            month,
            Step.PERCENT.value,
            correction_step=Step.CONFIRM_CORRECTION.value,
            update_id=update.update_id,
        )
    except DraftOutOfScope:
        # Taken off the project between the list and the choice.
        await say(update, context, t("report.not_your_project", user.language))
        return END
    return await ask(update, context, user, draft)


@reads_on_writer
@step(Step.CONFIRM_CORRECTION, keys.CORRECTION)
async def correction_answered(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Go on to correct this month's report, or stop."""
    store = context.services.store
    if data is None or data.argument != "y":
        await store.drafts.discard(user.telegram_id)
        await say(update, context, t("report.cancelled", user.language))
        return END
    fresh = await store.drafts.save(
        user.telegram_id, update.update_id, step=next_step(draft).value
    ) or await store.drafts.get(user.telegram_id)
    assert fresh is not None
    return await ask(update, context, user, fresh)
