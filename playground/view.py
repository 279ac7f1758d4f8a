"""What the chat page shows: the fake's records turned into plain JSON for the browser.

Texts go out as the fake parsed them (plain text plus entities); the page builds the
formatting from the entities with DOM calls, so no HTML the bot sent is ever injected.
"""

from __future__ import annotations

import time
from typing import Any

from fakeapi import FakeTelegram, MessageRecord, StoredFile
from fakeapi.faults import SEND_LIKE

JSON = dict[str, Any]
TYPING_SECONDS = 5.0  # Telegram shows "typing…" for about five seconds


def file_url(stored: StoredFile) -> str:
    """Return the page's URL of a file the fake stores."""
    return f"/api/files/{stored.file_id}"


def _inline(message: MessageRecord) -> list[list[JSON]]:
    rows = (message.reply_markup or {}).get("inline_keyboard") or []
    return [
        [
            {"text": str(b.get("text", "")), "data": b.get("callback_data"), "url": b.get("url")}
            for b in row
        ]
        for row in rows
    ]


def message_json(message: MessageRecord) -> JSON:
    """Return one message as the page draws it."""
    body: JSON = {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "date": message.date,
        "text": message.content or "",
        "entities": message.entities,
        "edited": message.edit_date is not None,
        "inline": _inline(message),
    }
    if message.photo:
        largest = message.photo[-1]
        body["photo"] = {
            "url": file_url(largest),
            "width": largest.width,
            "height": largest.height,
        }
    if message.document is not None:
        body["document"] = {
            "url": file_url(message.document),
            "name": message.document.file_name or "file",
            "size": message.document.file_size,
        }
    for key in ("sticker", "location", "contact"):
        if key in message.extra:
            body[key] = True
    return body


def reply_keyboard(messages: list[MessageRecord]) -> list[list[str]] | None:
    """Return the reply keyboard the chat shows now: the latest one sent, unless removed."""
    for message in reversed(messages):
        markup = message.reply_markup or {}
        if not message.from_bot or "inline_keyboard" in markup or not markup:
            continue
        if "keyboard" in markup:
            return [
                [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
                for row in markup["keyboard"]
            ]
        if markup.get("remove_keyboard"):
            return None
    return None


def toasts(fake: FakeTelegram, user_id: int) -> list[JSON]:
    """Return the callback answers with text shown to a person, numbered in arrival order."""
    queries = fake.world.callback_queries
    found = []
    for number, answer in enumerate(fake.callback_answers, start=1):
        query = queries.get(answer.callback_query_id)
        if answer.text and query is not None and query.user_id == user_id:
            found.append({"n": number, "text": answer.text, "alert": answer.show_alert})
    return found


def typing(fake: FakeTelegram, chat_id: int) -> bool:
    """Tell whether the bot said it is typing (or uploading) and has not sent anything since."""
    now = time.monotonic()
    actions = [a.time for a in fake.chat_actions[-20:] if a.chat_id == chat_id]
    if not actions or now - actions[-1] >= TYPING_SECONDS:
        return False
    for record in reversed(fake.requests[-50:]):
        if record.method in SEND_LIKE and str(record.params.get("chat_id")) == str(chat_id):
            return record.time < actions[-1]
    return True


def chat_json(fake: FakeTelegram, chat_id: int) -> JSON:
    """Return a person's private chat as the page draws it."""
    messages = fake.messages(chat_id)
    return {
        "messages": [message_json(m) for m in messages],
        "keyboard": reply_keyboard(messages),
        "toasts": toasts(fake, chat_id),
        "typing": typing(fake, chat_id),
    }


def sniff_type(stored: StoredFile) -> str:
    """Return the file's content type, guessing images from their first bytes."""
    data = stored.data or b""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return stored.mime_type or "application/octet-stream"
