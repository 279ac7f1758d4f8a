"""The monthly report conversation: one callback per step, routed by the draft's stored step.

Every step's callback is marked ``@reads_on_writer`` where it is defined (choose, answers,
summary): a step reads a few rows by key and then writes, all on the writer's thread.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from core.report_flow import Step
from handlers.context import BotContext
from handlers.report import answers, choose, keys, summary
from handlers.report.routing import AtStep, OpenDrafts
from handlers.start import menu_texts

MENU_TEXTS = menu_texts("menu.report")
_MENU_KEYS: tuple[str, ...] = ("menu.report", "menu.help", "menu.invite")
# The status buttons: a tap mid-report opens them instead of being taken as an answer.
_MENU_KEYS += ("menu.status", "menu.overview", "menu.problems")
_ALL_MENU_TEXTS = filters.Text([text for key in _MENU_KEYS for text in menu_texts(key)])
# Only new messages answer a question: an edited old message must not overwrite an answer.
ANSWER = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ~_ALL_MENU_TEXTS
PHOTO = filters.UpdateType.MESSAGE & filters.PHOTO


# What else a person may send mid-report; the report's own commands and button are not here.
OTHER_COMMANDS = (
    filters.UpdateType.MESSAGE
    & (filters.COMMAND | filters.Text([text for key in _MENU_KEYS[1:] for text in menu_texts(key)]))
    & ~filters.Regex(r"^/(report|cancel)(@\w+)?(\s|$)")
)


def open_report_reminder() -> MessageHandler[BotContext, None]:
    """Return the handler that, after another command mid-report, offers to go on with it."""
    return MessageHandler(OTHER_COMMANDS, choose.remind_open_report)


def _text_step(callback: object) -> list[BaseHandler[Update, BotContext, object]]:
    return [MessageHandler(ANSWER, callback)]  # type: ignore[arg-type]


def _typed_answer() -> list[BaseHandler[Update, BotContext, object]]:
    return [
        *_text_step(answers.text_typed),
        CallbackQueryHandler(answers.too_long_answered, pattern=keys.pattern(keys.TOO_LONG)),
    ]


def _issue_step() -> list[BaseHandler[Update, BotContext, object]]:
    return [
        *_typed_answer(),
        CallbackQueryHandler(answers.issue_none, pattern=keys.pattern(keys.NONE)),
        CallbackQueryHandler(answers.keep_earlier, pattern=keys.pattern(keys.KEEP)),
    ]


def conversation(drafts: OpenDrafts) -> list[BaseHandler[Update, BotContext, object]]:
    """Return the report's group-0 handlers, in the order PTB's ConversationHandler tried them.

    Entry points always, then the handlers of the step the sender's draft is at (``states``, read
    from the database for each update by ``drafts``), then the fallbacks while a draft is open.
    What a callback returns (the step it asked, or END) routes nothing: the draft row is the state.
    """
    entry_points: list[BaseHandler[Update, BotContext, object]] = [
        CommandHandler("report", choose.begin),
        MessageHandler(filters.UpdateType.MESSAGE & filters.Text(MENU_TEXTS), choose.begin),
        CallbackQueryHandler(choose.project_chosen, pattern=keys.pattern(keys.CHOOSE_PROJECT)),
        CallbackQueryHandler(choose.month_chosen, pattern=keys.pattern(keys.CHOOSE_MONTH)),
    ]
    states: dict[str, list[BaseHandler[Update, BotContext, object]]] = {
        # Choosing the project opens no draft yet: its buttons are entry points.
        Step.CHOOSE_PROJECT.value: [],
        Step.CONFIRM_CORRECTION.value: [
            CallbackQueryHandler(choose.correction_answered, pattern=keys.pattern(keys.CORRECTION))
        ],
        Step.PERCENT.value: [
            *_text_step(answers.percent_typed),
            CallbackQueryHandler(answers.percent_tapped, pattern=keys.pattern(keys.QUICK_PERCENT)),
        ],
        Step.DECREASE_CONFIRM.value: [
            CallbackQueryHandler(answers.decrease_answered, pattern=keys.pattern(keys.DECREASE))
        ],
        Step.DECREASE_REASON.value: _typed_answer(),
        Step.WORK_DONE.value: [
            *_typed_answer(),
            CallbackQueryHandler(answers.keep_earlier, pattern=keys.pattern(keys.KEEP)),
        ],
        Step.PROBLEMS.value: _issue_step(),
        Step.OBSTACLES.value: _issue_step(),
        Step.SUMMARY.value: [
            MessageHandler(PHOTO, answers.photo_received),
            CallbackQueryHandler(summary.confirm, pattern=keys.pattern(keys.CONFIRM)),
            CallbackQueryHandler(summary.edit, pattern=keys.pattern(keys.EDIT)),
            CallbackQueryHandler(summary.abort, pattern=keys.pattern(keys.CANCEL)),
        ],
        Step.EDIT_FIELD.value: [
            CallbackQueryHandler(summary.edit_field, pattern=keys.pattern(keys.EDIT_FIELD))
        ],
    }
    fallbacks: list[BaseHandler[Update, BotContext, object]] = [
        CommandHandler("cancel", summary.cancel),
        CallbackQueryHandler(choose.resume_answered, pattern=keys.pattern(keys.RESUME)),
        CallbackQueryHandler(summary.stale_button, pattern=keys.ALL_KINDS),
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.COMMAND & ~_ALL_MENU_TEXTS,
            summary.unexpected_input,
        ),
    ]
    return [
        *(AtStep(handler, drafts, None) for handler in entry_points),
        *(
            AtStep(handler, drafts, (state,))
            for state, handlers in states.items()
            for handler in handlers
        ),
        *(AtStep(handler, drafts, ()) for handler in fallbacks),
    ]
