"""A fresh PostgreSQL schema per test, on the server of ``TEST_DATABASE_URL``."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest


def server_url() -> str:
    """Return ``TEST_DATABASE_URL``; fail the test with a clear message when it is not set."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        pytest.fail(
            "TEST_DATABASE_URL is not set: PostgreSQL tests need a server; run"
            " `TEST_DATABASE_URL=$(tests/ensure_postgres.sh) pytest …` or `make test`"
        )
    return url


def in_schema(url: str, schema: str) -> str:
    """Return ``url`` with every connection's search_path set to ``schema``."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """Create an empty database, yield its URL, and drop it afterwards.

    For what sees a whole database (pg_dump): other tests' schemas stay out of it.
    """
    url = server_url()
    name = f"test_{secrets.token_hex(6)}"
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute(f"CREATE DATABASE {name}")
    try:
        parts = urlsplit(url)
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@asynccontextmanager
async def fresh_schema(server: str | None = None) -> AsyncIterator[str]:
    """Create an empty schema, yield a URL whose connections use it, and drop it afterwards.

    On ``server`` (a PostgreSQL URL; by default ``TEST_DATABASE_URL``).
    """
    url = server or server_url()
    schema = f"test_{secrets.token_hex(6)}"
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield in_schema(url, schema)
    finally:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await conn.execute(f"DROP SCHEMA {schema} CASCADE")
