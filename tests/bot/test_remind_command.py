"""``python -m bot remind``: the dry run prints who would get what; sending uses the fake."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.remind_command import remind_command
from core.domain import Project, Role
from fakeapi import FakeTelegram
from storage import Storage
from storage.db import SyncConnection
from storage.users import UserStore
from tests.core.reminders.helpers import bkk
from tests.harness import make_settings

DAY20 = bkk(2026, 11, 20, 9, 0)


async def _seed(path: Path) -> None:
    store = await Storage.open(path)
    try:
        project_id = await store.projects.add(Project("P-1", "Road <repair>", "Agency", 2570))

        def work(conn: SyncConnection) -> None:
            UserStore.register(conn, 2001, "Somsri", Role.OFFICER, None, [project_id])

        await store.db.write(work)
    finally:
        await store.close()


async def test_dry_run_lists_people_and_sends_nothing(fake: FakeTelegram, tmp_path: Path) -> None:
    """The dry run names the officer and project as plain text and writes no delivery."""
    database = tmp_path / "bot.sqlite3"
    await _seed(database)
    settings = replace(make_settings(fake, database), token=None)
    output = await remind_command(settings, dry_run=True, now=DAY20)
    assert "Somsri: P-1" in output and "<b>" not in output
    store = await Storage.open(database)
    try:
        assert await store.reminders.deliveries() == []
    finally:
        await store.close()
    assert fake.calls("sendMessage") == []


async def test_send_goes_through_the_bot_api(fake: FakeTelegram, tmp_path: Path) -> None:
    """Without --dry-run the due reminder is sent once; a second call sends nothing."""
    database = tmp_path / "bot.sqlite3"
    await _seed(database)
    officer = fake.user(2001, "Somsri")
    officer.send_text("/start")  # the officer opened the chat long ago
    settings = make_settings(fake, database)
    first = await remind_command(settings, dry_run=False, now=DAY20)
    second = await remind_command(settings, dry_run=False, now=DAY20)
    assert first.startswith("sent 1,") and second.startswith("sent 0,")
    assert len(fake.sent(2001)) == 1 and fake.refusals == []


def test_cli_refuses_to_send_without_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``remind`` without a token and without --dry-run explains and exits with 2."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["remind"]) == 2
    assert "--dry-run" in capsys.readouterr().err
    assert main(["remind", "--dry-run"]) == 0
    assert capsys.readouterr().out.strip()
