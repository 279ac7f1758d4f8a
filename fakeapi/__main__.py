"""Run the fake standalone: `python -m fakeapi --port 8081`.

The first stdout line is the base URL for PTB (…/bot); the file URL is the same with
/file/bot. Control routes under /_fake/ let a benchmark create user messages and read
stats, and POST /_fake/webhook/targets {"targets": [URL, ...]} names the bot processes the fake
posts updates to, in turn, once one of them set a webhook (see fakeapi/control.py). Stop with
Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from fakeapi.control import add_control_routes
from fakeapi.faults import DEFAULT_RANDOM_FAULTS
from fakeapi.server import FakeTelegram


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m fakeapi", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "localhost"])
    parser.add_argument("--token", default="123:ABC")
    parser.add_argument("--bot-username", default="field_report_bot")
    parser.add_argument("--rate-limit", type=int, default=None, help="send-like calls per second")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="random fault probability")
    parser.add_argument("--seed", type=int, default=0, help="seed for --fault-rate")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Serve until SIGINT or SIGTERM."""
    fake = FakeTelegram(
        args.token, args.bot_username, args.host, args.port, global_rate_limit=args.rate_limit
    )
    if args.fault_rate:
        fake.faults.random_rate(args.fault_rate, args.seed, DEFAULT_RANDOM_FAULTS)
    add_control_routes(fake)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not available on every platform; Ctrl+C still ends asyncio.run() there.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with fake:
        print(fake.base_url, flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
