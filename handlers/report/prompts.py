"""The question of each report step, with its buttons."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.domain import ProgressReport, Project, User
from core.i18n import t
from core.plan import plan_progress_for_month
from core.report_flow import Step, other_month, quick_percents
from core.text import escape, shorten
from core.thai_dates import thai_date, thai_month_year
from handlers.common import say
from handlers.context import BotContext
from handlers.report import keys
from storage.convert import to_hundredths
from storage.drafts import Draft

SUMMARY_TEXT_LIMIT = 700


def percent_text(value: Decimal) -> str:
    """Return a percent as the BMA pages print it (two decimals)."""
    return f"{value:.2f}"


def _buttons(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def ask(update: Update, context: BotContext, user: User, draft: Draft) -> str:
    """Send the question of the draft's current step and return that step as the state."""
    store = context.services.store
    lang = user.language
    step = Step(draft.step)
    key = draft.key
    if step is Step.CONFIRM_CORRECTION:
        current = await store.reports.for_month(draft.project_id, draft.month)
        text = t(
            "report.ask_correction",
            lang,
            month=thai_month_year(draft.month),
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
        text = _percent_question(project, draft, last, lang)
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
        last = await store.reports.latest(draft.project_id, until=draft.month)
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
    elif step is Step.WORK_DONE:
        text, markup = t("report.ask_work_done", lang), None
    elif step in (Step.PROBLEMS, Step.OBSTACLES):
        text = t(f"report.ask_{step.value}", lang)
        markup = _buttons([[(t("report.button_none", lang), keys.encode(keys.NONE, key))]])
    elif step is Step.PHOTOS:
        count = len(draft.photos)
        text = (
            t("report.ask_photos", lang)
            if count == 0
            else t("report.photos_received", lang, count=count)
        )
        label = t("report.button_skip" if count == 0 else "report.button_photos_done", lang)
        markup = _buttons([[(label, keys.encode(keys.PHOTOS_DONE, key))]])
    elif step is Step.EDIT_FIELD:
        text = t("report.ask_edit_field", lang)
        fields = ["percent", "work_done", "problems", "obstacles", "photos"]
        markup = _buttons(
            [
                [(t(f"report.field_{name}", lang), keys.encode(keys.EDIT_FIELD, key, name))]
                for name in fields
            ]
            + [[(t("report.button_back", lang), keys.encode(keys.EDIT_FIELD, key, "back"))]]
        )
    else:
        text = summary_text(draft, lang)
        markup = _buttons(
            [
                [(t("report.button_confirm", lang), keys.encode(keys.CONFIRM, key))],
                [
                    (t("report.button_edit", lang), keys.encode(keys.EDIT, key)),
                    (t("report.button_abort", lang), keys.encode(keys.CANCEL, key)),
                ],
            ]
        )
    await say(update, context, text, reply_markup=markup)
    return step.value


def _other_month_rows(context: BotContext, draft: Draft, lang: str) -> list[list[tuple[str, str]]]:
    # Early in a month the due month is chosen by default; the other one is one tap away.
    other = other_month(context.services.today(), draft.month)
    if other is None:
        return []
    label = t("report.button_other_month", lang, month=thai_month_year(other))
    data = keys.encode(keys.CHOOSE_MONTH, draft.project_id, f"{other.year}{other.month:02d}")
    return [[(label, data)]]


def _percent_question(
    project: Project, draft: Draft, last: ProgressReport | None, lang: str
) -> str:
    planned = plan_progress_for_month(project.plan_steps, draft.month)
    lines = [
        t("report.project_line", lang, name=escape(project.name), code=escape(project.code)),
        t("report.month_line", lang, month=thai_month_year(draft.month)),
    ]
    if last is None:
        lines.append(t("report.no_previous", lang))
    else:
        lines.append(
            t(
                "report.last_line",
                lang,
                percent=percent_text(last.percent),
                date=thai_date(last.reported_on),
            )
        )
        lines.append(t("report.last_summary", lang, text=escape(shorten(last.work_done, 300))))
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
        t("report.month_line", lang, month=thai_month_year(draft.month)),
        t("report.summary_percent", lang, percent=percent_text(draft.percent or Decimal(0))),
    ]
    if draft.decrease_reason:
        lines.append(
            t(
                "report.summary_decrease",
                lang,
                text=escape(shorten(draft.decrease_reason, SUMMARY_TEXT_LIMIT)),
            )
        )
    lines += [
        t(
            "report.summary_work_done",
            lang,
            text=escape(shorten(draft.work_done or "", SUMMARY_TEXT_LIMIT)),
        ),
        t(
            "report.summary_problems",
            lang,
            text=escape(shorten(draft.problems, SUMMARY_TEXT_LIMIT)) if draft.problems else none,
        ),
        t(
            "report.summary_obstacles",
            lang,
            text=escape(shorten(draft.obstacles, SUMMARY_TEXT_LIMIT)) if draft.obstacles else none,
        ),
        t("report.summary_photos", lang, count=len(draft.photos)),
    ]
    if draft.correcting:
        lines.append(t("report.summary_correcting", lang))
    return "\n".join(lines)
