"""Shared pieces of the bot benchmarks: the fake Bot API, bot processes, seeding, statistics.

The fake runs in the benchmark's own event loop, so the moment the bot's answer reaches it
is known exactly; the bot (``python -m bot``) and the echo bot run as their own processes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.i18n import t  # noqa: E402
from core.thai_dates import add_months, fiscal_year_bounds, fiscal_year_of  # noqa: E402
from fakeapi import FakeTelegram, FakeUser, MessageRecord  # noqa: E402
from storage import Storage  # noqa: E402
from storage.db import SyncConnection  # noqa: E402
from tests.pg_support import fresh_schema  # noqa: E402

WAIT = 120.0  # seconds an answer may take before the benchmark gives up
UNPACED = 100_000.0  # SEND_RATE that takes Telegram's pacing out of the picture
AGENCIES = 50
Predicate = Callable[[MessageRecord], bool]


def first_line(key: str) -> str:
    """Return the first line of a locale text as the person reads it (without HTML tags)."""
    return re.sub(r"<[^>]+>", "", t(key)).split("\n")[0]


class BenchFake(FakeTelegram):
    """The fake Bot API, telling waiters the moment the bot posts a message in a chat."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queue_updates=True, **kwargs)
        self._waiters: dict[int, list[tuple[Predicate, asyncio.Future[float]]]] = {}
        original = self.world.add_message

        def add_message(chat: Any, *, from_bot: bool, sender: Any, **fields: Any) -> Any:
            message = original(chat, from_bot=from_bot, sender=sender, **fields)
            if from_bot:
                self._notify(chat.id, message)
            return message

        self.world.add_message = add_message  # type: ignore[method-assign]

    async def __aenter__(self) -> BenchFake:
        await self.start()
        return self

    def _notify(self, chat_id: int, message: MessageRecord) -> None:
        waiters = self._waiters.get(chat_id)
        if not waiters:
            return
        now = time.perf_counter()
        for entry in list(waiters):
            predicate, future = entry
            if not future.done() and predicate(message):
                future.set_result(now)
                waiters.remove(entry)

    def expect(self, chat_id: int, predicate: Predicate) -> asyncio.Future[float]:
        """Return a future set to perf_counter() when a matching bot message arrives."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(chat_id, []).append((predicate, future))
        return future

    def send_count(self) -> int:
        """Return how many messages the bot has posted (sendMessage, sendPhoto, ...)."""
        return sum(count for method, count in self.counters.items() if method.startswith("send"))


def containing(text: str) -> Predicate:
    """Return a predicate for messages whose text or caption contains ``text``."""
    return lambda message: text in (message.content or "")


async def answer_time(
    fake: BenchFake, user: FakeUser, send: Callable[[], object], expected: Predicate
) -> float:
    """Do ``send`` and return the seconds until the bot's matching message arrives."""
    future = fake.expect(user.chat_id, expected)
    started = time.perf_counter()
    send()
    arrived = await asyncio.wait_for(future, WAIT)
    return arrived - started


async def say(fake: BenchFake, user: FakeUser, text: str, expected: Predicate) -> float:
    """Send a text and return the seconds until the bot's matching message."""
    return await answer_time(fake, user, lambda: user.send_text(text), expected)


async def tap(fake: BenchFake, user: FakeUser, button: str, expected: Predicate) -> float:
    """Tap the latest button with this text and return the seconds until the matching answer."""
    return await answer_time(fake, user, lambda: user.press_button(user.chat_id, button), expected)


@dataclass
class BotProcess:
    """A bot running as its own process, and how long it took to start polling."""

    process: asyncio.subprocess.Process
    startup: float

    def peak_rss_mb(self) -> float:
        """Return the process's peak resident memory (VmHWM) in MB."""
        return _status_kb(self.process.pid, "VmHWM") / 1024

    def children_rss_mb(self) -> float:
        """Return the current resident memory of the process's descendants (chart workers)."""
        total = 0
        with contextlib.suppress(OSError):
            total = sum(_status_kb(pid, "VmRSS") for pid in _descendants(self.process.pid))
        return total / 1024

    def pss_mb(self) -> tuple[float, float]:
        """Return the bot's and its workers' proportional set size (shared pages once)."""
        bot = _pss_kb(self.process.pid)
        # The chart workers are children of their fork server, itself a child of the bot.
        workers = sum(_pss_kb(pid) for pid in _descendants(self.process.pid))
        return bot / 1024, workers / 1024


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system) a process has used so far, in seconds."""
    # /proc/PID/stat: the fields after "(command)" start at the 3rd; utime, stime are 14th, 15th.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


def _pss_kb(pid: int) -> int:
    # smaps_rollup sums every mapping's Pss: a page shared by N processes counts 1/N in each.
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def bot_env(fake: FakeTelegram, database: Path | str, **extra: str) -> dict[str, str]:
    """Return the environment pointing a bot process at the fake and the database (file or URL)."""
    if isinstance(database, str):
        # DATABASE_URL wins; DATABASE_PATH then names a file nobody opens.
        unused = Path(tempfile.gettempdir()) / "bench-unused.sqlite3"
        return fake.bot_environment(unused, PYTHONPATH=str(ROOT), DATABASE_URL=database, **extra)
    return fake.bot_environment(database, PYTHONPATH=str(ROOT), **extra)


@contextlib.asynccontextmanager
async def fresh_database(
    workdir: Path, name: str, server: str | None = None
) -> AsyncIterator[Path | str]:
    """Yield an empty database: a new SQLite file, or a new schema on a PostgreSQL server.

    The schema (given ``server``, a PostgreSQL URL) is dropped afterwards.
    """
    if server is None:
        path = workdir / f"{name}-{time.monotonic_ns()}.sqlite3"
        yield path
        return
    async with fresh_schema(server) as url:
        yield url


@contextlib.asynccontextmanager
async def running(
    fake: BenchFake, args: Sequence[str], env: dict[str, str], log: Path | None = None
) -> AsyncIterator[BotProcess]:
    """Start a bot process, wait for its first getUpdates, stop it with SIGTERM at the end.

    The process's stderr goes to ``log`` (BENCH_LOG_DIR, when set, for every run).
    """
    fake.counters["getUpdates"] = 0
    if log is None and os.environ.get("BENCH_LOG_DIR"):
        log = Path(os.environ["BENCH_LOG_DIR"]) / f"{Path(args[-1]).stem}-{os.getpid()}.log"
    stderr = log.open("ab") if log is not None else None
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr or asyncio.subprocess.DEVNULL,
    )
    try:
        deadline = started + WAIT
        while fake.counters["getUpdates"] == 0:
            if process.returncode is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"{args} did not start polling (exit {process.returncode})")
            await fake.world.changed(0.05)
        bot = BotProcess(process, time.perf_counter() - started)
        yield bot
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        if stderr is not None:
            stderr.close()


BOT = ["-m", "bot"]
ECHO = [str(ROOT / "bench" / "echo_bot.py")]


async def settle(fake: BenchFake, quiet: float = 0.5) -> None:
    """Wait until the bot has sent nothing for ``quiet`` seconds (start-up reminders done)."""
    while True:
        before = len(fake.requests)
        await asyncio.sleep(quiet)
        # Only getUpdates polls may come while nothing else happens.
        recent = [r for r in fake.requests[before:] if r.method != "getUpdates"]
        if not recent:
            return


def parse_with_server(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Parse the command line with --database-url (the PostgreSQL server) as ``server``.

    The server defaults to ``TEST_DATABASE_URL``; without either, end with one clear line.
    """
    parser.add_argument(
        "--database-url",
        dest="server",
        default=os.environ.get("TEST_DATABASE_URL", ""),
        help="PostgreSQL server (default: TEST_DATABASE_URL)",
    )
    args = parser.parse_args()
    if not args.server:
        parser.error("no PostgreSQL server: give --database-url or set TEST_DATABASE_URL")
    return args


# -- seeding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    """What a seeded database holds: officer, supervisor ids and project codes by index."""

    officers: list[int]
    supervisors: list[int]
    codes: list[str]


OFFICER_BASE = 100_000
SUPERVISOR_BASE = 900_000


def project_code(index: int) -> str:
    """Return the code of the index-th seeded project."""
    return f"{5000_0000 + index:08d}-{index % 10000:04d}"


async def seed(
    database: Path | str,
    projects: int,
    *,
    officers: int = 0,
    supervisors: int = 0,
    months: int = 0,
    today: date | None = None,
) -> Seeded:
    """Fill a fresh database quickly: projects with plans, people, ``months`` of reports.

    Officer i reports on project i; supervisor j watches agency j. Reports cover the months
    before the current one, so an officer's report this month is a first revision.
    ``database`` is an SQLite file or a PostgreSQL URL.
    """
    today = today or date.today()
    fiscal_year = fiscal_year_of(today)
    start, end = fiscal_year_bounds(fiscal_year)
    store = await Storage.open(database)
    try:

        def work(conn: SyncConnection) -> None:
            conn.executemany(
                "INSERT INTO agencies (id, name) VALUES (?, ?)",
                [(a + 1, f"สำนักงานเขตทดสอบ {a + 1}") for a in range(AGENCIES)],
            )
            conn.executemany(
                "INSERT INTO projects (id, code, name, agency_id, fiscal_year, responsible)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        i + 1,
                        project_code(i),
                        f"ปรับปรุงซ่อมแซมถนนและทางเท้า ซอยที่ {i} แขวงทดสอบ",
                        i % AGENCIES + 1,
                        fiscal_year,
                        "นายทดสอบ ระบบ",
                    )
                    for i in range(projects)
                ],
            )
            conn.executemany(
                "INSERT INTO plan_steps (project_id, step_order, description, weight_hundredths,"
                " start_date, end_date) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (i + 1, order, text, weight, begin.isoformat(), finish.isoformat())
                    for i in range(projects)
                    for order, text, weight, begin, finish in (
                        (1, "สำรวจและออกแบบ", 2000, start, add_months(start, 2)),
                        (2, "ดำเนินการก่อสร้าง", 8000, add_months(start, 2), end),
                    )
                ],
            )
            conn.executemany(
                "INSERT INTO users (telegram_id, name, role, agency_id) VALUES (?, ?, ?, ?)",
                [(OFFICER_BASE + i, f"เจ้าหน้าที่ {i}", "officer", None) for i in range(officers)]
                + [
                    (SUPERVISOR_BASE + j, f"หัวหน้า {j}", "supervisor", j % AGENCIES + 1)
                    for j in range(supervisors)
                ],
            )
            conn.executemany(
                "INSERT INTO assignments (user_id, project_id) VALUES (?, ?)",
                [(OFFICER_BASE + i, i % max(projects, 1) + 1) for i in range(officers)],
            )
            # Officers are on leave so the start-up reminder run leaves them alone.
            conn.executemany(
                "INSERT INTO leave (user_id, until) VALUES (?, ?)",
                [(OFFICER_BASE + i, "2999-12-31") for i in range(officers)],
            )
            month_keys = [
                add_months(today.replace(day=1), -back).strftime("%Y-%m")
                for back in range(months, 0, -1)
            ]
            conn.executemany(
                "INSERT INTO reports (project_id, month, revision, percent_hundredths,"
                " reported_on, work_done, problems, obstacles, reporter_name)"
                " VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        i + 1,
                        key,
                        min(100, 4 * (n + 1)) * 100,
                        f"{key}-25",
                        "ลงพื้นที่สำรวจและติดตามงานผู้รับจ้าง",
                        "ผู้รับจ้างขาดแคลนแรงงาน ฝนตกหนัก" if (i + n) % 3 == 0 else None,
                        "รอการอนุมัติงบประมาณเพิ่มเติม" if (i + n) % 5 == 0 else None,
                        "นายทดสอบ ระบบ",
                    )
                    for i in range(projects)
                    for n, key in enumerate(month_keys)
                ],
            )
            if store.db.dialect == "postgresql":
                # Agencies and projects got explicit ids; an identity column's sequence does not
                # see those, so move it past them for anything the bot inserts later.
                for table_name in ("agencies", "projects"):
                    conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'),"
                        f" (SELECT MAX(id) FROM {table_name}))"
                    )

        await store.db.write(work)
    finally:
        await store.close()
    return Seeded(
        [OFFICER_BASE + i for i in range(officers)],
        [SUPERVISOR_BASE + j for j in range(supervisors)],
        [project_code(i) for i in range(projects)],
    )


# -- numbers -----------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the nearest-rank percentile (fraction 0.99 = p99) of values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """Return the median, NaN when empty."""
    return statistics.median(values) if values else math.nan


def ms(seconds: float) -> str:
    """Format seconds as milliseconds."""
    return f"{seconds * 1000:.1f} ms"


def ratio(value: float, floor: float) -> str:
    """Format value / floor as 1.23×."""
    return f"{value / floor:.2f}×" if floor > 0 else "n/a"


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def against_idle(
    label: str, loaded: Sequence[float], idle: Sequence[float], note: str
) -> list[str]:
    """Return a table row of officers' answer times under some load against idle (p99 ≤ 2×)."""
    loaded99, idle99 = percentile(loaded, 0.99), percentile(idle, 0.99)
    return [
        label,
        f"p99 {ms(loaded99)} (median {ms(median(loaded))}); {note}",
        f"idle p99 {ms(idle99)} (median {ms(median(idle))})",
        ratio(loaded99, idle99),
        "p99 ≤ 2× idle",
    ]
