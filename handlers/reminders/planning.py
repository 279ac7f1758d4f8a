"""What a reminder run would send now: due occasions turned into messages, minus settled ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from core.i18n import t
from core.reminders.digest import AgencyDigest, build_digests
from core.reminders.messages import (
    PREVIEW_PEOPLE,
    deadline_of,
    digest_text,
    occasion_label,
    reminder_text,
    report_button_data,
)
from core.reminders.occasions import Occasion, due_occasions
from core.reminders.workdays import ThaiWorkCalendar
from core.text import escape
from storage import Storage


@dataclass(frozen=True)
class Outgoing:
    """One message a run means to send, with the delivery-log key it is claimed under."""

    person_id: int
    person_name: str
    project_id: int | None  # None for a digest
    project_code: str | None
    period: date
    kind: str
    text: str
    button: tuple[str, str] | None  # (label, callback data)
    was_unreachable: bool = False


@dataclass(frozen=True)
class PlannedOccasion:
    """A due occasion and the messages still to send for it."""

    occasion: Occasion
    messages: tuple[Outgoing, ...]


async def _officer_messages(
    store: Storage, occasion: Occasion, calendar: ThaiWorkCalendar, at: time
) -> list[Outgoing]:
    deadline = deadline_of(occasion, calendar, at)
    messages = []
    for target in await store.reminders.reminder_targets(occasion):
        text = reminder_text(
            occasion, target.project_code, target.project_name, target.language, deadline
        )
        label = t("reminders.button_report", target.language)
        messages.append(
            Outgoing(
                person_id=target.person_id,
                person_name=target.name,
                project_id=target.project_id,
                project_code=target.project_code,
                period=occasion.period,
                kind=occasion.kind,
                text=text,
                button=(label, report_button_data(target.project_id)),
                was_unreachable=not target.reachable,
            )
        )
    return messages


async def _digest_messages(store: Storage, occasion: Occasion) -> list[Outgoing]:
    projects = await store.reminders.digest_projects(on=occasion.scheduled_date)
    digests = build_digests(projects, occasion.period)
    by_agency: dict[str, AgencyDigest] = {digest.agency: digest for digest in digests}
    messages = []
    for person in await store.reminders.digest_recipients():
        # Supervisors read their own agency; admins read every agency.
        if person.role == "admin":
            chosen: Sequence[AgencyDigest] = digests
        elif person.agency is not None and person.agency in by_agency:
            chosen = [by_agency[person.agency]]
        else:
            continue
        messages.append(
            Outgoing(
                person_id=person.person_id,
                person_name=person.name,
                project_id=None,
                project_code=None,
                period=occasion.period,
                kind=occasion.kind,
                text=digest_text(occasion.period, chosen, person.language),
                button=None,
            )
        )
    return messages


async def plan_due(
    store: Storage, now: datetime, calendar: ThaiWorkCalendar, at: time
) -> list[PlannedOccasion]:
    """Return every due occasion with the messages not yet sent (or given up) for it."""
    planned = []
    for occasion in due_occasions(now, calendar, at):
        if occasion.is_officer_reminder:
            messages = await _officer_messages(store, occasion, calendar, at)
        else:
            messages = await _digest_messages(store, occasion)
        settled = await store.reminders.settled(occasion.period, occasion.kind, now)
        fresh = tuple(m for m in messages if (m.person_id, m.project_id or 0) not in settled)
        planned.append(PlannedOccasion(occasion, fresh))
    return planned


def preview_text(planned: Sequence[PlannedOccasion], language: str) -> str:
    """Return the dry-run summary: how many messages per occasion, and to whom."""
    total = sum(len(item.messages) for item in planned)
    if total == 0:
        return t("reminders.remind_nothing", language)
    lines = [t("reminders.remind_preview", language, count=total)]
    for item in planned:
        if not item.messages:
            continue
        lines.append("")
        lines.append(
            t(
                "reminders.remind_group",
                language,
                what=occasion_label(item.occasion, language),
                count=len(item.messages),
            )
        )
        people: dict[int, tuple[str, list[str]]] = {}
        for message in item.messages:
            name, codes = people.setdefault(message.person_id, (message.person_name, []))
            if message.project_code:
                codes.append(message.project_code)
        for name, codes in list(people.values())[:PREVIEW_PEOPLE]:
            lines.append(
                t(
                    "reminders.remind_person",
                    language,
                    name=escape(name),
                    projects=escape(", ".join(codes) or "-"),
                )
            )
        if len(people) > PREVIEW_PEOPLE:
            lines.append(t("reminders.remind_more", language, count=len(people) - PREVIEW_PEOPLE))
    return "\n".join(lines)
