"""How the delivery layer wires the pure reminder plan into PTB's ``JobQueue``.

The plan is deliberately simple: ONE daily job at the send time (09:00 local) plus
one run at start-up, each calling ``due_occasions(clock.now(), calendar)`` and
sending what it returns (the database de-duplicates repeats)::

    at = daily_check_time(time(9, 0), calendar.tz)
    job_queue.run_daily(check, at, name=JOB_NAMES["reminders"], job_kwargs=daily_job_kwargs())
    job_queue.run_once(check, 0, name=JOB_NAMES["startup"])

``run_monthly`` is not used: it skips months that lack the requested day unless
``day=-1`` is passed, and no APScheduler trigger knows Thai holidays, so weekend and
holiday moves, the last-day fallback and catch-up could not live in the trigger.
Keeping them in ``bot.reminders.occasions`` makes them pure and testable with a
``FixedClock``; the job only has to wake up once a day.
"""

from __future__ import annotations

import logging
from datetime import time, timedelta, tzinfo
from typing import Final

from telegram.ext import ContextTypes

from handlers.reminders.delivery import AnyApplication, run_due, services_of

log = logging.getLogger(__name__)

JOB_NAMES: Final[dict[str, str]] = {
    # The 09:00 local daily check that sends whatever is due.
    "reminders": "reminders:daily",
    # The one-off check right after start-up that catches up missed sends.
    "startup": "reminders:startup",
}

# Generous, so that a process suspended at 09:00 (not restarted) still runs the
# check when it resumes; the catch-up window in ``is_due`` decides what is sent.
MISFIRE_GRACE: Final = timedelta(hours=6)
# The catch-up run waits a little after start-up, so the backlog of updates is answered first.
STARTUP_DELAY: Final = timedelta(seconds=30)


def daily_check_time(at: time, tz: tzinfo) -> time:
    """Return the wall-clock time ``at`` pinned to ``tz`` for ``JobQueue.run_daily``."""
    # PTB reads a naive time as UTC (unless Defaults(tzinfo) is set), which would send
    # Bangkok reminders at 16:00; the cron trigger uses this tzinfo, so DST is honoured.
    if at.tzinfo is not None:
        raise ValueError("pass a naive local wall-clock time; the zone is added here")
    return at.replace(tzinfo=tz)


def daily_job_kwargs() -> dict[str, object]:
    """Return the APScheduler ``job_kwargs`` for the daily reminder job."""
    # Coalesce: after a long pause run once, not once per missed day.
    return {"misfire_grace_time": int(MISFIRE_GRACE.total_seconds()), "coalesce": True}


async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run the reminder check from a job; "now" comes from the injectable services clock."""
    await run_due(context.application)


def schedule_reminder_jobs(application: AnyApplication) -> None:
    """Schedule the daily check at the configured time and one catch-up run at start-up."""
    if application.job_queue is None:
        log.warning("no job queue (install python-telegram-bot[job-queue]): no reminders")
        return
    services = services_of(application)
    at = daily_check_time(services.settings.reminder_time, services.settings.timezone)
    application.job_queue.run_daily(
        reminder_job, at, name=JOB_NAMES["reminders"], job_kwargs=daily_job_kwargs()
    )
    application.job_queue.run_once(reminder_job, STARTUP_DELAY, name=JOB_NAMES["startup"])
