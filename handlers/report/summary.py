"""The end of the report: confirm, correct a field, or cancel; and what to say to stray input."""

from __future__ import annotations

from telegram import Update

from core.domain import User
from core.i18n import t
from core.report_flow import Step
from handlers.common import END, acknowledge, require_user, say
from handlers.context import BotContext
from handlers.report import keys
from handlers.report.acknowledgement import send_saved
from handlers.report.answers import advance
from handlers.report.session import ask_current, step
from storage.db import reads_on_writer
from storage.drafts import Draft

# What choosing a field to correct clears, so that the flow asks it again.
_CLEAR: dict[str, dict[str, object]] = {
    "percent": {"percent": None, "decrease_reason": None},
    "work_done": {"work_done": None},
    "problems": {"problems": None, "problems_answered": False},
    "obstacles": {"obstacles": None, "obstacles_answered": False},
    "photos": {"photos": (), "photos_done": False},
}


@reads_on_writer
@step(Step.SUMMARY, keys.CONFIRM)
async def confirm(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Store the report in one transaction and answer in the official page layout."""
    services = context.services
    report, created = await services.store.reports.submit(draft, user, services.today())
    if created:
        await send_saved(update, context, user, report)
    return END


@reads_on_writer
@step(Step.SUMMARY, keys.EDIT)
async def edit(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Offer the fields that can be changed."""
    return await advance(update, context, user, draft, step=Step.EDIT_FIELD.value)


@reads_on_writer
@step(Step.EDIT_FIELD, keys.EDIT_FIELD)
async def edit_field(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Clear the chosen field so that its question comes again, then back to the summary."""
    field = data.argument if data else None
    if field not in _CLEAR:
        return await advance(update, context, user, draft, step=Step.SUMMARY.value)
    return await advance(update, context, user, draft, **_CLEAR[field])


@reads_on_writer
@step(Step.SUMMARY, keys.CANCEL)
async def abort(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Drop the draft from the summary's cancel button."""
    await context.services.store.drafts.discard(user.telegram_id)
    await say(update, context, t("report.cancelled", user.language))
    return END


@reads_on_writer
async def cancel(update: Update, context: BotContext) -> object:
    """Drop the draft at any step (/cancel)."""
    user = await require_user(update, context)
    if user is None:
        return END
    await context.services.store.drafts.discard(user.telegram_id)
    await say(update, context, t("report.cancelled", user.language))
    return END


@reads_on_writer
async def stale_button(update: Update, context: BotContext) -> object:
    """Answer a report button that belongs to another step or an older draft."""
    user = await require_user(update, context)
    if user is None:
        return END
    await acknowledge(update, t("report.stale_button", user.language), alert=True)
    draft = await context.services.store.drafts.get(user.telegram_id)
    return draft.step if draft else END


@reads_on_writer
async def unexpected_input(update: Update, context: BotContext) -> object:
    """Explain what the current step needs after a sticker, photo, file or location."""
    user = await require_user(update, context)
    if user is None:
        return END
    await say(update, context, t("report.unexpected_input", user.language))
    return await ask_current(update, context, user)
