"""When officer reminders and supervisor digests are due, as pure functions of time.

Moving rules (all dates local to the calendar's zone, all sends at ``at``, 09:00):

* ``day20`` and ``day25`` move FORWARD to the next working day, because a later
  nudge is still useful while the month is open.
* If moving forward would leave the month, the reminder instead goes to the last
  working day of the month; reminding about a month after it closed is useless.
* ``last_day`` moves BACK to the last working day of the month, for the same reason.
* If two officer reminders of a month land on the same day, only one is sent: the
  later kind (``day20`` < ``day25`` < ``last_day``), which lists what it absorbed.
  Forward moves keep the order, so a reminder never overtakes a later one.
* ``digest`` (about month M) goes on the first working day of month M + 1.

Catch-up after downtime: an officer reminder is due only on its own local date (a
day-late "deadline is today" message would be wrong); a digest is still due up to
``DIGEST_CATCH_UP_DAYS`` calendar days after its scheduled date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final, Literal

from core.reminders.clock import require_aware
from core.reminders.workdays import ThaiWorkCalendar
from core.thai_dates import add_months, month_end, month_start

OccasionKind = Literal["day20", "day25", "last_day", "digest"]

DAY20: Final = "day20"
DAY25: Final = "day25"
LAST_DAY: Final = "last_day"
DIGEST: Final = "digest"

OFFICER_KINDS: Final[tuple[OccasionKind, ...]] = (DAY20, DAY25, LAST_DAY)
# Tie-break when two occasions share a send time: the order of the spec.
KIND_ORDER: Final[dict[OccasionKind, int]] = {DAY20: 0, DAY25: 1, LAST_DAY: 2, DIGEST: 3}

DEFAULT_SEND_TIME = time(9, 0)
DIGEST_CATCH_UP_DAYS = 3


@dataclass(frozen=True)
class Occasion:
    """One reminder or digest, placed on a working day at its wall-clock time."""

    kind: OccasionKind
    period: date  # first day of the month the occasion is about
    scheduled_at: datetime  # aware, local send time on the (possibly moved) day
    nominal_date: date  # the unmoved day: the 20th, the 25th, month end, or the 1st
    moved_because: str | None  # holiday name (Thai), ``WEEKEND``, or None if not moved
    absorbed: tuple[OccasionKind, ...] = ()  # earlier kinds merged into this one

    @property
    def scheduled_date(self) -> date:
        """Return the local date the occasion is sent on."""
        return self.scheduled_at.date()

    @property
    def is_officer_reminder(self) -> bool:
        """Return whether officers (not supervisors) receive this occasion."""
        return self.kind != DIGEST

    @property
    def is_last_day_of_window(self) -> bool:
        """Return whether this is the final reminder before the month closes."""
        return self.kind == LAST_DAY

    @property
    def key(self) -> str:
        """Return a stable identifier for de-duplicating deliveries (``day20:2026-11``)."""
        return f"{self.kind}:{self.period:%Y-%m}"


def reminder_is_last_day(occasion: Occasion) -> bool:
    """Return whether the reminder must say that today is the last day to report."""
    return occasion.is_last_day_of_window


def occasion_sort_key(occasion: Occasion) -> tuple[datetime, int]:
    """Return the key that orders occasions by send time, then by kind."""
    return occasion.scheduled_at, KIND_ORDER[occasion.kind]


def _local_datetime(day: date, at: time, calendar: ThaiWorkCalendar) -> datetime:
    """Return ``at`` on ``day`` as an aware datetime in the calendar's zone."""
    if at.tzinfo is not None:
        raise ValueError("pass the send time as a naive local wall-clock time")
    return datetime.combine(day, at, tzinfo=calendar.tz)


def _officer_day(nominal: date, calendar: ThaiWorkCalendar) -> date:
    """Return the send date of an officer reminder nominally due on ``nominal``."""
    last_working = calendar.previous_working_day(month_end(nominal))
    forward = calendar.next_working_day(nominal)
    # Never leave the month being reported on: fall back to its last working day.
    return forward if forward <= last_working else last_working


def occasions_for_month(
    period: date, calendar: ThaiWorkCalendar, at: time = DEFAULT_SEND_TIME
) -> list[Occasion]:
    """Return the officer reminders of ``period``'s month and the digest about it, sorted."""
    first = month_start(period)
    nominals: list[tuple[OccasionKind, date]] = [
        (DAY20, first.replace(day=20)),
        (DAY25, first.replace(day=25)),
        (LAST_DAY, month_end(first)),
    ]
    by_day: dict[date, Occasion] = {}
    for kind, nominal in nominals:
        day = _officer_day(nominal, calendar)
        previous = by_day.get(day)
        # Later kinds come later in the loop, so the one already there is absorbed.
        absorbed = () if previous is None else (*previous.absorbed, previous.kind)
        by_day[day] = Occasion(
            kind=kind,
            period=first,
            scheduled_at=_local_datetime(day, at, calendar),
            nominal_date=nominal,
            moved_because=None if day == nominal else calendar.closure_reason(nominal),
            absorbed=absorbed,
        )
    digest_nominal = add_months(first, 1)
    digest_day = calendar.next_working_day(digest_nominal)
    digest = Occasion(
        kind=DIGEST,
        period=first,
        scheduled_at=_local_datetime(digest_day, at, calendar),
        nominal_date=digest_nominal,
        moved_because=None
        if digest_day == digest_nominal
        else calendar.closure_reason(digest_nominal),
    )
    return sorted([*by_day.values(), digest], key=occasion_sort_key)


def _local_now(now: datetime, calendar: ThaiWorkCalendar) -> datetime:
    """Return ``now`` (aware, any zone) converted to the calendar's zone."""
    return require_aware(now).astimezone(calendar.tz)


def is_due(occasion: Occasion, now: datetime, calendar: ThaiWorkCalendar) -> bool:
    """Return whether ``occasion`` should run at ``now``, counting the catch-up window."""
    local = _local_now(now, calendar)
    return occasion.scheduled_at <= local and local.date() <= catch_up_deadline(occasion)


def due_occasions(
    now: datetime, calendar: ThaiWorkCalendar, at: time = DEFAULT_SEND_TIME
) -> list[Occasion]:
    """Return every occasion that should run at ``now``, possibly already sent, sorted."""
    this_month = month_start(_local_now(now, calendar).date())
    # Two months back covers the digest about the month before last (sent early in
    # this month) with room to spare; officer reminders are never due after their day.
    candidates = [
        occasion
        for offset in (-2, -1, 0)
        for occasion in occasions_for_month(add_months(this_month, offset), calendar, at)
    ]
    return sorted(
        (occasion for occasion in candidates if is_due(occasion, now, calendar)),
        key=occasion_sort_key,
    )


def next_occasions(
    now: datetime,
    calendar: ThaiWorkCalendar,
    count: int = 6,
    at: time = DEFAULT_SEND_TIME,
) -> list[Occasion]:
    """Return the next ``count`` occasions strictly after ``now``, sorted by send time."""
    if count <= 0:
        return []
    local = _local_now(now, calendar)
    # Start one month back: the digest about last month may still lie ahead.
    period = add_months(month_start(local.date()), -1)
    upcoming: list[Occasion] = []
    while True:
        fresh = occasions_for_month(period, calendar, at)
        upcoming.extend(occasion for occasion in fresh if occasion.scheduled_at > local)
        period = add_months(period, 1)
        # Every occasion of a later period is sent in ``period``'s month or later, so
        # once ``count`` occasions fall before that month, the first ``count`` are final.
        horizon = _local_datetime(period, time(0, 0), calendar)
        settled = sorted((o for o in upcoming if o.scheduled_at < horizon), key=occasion_sort_key)
        if len(settled) >= count:
            return settled[:count]


def skipped_for_leave(occasion: Occasion, leave_until: date | None) -> bool:
    """Return whether an officer on leave until ``leave_until`` must not get ``occasion``."""
    # Leave only silences officer reminders; digests go to supervisors.
    if leave_until is None or not occasion.is_officer_reminder:
        return False
    return occasion.scheduled_date <= leave_until


def catch_up_deadline(occasion: Occasion) -> date:
    """Return the last local date on which ``occasion`` may still be sent."""
    if occasion.is_officer_reminder:
        return occasion.scheduled_date
    return occasion.scheduled_date + timedelta(days=DIGEST_CATCH_UP_DAYS)
