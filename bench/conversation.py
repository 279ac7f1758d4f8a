"""Benchmarks 1 and 2: answer time per report step, and 200 officers reporting at once.

Run: ``.venv/bin/python bench/conversation.py [--officers 100] [--crowd 200]``.
Both are compared with bench/echo_bot.py on the same fake, with the same pacing of sends.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    BOT,
    ECHO,
    BenchFake,
    answer_time,
    bot_env,
    containing,
    first_line,
    median,
    ms,
    percentile,
    ratio,
    running,
    say,
    seed,
    settle,
    table,
)
from core.i18n import t
from fakeapi import FakeUser
from storage import Storage
from storage.db import value_of


@dataclass(frozen=True)
class Step:
    """One turn of the report conversation: what the officer does and what answers it."""

    name: str
    tap: bool
    text: str
    expected: str


STEPS = [
    Step("/report", False, "/report", first_line("report.ask_percent")),
    Step("percent", False, "60", first_line("report.ask_work_done")),
    Step("work done", False, "ลงพื้นที่ตรวจงาน ประชุมผู้รับจ้าง", first_line("report.ask_problems")),
    Step("problems: none", True, t("report.button_none"), first_line("report.ask_obstacles")),
    Step("obstacles: none", True, t("report.button_none"), "ร้อยละ 60.00"),
    # The officer's answer is "saved"; the entry in the official layout follows it.
    Step("confirm", True, t("report.button_confirm"), first_line("report.saved")),
]


@dataclass
class Timings:
    """Answer times per step name, and in total."""

    by_step: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        """Record one answer time."""
        self.by_step.setdefault(name, []).append(seconds)

    def all(self) -> list[float]:
        """Return every recorded time."""
        return [value for values in self.by_step.values() for value in values]


def _action(user: FakeUser, step: Step) -> Callable[[], object]:
    if step.tap:
        return lambda: user.press_button(user.chat_id, step.text)
    return lambda: user.send_text(step.text)


async def report(fake: BenchFake, user: FakeUser, timings: Timings, think: float = 0.0) -> None:
    """File one report through the whole conversation, timing every answer.

    ``think`` is the pause before each turn: a person reads before answering, and the bot's
    evenly paced sending (one message per 1/SEND_RATE s) must not be mistaken for slowness.
    """
    for step in STEPS:
        await asyncio.sleep(think)
        expected = containing(step.expected)
        timings.add(step.name, await answer_time(fake, user, _action(user, step), expected))


async def echo_turns(
    fake: BenchFake, user: FakeUser, turns: int, timings: Timings, think: float = 0.0
) -> None:
    """Send ``turns`` texts to the echo bot one after the other, timing every answer."""
    for turn in range(turns):
        await asyncio.sleep(think)
        text = f"echo {user.id} {turn}"
        timings.add("echo", await say(fake, user, text, containing(text)))


THINK = 0.05  # > 1/28 s: the previous answer's send slot is free again


@dataclass
class Result:
    """What one run measured."""

    bot: Timings
    echo: Timings
    crowd_seconds: float = 0.0
    crowd_stored: int = 0
    crowd_officers: int = 0
    echo_crowd_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


async def measure(
    workdir: Path, officers: int, crowd: int, send_rate: float | None = None
) -> Result:
    """Run benchmarks 1 and 2 against the bot and the echo bot; return the numbers."""
    extra = {"SEND_RATE": str(send_rate)} if send_rate else {}
    result = Result(Timings(), Timings())
    async with BenchFake() as fake:
        database = workdir / f"conversation-{send_rate or 'default'}.sqlite3"
        seeded = await seed(database, officers + crowd, officers=officers + crowd)
        async with running(fake, BOT, bot_env(fake, database, **extra)):
            await settle(fake)
            # 1. One officer at a time: answer time of each step.
            for officer in seeded.officers[:officers]:
                await report(fake, fake.user(officer, "สมชาย"), result.bot, THINK)
            # 2. The crowd: every officer at the same time.
            crowd_users = [fake.user(o, "สมหญิง") for o in seeded.officers[officers:]]
            started = time.perf_counter()
            await asyncio.gather(*(report(fake, user, Timings()) for user in crowd_users))
            result.crowd_seconds = time.perf_counter() - started
            result.crowd_officers = len(crowd_users)
        result.crowd_stored = await stored_reports(database, seeded.officers[officers:])
        async with running(fake, ECHO, bot_env(fake, database, **extra)):
            await settle(fake)
            base = 10_000_000
            for index in range(officers):
                await echo_turns(fake, fake.user(base + index), len(STEPS), result.echo, THINK)
            users = [fake.user(base + officers + i) for i in range(crowd)]
            started = time.perf_counter()
            await asyncio.gather(*(echo_turns(fake, u, len(STEPS), Timings()) for u in users))
            result.echo_crowd_seconds = time.perf_counter() - started
        if fake.refusals:
            result.notes.append(f"refusals: {[r.description for r in fake.refusals][:3]}")
    return result


async def stored_reports(database: Path | str, officers: list[int]) -> int:
    """Return how many reports these officers have in the database (file or URL)."""
    store = await Storage.open(database)
    try:
        marks = ",".join("?" * len(officers))
        value = await store.db.read(
            lambda conn: value_of(
                conn, f"SELECT COUNT(*) FROM reports WHERE reporter_id IN ({marks})", officers
            )
        )
        return int(value or 0)
    finally:
        await store.close()


def latency_rows(result: Result) -> list[list[str]]:
    """Return benchmark 1's table rows: each step against the echo bot."""
    echo = result.echo.all()
    echo_median, echo_p99 = median(echo), percentile(echo, 0.99)
    rows = []
    for step in STEPS:
        values = result.bot.by_step.get(step.name, [])
        p99 = percentile(values, 0.99)
        rows.append(
            [
                f"answer to {step.name}",
                f"median {ms(median(values))}, p99 {ms(p99)}",
                f"median {ms(echo_median)}, p99 {ms(echo_p99)}",
                f"{ratio(median(values), echo_median)} / {ratio(p99, echo_p99)}",
                "median ≤ 1.5×, p99 ≤ 2×",
            ]
        )
    return rows


def crowd_row(result: Result, label: str = "") -> list[str]:
    """Return benchmark 2's table row: the crowd's time, reports stored, throughput ratio."""
    turns = result.crowd_officers * len(STEPS)
    bot_rate = turns / result.crowd_seconds if result.crowd_seconds else 0.0
    echo_rate = turns / result.echo_crowd_seconds if result.echo_crowd_seconds else 0.0
    return [
        f"{result.crowd_officers} officers report at once{label}",
        f"{result.crowd_seconds:.2f} s, {result.crowd_stored}/{result.crowd_officers} stored,"
        f" {bot_rate:.0f} answers/s",
        f"{result.echo_crowd_seconds:.2f} s, {echo_rate:.0f} answers/s",
        ratio(bot_rate, echo_rate),
        "≥ 0.5×, all stored",
    ]


HEADER = ["benchmark", "bot", "echo bot", "ratio", "target"]


def main() -> None:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=60, help="reports filed one by one")
    parser.add_argument("--crowd", type=int, default=200, help="officers reporting at once")
    parser.add_argument("--send-rate", type=float, default=None, help="SEND_RATE for both bots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = asyncio.run(measure(Path(workdir), args.officers, args.crowd, args.send_rate))
    print(table([*latency_rows(result), crowd_row(result)], HEADER))
    for note in result.notes:
        print(note)


if __name__ == "__main__":
    main()
