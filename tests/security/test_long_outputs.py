"""Extreme data: every text stays below 4096 (split at line breaks), every caption below 1024."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from decimal import Decimal

from core.domain import Role
from core.i18n import t
from core.text import CAPTION_LIMIT, MESSAGE_LIMIT, SAFE_MESSAGE_LIMIT, utf16_length
from fakeapi import FakeUser
from handlers.history import history_text
from handlers.problems import problems_text
from handlers.reminders.delivery import run_due
from storage.status_queries import StatusQueries
from tests.harness import ADMIN_ID, BANGKOK, Harness
from tests.security.support import stub_charts
from tests.status_support import add_report

LONG_AGENCY = "สำนักงานเขต" + "บางกะปิและหนองจอก" * 12
LONG_NAME = "โครงการก่อสร้าง & ปรับปรุง <ถนน> " * 40
WORK = "ลงพื้นที่ตรวจงาน " * 235  # about 4000 characters on one line
NOV = date(2026, 11, 1)
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Return chat HTML as the person reads it."""
    return html.unescape(_TAG.sub("", text))


def assert_fits(harness: Harness, user: FakeUser) -> None:
    """Check every message to a person against Telegram's limits, and that none was refused."""
    assert harness.fake.refusals == []
    for message in harness.fake.sent(user.chat_id):
        if message.text is not None:
            assert utf16_length(message.text) <= MESSAGE_LIMIT
        if message.caption is not None:
            assert utf16_length(message.caption) <= CAPTION_LIMIT


def assert_split_at_lines(parts: list[str], full: str) -> None:
    """Check that the parts hold whole lines of the full text (over-long lines excepted)."""
    lines = {line.strip() for line in full.split("\n")}
    long_lines = [line for line in lines if utf16_length(line) > SAFE_MESSAGE_LIMIT]
    assert len(parts) > 1
    for part in parts:
        for line in part.split("\n"):
            line = line.strip()
            assert line in lines or any(line in long for long in long_lines), line[:80]


def _after(harness: Harness, user: FakeUser, mark: int) -> list[str]:
    return [m.content or "" for m in harness.fake.sent(user.chat_id) if m.message_id > mark]


def _mark(harness: Harness, user: FakeUser) -> int:
    last = harness.fake.last_message(user.chat_id)
    return last.message_id if last else 0


async def _admin(harness: Harness) -> FakeUser:
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/start")
    stub_charts(harness)
    return admin


async def test_history_of_long_reports_is_split_at_lines(harness: Harness) -> None:
    """Twelve 4000-character reports of a long-named project come in parts below 4096."""
    admin = await _admin(harness)
    project_id = await harness.add_project(name=LONG_NAME, agency=LONG_AGENCY)
    for month in range(1, 13):
        await add_report(
            harness.store,
            ADMIN_ID,
            project_id,
            date(2026, month, 1),
            str(month * 5),
            f"เดือน{month} {WORK}",
            problems=f"ปัญหา{month}\n{WORK}",
            obstacles="ไม่มี",
        )
    mark = _mark(harness, admin)
    await harness.say(admin, "/history 50450000-3247")
    parts = _after(harness, admin, mark)
    project = await harness.store.projects.by_id(project_id)
    assert project is not None
    reports = await harness.store.reports.history(project_id)
    assert_split_at_lines(parts, plain(history_text(project, reports, "th")))
    joined = "\n".join(parts)
    assert all(f"เดือน{month} " in joined and f"ปัญหา{month}" in joined for month in range(1, 13))
    assert_fits(harness, admin)


async def test_problems_of_hundreds_of_projects_are_split(harness: Harness) -> None:
    """The problems of 300 projects in a month arrive whole, in parts below 4096."""
    admin = await _admin(harness)
    for number in range(300):
        pid = await harness.add_project(
            code=f"9{number:07d}-0001", name=f"{LONG_NAME[:200]}{number}", agency=LONG_AGENCY
        )
        problem = f"ปัญหาที่{number} " + "น้ำท่วม <ซอย> & ถนนชำรุด " * 8
        await add_report(harness.store, ADMIN_ID, pid, NOV, "20", problems=problem)
    mark = _mark(harness, admin)
    await harness.say(admin, "/problems 11/2569")
    parts = _after(harness, admin, mark)
    admin_user = await harness.store.users.get(ADMIN_ID)
    assert admin_user is not None
    found = await StatusQueries(harness.store.db).month_reports(
        admin_user, NOV, with_issues_only=True
    )
    assert_split_at_lines(parts, plain(problems_text(found, NOV, "th")))
    joined = "\n".join(parts)
    assert all(f"ปัญหาที่{number} " in joined for number in range(300))
    assert_fits(harness, admin)


async def test_overview_of_hundreds_of_projects_fits(harness: Harness) -> None:
    """An agency of 300 long-named projects: albums of at most 10, short captions, a summary."""
    admin = await _admin(harness)
    for number in range(300):
        await harness.add_project(
            code=f"8{number:07d}-0001", name=f"{LONG_NAME}{number}", agency=LONG_AGENCY
        )
    mark = _mark(harness, admin)
    await harness.say(admin, "/overview")
    parts = _after(harness, admin, mark)
    assert parts and "300" in parts[-1], "the summary counts every project"
    groups = harness.fake.calls("sendMediaGroup")
    assert groups and all(len(call.params.get("media", [])) <= 10 for call in groups)
    assert_fits(harness, admin)


async def test_status_card_and_chart_of_an_extreme_project_fit(harness: Harness) -> None:
    """A 1300-character name with a 4000-character report: the card is split, the caption short."""
    admin = await _admin(harness)
    project_id = await harness.add_project(name=LONG_NAME, agency=LONG_AGENCY)
    await add_report(
        harness.store, ADMIN_ID, project_id, NOV, "45", WORK, problems=WORK, obstacles=WORK
    )
    card = await harness.say(admin, "/status 50450000-3247")
    assert card.buttons(), "the buttons belong under the last part"
    await harness.tap(admin, t("status.button_chart"))
    photos = [m for m in harness.fake.sent(ADMIN_ID) if m.photo]
    assert photos and photos[-1].caption
    await harness.tap(admin, t("status.button_history"))
    assert_fits(harness, admin)


async def test_report_with_4000_character_answers_fits(harness: Harness) -> None:
    """An officer's 4000-character answers: summary, official entry and history all fit."""
    await harness.add_project(name=LONG_NAME, agency=LONG_AGENCY)
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    stub_charts(harness)
    answer = ("ก" * 3_990) + " & <จบ>"
    await harness.say(officer, "/report")
    await harness.say(officer, "45")
    for _ in range(3):
        summary = await harness.say(officer, answer)
    assert t("report.button_confirm") in summary.button_texts()
    await harness.tap(officer, t("report.button_confirm"))
    assert "ความคืบหน้าโครงการฯ ร้อยละ 45.00" in "\n".join(harness.texts(officer))
    await harness.say(officer, "/history")
    await harness.tap(officer, harness.last(officer).button_texts()[0])
    draft = await harness.store.drafts.get(officer.id)
    assert draft is None
    reports = await harness.store.reports.history(1)
    assert reports[0].percent == Decimal("45.00") and reports[0].work_done == answer
    assert_fits(harness, officer)


async def test_digest_of_hundreds_of_projects_fits(harness: Harness) -> None:
    """A reminder and the monthly digests naming 300 long-named projects stay below 4096."""
    admin = await _admin(harness)
    supervisor = harness.fake.user(3001, "หัวหน้า")
    officer = harness.fake.user(2001, "สมศรี")
    codes = [f"7{number:07d}-0001" for number in range(300)]
    for number, code in enumerate(codes):
        await harness.add_project(code=code, name=f"{LONG_NAME[:300]}{number}", agency=LONG_AGENCY)
    await harness.register(supervisor, Role.SUPERVISOR, agency=LONG_AGENCY)
    await harness.register(officer, codes=tuple(codes))

    # The officer's reminder names all 300 projects.
    mark = _mark(harness, officer)
    harness.set_time(datetime(2026, 11, 20, 9, 0, tzinfo=BANGKOK))
    await run_due(harness.app)
    assert _after(harness, officer, mark), "a reminder was due"
    assert_fits(harness, officer)
    marks = {ADMIN_ID: _mark(harness, admin), 3001: _mark(harness, supervisor)}
    harness.set_time(datetime(2026, 12, 1, 9, 0, tzinfo=BANGKOK))
    await run_due(harness.app)
    for user in (admin, supervisor):
        parts = _after(harness, user, marks[user.id])
        assert len(parts) > 1, "300 projects do not fit one message"
        assert "70000299-0001" in "\n".join(parts)
        assert_fits(harness, user)
