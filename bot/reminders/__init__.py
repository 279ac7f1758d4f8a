"""Calendar logic of officer reminders and supervisor digests, with injectable time."""

from bot.reminders.clock import Clock, FixedClock, SystemClock
from bot.reminders.jobs import JOB_NAMES, daily_check_time, daily_job_kwargs
from bot.reminders.occasions import (
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
from bot.reminders.workdays import DEFAULT_TZ, WEEKEND, ThaiWorkCalendar

__all__ = [
    "DAY20",
    "DAY25",
    "DEFAULT_TZ",
    "DIGEST",
    "DIGEST_CATCH_UP_DAYS",
    "JOB_NAMES",
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
    "daily_check_time",
    "daily_job_kwargs",
    "due_occasions",
    "is_due",
    "next_occasions",
    "occasions_for_month",
    "reminder_is_last_day",
    "skipped_for_leave",
]
