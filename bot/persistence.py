"""Restore report conversations from the drafts in SQLite, which are written at every answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from storage import Storage

# The shapes BasePersistence documents for a conversation's key and states and for callback
# data, spelled out here: PTB names them only in its private telegram.ext._utils.types.
ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

Empty = dict[Any, Any]


class DraftPersistence(BasePersistence[Empty, Empty, Empty]):
    """Give PTB the state of each open report from its draft row; keep nothing else.

    PTB writes persistence only every ``update_interval`` and on a clean stop, so a crash would
    lose the state. The draft row is written in the same transaction as each answer instead, and
    its ``step`` column is the conversation state: there is nothing left for PTB to write.
    """

    def __init__(self, store: Callable[[], Awaitable[Storage]], conversation_name: str) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=3600,
        )
        self._store = store
        self._conversation_name = conversation_name

    async def get_conversations(self, name: str) -> ConversationDict:
        """Return the open drafts as ConversationHandler states keyed by (chat, user)."""
        if name != self._conversation_name:
            return {}
        store = await self._store()
        return {
            (draft.chat_id, draft.user_id): draft.step for draft in await store.drafts.all_open()
        }

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Ignore: the draft row already holds the state."""

    async def get_user_data(self) -> dict[int, Empty]:
        """Return nothing: user data is not kept by PTB."""
        return {}

    async def get_chat_data(self) -> dict[int, Empty]:
        """Return nothing: chat data is not kept by PTB."""
        return {}

    async def get_bot_data(self) -> Empty:
        """Return nothing: bot data is not kept by PTB."""
        return {}

    async def get_callback_data(self) -> CDCData | None:
        """Return nothing: callback data is plain strings."""
        return None

    async def update_user_data(self, user_id: int, data: Empty) -> None:
        """Ignore."""

    async def update_chat_data(self, chat_id: int, data: Empty) -> None:
        """Ignore."""

    async def update_bot_data(self, data: Empty) -> None:
        """Ignore."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Ignore."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Ignore."""

    async def drop_user_data(self, user_id: int) -> None:
        """Ignore."""

    async def refresh_user_data(self, user_id: int, user_data: Empty) -> None:
        """Ignore."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Empty) -> None:
        """Ignore."""

    async def refresh_bot_data(self, bot_data: Empty) -> None:
        """Ignore."""

    async def flush(self) -> None:
        """Ignore: every answer is already committed."""
