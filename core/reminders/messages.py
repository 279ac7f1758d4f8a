"""The words of reminders, digests, previews and the schedule (pure: text in, text out)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Final

from core.i18n import t
from core.reminders.digest import AgencyDigest, OfficerInfo
from core.reminders.occasions import LAST_DAY, Occasion, occasions_for_month, reminder_is_last_day
from core.reminders.workdays import WEEKEND, ThaiWorkCalendar
from core.text import escape
from core.thai_dates import day_text, day_text_long, month_year

# The report conversation's "project chosen" button: the reminder's button opens the report
# of that project directly. Must equal handlers.report.keys.CHOOSE_PROJECT (a test checks).
REPORT_BUTTON_KIND: Final = "rp"
PREVIEW_PEOPLE: Final = 30


def report_button_data(project_id: int) -> str:
    """Return the callback data that starts a report on ``project_id``."""
    return f"{REPORT_BUTTON_KIND}:{project_id}"


def deadline_of(occasion: Occasion, calendar: ThaiWorkCalendar, at: time) -> date:
    """Return the last day to report for the occasion's month (its last-day reminder)."""
    months = occasions_for_month(occasion.period, calendar, at)
    return next(o.scheduled_date for o in months if o.kind == LAST_DAY)


def reminder_text(
    occasion: Occasion,
    code: str,
    name: str,
    language: str,
    deadline: date,
) -> str:
    """Return the reminder about one project; the last-day one says today is the last day."""
    key = "reminders.reminder_last_day" if reminder_is_last_day(occasion) else "reminders.reminder"
    return t(
        key,
        language,
        month=month_year(occasion.period, language),
        name=escape(name),
        code=escape(code),
        deadline=day_text_long(deadline, language),
    )


# Each occasion kind's name, its locale key written out in full.
_KIND_LABELS: Final = {
    "day20": "reminders.kind_day20",
    "day25": "reminders.kind_day25",
    "last_day": "reminders.kind_last_day",
    "digest": "reminders.kind_digest",
}


def occasion_label(occasion: Occasion, language: str) -> str:
    """Return what an occasion is, e.g. the last-day reminder for a month."""
    return t(
        _KIND_LABELS[occasion.kind], language, month=month_year(occasion.period, language)
    )


def _officer_names(officers: Sequence[OfficerInfo], responsible: str | None, lang: str) -> str:
    names = []
    for officer in officers:
        marks = []
        if officer.leave_until is not None:
            marks.append(t("reminders.mark_leave", lang, until=day_text(officer.leave_until, lang)))
        if not officer.reachable:
            marks.append(t("reminders.mark_unreachable", lang))
        suffix = f" ({', '.join(marks)})" if marks else ""
        names.append(escape(officer.name) + suffix)
    if responsible and not officers:
        names.append(escape(responsible))
    return ", ".join(names) if names else t("reminders.no_officer", lang)


def agency_section(digest: AgencyDigest, period: date, language: str) -> list[str]:
    """Return the lines of one agency's part of the digest."""
    lang = language
    lines = [
        t(
            "reminders.digest_agency",
            lang,
            agency=escape(digest.agency),
            reported=len(digest.reported),
            total=digest.total,
        )
    ]
    nobody = "  " + t("reminders.nobody", lang)
    reported = [
        t(
            "reminders.digest_reported_line",
            lang,
            code=escape(line.code),
            name=escape(line.name),
            percent=f"{line.percent:.2f}",
            reporter=escape(line.reporter or t("reminders.unknown_reporter", lang)),
        )
        for line in digest.reported
    ]
    missing = [
        t(
            "reminders.digest_missing_line",
            lang,
            code=escape(line.code),
            name=escape(line.name),
            officers=_officer_names(line.officers, line.responsible, lang),
        )
        for line in digest.missing
    ]
    behind = [
        t(
            "reminders.digest_behind_line",
            lang,
            code=escape(line.code),
            name=escape(line.name),
            gap=f"{line.behind_by:.2f}",
        )
        + (t("reminders.digest_stalled_mark", lang) if line.stalled else "")
        for line in digest.behind
    ]
    for title, items in (
        ("reminders.digest_reported_title", reported),
        ("reminders.digest_missing_title", missing),
        ("reminders.digest_behind_title", behind),
    ):
        lines.append(t(title, lang))
        lines.extend(items or [nobody])
    if digest.on_leave:
        lines.append(t("reminders.digest_leave_title", lang))
        lines.extend(
            t(
                "reminders.digest_leave_line",
                lang,
                name=escape(officer.name),
                until=day_text(officer.leave_until or period, lang),
            )
            for officer in digest.on_leave
        )
    if digest.unreachable:
        lines.append(t("reminders.digest_unreachable_title", lang))
        lines.extend(
            t("reminders.digest_unreachable_line", lang, name=escape(officer.name))
            for officer in digest.unreachable
        )
    return lines


def digest_text(period: date, digests: Sequence[AgencyDigest], language: str) -> str:
    """Return the whole digest about ``period`` for the given agencies."""
    parts = [t("reminders.digest_title", language, month=month_year(period, language))]
    if not digests:
        parts.append(t("reminders.digest_no_projects", language))
    for digest in digests:
        parts.append("\n".join(agency_section(digest, period, language)))
    return "\n\n".join(parts)


def moved_reason(occasion: Occasion, language: str) -> str | None:
    """Return why an occasion was moved off its nominal day, in words, or None."""
    if occasion.moved_because is None:
        return None
    if occasion.moved_because == WEEKEND:
        return t("reminders.weekend", language)
    return t("reminders.holiday", language, name=escape(occasion.moved_because))


def schedule_text(occasions: Sequence[Occasion], language: str) -> str:
    """Return the coming occasions with their Thai dates and why any of them moved."""
    lines = [t("reminders.schedule_title", language)]
    for occasion in occasions:
        lines.append(
            t(
                "reminders.schedule_line",
                language,
                date=day_text_long(occasion.scheduled_date, language),
                time=f"{occasion.scheduled_at:%H:%M}",
                what=occasion_label(occasion, language),
            )
        )
        reason = moved_reason(occasion, language)
        if reason is not None:
            lines.append(
                t(
                    "reminders.schedule_moved",
                    language,
                    nominal=day_text_long(occasion.nominal_date, language),
                    reason=reason,
                )
            )
    return "\n".join(lines)
