"""Online backups (SQLite's backup API, or pg_dump on PostgreSQL), and the daily backup job."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sqlite3
import time as time_module
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from psycopg.conninfo import conninfo_to_dict
from telegram.ext import Application, ContextTypes

from bot.jobs import BACKUP_LEASE, only_in_holder
from core.config import is_database_url
from storage import StorageError

log = logging.getLogger(__name__)

KEEP = 14
PREFIX = "fieldreport-"
SUFFIX = ".sqlite3"
# pg_dump's custom format, read back with pg_restore.
DUMP_SUFFIX = ".dump"
PARTIAL = ".partial"
ABANDONED_AFTER = 3600.0  # seconds: a partial file without a pid this old is abandoned
JOB_NAME = "backup:daily"
# 03:30 local time: after the evening reports, before the 09:00 reminders.
DAILY_AT = time(3, 30)
# A machine that was asleep (or the loop busy) at 03:30 still takes the day's backup within 20 h.
MISFIRE_GRACE = timedelta(hours=20)
# A process that dies before its 03:30 run (or a bot that was stopped then) misses a day: the
# lease holder looks every hour and takes a backup when the last is older than a day and a bit.
MISSED_JOB_NAME = "backup:missed"
CHECK_MISSED_EVERY = timedelta(hours=1)
MISSED_AFTER = timedelta(hours=25)
LAST_BACKUP = "last_backup_at"  # bot_meta key: when the last daily backup was taken

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def backup_name(now: datetime, suffix: str = SUFFIX) -> str:
    """Return the file name of a backup taken at ``now`` (sorts by time)."""
    return f"{PREFIX}{now:%Y%m%d-%H%M%S}{suffix}"


def suffix_of(source: Path | str) -> str:
    """Return the file ending of a backup of ``source``: an SQLite file or a pg_dump archive."""
    return DUMP_SUFFIX if is_database_url(source) else SUFFIX


def _writer_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process: alive
    return True


def remove_interrupted(folder: Path, now: float | None = None) -> list[Path]:
    """Delete half-written backups left by a process that died; return what was deleted.

    A backup is written as ``NAME.<pid>.partial`` (and SQLite's ``-journal`` beside it), so a
    partial file whose writer no longer runs is known to be abandoned, while a backup another
    process is taking right now is left alone. A partial without a pid (older versions) counts
    as abandoned after an hour.
    """
    if not folder.is_dir():
        return []
    moment = time_module.time() if now is None else now
    removed = []
    for path in folder.glob(f"*{PARTIAL}*"):
        stem = path.name.split(PARTIAL)[0]
        pid_text = stem.rsplit(".", 1)[-1]
        if pid_text.isdigit() and stem.endswith(f".{pid_text}"):
            abandoned = not _writer_alive(int(pid_text))
        else:
            abandoned = moment - path.stat().st_mtime > ABANDONED_AFTER
        if abandoned:
            path.unlink(missing_ok=True)
            removed.append(path)
    if removed:
        log.warning("removed %d file(s) of interrupted backups in %s", len(removed), folder)
    return removed


def backup_file(source: Path, target: Path) -> Path:
    """Copy a live database to target with the backup API (blocking); return target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_interrupted(target.parent)
    partial = target.with_name(f"{target.name}.{os.getpid()}{PARTIAL}")
    partial.unlink(missing_ok=True)
    # A separate connection copying in one step: in WAL mode that is one read transaction, a
    # consistent snapshot, and the bot's writer goes on meanwhile. (Copying in several steps
    # would restart whenever the bot writes in between.)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            # The copy is a standalone file: no -wal beside it, readable by any SQLite.
            dst.execute("PRAGMA journal_mode=DELETE").fetchall()
            check = dst.execute("PRAGMA integrity_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if check is None or check[0] != "ok":
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"backup failed its integrity check: {check}")
    # Rename last, so a half-written file is never taken for a backup.
    os.replace(partial, target)
    return target


def prune(folder: Path, keep: int = KEEP, suffix: str = SUFFIX) -> list[Path]:
    """Delete all but the newest ``keep`` backups ending in ``suffix``; return the deleted ones."""
    backups = sorted(folder.glob(f"{PREFIX}*{suffix}"))
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def resolve_target(path: Path, now: datetime, suffix: str = SUFFIX) -> Path:
    """Return the file to write: path itself, or a dated file inside path if it is a folder."""
    return path / backup_name(now, suffix) if path.is_dir() else path


async def take_backup(source: Path | str, target: Path) -> Path:
    """Back up an SQLite file or a PostgreSQL URL into target without blocking the event loop."""
    if is_database_url(source):
        return await dump_postgresql(source, target)
    return await asyncio.to_thread(backup_file, Path(source), target)


# libpq's environment variables for the parts of a URL: pg_dump reads the server, and above
# all the password, from its environment, never from argv where `ps` would show them.
_LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


async def dump_postgresql(url: str, target: Path) -> Path:
    """Write ``pg_dump --format=custom`` of the database at ``url`` to target; return target."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RuntimeError("pg_dump is not installed: install PostgreSQL's client programs")
    parts = conninfo_to_dict(url)
    unknown = set(parts) - set(_LIBPQ_ENVIRONMENT)
    if unknown:
        raise RuntimeError(f"DATABASE_URL parameters pg_dump cannot take: {sorted(unknown)}")
    env = {**os.environ, **{_LIBPQ_ENVIRONMENT[key]: str(value) for key, value in parts.items()}}
    await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}{PARTIAL}")
    process = await asyncio.create_subprocess_exec(
        pg_dump,
        "--format=custom",
        f"--file={partial}",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await process.communicate()
    if process.returncode != 0:
        partial.unlink(missing_ok=True)
        first = (err.decode(errors="replace").strip().splitlines() or ["no message"])[0]
        raise RuntimeError(f"pg_dump failed ({process.returncode}): {first}")
    # Rename last, so a half-written file is never taken for a backup.
    os.replace(partial, target)
    return target


async def daily_backup(
    source: Path | str, folder: Path, now: datetime, keep: int = KEEP
) -> Path:
    """Take the dated backup of an SQLite file or PostgreSQL URL into folder; keep ``keep``."""
    suffix = suffix_of(source)
    target = await take_backup(source, folder / backup_name(now, suffix))
    await asyncio.to_thread(prune, folder, keep, suffix)
    return target


@only_in_holder(BACKUP_LEASE)  # one backup a day, whatever the number of processes
async def backup_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run the daily backup from the job queue; a failure is logged, the bot goes on."""
    await _back_up(context.application)


@only_in_holder(BACKUP_LEASE)
async def missed_backup_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take the day's backup now if the last one is over a day old (its holder died, say)."""
    services = context.application.bot_data["services"]
    try:
        last = await services.store.meta.get(LAST_BACKUP)
    except StorageError as error:
        log.warning("last backup time not read: %s", error)
        return
    # No backup yet: the first comes at DAILY_AT, not at every start of a new database.
    if last is not None and services.now() - datetime.fromisoformat(last) > MISSED_AFTER:
        log.info("the last backup is from %s: taking the missed one now", last)
        await _back_up(context.application)


async def _back_up(application: AnyApplication) -> None:
    services = application.bot_data["services"]
    settings = services.settings
    source = settings.database_url or settings.database_path
    now = services.now()
    try:
        path = await daily_backup(source, settings.backup_dir, now)
        await services.store.meta.put(LAST_BACKUP, now.isoformat())
    except (OSError, sqlite3.Error, RuntimeError, StorageError):
        log.exception("daily backup failed")
        return
    log.info("daily backup written to %s", path)


def schedule_backup_job(application: AnyApplication, zone: ZoneInfo) -> None:
    """Schedule the daily backup at DAILY_AT local time."""
    if application.job_queue is None:
        log.warning("no job queue: no daily backups")
        return
    application.job_queue.run_daily(
        backup_job,
        DAILY_AT.replace(tzinfo=zone),
        name=JOB_NAME,
        job_kwargs={"misfire_grace_time": int(MISFIRE_GRACE.total_seconds()), "coalesce": True},
    )
    application.job_queue.run_repeating(
        missed_backup_job, CHECK_MISSED_EVERY, first=CHECK_MISSED_EVERY, name=MISSED_JOB_NAME
    )
