"""The question of each report step, with its buttons."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.domain import ProgressReport, Project, User
from core.i18n import t
from core.plan import plan_progress_for_month
from core.report_flow import TEXT_LIMITS, Step, other_month, previous_month, quick_percents
from core.text import escape
from core.thai_dates import day_text, month_year
from handlers.common import say
from handlers.context import BotContext
from handlers.report import keys
from storage.convert import to_hundredths
from storage.drafts import Draft


def percent_text(value: Decimal) -> str:
    """Return a percent as the BMA pages print it (two decimals)."""
    return f"{value:.2f}"


def _buttons(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def ask(
    update: Update, context: BotContext, user: User, draft: Draft, note: str | None = None
) -> str:
    """Send the question of the draft's current step and return that step as the state.

    A ``note`` (why an answer was not taken) goes in the same message, before the question.
    """
    text, markup = await question(context, user, draft, note)
    await say(update, context, text, reply_markup=markup)
    return draft.step


async def question(
    context: BotContext, user: User, draft: Draft, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return the text and buttons of the draft's current step."""
    store = context.services.store
    lang = user.language
    step = Step(draft.step)
    key = draft.key
    markup: InlineKeyboardMarkup | None
    if draft.pending_text is not None and step in TEXT_LIMITS:
        limit = TEXT_LIMITS[step]
        text = t(
            "report.text_too_long",
            lang,
            length=len(draft.pending_text),
            limit=limit,
            over=len(draft.pending_text) - limit,
        )
        markup = _buttons(
            [
                [
                    (
                        t("report.button_keep_first", lang, limit=limit),
                        keys.encode(keys.TOO_LONG, key, "keep"),
                    )
                ],
                [(t("report.button_retype_text", lang), keys.encode(keys.TOO_LONG, key, "retype"))],
            ]
        )
        return text, markup
    if step is Step.CONFIRM_CORRECTION:
        current = await store.reports.for_month(draft.project_id, draft.month)
        text = t(
            "report.ask_correction",
            lang,
            month=month_year(draft.month, lang),
            percent=percent_text(current.percent) if current else "-",
        )
        markup = _buttons(
            [
                [
                    (t("report.button_correct", lang), keys.encode(keys.CORRECTION, key, "y")),
                    (t("report.button_cancel", lang), keys.encode(keys.CORRECTION, key, "n")),
                ],
                *_other_month_rows(context, draft, lang),
            ]
        )
    elif step is Step.PERCENT:
        project, last = await store.read_both(
            store.projects.by_id_query(draft.project_id),
            store.reports.latest_query(draft.project_id, until=draft.month),
        )
        assert project is not None
        text = (
            t("report.ask_percent", lang) if note else _percent_question(project, draft, last, lang)
        )
        quick = quick_percents(last.percent if last else None)
        labels = [t("report.button_same", lang, percent=percent_text(last.percent))] if last else []
        labels += [f"{percent_text(value)}%" for value in quick[len(labels) :]]
        markup = _buttons(
            [
                [
                    (label, keys.encode(keys.QUICK_PERCENT, key, to_hundredths(value)))
                    for label, value in zip(labels, quick, strict=True)
                ],
                *_other_month_rows(context, draft, lang),
            ]
        )
    elif step is Step.DECREASE_CONFIRM:
        last = await store.reports.latest(draft.project_id, until=previous_month(draft.month))
        text = t(
            "report.ask_decrease",
            lang,
            new=percent_text(draft.percent or Decimal(0)),
            last=percent_text(last.percent) if last else "-",
        )
        markup = _buttons(
            [
                [
                    (t("report.button_keep_lower", lang), keys.encode(keys.DECREASE, key, "y")),
                    (t("report.button_retype", lang), keys.encode(keys.DECREASE, key, "n")),
                ]
            ]
        )
    elif step is Step.DECREASE_REASON:
        text, markup = t("report.ask_decrease_reason", lang), None
    elif step in (Step.WORK_DONE, Step.PROBLEMS, Step.OBSTACLES):
        earlier = await store.reports.latest(draft.project_id, until=draft.month)
        text, markup = _text_question(step, draft, earlier, lang)
    elif step is Step.EDIT_FIELD:
        text = t("report.ask_edit_field", lang)
        fields = {
            "percent": "report.field_percent",
            "work_done": "report.field_work_done",
            "problems": "report.field_problems",
            "obstacles": "report.field_obstacles",
            "photos": "report.field_photos",
        }
        markup = _buttons(
            [
                [(t(label, lang), keys.encode(keys.EDIT_FIELD, key, name))]
                for name, label in fields.items()
            ]
            + [[(t("report.button_back", lang), keys.encode(keys.EDIT_FIELD, key, "back"))]]
        )
    else:
        text, markup = summary_text(draft, lang), summary_buttons(draft, lang)
    return (f"{note}\n\n{text}" if note else text), markup


def summary_buttons(draft: Draft, lang: str) -> InlineKeyboardMarkup:
    """Return the summary's buttons: send, correct a part, or cancel."""
    key = draft.key
    return _buttons(
        [
            [(t("report.button_confirm", lang), keys.encode(keys.CONFIRM, key))],
            [
                (t("report.button_edit", lang), keys.encode(keys.EDIT, key)),
                (t("report.button_abort", lang), keys.encode(keys.CANCEL, key)),
            ],
        ]
    )


def _issue_text(text: str | None, lang: str) -> str:
    return escape(text) if text else t("report.none", lang)


def _text_question(
    step: Step, draft: Draft, earlier: ProgressReport | None, lang: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    # The earlier report's answers (the one corrected, or last month's) are shown whole and
    # offered to keep with one tap, so that only what changed is typed.
    key = draft.key
    rows: list[list[tuple[str, str]]] = []
    lines: list[str] = []
    if step is Step.WORK_DONE:
        if earlier is not None:
            lines += [
                t("report.earlier_title", lang, month=month_year(earlier.month, lang)),
                t("report.summary_work_done", lang, text=escape(earlier.work_done)),
                t("report.summary_problems", lang, text=_issue_text(earlier.problems, lang)),
                t("report.summary_obstacles", lang, text=_issue_text(earlier.obstacles, lang)),
                "",
            ]
            rows += [
                [(t("report.button_keep_work", lang), keys.encode(keys.KEEP, key, "work"))],
                [(t("report.button_send_as_before", lang), keys.encode(keys.KEEP, key, "all"))],
            ]
        lines.append(t("report.ask_work_done", lang))
    elif step is Step.PROBLEMS:
        if earlier is not None:
            lines += [
                t("report.earlier_title", lang, month=month_year(earlier.month, lang)),
                t("report.summary_problems", lang, text=_issue_text(earlier.problems, lang)),
                t("report.summary_obstacles", lang, text=_issue_text(earlier.obstacles, lang)),
                "",
            ]
            rows.append(
                [(t("report.button_keep_issues", lang), keys.encode(keys.KEEP, key, "issues"))]
            )
        lines.append(t("report.ask_problems", lang))
        rows.append([(t("report.button_none_both", lang), keys.encode(keys.NONE, key, "both"))])
        rows.append([(t("report.button_none", lang), keys.encode(keys.NONE, key))])
    else:
        if earlier is not None:
            lines += [
                t("report.earlier_title", lang, month=month_year(earlier.month, lang)),
                t("report.summary_obstacles", lang, text=_issue_text(earlier.obstacles, lang)),
                "",
            ]
            rows.append(
                [
                    (
                        t("report.button_keep_obstacles", lang),
                        keys.encode(keys.KEEP, key, "obstacles"),
                    )
                ]
            )
        lines.append(t("report.ask_obstacles", lang))
        rows.append([(t("report.button_none", lang), keys.encode(keys.NONE, key))])
    return "\n".join(lines), (_buttons(rows) if rows else None)


def _other_month_rows(context: BotContext, draft: Draft, lang: str) -> list[list[tuple[str, str]]]:
    # Early in a month the due month is chosen by default; the other one is one tap away.
    other = other_month(context.services.today(), draft.month)
    if other is None:
        return []
    label = t("report.button_other_month", lang, month=month_year(other, lang))
    data = keys.encode(keys.CHOOSE_MONTH, draft.project_id, f"{other.year}{other.month:02d}")
    return [[(label, data)]]


def _percent_question(
    project: Project, draft: Draft, last: ProgressReport | None, lang: str
) -> str:
    planned = plan_progress_for_month(project.plan_steps, draft.month)
    lines = [
        t("report.project_line", lang, name=escape(project.name), code=escape(project.code)),
        t("report.month_line", lang, month=month_year(draft.month, lang)),
    ]
    if last is None:
        lines.append(t("report.no_previous", lang))
    else:
        lines.append(
            t(
                "report.last_line",
                lang,
                percent=percent_text(last.percent),
                date=day_text(last.reported_on, lang),
            )
        )
    if project.plan_steps:
        lines.append(t("report.planned_line", lang, percent=percent_text(planned)))
    lines += ["", t("report.ask_percent", lang)]
    return "\n".join(lines)


def summary_text(draft: Draft, lang: str) -> str:
    """Return the summary an officer checks before sending."""
    none = t("report.none", lang)
    lines = [
        t("report.summary_title", lang),
        t(
            "report.project_line",
            lang,
            name=escape(draft.project_name),
            code=escape(draft.project_code),
        ),
        t("report.month_line", lang, month=month_year(draft.month, lang)),
        t("report.summary_percent", lang, percent=percent_text(draft.percent or Decimal(0))),
    ]
    if draft.decrease_reason:
        lines.append(
            t(
                "report.summary_decrease",
                lang,
                text=escape(draft.decrease_reason),
            )
        )
    lines += [
        t(
            "report.summary_work_done",
            lang,
            text=escape(draft.work_done or ""),
        ),
        t(
            "report.summary_problems",
            lang,
            text=escape(draft.problems) if draft.problems else none,
        ),
        t(
            "report.summary_obstacles",
            lang,
            text=escape(draft.obstacles) if draft.obstacles else none,
        ),
        t("report.summary_photos", lang, count=len(draft.photos)),
    ]
    if not draft.photos:
        lines.append(t("report.summary_photos_offer", lang))
    if draft.correcting:
        lines.append(t("report.summary_correcting", lang))
    return "\n".join(lines)
