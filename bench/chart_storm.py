"""Benchmark 3: officers' answer times while 20 supervisors ask for charts at once.

Run: ``.venv/bin/python bench/chart_storm.py [--officers 40] [--supervisors 20]``.
Officers file reports (a few at a time) once with the bot idle and once while every
supervisor keeps asking for the chart of another project of their agency.
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
    Seeded,
    against_idle,
    bot_env,
    containing,
    median,
    ms,
    running,
    say,
    seed,
    settle,
    table,
    tap,
)
from bench.conversation import Timings, report
from core.i18n import t
from fakeapi import FakeUser, MessageRecord

LANES = 2  # officers reporting at the same time
OFFICER_THINK = 0.3  # seconds an officer takes between answers (humans take longer)
ROUND_AT_LEAST = 2.0  # seconds: each supervisor sends at most one update a second


@dataclass
class Result:
    """Officers' answer times, idle and during the storm, and how many charts were sent."""

    idle: list[float]
    storm: list[float]
    charts: int
    chart_times: list[float]
    supervisors: int


def _is_photo(message: MessageRecord) -> bool:
    return bool(message.photo)


async def _officers(fake: BenchFake, officers: list[int], timings: Timings) -> None:
    queue = list(officers)

    async def lane() -> None:
        while queue:
            await report(fake, fake.user(queue.pop()), timings, OFFICER_THINK)

    await asyncio.gather(*(lane() for _ in range(LANES)))


async def _card(fake: BenchFake, user: FakeUser, code: str) -> None:
    await say(fake, user, f"/status {code}", containing(code))


async def _chart(fake: BenchFake, user: FakeUser) -> float:
    return await tap(fake, user, t("status.button_chart"), _is_photo)


async def _storm(
    fake: BenchFake,
    supervisors: list[FakeUser],
    codes: list[list[str]],
    stop: asyncio.Event,
    times: list[float],
) -> None:
    """Round after round, every supervisor opens a new project and taps its chart at once."""
    turn = 0
    while not stop.is_set():
        started = time.perf_counter()
        times.extend(await _round(fake, supervisors, codes, turn))
        turn += 1
        # A round is two updates from each supervisor (the card, the chart). A person may send
        # about one a second after a burst (handlers/flood.py): faster rounds would have their
        # taps dropped as a flood. Twenty supervisors still ask for more charts than two
        # workers draw, so the storm stays a storm.
        await asyncio.sleep(max(0.0, ROUND_AT_LEAST - (time.perf_counter() - started)))


async def _round(
    fake: BenchFake, supervisors: list[FakeUser], codes: list[list[str]], turn: int
) -> list[float]:
    """Let every supervisor open their turn-th project, then tap its chart all at once."""
    await asyncio.gather(
        *(
            _card(fake, user, mine[turn % len(mine)])
            for user, mine in zip(supervisors, codes, strict=True)
        )
    )
    return list(await asyncio.gather(*(_chart(fake, user) for user in supervisors)))


async def measure(
    workdir: Path,
    officers: int,
    supervisors: int,
    projects: int,
    send_rate: float | None = None,
) -> Result:
    """Run the officers idle, then during the chart storm; return the numbers."""
    database = workdir / f"charts-{send_rate or 'default'}.sqlite3"
    seeded: Seeded = await seed(
        database, projects, officers=2 * officers, supervisors=supervisors, months=6
    )
    extra = {"SEND_RATE": str(send_rate)} if send_rate else {}
    idle, storm = Timings(), Timings()
    chart_times: list[float] = []
    async with BenchFake() as fake, running(fake, BOT, bot_env(fake, database, **extra)):
        await settle(fake)
        users = [fake.user(supervisor, "หัวหน้า") for supervisor in seeded.supervisors]
        # Supervisor j watches agency j, which holds the projects whose index ≡ j (mod AGENCIES).
        codes = [seeded.codes[j % AGENCIES :: AGENCIES] for j in range(len(users))]
        # A bot that has run a while has its chart workers started: start them first.
        await _round(fake, users[:2], [mine[-1:] for mine in codes[:2]], 0)
        await _officers(fake, seeded.officers[:officers], idle)
        stop = asyncio.Event()
        storming = asyncio.create_task(_storm(fake, users, codes, stop, chart_times))
        await _officers(fake, seeded.officers[officers:], storm)
        stop.set()
        await storming
    return Result(idle.all(), storm.all(), len(chart_times), chart_times, len(users))


def rows(result: Result) -> list[list[str]]:
    """Return benchmark 3's table row."""
    label = f"officers' answers while {result.supervisors} supervisors ask for charts"
    note = f"{result.charts} charts, median {ms(median(result.chart_times))} each"
    return [against_idle(label, result.storm, result.idle, note)]


def main() -> None:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=40, help="reports per phase")
    parser.add_argument("--supervisors", type=int, default=20)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--send-rate", type=float, default=None, help="SEND_RATE of the bot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = asyncio.run(
            measure(Path(workdir), args.officers, args.supervisors, args.projects, args.send_rate)
        )
    print(table(rows(result), ["benchmark", "under load", "idle", "ratio", "target"]))


if __name__ == "__main__":
    main()
