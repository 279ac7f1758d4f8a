"""Fake Telegram users who produce real Update JSON for the bot under test."""

from __future__ import annotations

import re
import struct
import time
import zlib
from typing import Any

from fakeapi.formatting import utf16_len
from fakeapi.media import photo_sizes
from fakeapi.records import ChatInfo, MessageRecord
from fakeapi.state import World

JSON = dict[str, Any]
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(?=\s|$)")


def _tiny_png() -> bytes:
    """Build a valid 1x1 white PNG, used when a test sends a photo without bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


TINY_PNG = _tiny_png()
TINY_WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)


class FakeUser:
    """A person talking to the bot, in their private chat or in a group."""

    def __init__(self, world: World, user: JSON, chat: ChatInfo) -> None:
        self._world = world
        self.user = user
        self.chat = chat

    @property
    def id(self) -> int:
        """Return the Telegram user id."""
        return int(self.user["id"])

    @property
    def chat_id(self) -> int:
        """Return the id of the chat this user writes in."""
        return self.chat.id

    def in_group(self, group_chat_id: int, title: str = "กลุ่มทดสอบ") -> FakeUser:
        """Return this user writing in a group (negative id; -100… makes a supergroup)."""
        return FakeUser(self._world, self.user, self._world.ensure_group(group_chat_id, title))

    # -- messages ------------------------------------------------------------------------

    def _post(self, kind: str = "message", **fields: Any) -> JSON:
        reply_to = fields.pop("reply_to", None)
        target = self.chat.messages.get(reply_to) if reply_to is not None else None
        if self.chat.type == "private":
            # Any message to the bot "starts" it: from now on the bot may write to the user.
            self.chat.started = True
        message = self._world.add_message(
            self.chat, from_bot=False, sender=self.user, reply_to=target, **fields
        )
        return self._world.emit(kind, message.to_api())

    def send_text(self, text: str, *, reply_to: int | None = None) -> JSON:
        """Send text; a leading /command (also /start PAYLOAD) gets a bot_command entity."""
        entities: list[JSON] = []
        match = _COMMAND_RE.match(text)
        if match:
            entities.append(
                {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
            )
        return self._post(text=text, raw=text, entities=entities, reply_to=reply_to)

    def send_photo(self, data: bytes | None = None, *, caption: str | None = None) -> JSON:
        """Send a photo (a 1x1 PNG when no bytes are given) as a PhotoSize list."""
        sizes = photo_sizes(self._world, data if data is not None else TINY_PNG)
        return self._post(photo=sizes, caption=caption, raw=caption)

    def send_document(
        self,
        filename: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
    ) -> JSON:
        """Send a file as a document; the bot can getFile and download its bytes."""
        document = self._world.new_file("document", data, file_name=filename, mime_type=mime_type)
        return self._post(document=document, caption=caption, raw=caption)

    def send_sticker(self, emoji: str = "👍") -> JSON:
        """Send a static sticker."""
        stored = self._world.new_file("sticker", TINY_WEBP, width=512, height=512)
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "emoji": emoji,
            "file_size": stored.file_size,
        }
        return self._post(extra={"sticker": sticker})

    def send_location(self, latitude: float, longitude: float) -> JSON:
        """Send a location pin."""
        return self._post(extra={"location": {"latitude": latitude, "longitude": longitude}})

    def send_contact(
        self, phone_number: str = "+66812345678", first_name: str | None = None, *, own: bool = True
    ) -> JSON:
        """Send a contact; by default the user's own (with user_id, as the share button does)."""
        contact: JSON = {
            "phone_number": phone_number,
            "first_name": first_name or self.user["first_name"],
        }
        if own:
            contact["user_id"] = self.id
        return self._post(extra={"contact": contact})

    def edit_text(self, message_id: int, new_text: str) -> JSON:
        """Edit one of this user's earlier text messages (an edited_message update)."""
        message = self.chat.messages.get(message_id)
        if message is None or message.from_bot or message.sender["id"] != self.id:
            raise ValueError(f"user {self.id} has no message {message_id} in chat {self.chat.id}")
        message.edits.append(
            {"method": "user_edit", "time": time.monotonic(), "before": message.text}
        )
        message.text = message.raw = new_text
        message.edit_date = int(time.time())
        return self._world.emit("edited_message", message.to_api())

    # -- callback queries ----------------------------------------------------------------

    def _callback(self, message: JSON, chat_id: int, data: str) -> JSON:
        query = {
            "id": self._world.issue_callback_query(self.id, chat_id),
            "from": dict(self.user),
            "message": message,
            "chat_instance": str(abs(hash((self._world.bot_user["id"], chat_id))) % 10**18),
            "data": data,
        }
        return self._world.emit("callback_query", query)

    def press(self, message: MessageRecord | int, data: str) -> JSON:
        """Press the inline button carrying data on a message (record or id in this chat)."""
        if isinstance(message, int):
            found = self.chat.messages.get(message)
            if found is None or found.deleted:
                raise LookupError(f"no message {message} in chat {self.chat.id}")
            message = found
        if data not in [b.get("callback_data") for b in message.buttons()]:
            raise ValueError(f"message {message.message_id} has no button with data {data!r}")
        return self._callback(message.to_api(), message.chat_id, data)

    def press_button(self, chat_id: int | None, button_text: str) -> JSON:
        """Press the button with this text on the latest bot message in the chat that has it."""
        chat = self._world.chats[chat_id if chat_id is not None else self.chat.id]
        for message in reversed(list(chat.messages.values())):
            if message.from_bot and not message.deleted and button_text in message.button_texts():
                data = message.button(button_text).get("callback_data")
                if not isinstance(data, str):
                    raise ValueError(f"button {button_text!r} is not a callback button")
                return self._callback(message.to_api(), chat.id, data)
        raise LookupError(f"no bot message in chat {chat.id} has a button {button_text!r}")

    def press_data(self, message_id: int, data: str) -> JSON:
        """Send any callback data for a message id: forged, stale or for a deleted message."""
        message = self.chat.messages.get(message_id)
        if message is None or message.deleted:
            # Telegram describes messages the bot can no longer see as InaccessibleMessage.
            shell = {"chat": self.chat.to_api(), "message_id": message_id, "date": 0}
            return self._callback(shell, self.chat.id, data)
        return self._callback(message.to_api(), self.chat.id, data)
