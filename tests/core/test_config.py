"""Settings from the environment and .env."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.logging_setup import RedactToken
from core.config import ConfigError, load_settings, webhook_of


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    """Values come from .env unless the environment sets them too."""
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nTELEGRAM_BOT_TOKEN=111:AAA\nBOT_ADMIN_IDS=5, 6\nDATABASE_PATH='x.db'\n",
        encoding="utf-8",
    )
    settings = load_settings({"DATABASE_PATH": "y.db"}, env_file)
    assert settings.token == "111:AAA"
    assert settings.admin_ids == frozenset({5, 6})
    assert settings.database_path == Path("y.db")
    assert settings.timezone.key == "Asia/Bangkok"


def test_env_file_takes_comments_quotes_and_export(tmp_path: Path) -> None:
    """An inline comment, a quoted '#' and an ``export`` line read as a shell would."""
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SEND_RATE=20  # per second\n"
        "export TELEGRAM_BOT_USERNAME=field_report_bot\n"
        'BACKUP_DIR="backups #1"\n'
        "DATABASE_PATH=data/$HOME.db\n",
        encoding="utf-8",
    )
    settings = load_settings({}, env_file)
    assert settings.send_rate == 20
    assert settings.bot_username == "field_report_bot"
    assert settings.backup_dir == Path("backups #1")
    assert settings.database_path == Path("data/$HOME.db")


def test_defaults_without_anything() -> None:
    """Without settings the token is missing and the defaults apply."""
    settings = load_settings({}, None)
    assert settings.token is None
    assert settings.database_path == Path("data/fieldreport.sqlite3")
    assert settings.admin_ids == frozenset()


def test_bad_values_are_refused() -> None:
    """A non-numeric admin id or an unknown zone is a configuration error."""
    with pytest.raises(ConfigError):
        load_settings({"BOT_ADMIN_IDS": "abc"}, None)
    with pytest.raises(ConfigError):
        load_settings({"BOT_TIMEZONE": "Mars/Olympus"}, None)


def test_token_never_shows_in_repr_or_logs() -> None:
    """The token is hidden in the settings' repr and redacted from log records."""
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "999:SECRET"}, None)
    assert "SECRET" not in repr(settings)
    record = logging.LogRecord(
        "x", logging.INFO, "f", 1, "POST /bot%s/getMe", ("999:SECRET",), None
    )
    RedactToken("999:SECRET").filter(record)
    assert "SECRET" not in record.getMessage()


def test_webhook_settings_default_and_follow_the_url() -> None:
    """Listen on loopback:8443 by default; the path comes from the URL; the secret stays hidden."""
    settings = load_settings({"WEBHOOK_SECRET": "Abc_123-xyz"}, None)
    webhook = webhook_of(settings, "https://bot.example.org/telegram/hook")
    assert (webhook.listen, webhook.port, webhook.path) == ("127.0.0.1", 8443, "telegram/hook")
    assert webhook.secret == "Abc_123-xyz"
    assert "Abc_123-xyz" not in repr(settings) and "Abc_123-xyz" not in repr(webhook)
    moved = load_settings({"WEBHOOK_LISTEN": "0.0.0.0", "WEBHOOK_PORT": "9000"}, None)
    assert (moved.webhook_listen, moved.webhook_port) == ("0.0.0.0", 9000)


def test_webhook_secret_follows_telegrams_rule() -> None:
    """1-256 of A-Z a-z 0-9 _ - are accepted; anything else, or longer, is refused."""
    assert load_settings({"WEBHOOK_SECRET": "a" * 256}, None).webhook_secret == "a" * 256
    for bad in ("a" * 257, "with space", "ไทย", "semi;colon"):
        with pytest.raises(ConfigError, match="WEBHOOK_SECRET") as refused:
            load_settings({"WEBHOOK_SECRET": bad}, None)
        assert bad not in str(refused.value)


def test_database_url_selects_postgresql_and_hides_its_password() -> None:
    """DATABASE_URL is kept as given, and its password never shows in the settings' repr."""
    url = "postgresql://bot:pa55-word@db.example:5432/fieldreport"
    settings = load_settings({"DATABASE_URL": url}, env_file=None)
    assert settings.database_url == url
    assert "pa55-word" not in repr(settings)


@pytest.mark.parametrize("url", ["sqlite:///x.db", "mysql://u:pa55-word@h/d", "localhost:5432"])
def test_database_url_of_another_scheme_is_refused_without_echoing_it(url: str) -> None:
    """Only postgresql:// and postgres:// are accepted; the error does not repeat the value."""
    with pytest.raises(ConfigError, match="DATABASE_URL") as raised:
        load_settings({"DATABASE_URL": url}, env_file=None)
    assert url not in str(raised.value)
