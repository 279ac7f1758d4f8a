"""Bot API methods for messages, edits, callbacks, commands and bookkeeping calls."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from fakeapi import rules
from fakeapi.errors import bad_request, missing
from fakeapi.params import Params
from fakeapi.records import ChatActionRecord, ChatInfo, MessageRecord
from fakeapi.state import World

JSON = dict[str, Any]
Handler = Callable[[World, Params], Any]

METHODS: dict[str, Handler] = {}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
MENU_BUTTON_TYPES = frozenset({"commands", "web_app", "default"})


def method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under its canonical Bot API method name."""

    def register(handler: Handler) -> Handler:
        METHODS[name] = handler
        return handler

    return register


@method("getMe")
def get_me(world: World, params: Params) -> JSON:
    """Describe the bot."""
    return {
        **world.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("logOut")
@method("close")
def log_out(world: World, params: Params) -> bool:
    """Accept; the fake has no cloud session to close."""
    return True


@method("deleteWebhook")
def delete_webhook(world: World, params: Params) -> bool:
    """Remove the webhook, optionally dropping pending updates."""
    world.webhook_url = world.webhook_secret = ""
    if params.bool_("drop_pending_updates"):
        world.updates.drop_pending()
    return True


@method("setWebhook")
def set_webhook(world: World, params: Params) -> bool:
    """Set the webhook as Telegram checks it (empty URL: remove it); getUpdates then conflicts."""
    url = params.str_("url", required=missing("url")) or ""
    secret = params.str_("secret_token") or ""
    if url:
        rules.check_webhook(url, secret, params.int_("max_connections"))
    allowed = params.json_("allowed_updates")
    if isinstance(allowed, list):
        # As getUpdates does: the kinds asked for last apply to the updates still waiting too.
        world.updates.allow(allowed)
    world.webhook_url, world.webhook_secret = url, secret if url else ""
    world.webhook_max_connections = (
        params.int_("max_connections") or rules.DEFAULT_WEBHOOK_CONNECTIONS
    )
    if params.bool_("drop_pending_updates"):
        world.updates.drop_pending()
    world.touch()
    return True


@method("getWebhookInfo")
def get_webhook_info(world: World, params: Params) -> JSON:
    """Report the webhook URL and how many updates wait."""
    return {
        "url": world.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates.pending),
    }


def _commands_key(params: Params) -> tuple[str, str]:
    scope = rules.scope_key(params.json_("scope"))
    return scope, rules.check_language_code(params.str_("language_code"))


@method("setMyCommands")
def set_my_commands(world: World, params: Params) -> bool:
    """Store the command list for a scope and language."""
    commands = rules.check_commands(params.json_("commands"))
    key = _commands_key(params)
    if commands:
        world.commands[key] = commands
    else:
        world.commands.pop(key, None)
    world.touch()
    return True


@method("getMyCommands")
def get_my_commands(world: World, params: Params) -> list[JSON]:
    """Return the command list for a scope and language."""
    return copy.deepcopy(world.commands.get(_commands_key(params), []))


@method("deleteMyCommands")
def delete_my_commands(world: World, params: Params) -> bool:
    """Forget the command list for a scope and language."""
    world.commands.pop(_commands_key(params), None)
    world.touch()
    return True


@method("setChatMenuButton")
def set_chat_menu_button(world: World, params: Params) -> bool:
    """Store the menu button for one private chat or the default."""
    chat_id = params.chat_id() if params.has("chat_id") else None
    if chat_id is not None and world.chat_for_bot(chat_id).type != "private":
        raise bad_request("chat not found")
    button = params.json_("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in MENU_BUTTON_TYPES:
        raise bad_request("can't parse menu button JSON object")
    world.menu_buttons[chat_id if isinstance(chat_id, int) else None] = button
    return True


@method("getChatMenuButton")
def get_chat_menu_button(world: World, params: Params) -> JSON:
    """Return the stored menu button (commands by default)."""
    chat_id = params.int_("chat_id")
    button = world.menu_buttons.get(chat_id) or world.menu_buttons.get(None)
    return copy.deepcopy(button) if button else {"type": "commands"}


@method("getChat")
def get_chat(world: World, params: Params) -> JSON:
    """Return ChatFullInfo for a chat the bot can see."""
    chat_id = params.chat_id()
    chat = world.chats.get(chat_id) if isinstance(chat_id, int) else None
    if chat is None or (chat.type == "private" and not chat.started):
        raise bad_request("chat not found")
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), False
    )
    return {
        **chat.to_api(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {**gifts, "gifts_from_channels": False},
    }


@method("sendChatAction")
def send_chat_action(world: World, params: Params) -> bool:
    """Record a chat action after checking the chat and the action name."""
    chat = world.chat_for_bot(params.chat_id())
    action = rules.check_chat_action(params.str_("action"))
    world.chat_actions.append(ChatActionRecord(chat.id, action, time.monotonic()))
    world.touch()
    return True


@method("sendMessage")
def send_message(world: World, params: Params) -> JSON:
    """Send a text message after Telegram's checks."""
    chat = world.chat_for_bot(params.chat_id())
    raw = params.str_("text")
    parse_mode = params.str_("parse_mode")
    text, entities = rules.check_text(raw, parse_mode, params.json_("entities"))
    return post_from_bot(
        world, chat, params, text=text, entities=entities, raw=raw, parse_mode=parse_mode
    )


def post_from_bot(world: World, chat: ChatInfo, params: Params, **content: Any) -> JSON:
    """Check the reply markup and reply target, then store the bot's message in the chat."""
    markup = rules.check_reply_markup(params.json_("reply_markup"))
    reply_to = world.reply_target(chat, params)
    message = world.add_message(
        chat,
        from_bot=True,
        sender=world.bot_user,
        reply_markup=markup,
        reply_to=reply_to,
        **content,
    )
    return message.to_api()


def editable_message(world: World, params: Params) -> MessageRecord:
    """Find the bot's own message an edit call targets."""
    if params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat: ChatInfo = world.chat_for_bot(params.chat_id())
    message_id = params.req_int("message_id", bad_request("message identifier is not specified"))
    message = chat.messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _edit_markup(message: MessageRecord, params: Params) -> JSON | None:
    markup = rules.check_reply_markup(params.json_("reply_markup"), inline_only=True)
    if markup is None and message.reply_markup and "inline_keyboard" not in message.reply_markup:
        # Reply keyboards are not part of the message; an edit without markup keeps them.
        return message.reply_markup
    return markup


def apply_edit(
    world: World, message: MessageRecord, method_name: str, compared: tuple[str, ...], **new: Any
) -> JSON:
    """Apply an edit unless it changes nothing Telegram compares; keep the history."""
    if all(getattr(message, key) == new[key] for key in compared):
        raise bad_request(NOT_MODIFIED)
    before = {key: copy.deepcopy(getattr(message, key)) for key in new}
    message.edits.append({"method": method_name, "time": time.monotonic(), "before": before})
    for key, value in new.items():
        setattr(message, key, value)
    message.edit_date = int(time.time())
    world.touch()
    return message.to_api()


@method("editMessageText")
def edit_message_text(world: World, params: Params) -> JSON:
    """Replace a text message's text; a missing reply_markup removes the keyboard."""
    message = editable_message(world, params)
    raw, parse_mode = params.str_("text"), params.str_("parse_mode")
    text, entities = rules.check_text(raw, parse_mode, params.json_("entities"))
    markup = _edit_markup(message, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    return apply_edit(
        world,
        message,
        "editMessageText",
        ("text", "entities", "reply_markup"),
        text=text,
        entities=entities,
        raw=raw,
        parse_mode=parse_mode,
        reply_markup=markup,
    )


@method("editMessageCaption")
def edit_message_caption(world: World, params: Params) -> JSON:
    """Replace a media message's caption."""
    message = editable_message(world, params)
    raw, parse_mode = params.str_("caption"), params.str_("parse_mode")
    caption, entities = rules.check_caption(raw, parse_mode, params.json_("caption_entities"))
    markup = _edit_markup(message, params)
    if message.text is not None:
        raise bad_request("there is no caption in the message to edit")
    return apply_edit(
        world,
        message,
        "editMessageCaption",
        ("caption", "entities", "reply_markup"),
        caption=caption,
        entities=entities,
        raw=raw,
        parse_mode=parse_mode,
        reply_markup=markup,
    )


@method("editMessageReplyMarkup")
def edit_message_reply_markup(world: World, params: Params) -> JSON:
    """Replace (or remove) a message's inline keyboard."""
    message = editable_message(world, params)
    markup = _edit_markup(message, params)
    return apply_edit(
        world, message, "editMessageReplyMarkup", ("reply_markup",), reply_markup=markup
    )


@method("deleteMessage")
def delete_message(world: World, params: Params) -> bool:
    """Mark a message deleted; the record stays for assertions."""
    chat = world.chat_for_bot(params.chat_id())
    message_id = params.req_int("message_id", bad_request("message identifier is not specified"))
    message = chat.messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    message.deleted = True
    world.touch()
    return True


@method("answerCallbackQuery")
def answer_callback_query(world: World, params: Params) -> bool:
    """Answer a callback query the fake issued, once."""
    rules.check_callback_answer_text(params.str_("text"))
    world.answer_callback_query(params)
    return True
