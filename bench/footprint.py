"""Benchmark 4: start-up time and peak memory with 5,000 projects and 12 months of reports.

Run: ``.venv/bin/python bench/footprint.py [--projects 5000] [--months 12] [--database-url URL]``.
With ``--database-url`` (a PostgreSQL server) the bot runs on a fresh schema there instead of an
SQLite file; the server's own memory is not counted.
Start-up is the time from starting ``python -m bot`` to its first getUpdates. Peak memory is
the bot process's VmHWM after a working session: the start-up reminder run, officers'
reports, supervisors' status cards and charts, and an admin's overview of every project.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    AGENCIES,
    BOT,
    BenchFake,
    bot_env,
    containing,
    fresh_database,
    running,
    say,
    seed,
    settle,
    table,
    tap,
)
from bench.conversation import Timings, report
from core.i18n import t
from fakeapi import MessageRecord

ADMIN_ID = 777_000


@dataclass
class Result:
    """What the run measured."""

    projects: int
    reports: int
    seed_seconds: float
    startup: float
    peak_rss_mb: float
    workers_rss_mb: float
    bot_pss_mb: float
    workers_pss_mb: float
    overview_seconds: float
    rollup_seconds: float
    search_seconds: float
    postgresql: bool = False


def _is_photo(message: MessageRecord) -> bool:
    return bool(message.photo)


def _any(message: MessageRecord) -> bool:
    return True


async def measure(
    workdir: Path, projects: int, months: int, officers: int = 20, server: str | None = None
) -> Result:
    """Seed, start the bot, use it a while, and read its peak memory.

    On SQLite, or on a fresh schema of the PostgreSQL ``server`` (a URL) when given.
    """
    async with fresh_database(workdir, "footprint", server) as database, BenchFake() as fake:
        started = time.perf_counter()
        seeded = await seed(
            database, projects, officers=officers, supervisors=AGENCIES, months=months
        )
        seed_seconds = time.perf_counter() - started
        env = bot_env(fake, database, BOT_ADMIN_IDS=str(ADMIN_ID))
        async with running(fake, BOT, env) as bot:
            await settle(fake)
            for officer in seeded.officers:
                await report(fake, fake.user(officer), Timings())
            for index, supervisor in enumerate(seeded.supervisors[:5]):
                user = fake.user(supervisor, "หัวหน้า")
                code = seeded.codes[index]
                await say(fake, user, f"/status {code}", containing(code))
                await tap(fake, user, t("status.button_chart"), _is_photo)
            admin = fake.user(ADMIN_ID, "ผู้ดูแล")
            agency = "/overview สำนักงานเขตทดสอบ 1"
            overview = await say(fake, admin, agency, _is_photo)
            # The roll-up of every agency: all 5,000 projects classified, one bar per agency.
            rollup = await say(fake, admin, "/overview", _is_photo)
            # Words, not a code: the search goes through every project's name.
            search = "/status ซ่อมแซมถนน ซอยที่ 4321"
            found = await say(fake, admin, search, _any)
            await settle(fake)
            peak, workers = bot.peak_rss_mb(), bot.children_rss_mb()
            bot_pss, workers_pss = bot.pss_mb()
            startup = bot.startup
    return Result(
        projects,
        projects * months,
        seed_seconds,
        startup,
        peak,
        workers,
        bot_pss,
        workers_pss,
        overview,
        rollup,
        found,
        server is not None,
    )


def rows(result: Result) -> list[list[str]]:
    """Return benchmark 4's table rows."""
    size = f"{result.projects:,} projects, {result.reports:,} reports"
    if result.postgresql:
        size += ", PostgreSQL"
    return [
        [
            f"peak memory (RSS), {size}",
            f"{result.peak_rss_mb:.0f} MB",
            "< 250 MB",
            f"+ chart workers {result.workers_rss_mb:.0f} MB",
        ],
        [
            f"memory (PSS, shared pages once): bot + chart workers, {size}",
            f"{result.bot_pss_mb + result.workers_pss_mb:.0f} MB",
            "< 250 MB",
            f"bot {result.bot_pss_mb:.0f} MB + workers {result.workers_pss_mb:.0f} MB",
        ],
        [
            f"start to first getUpdates, {size}",
            f"{result.startup:.2f} s",
            "< 3 s",
            f"seeding took {result.seed_seconds:.1f} s",
        ],
        [
            f"admin: overview of 100 projects, {size}",
            f"{result.overview_seconds:.2f} s",
            "",
            "first page (chart)",
        ],
        [
            f"admin: roll-up of every agency, {size}",
            f"{result.rollup_seconds:.2f} s",
            "",
            "first page (chart)",
        ],
    ]


HEADER = ["benchmark", "bot", "target", "note"]


def main() -> None:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to run on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = asyncio.run(
            measure(Path(workdir), args.projects, args.months, server=args.database_url)
        )
    print(table(rows(result), HEADER))


if __name__ == "__main__":
    main()
