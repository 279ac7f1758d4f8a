"""Benchmark 5: officers' answer times while one person floods the bot with messages.

Run: ``.venv/bin/python bench/flood.py [--officers 20] [--messages 300] [--seconds 10]``.
Twenty officers file a report each at the same time, once with the bot otherwise idle and once
while one registered person sends 300 messages in 10 seconds. The bot drops that person's excess
with one notice (handlers/flood.py) and paces each private chat on its own (bot/pacing.py), so
the officers should hardly notice. Prints their p99 against idle; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    BOT,
    BenchFake,
    against_idle,
    bot_env,
    running,
    seed,
    settle,
    table,
)
from bench.conversation import Timings, report
from core.i18n import t

# Seconds an officer takes between answers: twenty officers then ask for about ten sends a
# second, well below Telegram's 30, so that idle is not already limited by the pacing.
OFFICER_THINK = 2.0


@dataclass
class Result:
    """Officers' answer times, idle and during the flood; what the flooder got back."""

    idle: list[float]
    flood: list[float]
    messages: int
    answers: int
    notices: int


async def _officers(fake: BenchFake, officers: list[int], timings: Timings) -> None:
    await asyncio.gather(
        *(report(fake, fake.user(officer), timings, OFFICER_THINK) for officer in officers)
    )


async def _flood(fake: BenchFake, person: int, messages: int, seconds: float) -> None:
    user = fake.user(person)
    for index in range(messages):
        user.send_text(f"ข้อความที่ {index}")
        await asyncio.sleep(seconds / messages)


async def measure(workdir: Path, officers: int, messages: int, seconds: float) -> Result:
    """Run the officers idle, then during the flood; return the numbers."""
    database = workdir / "flood.sqlite3"
    seeded = await seed(database, 2 * officers + 1, officers=2 * officers + 1)
    idle, flooded = Timings(), Timings()
    flooder = seeded.officers[-1]
    async with BenchFake() as fake, running(fake, BOT, bot_env(fake, database)):
        await settle(fake)
        await _officers(fake, seeded.officers[:officers], idle)
        mark = len(fake.sent(flooder))
        flooding = asyncio.create_task(_flood(fake, flooder, messages, seconds))
        await _officers(fake, seeded.officers[officers : 2 * officers], flooded)
        await flooding
        # The flooder's chat is paced at one message a second after its burst: wait longer
        # than that between sends, so that the answers still queued and the notice arrive.
        await settle(fake, quiet=1.5)
        answers = [m.content or "" for m in fake.sent(flooder)[mark:]]
    notice = t("flood.slow_down").split("\n")[0]
    return Result(
        idle.all(),
        flooded.all(),
        messages,
        len(answers),
        sum(notice in text for text in answers),
    )


def rows(result: Result) -> list[list[str]]:
    """Return benchmark 5's table row."""
    label = f"officers' answers while one person sends {result.messages} messages"
    note = f"the flooder got {result.answers} answers, {result.notices} notice(s)"
    return [against_idle(label, result.flood, result.idle, note)]


def main() -> None:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=20, help="officers reporting at once")
    parser.add_argument("--messages", type=int, default=300, help="messages of the flooder")
    parser.add_argument("--seconds", type=float, default=10.0, help="over how many seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = asyncio.run(measure(Path(workdir), args.officers, args.messages, args.seconds))
    print(table(rows(result), ["benchmark", "under load", "idle", "ratio", "target"]))


if __name__ == "__main__":
    main()
