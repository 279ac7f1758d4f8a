"""The benchmarks still run: each one's core with tiny sizes, numbers not judged."""

from __future__ import annotations

from pathlib import Path

from bench import chart_storm, conversation, flood, footprint, processes, run_all
from bench.common import table
from tests.pg_support import server_url


async def test_conversation_benchmark_runs(tmp_path: Path) -> None:
    """Reports are filed one by one and by a small crowd, against the bot and the echo bot."""
    result = await conversation.measure(tmp_path, officers=1, crowd=2)
    assert result.crowd_stored == 2 and result.notes == []
    assert len(result.bot.all()) == len(conversation.STEPS)
    assert len(result.echo.all()) == len(conversation.STEPS)
    rows = [*conversation.latency_rows(result), conversation.crowd_row(result)]
    assert "|" in table(rows, conversation.HEADER)


async def test_chart_storm_benchmark_runs(tmp_path: Path) -> None:
    """Officers report while supervisors ask for charts; charts come back as photos."""
    result = await chart_storm.measure(tmp_path, officers=1, supervisors=2, projects=60)
    steps = len(conversation.STEPS)
    assert len(result.idle) == steps and len(result.storm) == steps
    assert result.charts >= 2
    assert len(chart_storm.rows(result)) == 1


async def test_flood_benchmark_runs(tmp_path: Path) -> None:
    """Officers report while one person floods; the flood gets its one notice."""
    result = await flood.measure(tmp_path, officers=2, messages=60, seconds=1.0)
    steps = len(conversation.STEPS)
    assert len(result.idle) == 2 * steps and len(result.flood) == 2 * steps
    assert result.notices == 1 and result.answers < result.messages
    assert len(flood.rows(result)) == 1


async def test_footprint_benchmark_runs(tmp_path: Path) -> None:
    """The bot starts on a seeded database, works a while, and its memory (RSS, PSS) is read."""
    result = await footprint.measure(tmp_path, projects=60, months=2, officers=1)
    assert result.reports == 120 and result.startup > 0 and result.peak_rss_mb > 0
    assert result.bot_pss_mb > 0 and result.workers_pss_mb > 0 and result.rollup_seconds > 0
    assert len(footprint.rows(result)) == 5


def test_machine_is_described() -> None:
    """The table's caption names the cores and the Python version."""
    assert "Python" in run_all.machine()


async def test_footprint_benchmark_runs_on_postgresql(tmp_path: Path) -> None:
    """The footprint runs on a fresh PostgreSQL schema too, and its rows say so."""
    server = server_url()
    result = await footprint.measure(tmp_path, projects=60, months=2, officers=1, server=server)
    assert result.postgresql and result.reports == 120 and result.bot_pss_mb > 0
    assert all("PostgreSQL" in row[0] for row in footprint.rows(result)[:3])


async def test_processes_benchmark_runs(tmp_path: Path) -> None:
    """A few officers report through 1 and 3 webhook processes; every report is read back."""
    results = await processes.measure(tmp_path, officers=3, server=server_url())
    assert [result.setup for result in results] == processes.SETUPS
    for result in results:
        assert result.stored == 3 and result.notes == []
        assert len(result.timings.all()) == 3 * len(conversation.STEPS)
        assert result.answers_per_second() > 0
    assert "|" in table(processes.rows(results), processes.HEADER)
