"""Time a reminder run to many officers through the real delivery code and the fake Bot API.

Run from the project root: ``.venv/bin/python bench/reminders.py [--officers 2000] [--rate 30]``.
The fake refuses sends beyond ``--rate`` per second (like Telegram's flood control), so the
ideal run takes officers / rate seconds. Prints a table; nothing is asserted. Targets: total
time within 1.1x the ideal, no lost and no duplicated message.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_application, services_of
from core.config import Settings
from core.domain import Project, Role
from core.reminders.clock import FixedClock
from fakeapi import FakeTelegram
from handlers.reminders.delivery import run_due
from storage import Storage
from storage.db import SyncConnection
from storage.users import UserStore

BANGKOK = ZoneInfo("Asia/Bangkok")
# Friday 20 November 2026, 09:00: the day-20 reminder is due.
DAY20 = datetime(2026, 11, 20, 9, 0, tzinfo=BANGKOK)
FIRST_OFFICER = 100_000


async def seed(path: Path, officers: int) -> None:
    """Store one project per officer, each officer assigned to theirs, in one transaction."""
    store = await Storage.open(path)
    try:

        def work(conn: SyncConnection) -> None:
            for index in range(officers):
                project_id = store.projects.insert(
                    conn,
                    Project(f"B-{index:05d}", f"โครงการทดสอบ {index}", f"เขต {index % 50}", 2570),
                )
                UserStore.register(
                    conn,
                    FIRST_OFFICER + index,
                    f"เจ้าหน้าที่ {index}",
                    Role.OFFICER,
                    None,
                    [project_id],
                )

        await store.db.write(work)
    finally:
        await store.close()


async def bench(officers: int, rate: int) -> None:
    """Send the day-20 reminder to every officer and print what happened."""
    async with FakeTelegram(queue_updates=False, global_rate_limit=rate) as fake:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.sqlite3"
            await seed(database, officers)
            for index in range(officers):
                # The officer opened the chat when they registered: the bot may write first.
                fake.user(FIRST_OFFICER + index, f"officer {index}").send_text("/start")
            settings = Settings(
                token=fake.token,
                api_base_url=fake.base_url,
                api_file_url=fake.base_file_url,
                database_path=database,
                admin_ids=frozenset(),
                timezone=BANGKOK,
            )
            application = build_application(settings, FixedClock(DAY20), updater=False)
            await application.initialize()
            store = await services_of(application).store.ready()
            try:
                started = time.perf_counter()
                result = await run_due(application)
                elapsed = time.perf_counter() - started
            finally:
                await application.shutdown()
                await store.close()
            counts = [len(fake.sent(FIRST_OFFICER + index)) for index in range(officers)]
    ideal = officers / rate
    rows = [
        ("officers", f"{officers}"),
        ("sent (run result)", f"{result.sent}"),
        ("unreachable / failed", f"{result.unreachable} / {result.failed}"),
        ("total time", f"{elapsed:.1f} s"),
        ("ideal (officers / rate)", f"{ideal:.1f} s"),
        ("ratio (target <= 1.10)", f"{elapsed / ideal:.3f}"),
        ("lost messages (target 0)", f"{sum(1 for n in counts if n == 0)}"),
        ("duplicated messages (target 0)", f"{sum(n - 1 for n in counts if n > 1)}"),
        ("429 answers from the fake", f"{fake.counters['rate_limited']}"),
        ("peak sends in any 1 s window", f"{fake.max_send_rate()}"),
        ("refusals", f"{len(fake.refusals)}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--officers", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=30, help="the fake's global sends/second")
    args = parser.parse_args()
    asyncio.run(bench(args.officers, args.rate))


if __name__ == "__main__":
    main()
