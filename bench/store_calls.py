"""Time the store calls of one report step: the read of person and draft, and the save.

Run from the project root: ``.venv/bin/python bench/store_calls.py [--calls 2000]``.
Uses only the stores' public methods, so the same script measures any storage engine.
Prints numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import NoReturn

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OFFICER_BASE, median, percentile, seed, table
from storage import Storage
from storage.drafts import DraftStore
from storage.users import UserStore

Call = Callable[[int], Awaitable[object]]


async def timed(call: Call, calls: int) -> list[float]:
    """Run ``call`` one after the other and return each duration in seconds."""
    durations = []
    for n in range(calls):
        started = time.perf_counter()
        await call(n)
        durations.append(time.perf_counter() - started)
    return durations


async def crowd(call: Call, calls: int, at_once: int) -> float:
    """Run ``calls`` calls, ``at_once`` at a time, and return calls per second."""
    started = time.perf_counter()
    for first in range(0, calls, at_once):
        await asyncio.gather(*(call(n) for n in range(first, min(calls, first + at_once))))
    return calls / (time.perf_counter() - started)


def us(seconds: float) -> str:
    """Write a duration in microseconds."""
    return f"{seconds * 1e6:.0f} µs"


async def main(calls: int) -> None:
    """Seed a database, then time a step's read and write, alone and twenty at once."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        seeded = await seed(database, 50, officers=50, months=3)
        store = await Storage.open(database)
        try:
            for index, officer in enumerate(seeded.officers):
                await store.drafts.start(
                    officer,
                    officer,
                    index + 1,
                    date.today().replace(day=1),
                    "percent",
                    update_id=1,
                )
            officer = OFFICER_BASE

            async def read(n: int) -> object:
                person = OFFICER_BASE + n % len(seeded.officers)
                return await store.read_both(
                    UserStore.person_query(person), DraftStore.draft_query(person)
                )

            async def write(n: int) -> object:
                person = OFFICER_BASE + n % len(seeded.officers)
                return await store.drafts.save(person, 10 + n, work_done=f"งานที่ {n}")

            async def lookup(n: int) -> object:
                return await store.projects.visible_to(
                    (await store.users.get(officer)) or _missing(), None
                )

            rows = []
            for name, call in (
                ("read person + draft", read),
                ("save an answer", write),
                ("person, then their projects", lookup),
            ):
                await timed(call, 50)  # warm up
                durations = await timed(call, calls)
                rate = await crowd(call, calls, 20)
                rows.append(
                    [name, us(median(durations)), us(percentile(durations, 0.99)), f"{rate:.0f}/s"]
                )
            print(table(rows, ["store call", "median", "p99", "20 at once"]))
        finally:
            await store.close()


def _missing() -> NoReturn:
    raise SystemExit("the seeded officer is missing")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2000, help="calls of each kind")
    asyncio.run(main(parser.parse_args().calls))
