"""``python -m bot playground``: the real bot against a local fake Telegram, in the browser."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Mapping
from pathlib import Path

from bot.logging_setup import configure_logging
from core.config import read_env_file
from core.i18n import t
from playground.runner import Playground
from playground.server import check_loopback, serve

DEFAULT_PORT = 8080
DEFAULT_DATABASE = "data/playground.sqlite3"
HOST = "127.0.0.1"


def options(
    port: int | None, database: str | None, environ: Mapping[str, str] | None = None
) -> tuple[int, Path]:
    """Return the port and database: the argument, else PLAYGROUND_PORT/_DATABASE, else defaults."""
    values = read_env_file(Path(".env"))
    values.update(os.environ if environ is None else environ)
    raw_port = port if port is not None else values.get("PLAYGROUND_PORT") or DEFAULT_PORT
    try:
        chosen = int(raw_port)
    except ValueError as error:
        raise ValueError(f"PLAYGROUND_PORT is not a number: {raw_port!r}") from error
    if not 0 <= chosen <= 65535:
        raise ValueError(f"port out of range: {chosen}")
    return chosen, Path(database or values.get("PLAYGROUND_DATABASE") or DEFAULT_DATABASE)


def banner(url: str, database: Path) -> str:
    """Return what the terminal says, in Thai and English."""
    return "\n".join(
        t("playground.started", lang, url=url, database=database) for lang in ("th", "en")
    )


async def serve_until_stopped(port: int, database: Path, host: str = HOST) -> None:
    """Run the playground and its page until SIGINT or SIGTERM."""
    check_loopback(host)
    playground = Playground(database)
    await playground.start()
    try:
        runner = await serve(playground, host, port)
    except OSError:
        await playground.stop()
        raise
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    bound = runner.addresses[0][1] if runner.addresses else port
    print(banner(f"http://{host}:{bound}", database), flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        async with playground.lock:
            await playground.stop()


def run_playground(port: int | None = None, database: str | None = None) -> int:
    """Start the playground; return the exit code."""
    try:
        chosen, path = options(port, database)
    except ValueError as error:
        print(f"error: {error}", flush=True)
        return 2
    configure_logging(None, logging.WARNING)
    try:
        asyncio.run(serve_until_stopped(chosen, path))
    except OSError as error:  # most often: the port is taken
        print(f"error: {error} (try --port or PLAYGROUND_PORT)", flush=True)
        return 1
    return 0
