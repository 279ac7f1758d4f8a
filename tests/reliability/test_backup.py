"""Online backups: taken while the bot writes, restorable, pruned to the newest 14."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bot.backup import JOB_NAME, backup_name, daily_backup, prune, take_backup
from core.domain import PlanStep, Project
from fakeapi import FakeTelegram
from storage import Storage
from tests.harness import Harness
from tests.process_support import bot_env, cli

WRITES = 300


def _counts(path: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        projects = conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0]
        steps = conn.execute("SELECT COUNT(*) FROM plan_steps").fetchone()[0]
        return str(check), int(projects), int(steps)
    finally:
        conn.close()


def _restore(backup: Path, database: Path) -> int:
    """Restore as the README says (copy over DATABASE_PATH, no -wal/-shm); return projects."""
    for extra in ("", "-wal", "-shm"):
        Path(f"{database}{extra}").unlink(missing_ok=True)
    shutil.copyfile(backup, database)
    check, projects, steps = _counts(database)
    assert check == "ok" and projects == steps
    return projects


async def _write(store: Storage, count: int) -> None:
    for i in range(count):
        # Each project and its plan step arrive in one transaction: a consistent copy has
        # exactly as many steps as projects.

        step = PlanStep(1, "ดำเนินการ", Decimal(100), date(2026, 10, 1), date(2027, 9, 30))
        await store.projects.add(
            Project(
                code=f"5000{i:04d}-0001",
                name=f"โครงการ {i}",
                agency="สำนักงานเขตทดสอบ",
                fiscal_year=2570,
                plan_steps=(step,),
            )
        )
        await asyncio.sleep(0)


async def test_backup_during_writes_restores_consistently(tmp_path: Path) -> None:
    """Backups taken while projects are written restore with integrity 'ok' and whole rows."""
    source = tmp_path / "live.sqlite3"
    store = await Storage.open(source)
    try:
        writer = asyncio.create_task(_write(store, WRITES))
        backups: list[Path] = []
        # At least two backups, whatever the machine's speed: one may follow the last write.
        while not writer.done() or len(backups) < 2:
            target = tmp_path / "backups" / f"b{len(backups)}.sqlite3"
            backups.append(await take_backup(source, target))
        await writer
    finally:
        await store.close()
    assert len(backups) >= 2
    seen = [_restore(backup, tmp_path / "restored.sqlite3") for backup in backups]
    assert seen == sorted(seen) and seen[-1] <= WRITES
    assert _counts(source) == ("ok", WRITES, WRITES)


def test_prune_keeps_the_newest_fourteen(tmp_path: Path) -> None:
    """Twenty dated backups become the fourteen newest; other files stay."""
    start = datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
    names = [backup_name(start + timedelta(days=day)) for day in range(20)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("keep me")
    deleted = prune(tmp_path)
    assert sorted(p.name for p in deleted) == names[:6]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[6:], "notes.txt"])


async def test_daily_backup_writes_a_dated_file(tmp_path: Path) -> None:
    """The daily backup writes fieldreport-YYYYMMDD-HHMMSS.sqlite3 into the folder."""
    source = tmp_path / "live.sqlite3"
    store = await Storage.open(source)
    await store.close()
    now = datetime(2026, 11, 21, 3, 30, tzinfo=UTC)
    written = await daily_backup(source, tmp_path / "daily", now)
    assert written.name == "fieldreport-20261121-033000.sqlite3"
    assert _counts(written)[0] == "ok"


async def test_daily_job_is_scheduled(harness: Harness) -> None:
    """The application schedules one daily backup job with its predictable name."""
    assert harness.app.job_queue is not None
    jobs = harness.app.job_queue.get_jobs_by_name(JOB_NAME)
    assert len(jobs) == 1
    assert jobs[0].job.trigger is not None


async def test_cli_backup_copies_the_database(tmp_path: Path) -> None:
    """python -m bot backup PATH writes a restorable copy and says where."""
    database = tmp_path / "bot.sqlite3"
    store = await Storage.open(database)
    await store.close()
    async with FakeTelegram() as fake:
        env = bot_env(fake, database)
    folder = tmp_path / "out"
    folder.mkdir()
    printed = await cli(env, "backup", str(folder))
    written = list(folder.glob("fieldreport-*.sqlite3"))
    assert len(written) == 1 and str(written[0]) in printed
    assert _counts(written[0])[0] == "ok"


async def test_interrupted_backups_are_removed_by_the_next_run(tmp_path: Path) -> None:
    """Files of a backup killed with SIGKILL go at the next backup; one being written stays."""
    database = tmp_path / "bot.sqlite3"
    store = await Storage.open(database)
    await store.close()
    folder = tmp_path / "out"
    folder.mkdir()
    # A backup process killed mid-copy: its partial file (and journal) stay behind.
    killed = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import os, signal, sys; from pathlib import Path; folder = Path(sys.argv[1]);"
        " name = f'fieldreport-20261121-033000.sqlite3.{os.getpid()}.partial';"
        " (folder / name).write_bytes(b'x' * 65536);"
        " (folder / (name + '-journal')).write_bytes(b'x');"
        " os.kill(os.getpid(), signal.SIGKILL)",
        str(folder),
    )
    assert await killed.wait() == -signal.SIGKILL
    left = sorted(path.name for path in folder.iterdir())
    assert len(left) == 2
    # An older version's partial file, an hour and more old; and one this test is "writing".
    old = folder / "fieldreport-20261120-033000.sqlite3.partial"
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    busy = folder / f"fieldreport-20261122-033000.sqlite3.{os.getpid()}.partial"
    busy.write_bytes(b"x")
    async with FakeTelegram() as fake:
        env = bot_env(fake, database)
    await cli(env, "backup", str(folder))
    remaining = sorted(path.name for path in folder.iterdir())
    assert [name for name in remaining if name.endswith(".sqlite3")] != []
    assert [name for name in remaining if ".partial" in name] == [busy.name]
