"""Edit the message a button sits on; when it was deleted meanwhile, send the result anew.

A person may delete a list while the bot works on their tap, or tap a button of a message too
old to edit. Telegram then refuses the edit ("message to edit not found", "message can't be
edited"); the person still gets what they asked for, as a new message.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from handlers.common import say
from handlers.context import BotContext

log = logging.getLogger(__name__)
# Telegram's descriptions of an edit whose message is gone or may no longer be edited.
GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")
UNCHANGED = "message is not modified"


def _reason(error: BadRequest) -> str:
    return str(error).lower()


async def edit_text_or_send(
    update: Update, context: BotContext, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace the tapped message's text and buttons, or send them if it cannot be edited."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if UNCHANGED in _reason(error):
            return  # tapped twice: the message shows this already
        if not any(gone in _reason(error) for gone in GONE):
            raise
        log.info("the message to edit is gone; sending a new one")
        await say(update, context, text, reply_markup=markup)


async def edit_buttons_or_send(
    update: Update, context: BotContext, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace the tapped message's buttons, or send its text with them if it is gone."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:
        if UNCHANGED in _reason(error):
            return
        if not any(gone in _reason(error) for gone in GONE):
            raise
        # The text of the message as the client last saw it, if the update carries it.
        text = query.message.text_html if isinstance(query.message, Message) else None
        if text:
            log.info("the message to edit is gone; sending a new one")
            await say(update, context, text, reply_markup=markup)
