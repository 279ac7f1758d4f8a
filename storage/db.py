"""The SQLite connections: one writer for short explicit transactions, a few readers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

Row = aiosqlite.Row


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
        self._idle_readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()

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
        self._idle_readers = asyncio.Queue()

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

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold one reader for several queries that must not interleave with other reads."""
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


async def _pragma(conn: aiosqlite.Connection, pragma: str) -> None:
    # A pragma that returns a row keeps its statement open (and a lock) until it is read.
    async with conn.execute(f"PRAGMA {pragma}") as cursor:
        await cursor.fetchall()
