"""The answering steps: percent, reason for a decrease, work done, problems, obstacles, photos."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from telegram import Update

from core.domain import User
from core.i18n import t
from core.report_flow import (
    FREE_TEXT_MAX_CHARS,
    WORK_DONE_MAX_CHARS,
    Step,
    is_decrease,
    next_step,
    quick_percents,
)
from core.text import clean_input
from core.thai_numbers import PercentError, PercentProblem, parse_percent
from core.thai_text import is_none_text
from handlers.common import say
from handlers.context import BotContext
from handlers.report import keys
from handlers.report.prompts import ask
from handlers.report.session import step
from storage.convert import from_hundredths
from storage.db import reads_on_writer
from storage.drafts import Draft

# Why a typed percent was refused, locale keys written out in full.
_PERCENT_PROBLEMS = {
    PercentProblem.EMPTY: "report.percent_empty",
    PercentProblem.NOT_A_NUMBER: "report.percent_not_a_number",
    PercentProblem.OUT_OF_RANGE: "report.percent_out_of_range",
    PercentProblem.TOO_PRECISE: "report.percent_too_precise",
}


async def advance(
    update: Update, context: BotContext, user: User, draft: Draft, **answers: Any
) -> object:
    """Store answers and ask the next unanswered question (or show the summary)."""
    updated = replace(draft, **answers)
    target = answers.pop("step", None) or next_step(updated).value
    store = context.services.store
    fresh = await store.drafts.save(
        user.telegram_id, update.update_id, step=target, **answers
    ) or await store.drafts.get(user.telegram_id)
    assert fresh is not None
    return await ask(update, context, user, fresh)


def typed_text(update: Update) -> str:
    """Return the cleaned text of the update's message."""
    message = update.effective_message
    return clean_input(message.text or "") if message else ""


async def _take_percent(
    update: Update, context: BotContext, user: User, draft: Draft, value: Decimal
) -> object:
    last = await context.services.store.reports.latest(draft.project_id, until=draft.month)
    if is_decrease(value, last.percent if last else None):
        return await advance(
            update, context, user, draft, percent=value, step=Step.DECREASE_CONFIRM.value
        )
    return await advance(update, context, user, draft, percent=value, decrease_reason=None)


@reads_on_writer
@step(Step.PERCENT)
async def percent_typed(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Take a typed cumulative percent in any of the forms officers use."""
    try:
        value = parse_percent(typed_text(update))
    except PercentError as error:
        await say(update, context, t(_PERCENT_PROBLEMS[error.reason], user.language))
        return await ask(update, context, user, draft)
    return await _take_percent(update, context, user, draft, value)


@reads_on_writer
@step(Step.PERCENT, keys.QUICK_PERCENT)
async def percent_tapped(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Take a quick-answer percent, accepting only values the bot offered."""
    last = await context.services.store.reports.latest(draft.project_id, until=draft.month)
    offered = quick_percents(last.percent if last else None)
    argument = data.argument if data else None
    value = from_hundredths(int(argument)) if argument and argument.isdigit() else None
    if value is None or value not in offered:
        await say(update, context, t("report.stale_button", user.language))
        return await ask(update, context, user, draft)
    return await _take_percent(update, context, user, draft, value)


@reads_on_writer
@step(Step.DECREASE_CONFIRM, keys.DECREASE)
async def decrease_answered(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Keep a lower percent (then ask why) or type it again."""
    if data is not None and data.argument == "y":
        return await advance(update, context, user, draft, step=Step.DECREASE_REASON.value)
    return await advance(update, context, user, draft, percent=None, step=Step.PERCENT.value)


async def _free_text(
    update: Update, context: BotContext, user: User, draft: Draft, limit: int
) -> str | None:
    text = typed_text(update)
    if not text:
        await say(update, context, t("report.text_required", user.language))
        return None
    if len(text) > limit:
        await say(
            update, context, t("report.text_too_long", user.language, limit=limit, length=len(text))
        )
        return None
    return text


@reads_on_writer
@step(Step.DECREASE_REASON)
async def decrease_reason_typed(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Store why the cumulative percent went down."""
    text = await _free_text(update, context, user, draft, FREE_TEXT_MAX_CHARS)
    if text is None:
        return await ask(update, context, user, draft)
    return await advance(update, context, user, draft, decrease_reason=text)


@reads_on_writer
@step(Step.WORK_DONE)
async def work_done_typed(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Store what was done this month."""
    text = await _free_text(update, context, user, draft, WORK_DONE_MAX_CHARS)
    if text is None:
        return await ask(update, context, user, draft)
    return await advance(update, context, user, draft, work_done=text)


@reads_on_writer
@step((Step.PROBLEMS, Step.OBSTACLES))
async def issue_typed(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Store the problems or obstacles typed (ไม่มี and - mean none)."""
    text = await _free_text(update, context, user, draft, FREE_TEXT_MAX_CHARS)
    if text is None:
        return await ask(update, context, user, draft)
    return await _store_issue(update, context, user, draft, None if is_none_text(text) else text)


@reads_on_writer
@step((Step.PROBLEMS, Step.OBSTACLES), keys.NONE)
async def issue_none(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Record that there were no problems (or obstacles) this month."""
    return await _store_issue(update, context, user, draft, None)


async def _store_issue(
    update: Update, context: BotContext, user: User, draft: Draft, text: str | None
) -> object:
    field = draft.step
    return await advance(update, context, user, draft, **{field: text, f"{field}_answered": True})


@reads_on_writer
@step(Step.PHOTOS)
async def photo_received(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Keep one evidence photo (its Telegram file id) and offer to send more."""
    message = update.effective_message
    assert message is not None and message.photo
    largest = message.photo[-1]
    photos = (*draft.photos, (largest.file_id, largest.file_unique_id))
    return await advance(update, context, user, draft, photos=photos, step=Step.PHOTOS.value)


@reads_on_writer
@step(Step.PHOTOS, keys.PHOTOS_DONE)
async def photos_finished(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Close the photo step, with or without photos."""
    return await advance(update, context, user, draft, photos_done=True)


@reads_on_writer
@step(Step.PHOTOS)
async def photos_text(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Treat a typed skip word as the skip button; anything else asks for a photo."""
    if typed_text(update) in (
        t("report.button_skip", "th"),
        t("report.button_skip", "en"),
        t("report.skip_word", user.language),
    ):
        return await advance(update, context, user, draft, photos_done=True)
    await say(update, context, t("report.photo_expected", user.language))
    return await ask(update, context, user, draft)
