"""The answering steps: percent, reason for a decrease, work done, problems, obstacles, photos."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from telegram import Update

from core.domain import ProgressReport, User
from core.i18n import t
from core.report_flow import (
    TEXT_LIMITS,
    Step,
    first_part,
    is_decrease,
    next_step,
    previous_month,
    quick_percents,
)
from core.text import clean_input
from core.thai_numbers import PercentError, PercentProblem, parse_percent
from core.thai_text import is_none_text
from handlers.common import say
from handlers.context import BotContext
from handlers.report import keys
from handlers.report.prompts import ask, summary_buttons
from handlers.report.session import step
from handlers.report.submit import submit
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

# The steps an officer answers by typing; a text too long for one of them waits for a choice.
TEXT_STEPS = (Step.DECREASE_REASON, Step.WORK_DONE, Step.PROBLEMS, Step.OBSTACLES)


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
    # A correction is judged against the month before, not against the report it corrects.
    last = await context.services.store.reports.latest(
        draft.project_id, until=previous_month(draft.month)
    )
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
        note = t(_PERCENT_PROBLEMS[error.reason], user.language)
        return await ask(update, context, user, draft, note)
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
        return await ask(update, context, user, draft, t("report.stale_button", user.language))
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


async def _take_text(
    update: Update, context: BotContext, user: User, draft: Draft, text: str
) -> object:
    """Store a typed answer as the answer of the draft's step."""
    current = Step(draft.step)
    if current is Step.DECREASE_REASON:
        return await advance(update, context, user, draft, decrease_reason=text, pending_text=None)
    if current is Step.WORK_DONE:
        return await advance(update, context, user, draft, work_done=text, pending_text=None)
    return await _store_issue(update, context, user, draft, None if is_none_text(text) else text)


@reads_on_writer
@step(TEXT_STEPS)
async def text_typed(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Store a typed answer; keep a too-long one and ask what to do with it."""
    text = typed_text(update)
    if not text:
        return await ask(update, context, user, draft, t("report.text_required", user.language))
    if len(text) > TEXT_LIMITS[Step(draft.step)]:
        # Nothing typed is thrown away: the officer chooses to keep the first part or retype.
        return await advance(update, context, user, draft, pending_text=text, step=draft.step)
    return await _take_text(update, context, user, draft, text)


@reads_on_writer
@step(TEXT_STEPS, keys.TOO_LONG)
async def too_long_answered(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Keep the first part of a too-long answer, or drop it to type it again."""
    pending = draft.pending_text
    if pending is None or data is None or data.argument != "keep":
        return await advance(update, context, user, draft, pending_text=None, step=draft.step)
    part = first_part(pending, TEXT_LIMITS[Step(draft.step)])
    return await _take_text(update, context, user, draft, part)


@reads_on_writer
@step((Step.PROBLEMS, Step.OBSTACLES), keys.NONE)
async def issue_none(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Record that there were no problems (or obstacles, or both) this month."""
    # "Neither" is offered at the problems question only; it answers both at once.
    if data is not None and data.argument == "both" and draft.step == Step.PROBLEMS.value:
        return await advance(
            update,
            context,
            user,
            draft,
            problems=None,
            problems_answered=True,
            obstacles=None,
            obstacles_answered=True,
            pending_text=None,
        )
    return await _store_issue(update, context, user, draft, None)


async def _store_issue(
    update: Update, context: BotContext, user: User, draft: Draft, text: str | None
) -> object:
    field = draft.step
    return await advance(
        update, context, user, draft, **{field: text, f"{field}_answered": True}, pending_text=None
    )


def _kept(earlier: ProgressReport, what: str) -> dict[str, Any]:
    work: dict[str, Any] = {"work_done": earlier.work_done}
    problems: dict[str, Any] = {"problems": earlier.problems, "problems_answered": True}
    obstacles: dict[str, Any] = {"obstacles": earlier.obstacles, "obstacles_answered": True}
    return {
        "work": work,
        "issues": {**problems, **obstacles},
        "obstacles": obstacles,
        "all": {**work, **problems, **obstacles},
    }[what]


# Which earlier answers each step may keep.
_KEEPABLE = {
    Step.WORK_DONE: ("work", "all"),
    Step.PROBLEMS: ("issues",),
    Step.OBSTACLES: ("obstacles",),
}


@reads_on_writer
@step((Step.WORK_DONE, Step.PROBLEMS, Step.OBSTACLES), keys.KEEP)
async def keep_earlier(
    update: Update, context: BotContext, user: User, draft: Draft, data: keys.ButtonData | None
) -> object:
    """Keep the earlier report's answers (the one corrected, or last month's) with one tap."""
    what = data.argument if data else None
    earlier = await context.services.store.reports.latest(draft.project_id, until=draft.month)
    if earlier is None or what not in _KEEPABLE[Step(draft.step)]:
        return await ask(update, context, user, draft, t("report.stale_button", user.language))
    kept = _kept(earlier, what)
    if what != "all":
        return await advance(update, context, user, draft, **kept, pending_text=None)
    # Nothing changed but the percent: the report goes in with this one tap.
    store = context.services.store
    fresh = await store.drafts.save(
        user.telegram_id, update.update_id, step=Step.SUMMARY.value, pending_text=None, **kept
    )
    if fresh is None:
        return draft.step
    return await submit(update, context, user, fresh)


@reads_on_writer
@step(Step.SUMMARY)
async def photo_received(
    update: Update, context: BotContext, user: User, draft: Draft, _: keys.ButtonData | None
) -> object:
    """Keep one evidence photo (its Telegram file id) sent at the summary."""
    message = update.effective_message
    assert message is not None and message.photo
    largest = message.photo[-1]
    photos = (*draft.photos, (largest.file_id, largest.file_unique_id))
    store = context.services.store
    fresh = await store.drafts.save(user.telegram_id, update.update_id, photos=photos)
    if fresh is None:
        return draft.step
    # A short answer per photo: an album of ten must not repeat the whole summary ten times.
    await say(
        update,
        context,
        t("report.photos_received", user.language, count=len(fresh.photos)),
        reply_markup=summary_buttons(fresh, user.language),
    )
    return fresh.step
