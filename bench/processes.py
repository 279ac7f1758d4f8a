"""Benchmark 5: a crowd of officers through webhook processes, on SQLite and on PostgreSQL.

Run: ``.venv/bin/python bench/processes.py [--officers 1000] [--database-url URL]``.
Every officer files a whole report at once, pacing off, through ``python -m bot run --webhook``
processes behind the fake's webhook (which keeps up to 40 posts in flight, one per chat), in three
set-ups: 1 process on SQLite, 1 on PostgreSQL, 3 on PostgreSQL. The PostgreSQL server is
``--database-url`` or ``TEST_DATABASE_URL`` (``sh tests/ensure_postgres.sh`` prints one); each
set-up gets a fresh schema, dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    UNPACED,
    WAIT,
    BenchFake,
    bot_env,
    cpu_seconds,
    fresh_database,
    median,
    ms,
    parse_with_server,
    percentile,
    seed,
    settle,
    table,
)
from bench.conversation import STEPS, Timings, report, stored_reports
from tests.process_support import stop_bot
from tests.webhook_support import behind_webhook, start_webhook_bot


@dataclass(frozen=True)
class Setup:
    """How many webhook processes, on which database."""

    label: str
    processes: int
    postgresql: bool


SETUPS = [
    Setup("1 process, SQLite", 1, postgresql=False),
    Setup("1 process, PostgreSQL", 1, postgresql=True),
    Setup("3 processes, PostgreSQL", 3, postgresql=True),
]


@dataclass
class Result:
    """What one set-up measured."""

    setup: Setup
    officers: int
    seconds: float = 0.0
    timings: Timings = field(default_factory=Timings)
    stored: int = 0
    notes: list[str] = field(default_factory=list)
    # CPU seconds used during the crowd: by the bot processes, and by this process (the fake).
    bots_cpu: float = 0.0
    fake_cpu: float = 0.0

    def answers_per_second(self) -> float:
        """Return every answer of the crowd over the crowd's wall time."""
        return len(self.timings.all()) / self.seconds if self.seconds else 0.0


async def measure_setup(workdir: Path, officers: int, setup: Setup, server: str) -> Result:
    """Seed a database, start the set-up's processes, let every officer report at once."""
    result = Result(setup, officers)
    on = server if setup.postgresql else None
    async with BenchFake() as fake, fresh_database(workdir, "processes", on) as database:
        seeded = await seed(database, officers, officers=officers)
        env = bot_env(fake, database, SEND_RATE=str(UNPACED))
        logs = Path(os.environ.get("BENCH_LOG_DIR") or workdir)
        bots = await asyncio.gather(
            *(
                start_webhook_bot(env, logs / f"processes-{os.getpid()}-{n}.log")
                for n in range(setup.processes)
            )
        )
        try:
            await fake.wait_for(lambda: len(fake.calls("setWebhook")) >= setup.processes, WAIT)
            behind_webhook(fake, bots)
            await settle(fake)
            users = [fake.user(officer, "สมหญิง") for officer in seeded.officers]
            started, cpu = time.perf_counter(), time.process_time()
            bots_cpu = sum(cpu_seconds(bot.process.pid) for bot in bots)
            await asyncio.gather(*(report(fake, user, result.timings) for user in users))
            result.seconds = time.perf_counter() - started
            result.fake_cpu = time.process_time() - cpu
            result.bots_cpu = sum(cpu_seconds(bot.process.pid) for bot in bots) - bots_cpu
        finally:
            for bot in bots:
                await stop_bot(bot.process)
        result.stored = await stored_reports(database, seeded.officers)
        if fake.refusals:
            result.notes.append(f"refusals: {[r.description for r in fake.refusals][:3]}")
    return result


async def measure(
    workdir: Path, officers: int, server: str, setups: list[Setup] = SETUPS
) -> list[Result]:
    """Run the set-ups one after the other; return their numbers."""
    return [await measure_setup(workdir, officers, setup, server) for setup in setups]


def rows(results: list[Result]) -> list[list[str]]:
    """Return the table rows: one per set-up."""
    table_rows = []
    for result in results:
        steps = result.timings.all()
        table_rows.append(
            [
                f"{result.officers} officers report at once, {result.setup.label}",
                f"{result.answers_per_second():.0f} answers/s ({result.seconds:.1f} s)",
                f"median {ms(median(steps))}, p99 {ms(percentile(steps, 0.99))}",
                f"{result.stored}/{result.officers}",
                f"bots {result.bots_cpu:.0f} s, fake {result.fake_cpu:.0f} s",
                "; ".join(result.notes) or "none",
            ]
        )
    return table_rows


HEADER = [
    "benchmark",
    "throughput",
    "a report step",
    "reports stored",
    "CPU during the crowd",
    "refusals",
]


def main() -> None:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=1000, help="officers reporting at once")
    args = parse_with_server(parser)
    with tempfile.TemporaryDirectory() as workdir:
        results = asyncio.run(measure(Path(workdir), args.officers, args.server))
    print(table(rows(results), HEADER))
    print(f"{len(STEPS)} answers per report; pacing off (SEND_RATE={UNPACED:.0f}).")


if __name__ == "__main__":
    main()
