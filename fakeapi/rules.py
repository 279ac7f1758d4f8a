"""Content rules where Telegram is strict: text, captions, markup, actions and commands."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from fakeapi.errors import bad_request
from fakeapi.formatting import (
    parse_html,
    strip_text,
    utf16_len,
)
from fakeapi.markdown import parse_markdown, parse_markdown_v2

JSON = dict[str, Any]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_MAX_BYTES = 64
CALLBACK_ANSWER_LIMIT = 200
MAX_BUTTONS = 100
MAX_COMMANDS = 100
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
ENTITY_TYPES = frozenset(
    {
        "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number",
        "bold", "italic", "underline", "strikethrough", "spoiler", "blockquote",
        "expandable_blockquote", "code", "pre", "text_link", "text_mention", "custom_emoji",
    }
)  # fmt: skip
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_URL_RE = re.compile(r"(https?|tg)://\S+", re.IGNORECASE)


def _check_entities(text: str, raw: Any) -> list[JSON]:
    """Validate explicit entities: a list of objects lying inside the text."""
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise bad_request("can't parse entities JSON object")
    size = utf16_len(text)
    for entity in raw:
        offset, length = entity.get("offset"), entity.get("length")
        if entity.get("type") not in ENTITY_TYPES:
            raise bad_request("can't parse MessageEntity: unsupported entity type")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 1:
            raise bad_request("can't parse MessageEntity: wrong offset or length")
        if offset + length > size:
            raise bad_request("entity beyond the end of the text")
    return [dict(e) for e in raw]


def formatted(text: str, parse_mode: str | None, entities: Any = None) -> tuple[str, list[JSON]]:
    """Apply parse_mode (or explicit entities) and trim; return plain text and entities."""
    if entities is not None:
        plain, parsed = text, _check_entities(text, entities)
    elif not parse_mode:
        plain, parsed = text, []
    else:
        mode = parse_mode.lower()
        if mode == "html":
            plain, parsed = parse_html(text)
        elif mode == "markdownv2":
            plain, parsed = parse_markdown_v2(text)
        elif mode == "markdown":
            plain, parsed = parse_markdown(text)
        else:
            raise bad_request("unsupported parse_mode")
    return strip_text(plain, parsed)


def check_text(text: str | None, parse_mode: str | None, entities: Any) -> tuple[str, list[JSON]]:
    """Validate a message text; return its plain form and entities."""
    if text is None or not text.strip():
        raise bad_request("message text is empty")
    plain, parsed = formatted(text, parse_mode, entities)
    if not plain:
        raise bad_request("message text is empty")
    if utf16_len(plain) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return plain, parsed


def check_caption(
    caption: str | None, parse_mode: str | None, entities: Any
) -> tuple[str | None, list[JSON]]:
    """Validate an optional caption; an empty caption means no caption."""
    if caption is None:
        return None, []
    plain, parsed = formatted(caption, parse_mode, entities)
    if utf16_len(plain) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    return (plain or None), parsed


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in INLINE_ACTIONS if button.get(name) is not None]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used"
        )
    data = button.get("callback_data")
    if data is not None and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and (not isinstance(url, str) or not _URL_RE.fullmatch(url)):
        raise bad_request("BUTTON_URL_INVALID")


def _check_reply_button(button: Any) -> None:
    text = button if isinstance(button, str) else (button or {}).get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")


def _rows(markup: JSON, key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" must be an Array of Arrays')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return rows


def check_reply_markup(raw: Any, *, inline_only: bool = False) -> JSON | None:
    """Validate reply_markup; return it as a dict (None when absent)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        for row in _rows(raw, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return raw
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in raw:
        for row in _rows(raw, "keyboard"):
            for button in row:
                _check_reply_button(button)
        return raw
    if raw.get("remove_keyboard") is True or raw.get("force_reply") is True:
        return raw
    raise bad_request("can't parse reply keyboard markup JSON object")


def check_chat_action(action: str | None) -> str:
    """Validate a sendChatAction action name."""
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    assert action is not None
    return action


def check_callback_answer_text(text: str | None) -> None:
    """Validate the notification text of answerCallbackQuery."""
    if text is not None and utf16_len(text) > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")


def check_commands(raw: Any) -> list[JSON]:
    """Validate setMyCommands' command list."""
    if raw is None:
        raise bad_request('parameter "commands" is required')
    if not isinstance(raw, list):
        raise bad_request("can't parse commands JSON object")
    if len(raw) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    commands: list[JSON] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: BotCommand must be an Object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command.lstrip("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        commands.append({"command": command.lstrip("/"), "description": description})
    return commands


def scope_key(raw: Any) -> str:
    """Turn a BotCommandScope into a short key: "default", "chat:123", ..."""
    if raw is None:
        return "default"
    if not isinstance(raw, dict):
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = raw.get("type")
    simple = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")
    if kind in simple:
        return str(kind)
    if kind in ("chat", "chat_administrators") and raw.get("chat_id") is not None:
        return f"{kind}:{raw['chat_id']}"
    if kind == "chat_member" and raw.get("chat_id") is not None and raw.get("user_id") is not None:
        return f"chat_member:{raw['chat_id']}:{raw['user_id']}"
    raise bad_request("wrong BotCommandScope specified")


def check_language_code(code: str | None) -> str:
    """Validate a command language code: empty or two lowercase letters."""
    if not code:
        return ""
    if not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("LANG_CODE_INVALID")
    return code


WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_WEBHOOK_CONNECTIONS = 100
# setWebhook's max_connections when not given: posts Telegram keeps in flight at once.
DEFAULT_WEBHOOK_CONNECTIONS = 40


def check_webhook(url: str, secret: str, max_connections: int | None) -> None:
    """Refuse a webhook Telegram would refuse: HTTPS only, its four ports, a well-formed secret."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    try:
        port = parts.port or 443
    except ValueError as error:
        raise bad_request("bad webhook: invalid port") from error
    if port not in WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    if secret and not WEBHOOK_SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if max_connections is not None and not 1 <= max_connections <= MAX_WEBHOOK_CONNECTIONS:
        raise bad_request("bad max_connections")
