"""Calendar logic of officer reminders and supervisor digests, with injectable time."""

from core.reminders.clock import Clock, FixedClock, SystemClock
from core.reminders.occasions import (
    DAY20,
    DAY25,
    DIGEST,
    DIGEST_CATCH_UP_DAYS,
    LAST_DAY,
    OFFICER_KINDS,
    Occasion,
    OccasionKind,
    catch_up_deadline,
    due_occasions,
    is_due,
    next_occasions,
    occasions_for_month,
    reminder_is_last_day,
    skipped_for_leave,
)
from core.reminders.workdays import DEFAULT_TZ, WEEKEND, ThaiWorkCalendar

__all__ = [
    "DAY20",
    "DAY25",
    "DEFAULT_TZ",
    "DIGEST",
    "DIGEST_CATCH_UP_DAYS",
    "LAST_DAY",
    "OFFICER_KINDS",
    "WEEKEND",
    "Clock",
    "FixedClock",
    "Occasion",
    "OccasionKind",
    "SystemClock",
    "ThaiWorkCalendar",
    "catch_up_deadline",
    "due_occasions",
    "is_due",
    "next_occasions",
    "occasions_for_month",
    "reminder_is_last_day",
    "skipped_for_leave",
]
