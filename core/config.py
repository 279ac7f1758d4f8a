"""Settings read from the environment or a ``.env`` file."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import TypeGuard
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dotenv import dotenv_values

DEFAULT_DATABASE_PATH = "data/fieldreport.sqlite3"
DEFAULT_TIMEZONE = "Asia/Bangkok"
DEFAULT_REMINDER_TIME = time(9, 0)
DEFAULT_BACKUP_DIR = "data/backups"
# Telegram allows about 30 messages a second overall; stay just under it.
DEFAULT_SEND_RATE = 28.0
# Messages that may leave at once before the pacing starts; burst + rate stays at 30.
SEND_BURST = 2
# How far conversation answers may overdraw the burst while charts or reminders use it; the
# per-second count of burst + rate still holds (bot/pacing.py).
ANSWER_OVERDRAFT = 2
# Webhook mode: where PTB's webhook server listens (behind the reverse proxy) by default.
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
# Telegram's rule for setWebhook's secret_token: 1-256 of A-Z, a-z, 0-9, _ and -.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_PORT = 65535
# What DATABASE_URL may start with: PostgreSQL's URL schemes (SQLite needs no URL).
DATABASE_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(target: Path | str) -> TypeGuard[str]:
    """Return whether a database target is a PostgreSQL URL rather than an SQLite file path."""
    return isinstance(target, str) and target.startswith(DATABASE_URL_SCHEMES)


class ConfigError(ValueError):
    """A setting is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to know about its deployment."""

    token: str | None
    api_base_url: str | None
    api_file_url: str | None
    database_path: Path
    admin_ids: frozenset[int]
    timezone: ZoneInfo
    bot_username: str | None = None
    # Local wall-clock time of the daily reminder check (env REMINDER_TIME, HH:MM).
    reminder_time: time = DEFAULT_REMINDER_TIME
    # Folder of the daily online backups (env BACKUP_DIR); the newest 14 are kept.
    backup_dir: Path = Path(DEFAULT_BACKUP_DIR)
    # Steady messages per second after a burst of two (env SEND_RATE): 28 + 2 stays at 30.
    send_rate: float = DEFAULT_SEND_RATE
    # Webhook mode (python -m bot run --webhook URL): the address and port PTB's webhook server
    # listens on (env WEBHOOK_LISTEN, WEBHOOK_PORT) and the secret Telegram sends with every
    # update (env WEBHOOK_SECRET), checked only in webhook mode.
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    webhook_secret: str | None = None
    # PostgreSQL instead of the SQLite file (env DATABASE_URL, postgresql://…); may hold a
    # password, so it is never shown.
    database_url: str | None = None

    def __repr__(self) -> str:
        # The token must never reach a log line or a traceback.
        return (
            f"Settings(token={'***' if self.token else None}, api_base_url={self.api_base_url!r}, "
            f"database_path={str(self.database_path)!r}, "
            f"database_url={'***' if self.database_url else None}, "
            f"admin_ids={sorted(self.admin_ids)}, "
            f"timezone={self.timezone.key!r}, webhook_listen={self.webhook_listen!r}, "
            f"webhook_port={self.webhook_port}, "
            f"webhook_secret={'***' if self.webhook_secret else None})"
        )


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates and where this process listens for them."""

    url: str  # the public HTTPS URL given to setWebhook
    path: str  # the URL's path, served by PTB's webhook server
    listen: str
    port: int
    secret: str = field(repr=False)


def webhook_of(settings: Settings, url: str) -> Webhook:
    """Check the webhook URL and settings by Telegram's rules; raise ConfigError when wrong."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(f"--webhook must be an https:// URL with a host, not {url!r}")
    if parts.query or parts.fragment:
        raise ConfigError("--webhook URL takes no query or fragment")
    if settings.webhook_secret is None:
        raise ConfigError("WEBHOOK_SECRET is required in webhook mode (1-256 of A-Z a-z 0-9 _ -)")
    return Webhook(
        url=url,
        path=parts.path.strip("/"),
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        secret=settings.webhook_secret,
    )


def read_env_file(path: Path) -> dict[str, str]:
    """Read a ``.env`` file with python-dotenv (quotes, ``export`` and ``# comments`` as usual)."""
    if not path.is_file():
        return {}
    # Without interpolation a value holding "$" stays as written; a key without "=" is dropped.
    read = dotenv_values(path, encoding="utf-8", interpolate=False)
    return {key: value for key, value in read.items() if value is not None}


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Build the settings; the process environment wins over the ``.env`` file."""
    values: dict[str, str] = read_env_file(env_file) if env_file else {}
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = values.get(name, "").strip()
        return value or None

    try:
        timezone = ZoneInfo(get("BOT_TIMEZONE") or DEFAULT_TIMEZONE)
    except (KeyError, ValueError) as error:
        raise ConfigError(f"BOT_TIMEZONE is not an IANA time zone: {error}") from error
    admin_ids: set[int] = set()
    for part in (get("BOT_ADMIN_IDS") or "").split(","):
        if part.strip():
            try:
                admin_ids.add(int(part.strip()))
            except ValueError as error:
                raise ConfigError(f"BOT_ADMIN_IDS holds a non-number: {part.strip()!r}") from error
    try:
        reminder_time = time.fromisoformat(get("REMINDER_TIME") or "09:00")
    except ValueError as error:
        raise ConfigError(f"REMINDER_TIME is not HH:MM: {error}") from error
    try:
        send_rate = float(get("SEND_RATE") or DEFAULT_SEND_RATE)
    except ValueError as error:
        raise ConfigError(f"SEND_RATE is not a number: {error}") from error
    if send_rate <= 0:
        raise ConfigError("SEND_RATE must be positive")
    webhook_port = get("WEBHOOK_PORT") or str(DEFAULT_WEBHOOK_PORT)
    if not webhook_port.isdigit() or not 0 < int(webhook_port) <= MAX_PORT:
        raise ConfigError(f"WEBHOOK_PORT is not a port number (1-{MAX_PORT}): {webhook_port!r}")
    webhook_secret = get("WEBHOOK_SECRET")
    if webhook_secret is not None and not WEBHOOK_SECRET_PATTERN.fullmatch(webhook_secret):
        # The value itself stays out of the message: it is a secret, however malformed.
        raise ConfigError(
            f"WEBHOOK_SECRET must be 1-256 of A-Z a-z 0-9 _ - ({len(webhook_secret)} characters"
            " given, or a character outside them)"
        )
    database_url = get("DATABASE_URL")
    if database_url is not None and not is_database_url(database_url):
        # The value itself is not repeated: it may hold a password.
        raise ConfigError("DATABASE_URL must start with postgresql:// or postgres://")
    return Settings(
        token=get("TELEGRAM_BOT_TOKEN"),
        api_base_url=get("TELEGRAM_API_BASE_URL"),
        api_file_url=get("TELEGRAM_API_FILE_URL"),
        database_path=Path(get("DATABASE_PATH") or DEFAULT_DATABASE_PATH),
        admin_ids=frozenset(admin_ids),
        timezone=timezone,
        bot_username=get("TELEGRAM_BOT_USERNAME"),
        reminder_time=reminder_time.replace(tzinfo=None),
        backup_dir=Path(get("BACKUP_DIR") or DEFAULT_BACKUP_DIR),
        send_rate=send_rate,
        webhook_listen=get("WEBHOOK_LISTEN") or DEFAULT_WEBHOOK_LISTEN,
        webhook_port=int(webhook_port),
        webhook_secret=webhook_secret,
        database_url=database_url,
    )
