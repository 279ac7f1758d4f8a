"""The command line: python -m bot."""

from __future__ import annotations

import asyncio
from datetime import date
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
    assert main(["invite", "officer", "--project", "NOPE"]) == 2
    assert "NOPE" in capsys.readouterr().err


def test_run_without_token_explains_in_thai_and_english(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Starting without a token exits with how to get one, in Thai and English."""
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "@BotFather" in err and "ยังไม่ได้ตั้งค่า" in err and "is not set" in err


def _add(*extra: str) -> int:
    """Run project add for project X-2 with the given extra arguments."""
    return main(
        [
            "project",
            "add",
            "--code",
            "X-2",
            "--name",
            "ทดสอบ",
            "--agency",
            "สำนักงานเขตพญาไท",
            *extra,
        ]
    )


def _stored(database: Path, code: str = "X-2") -> object:
    """Return the project stored under a code, or None."""

    async def read() -> object:
        store = await Storage.open(database)
        try:
            return await store.projects.by_code(code)
        finally:
            await store.close()

    return asyncio.run(read())


def test_ce_fiscal_year_is_one_clear_line_and_status_2(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fiscal-year 2026 is refused in one line naming the BE year, no traceback."""
    assert _add("--fiscal-year", "2026") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2569" in err and "Traceback" not in err
    assert _stored(database) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2568-10-01", "2569-09-30"),
        ("1/10/2568", "30/9/2569"),
        ("๑/๑๐/๒๕๖๘", "๓๐/๙/๒๕๖๙"),
        ("1 ตุลาคม 2568", "30 ก.ย. 69"),
        ("2025-10-01", "30/09/2026"),
    ],
)
def test_plan_step_dates_in_be_or_ce_are_stored_as_the_same_day(
    database: Path, start: str, end: str
) -> None:
    """Plan-step dates typed in BE, CE, Thai digits or Thai month names mean the same days."""
    assert _add("--fiscal-year", "2569", "--plan-step", f"ทำงาน|100|{start}|{end}") == 0
    project = _stored(database)
    assert project is not None
    [step] = project.plan_steps  # type: ignore[attr-defined]
    assert (step.start, step.end) == (date(2025, 10, 1), date(2026, 9, 30))


def test_plan_step_outside_the_fiscal_year_shows_the_expected_form(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A step date of another fiscal year is refused with the form expected."""
    assert _add("--fiscal-year", "2569", "--plan-step", "ทำงาน|100|2020-10-01|2021-09-30") == 2
    err = capsys.readouterr().err
    assert "not in fiscal year 2569" in err and "01/10/2568" in err and err.count("\n") == 1
    assert _stored(database) is None


def test_invite_for_unknown_agency_offers_the_closest_and_creates_none(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invite for an agency nobody knows names the closest ones and creates no agency."""
    assert _add("--fiscal-year", "2569") == 0
    capsys.readouterr()
    assert main(["invite", "supervisor", "--agency", "สำนักงานเขตพญาไทย"]) == 2
    err = capsys.readouterr().err
    assert "did you mean: สำนักงานเขตพญาไท?" in err

    async def agencies() -> list[tuple[int, str]]:
        store = await Storage.open(database)
        try:
            return await store.projects.agency_ids()
        finally:
            await store.close()

    assert [name for _, name in asyncio.run(agencies())] == ["สำนักงานเขตพญาไท"]


def test_invite_with_look_alike_agency_finds_the_stored_one(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An agency typed with ํ + า, zero-width spaces or doubled spaces is the stored one."""
    assert (
        main(
            [
                "project",
                "add",
                "--code",
                "X-3",
                "--name",
                "ก",
                "--agency",
                "สํานักงาน\u200bเขต  บางรัก",
                "--fiscal-year",
                "2569",
            ]
        )
        == 0
    )
    assert main(["invite", "supervisor", "--agency", "สำนักงานเขต บางรัก"]) == 0
    assert "/start " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("env", "url", "named"),
    [
        ({"WEBHOOK_SECRET": "Good_secret-1"}, "http://bot.example.org/hook", "https://"),
        ({}, "https://bot.example.org/hook", "WEBHOOK_SECRET is required"),
        ({"WEBHOOK_SECRET": "bad secret!"}, "https://bot.example.org/hook", "WEBHOOK_SECRET"),
        ({"WEBHOOK_SECRET": "Good_secret-1", "WEBHOOK_PORT": "99999"}, None, "WEBHOOK_PORT"),
    ],
)
def test_webhook_mistakes_are_one_clear_line_and_status_2(
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    url: str | None,
    named: str,
) -> None:
    """A plain-HTTP URL, a missing or malformed secret, a bad port: one line, no secret, exit 2."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["run", "--webhook", url or "https://bot.example.org/hook"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err
    assert "bad secret!" not in err and "Good_secret-1" not in err
