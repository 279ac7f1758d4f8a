"""The SQLite connections: one writer for short explicit transactions, a few readers."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import aiosqlite

Row = aiosqlite.Row
T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
# The plain sqlite3 connection under an aiosqlite one, used only on that connection's thread.
SyncConnection = sqlite3.Connection
# Queries to run in one trip to a connection's thread (``Database.read``).
Query = Callable[[SyncConnection], T]


# Reads of people answering step by step run on the writer's connection (``reads_on_writer``).
_reads_on_writer: ContextVar[bool] = ContextVar("reads_on_writer", default=False)
# Reads run side by side on their own connections (WAL lets them); a supervisor's chart
# query then does not hold back an officer's next question (bench/chart_storm.py).
READERS = 3


class Database:
    """Own the SQLite file: every write goes through one connection, one transaction at a time."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: aiosqlite.Connection | None = None
        self._readers: tuple[aiosqlite.Connection, ...] = ()
        self._write_lock = asyncio.Lock()
        # One query at a time on each reader: a statement still open there (executed, not yet
        # fetched) keeps SQLite's read snapshot, and a query of another task run meanwhile
        # would read that old snapshot and miss writes committed since — under load an
        # officer's answer just written was read back as missing (bench/conversation.py).
        # Last in, first out: the reader used last has a thread that is still awake, and
        # waking a sleeping one costs more than the query (bench/conversation.py).
        self._idle_readers: asyncio.LifoQueue[aiosqlite.Connection] = asyncio.LifoQueue()

    async def open(self) -> None:
        """Open the writer and the readers and apply the pragmas the bot relies on."""
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await self._connect()
        await _pragma(self._writer, "journal_mode=WAL")
        self._readers = tuple([await self._connect() for _ in range(READERS)])
        for reader in self._readers:
            self._idle_readers.put_nowait(reader)

    async def _connect(self) -> aiosqlite.Connection:
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves instead of the
        # sqlite3 module's implicit deferred transactions.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in ("foreign_keys=ON", "busy_timeout=10000", "synchronous=NORMAL"):
            await _pragma(conn, pragma)
        return conn

    async def close(self) -> None:
        """Close every connection."""
        for conn in (*self._readers, self._writer):
            if conn is not None:
                await conn.close()
        self._readers, self._writer = (), None
        self._idle_readers = asyncio.LifoQueue()

    @property
    def writer(self) -> aiosqlite.Connection:
        """Return the single writer connection."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        return self._writer

    @property
    def readers(self) -> tuple[aiosqlite.Connection, ...]:
        """Return the read-only connections."""
        return self._readers

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a short write transaction (``BEGIN IMMEDIATE``), committed or rolled back whole."""
        async with self._write_lock:
            conn = self.writer
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    async def write(self, work: Callable[[SyncConnection], T]) -> T:
        """Run ``work`` as one ``BEGIN IMMEDIATE`` transaction in a single trip to the writer."""
        async with self._write_lock:
            return await _on_thread(self.writer, _immediate(work))

    async def read(self, work: Callable[[SyncConnection], T]) -> T:
        """Run several queries of ``work`` from one snapshot, in a single trip to a thread."""
        async with self.reading() as conn:
            return await _on_thread(conn, _snapshot(work))

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold one reader for several queries that must not interleave with other reads."""
        if _reads_on_writer.get():
            async with self._write_lock:
                yield self.writer
            return
        if not self._readers:
            raise RuntimeError("database is not open")
        conn = await self._idle_readers.get()
        try:
            yield conn
        finally:
            self._idle_readers.put_nowait(conn)

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Run a query on a reader and return every row."""
        async with self.reading() as conn:
            return await all_rows(conn, sql, params)

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        """Run a query (by key, or with LIMIT 1) on a reader and return its row, if any."""
        async with self.reading() as conn:
            return await first_row(conn, sql, params)

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """Run a query on a reader and return the first column of the first row."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]


async def first_row(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> Row | None:
    """Run a query (by key) on a connection and return its row, if any."""
    # Reading all rows of a keyed query in one hop to the connection's thread costs less than
    # three hops (execute, fetchone, close).
    rows = await all_rows(conn, sql, params)
    return rows[0] if rows else None


async def all_rows(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[Row]:
    """Run a query on a connection and return every row, in one hop to its thread."""
    # The statement runs to its end and resets: no open statement keeps an old snapshot.
    return list(await conn.execute_fetchall(sql, tuple(params)))


def reads_on_writer(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Run the decorated callback with its reads on the writer's connection.

    A report step reads a few rows by key and then writes: on the writer, one thread that is
    awake serves the whole step, where waking a reader's sleeping thread as well costs more
    than the queries, and a supervisor's long query on a reader never holds the step up
    (bench/conversation.py, bench/chart_storm.py).
    """

    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _reads_on_writer.set(True)
        try:
            return await func(*args, **kwargs)
        finally:
            _reads_on_writer.reset(token)

    return wrapper


def rows_of(conn: SyncConnection, sql: str, params: Iterable[Any] = ()) -> list[Row]:
    """Run a query inside ``read``/``write`` work and return every row."""
    return list(conn.execute(sql, tuple(params)).fetchall())


def row_of(conn: SyncConnection, sql: str, params: Iterable[Any] = ()) -> Row | None:
    """Run a keyed query inside ``read``/``write`` work and return its row, if any."""
    found = rows_of(conn, sql, params)
    return found[0] if found else None


async def _on_thread(conn: aiosqlite.Connection, work: Callable[[SyncConnection], T]) -> T:
    # Each trip to an aiosqlite thread costs about 0.2 ms here (two thread wake-ups), more than
    # the indexed queries themselves; aiosqlite has no public call for several statements in
    # one trip, so a step's queries go through its private one (pinned in pyproject.toml).
    sync = conn._conn
    result: T = await conn._execute(work, sync)  # type: ignore[no-untyped-call]
    return result


def _immediate(work: Callable[[SyncConnection], T]) -> Callable[[SyncConnection], T]:
    def run(conn: SyncConnection) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            # Also when COMMIT fails: the writer must not stay inside a transaction.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    return run


def _snapshot(work: Callable[[SyncConnection], T]) -> Callable[[SyncConnection], T]:
    def run(conn: SyncConnection) -> T:
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            conn.execute("COMMIT")

    return run


async def _pragma(conn: aiosqlite.Connection, pragma: str) -> None:
    # A pragma that returns a row keeps its statement open (and a lock) until it is read.
    async with conn.execute(f"PRAGMA {pragma}") as cursor:
        await cursor.fetchall()
