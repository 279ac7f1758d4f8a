"""Plain records of what happened on the fake, for tests to assert on."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(eq=False)
class StoredFile:
    """A file the fake knows: uploaded by the bot or sent by a fake user."""

    file_id: str
    file_unique_id: str
    kind: str  # "photo", "document" or "sticker"
    file_path: str
    data: bytes | None = None
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    source_url: str | None = None  # set when the bot sent an HTTP URL the fake never fetches

    @property
    def file_size(self) -> int | None:
        """Return the size in bytes when the content is known."""
        return None if self.data is None else len(self.data)

    def _base(self) -> JSON:
        base: JSON = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_size is not None:
            base["file_size"] = self.file_size
        return base

    def photo_size_json(self) -> JSON:
        """Return this file as a PhotoSize object."""
        return {**self._base(), "width": self.width or 1280, "height": self.height or 960}

    def document_json(self) -> JSON:
        """Return this file as a Document object."""
        doc = self._base()
        if self.file_name:
            doc["file_name"] = self.file_name
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc

    def file_json(self) -> JSON:
        """Return this file as the File object getFile answers with."""
        return {**self._base(), "file_path": self.file_path}


@dataclass(eq=False)
class MessageRecord:
    """One message in a chat, with its current state and the history of its edits."""

    chat_id: int
    message_id: int
    date: int
    sender: JSON
    chat: JSON
    from_bot: bool
    text: str | None = None  # plain text after entity parsing
    caption: str | None = None
    entities: list[JSON] = field(default_factory=list)
    raw: str | None = None  # text or caption exactly as sent, markup included
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    photo: list[StoredFile] | None = None  # sizes, largest last
    document: StoredFile | None = None
    extra: JSON = field(default_factory=dict)  # sticker, location, contact payloads
    media_group_id: str | None = None
    reply_to: MessageRecord | None = None
    edit_date: int | None = None
    edits: list[JSON] = field(default_factory=list)
    deleted: bool = False

    @property
    def content(self) -> str | None:
        """Return the text, or the caption for media messages."""
        return self.text if self.text is not None else self.caption

    @property
    def photo_bytes(self) -> bytes | None:
        """Return the bytes of the largest photo size, if any."""
        return self.photo[-1].data if self.photo else None

    @property
    def document_bytes(self) -> bytes | None:
        """Return the document's bytes, if any."""
        return self.document.data if self.document else None

    def buttons(self) -> list[JSON]:
        """Return the inline keyboard buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    def button_texts(self) -> list[str]:
        """Return the texts of the inline keyboard buttons."""
        return [str(button.get("text")) for button in self.buttons()]

    def button(self, text: str) -> JSON:
        """Return the inline button with this text or raise LookupError."""
        for button in self.buttons():
            if button.get("text") == text:
                return button
        raise LookupError(f"no button {text!r} on message {self.message_id}: {self.button_texts()}")

    def keyboard_texts(self) -> list[str]:
        """Return the texts of a reply keyboard's buttons."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [b if isinstance(b, str) else str(b.get("text")) for row in rows for b in row]

    def to_api(self, *, with_reply: bool = True) -> JSON:
        """Return the message as Bot API Message JSON."""
        message: JSON = {
            "message_id": self.message_id,
            "from": copy.deepcopy(self.sender),
            "chat": copy.deepcopy(self.chat),
            "date": self.date,
        }
        entities_key = "entities"
        if self.text is not None:
            message["text"] = self.text
        if self.photo:
            message["photo"] = [size.photo_size_json() for size in self.photo]
            entities_key = "caption_entities"
        if self.document is not None:
            message["document"] = self.document.document_json()
            entities_key = "caption_entities"
        if self.caption is not None:
            message["caption"] = self.caption
        if self.entities:
            message[entities_key] = copy.deepcopy(self.entities)
        message.update(copy.deepcopy(self.extra))
        if self.media_group_id is not None:
            message["media_group_id"] = self.media_group_id
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        # Only inline keyboards are echoed back in Message.reply_markup.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = copy.deepcopy(self.reply_markup)
        if with_reply and self.reply_to is not None:
            message["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        return message


@dataclass(eq=False)
class ChatInfo:
    """A chat the fake knows, with its messages and the bot's standing in it."""

    id: int
    type: str  # "private", "group" or "supergroup"
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    started: bool = False  # private chats: the user has written to the bot
    blocked: bool = False
    last_message_id: int = 0
    messages: dict[int, MessageRecord] = field(default_factory=dict)

    def to_api(self) -> JSON:
        """Return the chat as Bot API Chat JSON."""
        chat: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "last_name", "username"):
            value = getattr(self, key)
            if value is not None:
                chat[key] = value
        return chat

    def next_message_id(self) -> int:
        """Allocate the next message id; ids grow per chat for both directions."""
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class RequestRecord:
    """One Bot API call as received, and how it was answered."""

    method: str
    params: JSON
    time: float  # time.monotonic() on arrival
    status: int | None = None  # None while pending or when the connection was dropped
    fault: Any = None  # the injected Fault, if any
    dropped: bool = False


@dataclass(frozen=True)
class Refusal:
    """A call the fake refused because Telegram would have refused it."""

    method: str
    params: JSON
    error_code: int
    description: str


@dataclass(frozen=True)
class ChatActionRecord:
    """One accepted sendChatAction."""

    chat_id: int
    action: str
    time: float


@dataclass(frozen=True)
class CallbackAnswer:
    """One accepted answerCallbackQuery."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    time: float


@dataclass
class CallbackQueryInfo:
    """A callback query the fake issued, to check it is answered once and in time."""

    user_id: int
    chat_id: int | None
    issued_at: float
    answered: bool = False
