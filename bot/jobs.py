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

Several processes may run on one database (issue 17). Every process schedules the same jobs,
but a job runs only in the process holding its family's lease (``storage.leases``): the job
claims or renews the lease when it fires and does nothing without it. A keeper job in every
process renews the leases it holds every ``KEEP_EVERY`` and takes those whose holder stopped
renewing for ``LEASE_TTL``; on taking the reminders' lease over it runs the catch-up check at
once, which resumes what the old holder left in flight (``storage.reminders``). The keeper
also writes the process's heartbeat and gives the pacer its share of Telegram's budget.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, time, timedelta, tzinfo
from typing import Any, Final

from telegram.ext import ContextTypes

from bot.pacing import FairPacer
from handlers.context import Services
from handlers.flood import guard_of
from handlers.reminders.delivery import AnyApplication, run_due, services_of
from storage import StorageError

log = logging.getLogger(__name__)

JOB_NAMES: Final[dict[str, str]] = {
    # The 09:00 local daily check that sends whatever is due.
    "reminders": "reminders:daily",
    # The one-off check right after start-up that catches up missed sends.
    "startup": "reminders:startup",
}
# The catch-up check of a process that took the reminders' lease over from one that stopped.
TAKEOVER_JOB: Final = "reminders:takeover"
# Renews this process's leases and heartbeat, in every process.
KEEPER_JOB: Final = "leases:keeper"
# Job families, one lease each: the reminder checks (digests are sent by the same run), and
# the daily backup (bot/backup.py).
REMINDERS_LEASE: Final = "reminders"
BACKUP_LEASE: Final = "backup"
LEASES: Final = (REMINDERS_LEASE, BACKUP_LEASE)
# About three renewals within a lease's 45 s: one late keeper run does not lose the lease,
# and a dead holder's lease is taken over within KEEP_EVERY + LEASE_TTL, under a minute.
KEEP_EVERY: Final = timedelta(seconds=15)
_HELD = "held_leases"  # services.extras: the leases this process held at its last claim

Job = Callable[[ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]

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


def held_leases(services: Services) -> set[str]:
    """Return the leases this process held when it last claimed them."""
    held = services.extras.setdefault(_HELD, set())
    assert isinstance(held, set)
    return held


async def hold_lease(application: AnyApplication, name: str, now: datetime | None = None) -> bool:
    """Claim or renew the lease ``name`` for this process; return whether it holds it."""
    services = services_of(application)
    moment = services.clock.now() if now is None else now
    ours = await services.store.leases.claim(name, services.process_id, moment)
    if ours:
        held_leases(services).add(name)
    else:
        held_leases(services).discard(name)
    return ours


def only_in_holder(lease: str) -> Callable[[Job], Job]:
    """Run the decorated job only in the process that holds (or now takes) ``lease``."""

    def decorate(job: Job) -> Job:
        @functools.wraps(job)
        async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
            try:
                ours = await hold_lease(context.application, lease)
            except StorageError as error:  # the keeper's next run tells whether it holds
                log.warning("job %s not run: its lease could not be claimed: %s", lease, error)
                return
            if ours:
                await job(context)
            else:
                log.debug("job %s runs in the process holding its lease", lease)

        return run

    return decorate


@only_in_holder(REMINDERS_LEASE)
async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run the reminder check from a job; "now" comes from the injectable services clock."""
    await run_due(context.application)


async def keep_leases(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Beat, share the send rate among live processes, renew held leases, take expired ones."""
    application = context.application
    services = services_of(application)
    # One moment for the heartbeat and the claims, the heartbeat first: when this process's
    # lease has expired its heartbeat is as old, so its deliveries in flight are resumed.
    now = services.clock.now()
    try:
        live = await services.store.leases.heartbeat(services.process_id, now)
        pacer = application.bot.rate_limiter
        if isinstance(pacer, FairPacer):
            pacer.share_with(live)
        if services.several_processes:
            # Only behind a webhook are a person's updates spread over the processes.
            guard_of(services).share_with(live)
        held_before = set(held_leases(services))
        for name in LEASES:
            await hold_lease(application, name, now)
        taken = held_leases(services) - held_before
    except StorageError as error:  # the database is away: a later run tries again
        log.warning("job leases not renewed: %s", error)
        return
    if REMINDERS_LEASE in taken:
        catch_up_after_takeover(application)


def catch_up_after_takeover(application: AnyApplication) -> None:
    """Run the reminder check at once, unless a catch-up run is scheduled already."""
    queue = application.job_queue
    if queue is None:
        return
    # At start-up the start-up check comes STARTUP_DELAY later; a takeover needs no second one.
    if any(queue.get_jobs_by_name(name) for name in (JOB_NAMES["startup"], TAKEOVER_JOB)):
        return
    log.info("took the reminders' lease over: running the catch-up check now")
    queue.run_once(reminder_job, 0, name=TAKEOVER_JOB)


async def release_leases(application: AnyApplication) -> None:
    """Free this process's leases and heartbeat on a clean stop: another takes over at once."""
    services = services_of(application)
    try:
        freed = await services.store.leases.release(services.process_id)
    except StorageError as error:  # they expire within LEASE_TTL anyway
        log.warning("job leases not released: %s", error)
        return
    held_leases(services).clear()
    if freed:
        log.info("released the job leases %s", freed)


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


def schedule_lease_keeper(application: AnyApplication) -> None:
    """Keep this process's heartbeat and leases from now on, every KEEP_EVERY."""
    if application.job_queue is None:
        log.warning("no job queue: this process holds no job leases")
        return
    application.job_queue.run_repeating(keep_leases, KEEP_EVERY, first=0, name=KEEPER_JOB)
