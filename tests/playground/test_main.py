"""``python -m bot playground``: options, the terminal banner, and the no-token default."""

from __future__ import annotations

from pathlib import Path

import pytest

import playground.main as playground_main
from bot.cli import main
from playground.main import DEFAULT_DATABASE, DEFAULT_PORT, banner, options


def test_options_default_env_and_arguments(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Port and database come from the arguments, else PLAYGROUND_*, else the defaults."""
    monkeypatch.chdir(tmp_path)  # no .env here
    assert options(None, None, {}) == (DEFAULT_PORT, Path(DEFAULT_DATABASE))
    env = {"PLAYGROUND_PORT": "8181", "PLAYGROUND_DATABASE": "x.sqlite3"}
    assert options(None, None, env) == (8181, Path("x.sqlite3"))
    assert options(9000, "y.sqlite3", env) == (9000, Path("y.sqlite3"))
    with pytest.raises(ValueError, match="PLAYGROUND_PORT"):
        options(None, None, {"PLAYGROUND_PORT": "eighty"})
    with pytest.raises(ValueError, match="out of range"):
        options(70000, None, {})


def test_banner_says_where_and_how_to_switch_in_thai_and_english() -> None:
    """The terminal names the URL and says to put TELEGRAM_BOT_TOKEN in .env, in both languages."""
    text = banner("http://127.0.0.1:8080", Path("data/playground.sqlite3"))
    assert text.count("http://127.0.0.1:8080") == 2
    assert text.count("TELEGRAM_BOT_TOKEN") == 2 and ".env" in text
    assert "สนามทดลอง" in text and "Playground" in text


def test_no_subcommand_without_token_starts_the_playground(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``python -m bot`` with no token starts the playground; ``run`` stays strict."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    calls: list[tuple[int | None, str | None]] = []

    def fake_run(port: int | None = None, database: str | None = None) -> int:
        calls.append((port, database))
        return 0

    monkeypatch.setattr(playground_main, "run_playground", fake_run)
    assert main([]) == 0
    assert main(["playground", "--port", "8123", "--database", "p.sqlite3"]) == 0
    assert calls == [(None, None), (8123, "p.sqlite3")]
    assert main(["run"]) == 2
