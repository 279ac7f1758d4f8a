"""Everything the fake Telegram remembers: users, chats, messages, files and queries."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import time
from typing import Any

from fakeapi.errors import bad_request, forbidden
from fakeapi.params import Params
from fakeapi.records import (
    CallbackAnswer,
    CallbackQueryInfo,
    ChatActionRecord,
    ChatInfo,
    MessageRecord,
    StoredFile,
)
from fakeapi.rules import DEFAULT_WEBHOOK_CONNECTIONS
from fakeapi.updates import UpdateQueue

JSON = dict[str, Any]
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_EXTENSIONS = {"photo": "jpg", "sticker": "webp"}


class World:
    """The fake's memory, shared by the HTTP layer, the API methods and fake users."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_first_name: str,
        *,
        queue_updates: bool,
        callback_query_ttl: float | None,
    ) -> None:
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSON = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, ChatInfo] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryInfo] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[ChatActionRecord] = []
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.webhook_url = ""
        # setWebhook's secret_token, sent back in X-Telegram-Bot-Api-Secret-Token ("" for none).
        self.webhook_secret = ""
        # setWebhook's max_connections: how many updates the webhook delivery posts at once.
        self.webhook_max_connections = DEFAULT_WEBHOOK_CONNECTIONS
        self.updates = UpdateQueue()
        self.queue_updates = queue_updates
        self.callback_query_ttl = callback_query_ttl
        self._file_seq = itertools.count(1)
        self._query_seq = itertools.count(4_242_000_000_000_000_001)
        self._media_group_seq = itertools.count(13_000_000_000_000_001)
        self._changed = asyncio.Event()

    # -- change notification -------------------------------------------------------------

    def touch(self) -> None:
        """Wake everything waiting in wait_for; call after every change."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def changed(self, at_most: float) -> None:
        """Wait until the next change, or at_most seconds, whichever comes first."""
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), at_most)

    # -- users, chats, updates -----------------------------------------------------------

    def ensure_private_chat(self, user: JSON) -> ChatInfo:
        """Register a user and their private chat with the bot."""
        self.users[user["id"]] = user
        chat = self.chats.get(user["id"])
        if chat is None:
            chat = ChatInfo(
                id=user["id"],
                type="private",
                first_name=user.get("first_name"),
                last_name=user.get("last_name"),
                username=user.get("username"),
            )
            self.chats[chat.id] = chat
        return chat

    def ensure_group(self, chat_id: int, title: str) -> ChatInfo:
        """Register a group (or a supergroup for -100… ids) the bot is a member of."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = self.chats.get(chat_id)
        if chat is None:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            chat = ChatInfo(id=chat_id, type=kind, title=title)
            self.chats[chat_id] = chat
        return chat

    def emit(self, kind: str, payload: JSON) -> JSON:
        """Build an update around payload, queue it for getUpdates if enabled, return a copy."""
        update = {"update_id": self.updates.allocate_id(), kind: payload}
        if self.queue_updates:
            self.updates.push(update)
        self.touch()
        return copy.deepcopy(update)

    def chat_for_bot(self, chat_id: int | str) -> ChatInfo:
        """Resolve a chat the bot wants to act in, refusing like Telegram does."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None and isinstance(chat_id, str):
            name = chat_id.removeprefix("@")
            # Telegram resolves @username only for public groups and channels, not users.
            chat = next(
                (c for c in self.chats.values() if c.type != "private" and c.username == name),
                None,
            )
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private":
            if chat.blocked:
                raise forbidden("bot was blocked by the user")
            if not chat.started:
                raise forbidden("bot can't initiate conversation with a user")
        return chat

    def add_message(
        self, chat: ChatInfo, *, from_bot: bool, sender: JSON, **fields: Any
    ) -> MessageRecord:
        """Store a new message in chat with the next message id."""
        message = MessageRecord(
            chat_id=chat.id,
            message_id=chat.next_message_id(),
            date=int(time.time()),
            sender=copy.deepcopy(sender),
            chat=chat.to_api(),
            from_bot=from_bot,
            **fields,
        )
        chat.messages[message.message_id] = message
        self.touch()
        return message

    def reply_target(self, chat: ChatInfo, params: Params) -> MessageRecord | None:
        """Resolve reply_parameters / reply_to_message_id, refusing a missing target."""
        reply = params.json_("reply_parameters")
        if isinstance(reply, dict):
            target_id, lenient = (
                reply.get("message_id"),
                bool(reply.get("allow_sending_without_reply")),
            )
        else:
            target_id = params.int_("reply_to_message_id")
            lenient = params.bool_("allow_sending_without_reply")
        if target_id is None:
            return None
        target = chat.messages.get(int(target_id))
        if target is None or target.deleted:
            if lenient:
                return None
            raise bad_request("message to be replied not found")
        return target

    # -- files ---------------------------------------------------------------------------

    def new_file(self, kind: str, data: bytes | None, **fields: Any) -> StoredFile:
        """Store a file and give it Telegram-looking identifiers and a download path."""
        seq = next(self._file_seq)
        name = fields.get("file_name") or ""
        extension = _EXTENSIONS.get(kind) or (name.rsplit(".", 1)[-1] if "." in name else "bin")
        stored = StoredFile(
            file_id=f"BQACAgUAAxkBAAI{kind[:3].upper()}{seq:06d}fakeFileId",
            file_unique_id=f"AgAD{seq:06d}",
            kind=kind,
            file_path=f"{kind}s/file_{seq}.{extension}",
            data=data,
            **fields,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def file_by_id(self, file_id: str, kind: str) -> StoredFile:
        """Find a file by file_id for reuse as kind, refusing unknown or mismatched ids."""
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise bad_request("type of file mismatch")
        return stored

    # -- callback queries ----------------------------------------------------------------

    def issue_callback_query(self, user_id: int, chat_id: int | None) -> str:
        """Issue a fresh callback query id the bot must answer once."""
        query_id = str(next(self._query_seq))
        self.callback_queries[query_id] = CallbackQueryInfo(user_id, chat_id, time.monotonic())
        return query_id

    def answer_callback_query(self, params: Params) -> None:
        """Accept one answer per issued query, within the optional time limit."""
        query_id = params.str_("callback_query_id", required=bad_request(QUERY_INVALID))
        assert query_id is not None
        info = self.callback_queries.get(query_id)
        expired = (
            info is not None
            and self.callback_query_ttl is not None
            and time.monotonic() - info.issued_at > self.callback_query_ttl
        )
        if info is None or info.answered or expired:
            raise bad_request(QUERY_INVALID)
        info.answered = True
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=query_id,
                text=params.str_("text"),
                show_alert=params.bool_("show_alert"),
                url=params.str_("url"),
                time=time.monotonic(),
            )
        )
        self.touch()

    def next_media_group_id(self) -> str:
        """Return a fresh media_group_id."""
        return str(next(self._media_group_seq))
