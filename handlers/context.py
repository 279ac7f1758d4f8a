"""What every callback can reach: settings, storage, the clock and the chart renderer."""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from telegram.ext import Application, CallbackContext, ExtBot

from core.config import Settings
from storage import Storage


class Clock(Protocol):
    """Tell the time; tests inject a fixed one."""

    def now(self) -> datetime:
        """Return the current time, aware of its zone."""
        ...


def process_identity() -> str:
    """Return an id for this process that no other process has: host, pid and a random part."""
    # The random part tells apart a restarted process that got an old pid (a container's 1).
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class Services:
    """The long-lived objects the handlers use."""

    settings: Settings
    store: Storage
    clock: Clock
    extras: dict[str, Any] = field(default_factory=dict)
    # Who holds job leases and claims deliveries in the database (bot/jobs.py).
    process_id: str = field(default_factory=process_identity)
    # Webhook mode: other processes take this bot's updates too (a chat's turn, the flood
    # allowance and the send budget are shared with them).
    several_processes: bool = False

    def today(self) -> date:
        """Return today's date in the bot's time zone."""
        return self.clock.now().astimezone(self.settings.timezone).date()

    def now(self) -> datetime:
        """Return the current time in the bot's time zone."""
        return self.clock.now().astimezone(self.settings.timezone)


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context of this bot, with typed access to its services."""

    @property
    def services(self) -> Services:
        """Return the bot's services."""
        services = self.bot_data["services"]
        assert isinstance(services, Services)
        return services


BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
