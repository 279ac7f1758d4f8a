"""People, projects and reports for the reminder delivery tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.domain import PlanStep, Role
from fakeapi import FakeUser, MessageRecord
from handlers.reminders.delivery import RunResult, run_due
from storage.convert import month_key, to_hundredths
from storage.db import SyncConnection
from tests.harness import ADMIN_ID, SAMPLE_CODE, Harness

OTHER_CODE = "50450000-9999"
OTHER_AGENCY = "สำนักงานเขตบางกะปิ"
EARLY_STEPS = (
    PlanStep(1, "ขออนุมัติโครงการ", Decimal(50), date(2026, 10, 1), date(2026, 10, 31)),
    PlanStep(2, "ดำเนินการ", Decimal(50), date(2026, 11, 1), date(2026, 11, 30)),
)


async def add_officer(
    harness: Harness, user_id: int, name: str, codes: tuple[str, ...] = (SAMPLE_CODE,)
) -> FakeUser:
    """Register an officer of the given projects through an invite, as in real use."""
    user = harness.fake.user(user_id, name)
    await harness.register(user, Role.OFFICER, codes=codes)
    return user


async def add_supervisor(harness: Harness, user_id: int, name: str, agency: str) -> FakeUser:
    """Register a supervisor of an agency."""
    user = harness.fake.user(user_id, name)
    await harness.register(user, Role.SUPERVISOR, agency=agency)
    return user


async def start_admin(harness: Harness) -> FakeUser:
    """Let the configured admin open the chat, so that the bot may write to them."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/start")
    return admin


async def add_report(
    harness: Harness, project_id: int, month: date, percent: str, reporter: str = "สมศรี"
) -> None:
    """Store a report directly (the report conversation has its own tests)."""

    def work(conn: SyncConnection) -> None:
        conn.execute(
            "INSERT INTO reports (project_id, month, revision, percent_hundredths, reported_on,"
            " work_done, reporter_name) VALUES (?, ?, 1, ?, ?, 'ทำงาน', ?)",
            (
                project_id,
                month_key(month),
                to_hundredths(Decimal(percent)),
                month.isoformat(),
                reporter,
            ),
        )

    await harness.store.db.write(work)


async def two_agencies(harness: Harness) -> tuple[int, int]:
    """Store the sample project and one of another agency; return their ids."""
    first = await harness.add_project()
    second = await harness.add_project(
        code=OTHER_CODE, name="ปรับปรุงสวนสาธารณะ", agency=OTHER_AGENCY, steps=EARLY_STEPS
    )
    return first, second


async def run(harness: Harness) -> RunResult:
    """Run the reminder check at the harness clock's time."""
    return await run_due(harness.app)


def bot_messages(harness: Harness, user: FakeUser, after: int = 0) -> list[MessageRecord]:
    """Return the bot's messages to a user after the given message id."""
    return [m for m in harness.fake.sent(user.chat_id) if m.message_id > after]


def last_id(harness: Harness, user: FakeUser) -> int:
    """Return the id of the bot's latest message to a user (0 if none)."""
    message = harness.fake.last_message(user.chat_id)
    return 0 if message is None else message.message_id
