"""PostgreSQL with ``DATABASE_URL``: psycopg 3's synchronous connections, one per thread.

Stores write ``?`` placeholders (SQLite's); ``PgConnection`` translates each distinct SQL text
once. Writes are ``SERIALIZABLE`` and re-run whole on a serialization failure or deadlock, so
that read-then-write logic (the next revision, claiming a delivery) stays correct with several
processes writing at once, as SQLite's single writer keeps it.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import errors, pq
from psycopg.rows import RowMaker

from storage.db import READERS, SyncConnection, Work

T = TypeVar("T")
# Serialization failures and deadlocks are re-run this many times in all.
WRITE_ATTEMPTS = 8
# SQLSTATEs whose transaction the server rolled back and which a re-run may pass.
_RETRYABLE = (errors.SerializationFailure, errors.DeadlockDetected)


class PgRow:
    """A row readable by position and by column name, with ``keys()`` like ``sqlite3.Row``."""

    __slots__ = ("_positions", "_values")

    def __init__(self, values: Sequence[Any], positions: Mapping[str, int]) -> None:
        self._values = tuple(values)
        self._positions = positions

    def __getitem__(self, key: int | str, /) -> Any:
        return self._values[self._positions[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self.keys(), self._values, strict=True))!r})"

    def keys(self) -> list[str]:
        """Return the column names, in order."""
        return list(self._positions)


def pg_rows(cursor: psycopg.Cursor[Any]) -> RowMaker[PgRow]:
    """Make ``PgRow`` rows for the cursor's columns (a psycopg row factory)."""
    positions = {column.name: n for n, column in enumerate(cursor.description or ())}
    return lambda values: PgRow(values, positions)


@functools.lru_cache(maxsize=2048)
def pg_sql(sql: str) -> str:
    """Return ``sql`` with ``?`` placeholders as psycopg's ``%s`` and a literal ``%`` doubled.

    Text inside quotes is left alone (a ``?`` there is data, not a placeholder).
    """
    out: list[str] = []
    quote = ""
    for char in sql:
        if char == "%":
            out.append("%%")
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append(char)
    return "".join(out)


def without_nul(parameters: Sequence[Any]) -> Sequence[Any]:
    """Return the parameters with NUL characters dropped from text.

    PostgreSQL's text cannot hold NUL (SQLite's can): a NUL someone typed is dropped rather
    than failing the whole answer; it never carries meaning in what people type.
    """
    if not any(isinstance(value, str) and "\0" in value for value in parameters):
        return parameters
    return [value.replace("\0", "") if isinstance(value, str) else value for value in parameters]


class PgConnection:
    """A psycopg connection that runs the stores' SQL as written for SQLite."""

    def __init__(self, conn: psycopg.Connection[PgRow]) -> None:
        self.psycopg = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[PgRow]:
        """Run one statement and return its cursor."""
        return self.psycopg.execute(pg_sql(sql), without_nul(parameters))

    def executemany(
        self, sql: str, parameters: Iterable[Sequence[Any]], /
    ) -> psycopg.Cursor[PgRow]:
        """Run one statement for each parameter row."""
        cursor = self.psycopg.cursor()
        cursor.executemany(pg_sql(sql), (without_nul(row) for row in parameters))
        return cursor


class PostgresBackend:
    """Connections to one PostgreSQL database, from a ``postgresql://`` URL."""

    dialect = "postgresql"
    readers = READERS

    def __init__(self, url: str) -> None:
        self._url = url
        # As written and decoded: a driver message may quote either (a bad %-escape, say).
        password = urlsplit(url).password or ""
        self._secrets = tuple(sorted({password, unquote(password)} - {""}, key=len, reverse=True))

    def __repr__(self) -> str:
        return "PostgresBackend(<DATABASE_URL>)"  # the URL may hold a password

    def prepare(self) -> None:
        """Nothing: the server holds the database."""

    def connect(self) -> SyncConnection:
        """Open a connection; transactions are begun explicitly, as on SQLite."""
        conn = psycopg.Connection.connect(
            self._url, autocommit=True, row_factory=pg_rows, connect_timeout=10
        )
        return PgConnection(conn)

    def lost(self, conn: SyncConnection) -> bool:
        """Return whether the server closed the connection or it broke."""
        return _pg(conn).closed or _pg(conn).broken

    def close(self, conn: SyncConnection) -> None:
        """Close the connection."""
        _pg(conn).close()

    def write(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` as one SERIALIZABLE transaction, re-run on serialization failures.

        Only failures the server reports (it has rolled back) are re-run; a COMMIT whose
        outcome is unknown (a lost connection) is never re-run and raises.
        """
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return _transaction(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE", work)
            except _RETRYABLE:
                if attempt == WRITE_ATTEMPTS:
                    raise
                # Jittered so two writers that collided do not collide again; the
                # connection's own thread waits, never the event loop.
                time.sleep(random.uniform(0.005, 0.02) * attempt)
        raise AssertionError("unreachable")

    def alone(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` under a transaction-scoped advisory lock, seeing others' commits.

        READ COMMITTED, not SERIALIZABLE: each statement after the lock is granted sees what
        the previous holder committed (a snapshot taken before waiting would not).
        """

        def locked(conn: SyncConnection) -> T:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,)).fetchall()
            return work(conn)

        return _transaction(conn, "BEGIN ISOLATION LEVEL READ COMMITTED", locked)

    def read(self, conn: SyncConnection, work: Work[T]) -> T:
        """Run ``work`` on one snapshot (REPEATABLE READ, READ ONLY)."""
        return _transaction(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work)

    def driver_error(self, error: BaseException) -> bool:
        """Return whether ``error`` is psycopg's."""
        return isinstance(error, psycopg.Error)

    def message(self, error: BaseException) -> str:
        """Return psycopg's text with the URL's password masked."""
        text = str(error)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


# The key of the advisory lock migrations hold ("fieldrep" in ASCII).
_MIGRATION_LOCK = 0x6669656C64726570


def _transaction(conn: SyncConnection, begin: str, work: Work[T]) -> T:
    conn.execute(begin)
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        # Also when COMMIT fails; a broken connection has nothing to roll back.
        pg = _pg(conn)
        if not pg.broken and pg.info.transaction_status != pq.TransactionStatus.IDLE:
            conn.execute("ROLLBACK")
        raise
    return result


def _pg(conn: SyncConnection) -> psycopg.Connection[PgRow]:
    # Only this backend's connections reach its functions.
    return cast(PgConnection, conn).psycopg
