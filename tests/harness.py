"""Drive the real Application against the fake Bot API, one update at a time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bot.app import build_application, services_of
from core.config import Settings
from core.domain import PlanStep, Project, Role
from core.i18n import t
from core.reminders.clock import FixedClock
from fakeapi import FakeTelegram, FakeUser, MessageRecord
from handlers.context import BotApplication
from handlers.flood import GUARD, FloodGuard, Limits
from storage import Storage
from storage.db import value_of
from storage.projects import ProjectStore

BANGKOK = ZoneInfo("Asia/Bangkok")
ADMIN_ID = 9001
SAMPLE_CODE = "50450000-3247"
SAMPLE_NAME = "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง"
SAMPLE_AGENCY = "สำนักงานเขตวังทองหลาง"


def make_settings(fake: FakeTelegram, database: Path, **overrides: Any) -> Settings:
    """Return settings that point the bot at the fake."""
    values: dict[str, Any] = {
        "token": fake.token,
        "api_base_url": fake.base_url,
        "api_file_url": fake.base_file_url,
        "database_path": database,
        "admin_ids": frozenset({ADMIN_ID}),
        "timezone": BANGKOK,
        # No pacing in tests: they assert what is sent, never how fast (bench/ measures that).
        "send_rate": 10_000.0,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Harness:
    """The bot, its fake Telegram and its clock."""

    fake: FakeTelegram
    app: BotApplication
    clock: FixedClock

    @property
    def store(self) -> Storage:
        """Return the bot's storage."""
        return services_of(self.app).store

    async def deliver(self, raw: dict[str, Any]) -> None:
        """Hand one update from the fake to the application and wait until it is handled."""
        await self.app.process_update(Update.de_json(raw, self.app.bot))

    async def say(self, user: FakeUser, text: str) -> MessageRecord:
        """Send text as a user and return the bot's last message in that chat."""
        await self.deliver(user.send_text(text))
        return self.last(user)

    async def tap(self, user: FakeUser, button_text: str) -> MessageRecord:
        """Tap an inline button by its text and return the bot's last message."""
        await self.deliver(user.press_button(user.chat_id, button_text))
        return self.last(user)

    def last(self, user: FakeUser) -> MessageRecord:
        """Return the bot's latest message to a user."""
        message = self.fake.last_message(user.chat_id)
        assert message is not None, "the bot sent nothing"
        return message

    def texts(self, user: FakeUser) -> list[str]:
        """Return every text (or caption) the bot sent to a user."""
        return [m.content or "" for m in self.fake.sent(user.chat_id)]

    async def stored_reports(self) -> int:
        """Return how many reports the database holds."""
        return int(
            await self.store.db.read(lambda conn: value_of(conn, "SELECT COUNT(*) FROM reports"))
        )

    async def reach_summary(self, user: FakeUser, percent: str = "45") -> MessageRecord:
        """Answer every report question (no problems, obstacles or photos); return the summary."""
        await self.say(user, "/report")
        return await self.answer_to_summary(user, percent)

    async def answer_to_summary(self, user: FakeUser, percent: str = "45") -> MessageRecord:
        """Answer every question of an open report from the percent on; return the summary."""
        await self.say(user, percent)
        await self.say(user, "ประชุมคณะทำงาน")
        await self.tap(user, t("report.button_none"))
        return await self.tap(user, t("report.button_none"))

    async def file_report(self, user: FakeUser, percent: str = "45") -> MessageRecord:
        """Walk an officer through a whole report and confirm it."""
        await self.reach_summary(user, percent)
        return await self.tap(user, t("report.button_confirm"))

    async def eventually(self, condition: Callable[[], bool], seconds: float = 5.0) -> None:
        """Wait until ``condition`` holds: for what handlers finish beside the next update."""
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "the condition never held"
            await asyncio.sleep(0.01)

    def set_time(self, moment: datetime) -> None:
        """Move the bot's clock."""
        self.clock.set(moment)

    async def add_project(
        self,
        code: str = SAMPLE_CODE,
        name: str = SAMPLE_NAME,
        agency: str = SAMPLE_AGENCY,
        steps: tuple[PlanStep, ...] | None = None,
    ) -> int:
        """Store a project (FY 2570, two plan steps by default) and return its id."""
        if steps is None:
            steps = (
                PlanStep(1, "ขออนุมัติโครงการ", Decimal(20), date(2026, 10, 1), date(2026, 10, 31)),
                PlanStep(2, "ดำเนินการ", Decimal(80), date(2026, 11, 1), date(2027, 8, 31)),
            )
        return await self.store.projects.add(
            Project(code=code, name=name, agency=agency, fiscal_year=2570, plan_steps=steps)
        )

    async def register(
        self,
        user: FakeUser,
        role: Role = Role.OFFICER,
        *,
        codes: tuple[str, ...] = (SAMPLE_CODE,),
        agency: str | None = None,
    ) -> MessageRecord:
        """Invite a person and let them open the link, as in real use."""
        if agency is not None:
            # Invites never create an agency; a test's agency without projects is made here.
            await self.store.db.write(lambda conn: ProjectStore.agency_id(conn, agency))
        token = await self.store.invites.create(
            role,
            self.clock.now(),
            agency=agency,
            project_codes=codes if role is Role.OFFICER else (),
        )
        return await self.say(user, f"/start {token}")


async def start_harness(
    fake: FakeTelegram, database: Path, now: datetime, **overrides: Any
) -> Harness:
    """Build and initialise the application the way run_polling would, without polling.

    ``overrides`` change the settings (``database_url=…`` runs it on PostgreSQL).
    """
    clock = FixedClock(now)
    app = build_application(make_settings(fake, database, **overrides), clock, updater=False)
    # Tests send hundreds of updates from one person at once (tests/security); the flood
    # guard has its own tests (tests/reliability/test_flood.py).
    services_of(app).extras[GUARD] = FloodGuard(Limits(burst=1e9, per_second=1e9))
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    # Running, so that tasks a handler starts on its own (removing answered buttons) are
    # awaited on stop; jobs stay paused: tests run them on the fixed clock themselves.
    await app.start()
    if app.job_queue is not None:
        app.job_queue.scheduler.pause()
    return Harness(fake, app, clock)


async def stop_harness(harness: Harness) -> None:
    """Shut the application down the way run_polling would."""
    await harness.app.stop()
    await harness.app.shutdown()
    if harness.app.post_shutdown:
        await harness.app.post_shutdown(harness.app)
