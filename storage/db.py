"""The SQLite connections: one writer thread for short transactions, a few reader threads.

Every store call is one plain function of a ``sqlite3.Connection`` run whole in the thread that
owns the connection (``Database.write`` and ``Database.read``), as datasette's ``execute_fn``
and ``execute_write_fn`` do: one trip from the event loop per call, whatever the number of
statements, with nothing but the standard library's public API.
"""

from __future__ import annotations

import asyncio
import functools
import queue
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

Row = sqlite3.Row
SyncConnection = sqlite3.Connection
T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
# Queries to run in one trip to a connection's thread (``Database.read``).
Query = Callable[[SyncConnection], T]


class StorageError(Exception):
    """The database could not run a store call; the driver's error is its ``__cause__``."""


# Reads of people answering step by step run on the writer's connection (``reads_on_writer``).
_reads_on_writer: ContextVar[bool] = ContextVar("reads_on_writer", default=False)
# Reads run side by side on their own connections (WAL lets them); a supervisor's chart
# query then does not hold back an officer's next question (bench/chart_storm.py).
READERS = 3


class _Connection:
    """One sqlite3 connection and the single thread that opens, uses and closes it."""

    def __init__(self, path: str, name: str) -> None:
        self._path = path
        # The thread runs one call at a time, in the order asked: the writer's transactions
        # never overlap, and a reader's snapshot is never shared with another read.
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._sqlite: SyncConnection | None = None

    async def open(self) -> None:
        self._thread.start()
        self._sqlite = await self._on_thread(_connect, self._path)

    async def run(self, work: Callable[[SyncConnection], T]) -> T:
        if self._sqlite is None:
            raise StorageError("database is not open")
        return await self._on_thread(work, self._sqlite)

    async def close(self) -> None:
        if self._sqlite is not None:
            await self._on_thread(SyncConnection.close, self._sqlite)
            self._sqlite = None
        if self._thread.is_alive():
            self._calls.put(None)

    async def _on_thread(self, work: Callable[[Any], T], argument: Any) -> T:
        # A queue and call_soon_threadsafe, the same two thread hops as aiosqlite's calls;
        # loop.run_in_executor cost about 15 µs more a call here (bench/store_calls.py).
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._calls.put(_Call(work, argument, future, loop))
        return await future

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            try:
                result = call.work(call.argument)
            except BaseException as error:  # handed to the caller, whatever it is
                call.loop.call_soon_threadsafe(_fail, call.future, error)
            else:
                call.loop.call_soon_threadsafe(_succeed, call.future, result)


@dataclass(frozen=True)
class _Call:
    """A function to run on a connection's thread and where its outcome goes."""

    work: Callable[[Any], Any]
    argument: Any
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop


def _succeed(future: asyncio.Future[Any], result: Any) -> None:
    if not future.cancelled():
        future.set_result(result)


def _fail(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.cancelled():
        future.set_exception(error)


class Database:
    """Own the SQLite file: every write goes through one connection, one transaction at a time."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: _Connection | None = None
        self._readers: tuple[_Connection, ...] = ()
        # Last in, first out: the reader used last has a thread that is still awake, and
        # waking a sleeping one costs more than the query (bench/conversation.py).
        self._idle_readers: asyncio.LifoQueue[_Connection] = asyncio.LifoQueue()

    async def open(self) -> None:
        """Open the writer and the readers and apply the pragmas the bot relies on."""
        memory = str(self.path) == ":memory:"
        if not memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = _Connection(str(self.path), "sqlite-writer")
        await self._writer.open()
        await self._writer.run(lambda conn: conn.execute("PRAGMA journal_mode=WAL").fetchall())
        # An in-memory database is private to its connection: everything runs on the writer.
        self._readers = (
            ()
            if memory
            else tuple(_Connection(str(self.path), f"sqlite-reader-{n}") for n in range(READERS))
        )
        for reader in self._readers:
            await reader.open()
            self._idle_readers.put_nowait(reader)

    async def close(self) -> None:
        """Close every connection and stop their threads."""
        for conn in (*self._readers, self._writer):
            if conn is not None:
                await conn.close()
        self._readers, self._writer = (), None
        self._idle_readers = asyncio.LifoQueue()

    async def write(self, work: Callable[[SyncConnection], T]) -> T:
        """Run ``work`` as one ``BEGIN IMMEDIATE`` transaction in a single trip to the writer."""
        return await _translated(self._writing().run(_immediate(work)))

    async def read(self, work: Callable[[SyncConnection], T]) -> T:
        """Run several queries of ``work`` from one snapshot, in a single trip to a thread."""
        if _reads_on_writer.get() or not self._readers:
            return await _translated(self._writing().run(_snapshot(work)))
        reader = await self._idle_readers.get()
        try:
            return await _translated(reader.run(_snapshot(work)))
        finally:
            self._idle_readers.put_nowait(reader)

    async def trace(self, callback: Callable[[str], object] | None) -> None:
        """Call ``callback`` with every statement any connection runs; None stops it."""
        # For tests and debugging (tests/storage/test_indexes.py); the callback runs in the
        # connections' threads.
        for conn in (self._writing(), *self._readers):
            await conn.run(lambda sync: sync.set_trace_callback(callback))

    def _writing(self) -> _Connection:
        if self._writer is None:
            raise StorageError("database is not open")
        return self._writer


async def _translated(call: Awaitable[T]) -> T:
    # Callers see the storage's own error, never the driver's.
    try:
        return await call
    except sqlite3.Error as error:
        raise StorageError(str(error)) from error


def _connect(path: str) -> SyncConnection:
    # isolation_level=None: we issue BEGIN ourselves instead of the sqlite3 module's implicit
    # deferred transactions. The connection is created on, and used only by, its own thread.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in ("foreign_keys=ON", "busy_timeout=10000", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}").fetchall()
    return conn


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


def value_of(conn: SyncConnection, sql: str, params: Iterable[Any] = ()) -> Any:
    """Run a query inside ``read``/``write`` work and return its first column, if any."""
    found = row_of(conn, sql, params)
    return None if found is None else found[0]


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
