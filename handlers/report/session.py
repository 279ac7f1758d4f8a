"""Load the officer and their draft for a step, and turn away stale or repeated updates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from contextlib import suppress
from functools import wraps
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError

from core.domain import User
from core.i18n import t
from core.report_flow import Step
from core.text import escape
from handlers.common import END, acknowledge, admit, say
from handlers.context import BotContext
from handlers.lanes import Lane, in_lane
from handlers.report import keys
from handlers.report.prompts import ask
from storage.drafts import Draft, DraftOutOfScope

StepCallback = Callable[
    [Update, BotContext, User, Draft, keys.ButtonData | None], Awaitable[object]
]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, object]]


def step(
    expected: Step | tuple[Step, ...], button: str | None = None
) -> Callable[[StepCallback], Handler]:
    """Wrap a step callback: only the right person, draft, step and button get through."""
    steps = expected if isinstance(expected, tuple) else (expected,)

    def decorate(callback: StepCallback) -> Handler:
        @wraps(callback)
        async def handler(update: Update, context: BotContext) -> object:
            sender = update.effective_user
            if sender is None:
                return END
            store = context.services.store
            # One trip to SQLite's thread instead of two, for every step of a report.
            person, draft = await store.read_both(
                store.users.person_query(sender.id), store.drafts.draft_query(sender.id)
            )
            user = await admit(update, context, person)
            if user is None:
                return END
            if draft is None:
                await acknowledge(update, t("report.stale_button", user.language), alert=True)
                await say(update, context, t("report.no_draft", user.language))
                return END
            if not draft.in_scope:
                # Taken off the project since the last step: close the draft, store nothing.
                await store.drafts.close_out_of_scope(user.telegram_id)
                await acknowledge(update)
                return await closed_out_of_scope(update, context, user, draft)
            if update.update_id <= draft.last_update_id:
                # Telegram delivered this update again after a restart: it was applied already.
                await acknowledge(update)
                return draft.step
            data = None
            if button is not None:
                data = keys.decode(update.callback_query.data if update.callback_query else None)
                if (
                    data is None
                    or data.kind != button
                    or data.target != draft.key
                    or draft.step not in steps
                ):
                    await acknowledge(update, t("report.stale_button", user.language), alert=True)
                    return draft.step
                return await _out_of_scope_closes(
                    _answered_tap(callback(update, context, user, draft, data), update, context),
                    update,
                    context,
                    user,
                    draft,
                )
            if draft.step not in steps:
                return await ask(update, context, user, draft)
            return await _out_of_scope_closes(
                callback(update, context, user, draft, data), update, context, user, draft
            )

        return handler

    return decorate


async def closed_out_of_scope(
    update: Update, context: BotContext, user: User, draft: Draft
) -> object:
    """Tell the person their draft was closed because the project is no longer theirs."""
    text = t("report.out_of_scope", user.language, code=escape(draft.project_code))
    await say(update, context, text)
    return END


async def _out_of_scope_closes(
    handling: Awaitable[object], update: Update, context: BotContext, user: User, draft: Draft
) -> object:
    # The write of a step checks the scope again (storage.scope.may_report): a change made
    # between this step's read and its write closes the draft too.
    try:
        return await handling
    except DraftOutOfScope:
        return await closed_out_of_scope(update, context, user, draft)


async def _answered_tap(handling: Awaitable[object], update: Update, context: BotContext) -> object:
    # The officer waits for the next question: it goes out first, and only then the tap's
    # answer (stopping the button's spinner). Removing the answered buttons runs on its own,
    # so that the chat's next update does not wait for it while the bot is busy.
    try:
        result = await handling
    finally:
        await acknowledge(update)
    context.application.create_task(_drop_buttons(update), update, name="drop_buttons")
    return result


# Nobody waits for this tidying: it must not take the pacing slot of someone's next answer.
@in_lane(Lane.LOOKUP)
async def _drop_buttons(update: Update) -> None:
    # The buttons of an answered question would only invite a second, stale tap.
    query = update.callback_query
    # Only a message that still has buttons: Telegram refuses an edit that changes nothing.
    if query is not None and isinstance(query.message, Message) and query.message.reply_markup:
        # A message too old to edit is harmless here.
        with suppress(TelegramError):
            await query.edit_message_reply_markup(None)


async def ask_current(update: Update, context: BotContext, user: User) -> object:
    """Ask the step the officer's draft is at again."""
    drafts = context.services.store.drafts
    draft = await drafts.get(user.telegram_id)
    if draft is None:
        return END
    if not draft.in_scope:
        await drafts.close_out_of_scope(user.telegram_id)
        return await closed_out_of_scope(update, context, user, draft)
    return await ask(update, context, user, draft)
