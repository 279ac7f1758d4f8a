"""The database connections: one writer thread for short transactions, a few reader threads.

Every store call is one plain function of a connection run whole in the thread that owns the
connection (``Database.write`` and ``Database.read``), as datasette's ``execute_fn`` and
``execute_write_fn`` do: one trip from the event loop per call, whatever the number of
statements. The same functions run on SQLite (``storage/sqlite.py``, the default) and on
PostgreSQL (``storage/postgres.py``, with ``DATABASE_URL``): both drivers are used through
their synchronous API, each connection owned by its thread, so that every query is written
once and the event loop never waits on the database.
"""

from __future__ import annotations

import asyncio
import functools
import queue
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

from core.config import is_database_url

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


class Row(Protocol):
    """A result row, read by column position or by column name (like ``sqlite3.Row``)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    """What a store reads back from a statement."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class SyncConnection(Protocol):
    """What store functions call on a connection: the same on SQLite and PostgreSQL.

    SQL is written with ``?`` placeholders; the PostgreSQL connection translates them.
    """

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...


# A store function of a connection, run whole in one trip to the connection's thread
# (``Database.read`` and ``Database.write``).
Work = Callable[[SyncConnection], T]
# Work that only reads: stores hand such queries out to be run together (``Storage.read_both``).
Query = Work[T]


class StorageError(Exception):
    """The database could not run a store call; the driver's error is its ``__cause__``."""


class Backend(Protocol):
    """One database engine: how its connections open, close and run transactions."""

    # "sqlite" or "postgresql": which migration files apply (storage/migrate.py).
    dialect: str
    # Reader connections beside the writer (0: every read runs on the writer).
    readers: int

    def prepare(self) -> None:
        """Do what must happen once before the first connection (e.g. create the folder)."""

    def connect(self) -> SyncConnection:
        """Open a connection; called on the thread that will own it."""

    def lost(self, conn: SyncConnection) -> bool:
        """Return whether the connection is gone and must be opened again."""

    def close(self, conn: SyncConnection) -> None:
        """Close a connection on its thread."""

    def write(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` as one write transaction, rolled back on any failure."""

    def read(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` as one read-only transaction on one snapshot."""

    def alone(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` as a write no other process's ``alone`` overlaps, seeing their commits."""

    def driver_error(self, error: BaseException) -> bool:
        """Return whether ``error`` is the driver's, to be raised as ``StorageError``."""

    def message(self, error: BaseException) -> str:
        """Return the driver error's text for ``StorageError``, with no secret in it."""


# Reads of people answering step by step run on the writer's connection (``reads_on_writer``).
_reads_on_writer: ContextVar[bool] = ContextVar("reads_on_writer", default=False)
# Reads run side by side on their own connections (WAL lets them on SQLite); a supervisor's
# chart query then does not hold back an officer's next question (bench/chart_storm.py).
READERS = 3


class _Connection:
    """One connection and the single thread that opens, uses and closes it."""

    def __init__(self, backend: Backend, name: str) -> None:
        self._backend = backend
        # The thread runs one call at a time, in the order asked: the writer's transactions
        # never overlap, and a reader's snapshot is never shared with another read.
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._conn: SyncConnection | None = None
        self._open = False

    async def open(self) -> None:
        self._thread.start()
        self._open = True
        await self._on_thread(lambda _: self._connected(), None)

    async def run(self, work: Work[T]) -> T:
        if not self._open:
            raise StorageError("database is not open")
        return await self._on_thread(lambda _: work(self._connected()), None)

    async def close(self) -> None:
        if self._open:
            self._open = False
            await self._on_thread(lambda _: self._disconnect(), None)
        if self._thread.is_alive():
            self._calls.put(None)

    def _connected(self) -> SyncConnection:
        # On the thread: a connection the server dropped (restart, network) is opened again
        # by the next call; the call that saw it drop has failed with StorageError.
        if self._conn is not None and self._backend.lost(self._conn):
            self._disconnect()
        if self._conn is None:
            self._conn = self._backend.connect()
        return self._conn

    def _disconnect(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            self._backend.close(conn)

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


def backend_for(target: Path | str) -> Backend:
    """Return the backend of a PostgreSQL URL, or of an SQLite file path."""
    if is_database_url(target):
        from storage.postgres import PostgresBackend

        return PostgresBackend(target)
    from storage.sqlite import SqliteBackend

    return SqliteBackend(Path(target))


class Database:
    """Own the database: every write goes through one connection, one transaction at a time."""

    def __init__(self, target: Path | str | Backend) -> None:
        self.backend = target if not isinstance(target, Path | str) else backend_for(target)
        # Where another handle (another process) opens the same database; None for a backend
        # given as it is.
        self.target = target if isinstance(target, Path | str) else None
        self.dialect = self.backend.dialect
        self._writer: _Connection | None = None
        self._readers: tuple[_Connection, ...] = ()
        # Last in, first out: the reader used last has a thread that is still awake, and
        # waking a sleeping one costs more than the query (bench/conversation.py).
        self._idle_readers: asyncio.LifoQueue[_Connection] = asyncio.LifoQueue()

    async def open(self) -> None:
        """Open the writer and the readers; StorageError if the database cannot be reached."""
        self.backend.prepare()
        self._writer = _Connection(self.backend, f"{self.dialect}-writer")
        try:
            await _translated(self.backend, self._writer.open())
            self._readers = tuple(
                _Connection(self.backend, f"{self.dialect}-reader-{n}")
                for n in range(self.backend.readers)
            )
            for reader in self._readers:
                await _translated(self.backend, reader.open())
                self._idle_readers.put_nowait(reader)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close every connection and stop their threads."""
        for conn in (*self._readers, self._writer):
            if conn is not None:
                await conn.close()
        self._readers, self._writer = (), None
        self._idle_readers = asyncio.LifoQueue()

    async def write(self, work: Work[T]) -> T:
        """Run ``work`` as one write transaction in a single trip to the writer.

        SQLite: ``BEGIN IMMEDIATE`` on the one writer. PostgreSQL: ``SERIALIZABLE``, re-run
        whole on a serialization failure, so ``work`` must be a pure function of the
        connection (every store function is).
        """
        return await _translated(
            self.backend, self._writing().run(lambda conn: self.backend.write(conn, work))
        )

    async def write_alone(self, work: Work[T]) -> T:
        """Run ``work`` as a write that no other process's ``write_alone`` overlaps.

        For migrations: several processes starting at once apply each one once.
        """
        return await _translated(
            self.backend, self._writing().run(lambda conn: self.backend.alone(conn, work))
        )

    async def read(self, work: Work[T]) -> T:
        """Run several queries of ``work`` from one snapshot, in a single trip to a thread."""

        def read(conn: SyncConnection) -> T:
            return self.backend.read(conn, work)

        if _reads_on_writer.get() or not self._readers:
            return await _translated(self.backend, self._writing().run(read))
        reader = await self._idle_readers.get()
        try:
            return await _translated(self.backend, reader.run(read))
        finally:
            self._idle_readers.put_nowait(reader)

    async def trace(self, callback: Callable[[str], object] | None) -> None:
        """Call ``callback`` with every statement any connection runs; None stops it.

        SQLite only (tests/storage/test_indexes.py and debugging); the callback runs in the
        connections' threads.
        """

        def set_trace(conn: SyncConnection) -> None:
            if not isinstance(conn, sqlite3.Connection):
                raise StorageError("statement tracing is available on SQLite only")
            conn.set_trace_callback(callback)

        for conn in (self._writing(), *self._readers):
            await conn.run(set_trace)

    def _writing(self) -> _Connection:
        if self._writer is None:
            raise StorageError("database is not open")
        return self._writer


async def _translated(backend: Backend, call: Awaitable[T]) -> T:
    # Callers see the storage's own error, never the driver's.
    try:
        return await call
    except Exception as error:
        if backend.driver_error(error):
            raise StorageError(backend.message(error)) from error
        raise


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
