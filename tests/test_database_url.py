"""python -m bot with a wrong DATABASE_URL stops at start with one clear line and status 2."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.pg_support import fresh_schema, server_url
from tests.process_support import run_cli

PASSWORD = "no-such-secret-42"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _with(url: str, *, password: str | None = None, database: str | None = None) -> str:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    netloc = f"{user}:{password or parts.password or ''}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit(
        parts._replace(netloc=netloc, path=f"/{database}" if database else parts.path)
    )


async def _run(url: str, *args: str) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "1:x"}
    status, _, err = await run_cli(env, *args)
    return status, err


CASES = {
    "unreachable port": lambda: f"postgresql://someone:{PASSWORD}@127.0.0.1:{_free_port()}/x",
    "wrong password": lambda: _with(server_url(), password=PASSWORD),
    "unknown database": lambda: _with(server_url(), password=None, database="no_such_db_42"),
    "bad scheme": lambda: f"mysql://someone:{PASSWORD}@127.0.0.1/x",
    "malformed password": lambda: f"postgresql://someone:{PASSWORD}%ZZ@127.0.0.1:{_free_port()}/x",
}


@pytest.mark.parametrize("command", [("run",), ("migrate",)])
@pytest.mark.parametrize("case", list(CASES))
async def test_wrong_database_url_stops_with_one_line(case: str, command: tuple[str, ...]) -> None:
    """Each mistake ends the process with status 2 and one line, without traceback or password."""
    status, err = await _run(CASES[case](), *command)
    assert status == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and PASSWORD not in err
    assert err.startswith(("database error:", "configuration error: DATABASE_URL"))


async def test_migrate_on_postgresql_through_the_process() -> None:
    """python -m bot migrate with a reachable DATABASE_URL applies the migrations."""
    async with fresh_schema() as url:
        status, err = await _run(url, "migrate")
    assert status == 0, err
