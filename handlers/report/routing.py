"""Route each update of the report by the step of the sender's draft, read from the database.

The database is the only truth about where an officer is in their report: any process may get
any update, so no process keeps conversation state in memory. Before group 0, one keyed read per
update fetches the sender's open draft (and whether a stored report still waits for its "saved",
handlers/report/acknowledgement.py); the report's handlers in group 0 then match only when that
step fits (``AtStep``). The step is kept for the update's handling only, keyed by its update id,
and forgotten in the last group.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from handlers.context import BotContext
from handlers.report import acknowledgement
from storage.db import reads_on_writer

ReportHandler = BaseHandler[Update, BotContext, Any]


class OpenDrafts:
    """The step of the sender's open draft in the chat of each update being handled."""

    def __init__(self) -> None:
        self._steps: dict[int, str] = {}

    def step_of(self, update: Update) -> str | None:
        """Return the step of the sender's draft open in the update's chat, if any."""
        return self._steps.get(update.update_id)

    # Like the steps it routes: one keyed read, never behind a supervisor's long query.
    @reads_on_writer
    async def read(self, update: Update, context: BotContext) -> None:
        """Read the sender's draft and pending acknowledgement (one trip); acknowledge first."""
        sender, chat = update.effective_user, update.effective_chat
        if sender is None or chat is None:
            return
        store = context.services.store
        draft, unacknowledged = await store.read_both(
            store.drafts.draft_query(sender.id), store.reports.unacknowledged_query(sender.id)
        )
        # A draft belongs to the chat it was started in: in another chat its answers are not.
        if draft is not None and draft.chat_id == chat.id:
            self._steps[update.update_id] = draft.step
        if unacknowledged is not None:
            await acknowledgement.acknowledge_first(update, context, unacknowledged)

    async def forget(self, update: Update, context: BotContext) -> None:
        """Drop the step read for an update once every group has seen it."""
        self._steps.pop(update.update_id, None)


class AtStep(BaseHandler[Update, BotContext, Any]):
    """Let a report handler see an update only when the sender's draft is at one of its steps.

    ``steps`` None: always (the entry points); empty: at any step of an open draft (the
    fallbacks). Like PTB's ConversationHandler (per chat and per user), channel posts, updates
    without a chat or sender, and taps on messages Telegram no longer has are not the report's.
    """

    def __init__(
        self, handler: ReportHandler, drafts: OpenDrafts, steps: Collection[str] | None
    ) -> None:
        super().__init__(handler.callback, block=handler.block)
        self.handler = handler
        self.drafts = drafts
        self.steps = None if steps is None else frozenset(steps)

    def check_update(self, update: object) -> Any:
        """Return the wrapped handler's check when the update is the report's at this step."""
        if not isinstance(update, Update) or update.channel_post or update.edited_channel_post:
            return None
        if update.effective_chat is None or update.effective_user is None:
            return None
        if update.callback_query and not update.callback_query.message:
            return None
        if self.steps is not None:
            step = self.drafts.step_of(update)
            if step is None or (self.steps and step not in self.steps):
                return None
        return self.handler.check_update(update)

    async def handle_update(
        self,
        update: Update,
        application: Application[Any, BotContext, Any, Any, Any, Any],
        check_result: Any,
        context: BotContext,
    ) -> Any:
        """Handle the update with the wrapped handler."""
        return await self.handler.handle_update(update, application, check_result, context)

    def collect_additional_context(
        self,
        context: BotContext,
        update: Update,
        application: Application[Any, BotContext, Any, Any, Any, Any],
        check_result: Any,
    ) -> None:
        """Let the wrapped handler fill the context (a button pattern's match)."""
        self.handler.collect_additional_context(context, update, application, check_result)
