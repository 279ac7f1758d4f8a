"""Run ``python -m bot run --webhook URL`` processes behind the fake Bot API's webhook."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from fakeapi import FakeTelegram
from tests.process_support import WAIT, start_bot

# The public URL Telegram posts to (the reverse proxy's); the fake posts to the processes.
PUBLIC_URL = "https://bot.example.org/telegram-hook"
HOOK_PATH = "/telegram-hook"
SECRET = "s3cret-Token_for-tests"


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class WebhookBot:
    """One bot process in webhook mode, where the fake reaches it, and its log."""

    process: asyncio.subprocess.Process
    target: str
    port: int
    log: Path


async def start_webhook_bot(env: dict[str, str], log: Path) -> WebhookBot:
    """Start a webhook process on a free loopback port and wait until it listens."""
    port = free_port()
    process = await start_bot(
        {**env, "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET": SECRET},
        log,
        "run",
        "--webhook",
        PUBLIC_URL,
    )
    await wait_listening(port, process)
    return WebhookBot(process, f"http://127.0.0.1:{port}{HOOK_PATH}", port, log)


async def wait_listening(port: int, process: asyncio.subprocess.Process) -> None:
    """Wait until something accepts connections on the port (the process's webhook server)."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:
        assert process.returncode is None, "the bot process ended before it listened"
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)
            continue
        writer.close()
        await writer.wait_closed()
        return


def behind_webhook(fake: FakeTelegram, bots: list[WebhookBot]) -> None:
    """Tell the fake which processes stand behind the public URL, in turn."""
    fake.webhook.deliver_to([bot.target for bot in bots])


async def post_to(bot: WebhookBot, body: bytes, headers: dict[str, str]) -> int:
    """Post a body to a process's webhook as anybody on the network could; return the status."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(bot.target, data=body, headers=headers) as response,
    ):
        return response.status
