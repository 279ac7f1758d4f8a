"""The test-facing side of the fake: users, chats, messages, records and waiting."""

from __future__ import annotations

import copy
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from fakeapi.faults import SEND_LIKE, FaultPlan, peak_rate
from fakeapi.records import (
    CallbackAnswer,
    ChatActionRecord,
    MessageRecord,
    Refusal,
    RequestRecord,
)
from fakeapi.state import World
from fakeapi.users import FakeUser

JSON = dict[str, Any]


class WorldView:
    """Methods of FakeTelegram that read or change what the fake remembers."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_first_name: str,
        *,
        queue_updates: bool,
        callback_query_ttl: float | None,
    ) -> None:
        self.world = World(
            token,
            bot_username,
            bot_first_name,
            queue_updates=queue_updates,
            callback_query_ttl=callback_query_ttl,
        )
        self.faults = FaultPlan()
        self.requests: list[RequestRecord] = []
        self.refusals: list[Refusal] = []
        self.counters: Counter[str] = Counter()

    @property
    def queue_updates(self) -> bool:
        """Say whether fake users' updates also wait in getUpdates."""
        return self.world.queue_updates

    @queue_updates.setter
    def queue_updates(self, value: bool) -> None:
        self.world.queue_updates = value

    @property
    def bot_user(self) -> JSON:
        """Return the bot's User JSON (as getMe describes it)."""
        return copy.deepcopy(self.world.bot_user)

    @property
    def chat_actions(self) -> list[ChatActionRecord]:
        """Return accepted sendChatAction calls in order."""
        return self.world.chat_actions

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """Return accepted answerCallbackQuery calls in order."""
        return self.world.callback_answers

    @property
    def commands(self) -> dict[tuple[str, str], list[JSON]]:
        """Return command lists keyed by (scope key, language code), e.g. ("default", "th")."""
        return self.world.commands

    def commands_for(self, scope: str = "default", language_code: str = "") -> list[JSON]:
        """Return the command list stored for one scope key and language ("" = all)."""
        return copy.deepcopy(self.world.commands.get((scope, language_code), []))

    @property
    def pending_updates(self) -> list[JSON]:
        """Return the updates getUpdates has not had confirmed yet."""
        return self.world.updates.pending

    @property
    def webhook_url(self) -> str:
        """Return the URL set by setWebhook ("" when none)."""
        return self.world.webhook_url

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "สมชาย",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "th",
    ) -> FakeUser:
        """Create (or re-describe) a fake user; the bot may not write first until they do."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        return FakeUser(self.world, user, self.world.ensure_private_chat(user))

    def queue_update(self, raw: JSON) -> JSON:
        """Queue a hand-made update for getUpdates (update_id assigned when missing)."""
        update = copy.deepcopy(raw)
        if "update_id" in update:
            self.world.updates.claim_id(int(update["update_id"]))
        else:
            update["update_id"] = self.world.updates.allocate_id()
        self.world.updates.push(update)
        self.world.touch()
        return copy.deepcopy(update)

    def _private_chat(self, user_id: int) -> Any:
        chat = self.world.chats.get(user_id)
        if chat is None or chat.type != "private":
            raise KeyError(f"unknown user {user_id}")
        return chat

    def block(self, user_id: int, *, emit_update: bool = False) -> JSON | None:
        """Make the user block the bot: sends to them get 403 from now on."""
        chat = self._private_chat(user_id)
        chat.blocked = True
        self.world.touch()
        if not emit_update:
            return None
        bot = self.world.bot_user
        member_update = {
            "chat": chat.to_api(),
            "from": copy.deepcopy(self.world.users[user_id]),
            "date": int(time.time()),
            "old_chat_member": {"user": copy.deepcopy(bot), "status": "member"},
            "new_chat_member": {"user": copy.deepcopy(bot), "status": "kicked", "until_date": 0},
        }
        return self.world.emit("my_chat_member", member_update)

    def unblock(self, user_id: int) -> None:
        """Make the user unblock the bot."""
        self._private_chat(user_id).blocked = False
        self.world.touch()

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[MessageRecord]:
        """Return every message in the chat (users' and the bot's) in order."""
        chat = self.world.chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages.values() if include_deleted or not m.deleted]

    def sent(self, chat_id: int, *, include_deleted: bool = False) -> list[MessageRecord]:
        """Return the bot's messages in the chat, in their current (edited) state."""
        return [m for m in self.messages(chat_id, include_deleted=include_deleted) if m.from_bot]

    def last_message(self, chat_id: int) -> MessageRecord | None:
        """Return the bot's latest non-deleted message in the chat, if any."""
        sent = self.sent(chat_id)
        return sent[-1] if sent else None

    # -- recording helpers ---------------------------------------------------------------

    def calls(self, method: str) -> list[RequestRecord]:
        """Return the recorded calls of one method (case-insensitive)."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

    def max_send_rate(self, window: float = 1.0) -> int:
        """Return the most send-like calls seen in any window, whether accepted or not."""
        return peak_rate((r.time for r in self.requests if r.method in SEND_LIKE), window)

    def clear_records(self) -> None:
        """Forget recorded requests, refusals, counters and injected faults."""
        self.requests.clear()
        self.refusals.clear()
        self.counters.clear()
        self.faults.injected.clear()

    async def wait_for(
        self,
        predicate: Callable[[], object],
        timeout: float = 10.0,  # noqa: ASYNC109  (tests read better with a timeout argument)
    ) -> None:
        """Return once predicate() is true; re-checked after every change on the fake."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s; {self._summary()}")
            # Also re-check periodically in case the predicate looks at something else.
            await self.world.changed(min(remaining, 0.25))

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[MessageRecord], object] | None = None,
        timeout: float = 10.0,  # noqa: ASYNC109  (as in wait_for)
        *,
        after: int = 0,
    ) -> MessageRecord:
        """Return the first bot message in chat with id > after that matches predicate."""
        found: list[MessageRecord] = []

        def check() -> bool:
            for message in self.sent(chat_id):
                if message.message_id > after and (predicate is None or predicate(message)):
                    found.append(message)
                    return True
            return False

        try:
            await self.wait_for(check, timeout)
        except TimeoutError as error:
            texts = [m.content for m in self.sent(chat_id)][-5:]
            raise TimeoutError(f"no matching message in chat {chat_id}; last: {texts}") from error
        return found[0]

    def _summary(self) -> str:
        recent = [f"{r.method}:{r.status}" for r in self.requests[-8:]]
        refusals = [f"{r.method}: {r.description}" for r in self.refusals[-3:]]
        return f"recent calls {recent}, refusals {refusals}"
