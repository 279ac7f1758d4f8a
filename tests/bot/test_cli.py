"""The command line: python -m bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main, parse_plan_step
from storage import Storage


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a temporary database with no token."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    return path


def test_project_add_stores_plan_steps(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """project add stores the project with its weighted plan steps."""
    code = main(
        [
            "project",
            "add",
            "--code",
            "X-1",
            "--name",
            "โครงการทดสอบ",
            "--agency",
            "สำนักงานเขตพญาไท",
            "--fiscal-year",
            "2569",
            "--plan-step",
            "ขออนุมัติ|20|2025-10-01|2025-10-31",
            "--plan-step",
            "ดำเนินการ|80%|2025-11-01|2026-09-30",
        ]
    )
    assert code == 0

    async def check() -> None:
        store = await Storage.open(database)
        project = await store.projects.by_code("X-1")
        await store.close()
        assert project is not None and project.fiscal_year == 2569
        assert [str(step.weight) for step in project.plan_steps] == ["20.00", "80.00"]

    asyncio.run(check())
    assert "X-1" in capsys.readouterr().out


def test_bad_plan_step_is_refused() -> None:
    """A plan step with a bad date or missing part is a clear error."""
    with pytest.raises(ValueError, match="plan step 2"):
        parse_plan_step(2, "ก|10|2025-13-01|2025-12-31")
    with pytest.raises(ValueError, match="plan step 1"):
        parse_plan_step(1, "ก|10")


def test_invite_for_unknown_project_fails(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Inviting an officer for a code that does not exist exits non-zero."""
    assert main(["invite", "officer", "--project", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().err


def test_run_without_token_explains_in_thai_and_english(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Starting without a token exits with how to get one, in Thai and English."""
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "@BotFather" in err and "ยังไม่ได้ตั้งค่า" in err and "is not set" in err
