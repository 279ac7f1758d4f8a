"""Run every bot benchmark and print one table: ``python bench/run_all.py`` (or ``make bench``).

Each benchmark starts the real bot (``python -m bot``) against the fake Bot API, and the
conversation benchmarks also bench/echo_bot.py, a minimal python-telegram-bot bot, as the
floor. Numbers only; nothing is asserted. ``--quick`` runs tiny sizes (a smoke run).
The several-process benchmark and the footprint's second row need a PostgreSQL server:
``--database-url`` or ``TEST_DATABASE_URL`` (``make bench`` starts the local one).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import chart_storm, conversation, flood, footprint, processes
from bench.common import UNPACED, parse_with_server, table


def machine() -> str:
    """Describe the machine: cores, CPU model, Python."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


async def run(workdir: Path, quick: bool, server: str) -> list[list[str]]:
    """Run the benchmarks one after the other; return the table rows.

    ``server`` is the PostgreSQL server (a URL) of the PostgreSQL set-ups.
    """
    officers, crowd = (3, 6) if quick else (150, 200)
    paced = await conversation.measure(workdir, officers, crowd)
    unpaced = await conversation.measure(workdir, officers, crowd, UNPACED)
    shipped = (
        "**as shipped: a burst of 2, then 28 sends a second (Telegram allows about 30), both bots**"
    )
    rows = [[shipped, "", "", "", ""]]
    rows += conversation.latency_rows(paced)
    rows.append(conversation.crowd_row(paced))
    rows.append(["**pacing off (SEND_RATE=100000), both bots**", "", "", "", ""])
    rows += conversation.latency_rows(unpaced)
    rows.append(conversation.crowd_row(unpaced))
    storm_officers = 3 if quick else 40
    storm = await chart_storm.measure(workdir, storm_officers, 20, 200 if quick else 1000)
    rows += [[*row[:3], row[3], row[4]] for row in chart_storm.rows(storm)]
    storm_unpaced = await chart_storm.measure(
        workdir, storm_officers, 20, 200 if quick else 1000, UNPACED
    )
    rows += [[f"{row[0]} (pacing off)", *row[1:]] for row in chart_storm.rows(storm_unpaced)]
    flooded = await flood.measure(workdir, 3 if quick else 20, 60 if quick else 300, 10.0)
    rows += flood.rows(flooded)
    sizes = (200, 2) if quick else (5000, 12)
    for on in (None, server):
        big = await footprint.measure(workdir, *sizes, server=on)
        rows += [[row[0], row[1], row[3], "", row[2]] for row in footprint.rows(big)]
    crowds = await processes.measure(workdir, 6 if quick else 1000, server)
    rows += [
        [label, f"{rate}, {stored} stored", f"a report step: {step}", cpu, f"refusals: {notes}"]
        for label, rate, step, stored, cpu, notes in processes.rows(crowds)
    ]
    return rows


def main() -> None:
    """Run everything and print the table with the machine it ran on."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check it runs")
    args = parse_with_server(parser)
    with tempfile.TemporaryDirectory() as workdir:
        rows = asyncio.run(run(Path(workdir), args.quick, args.server))
    revision = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"Machine: {machine()}; commit {revision or '?'}")
    print(table(rows, ["benchmark", "bot", "floor / idle / note", "ratio", "target"]))


if __name__ == "__main__":
    main()
