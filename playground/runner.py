"""Wire the strict fake Bot API and the real Application together, with a settable clock."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application, services_of
from core.config import Settings
from core.reminders.occasions import next_occasions
from fakeapi import FakeTelegram, FakeUser
from handlers.context import BotApplication
from handlers.reminders.delivery import RunResult, calendar_of, run_due
from playground.clock import PlaygroundClock, at_check_time, jump_date
from playground.seed import BUNDLED_SAMPLES, PEOPLE, START, Person, person_name, sample_files
from playground.seed import seed as seed_database
from storage import Storage

log = logging.getLogger(__name__)
BANGKOK = ZoneInfo("Asia/Bangkok")
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# What each jump on the page aims at: the occasion kind the reminder code sends.
JUMP_KINDS = {"20": "day20", "25": "day25", "last": "last_day", "first": "digest"}
# Short long-polls, so that stopping (reset, Ctrl+C) never waits long.
POLL_TIMEOUT = 1


class Playground:
    """The real bot polling a local fake Telegram, over its own seeded database."""

    def __init__(
        self,
        database: Path,
        *,
        samples: Path = BUNDLED_SAMPLES,
        start: datetime = START,
        timezone: ZoneInfo = BANGKOK,
    ) -> None:
        self.database = database
        self.samples = samples
        self.start_moment = start
        self.timezone = timezone
        self.clock = PlaygroundClock(start)
        self.fake: FakeTelegram | None = None
        self.app: BotApplication | None = None
        # Reset, date moves and shutdown must not overlap.
        self.lock = asyncio.Lock()

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Seed the database when it is new, then start the fake and the polling bot."""
        if not self.database.exists():
            await self.seed()
        fake = FakeTelegram()
        await fake.start()
        for person in PEOPLE:
            # They pressed Start long ago: the bot may write to them (reminders) at once.
            self.user(person, fake).chat.started = True
        settings = Settings(
            token=fake.token,
            api_base_url=fake.base_url,
            api_file_url=fake.base_file_url,
            database_path=self.database,
            admin_ids=frozenset(p.telegram_id for p in PEOPLE if p.key == "admin"),
            timezone=self.timezone,
            backup_dir=self.database.with_name(f"{self.database.stem}-backups"),
        )
        app = build_application(settings, self.clock)
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES
        )
        await app.start()
        self.fake, self.app = fake, app

    async def stop(self) -> None:
        """Stop polling, shut the application down and stop the fake."""
        app, fake = self.app, self.fake
        self.app = self.fake = None
        if app is not None:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)
        if fake is not None:
            await fake.stop()

    async def seed(self) -> list[str]:
        """Create the database from the sample pages; return the project codes."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        store = await Storage.open(self.database)
        try:
            return await seed_database(store, sample_files(self.samples), self.start_moment)
        finally:
            await store.close()

    async def reset(self) -> None:
        """Put everything back: a fresh database, empty chats and the starting date."""
        async with self.lock:
            await self.stop()
            await asyncio.to_thread(self._remove_database)
            self.clock.set(self.start_moment)
            await self.start()

    def _remove_database(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)

    # -- what the page does --------------------------------------------------------------

    def user(self, person: Person, fake: FakeTelegram | None = None) -> FakeUser:
        """Return the fake Telegram user a person is played as."""
        target = fake or self.fake
        assert target is not None, "the playground is not running"
        return target.user(person.telegram_id, person_name(person), language_code="th")

    def today(self) -> date:
        """Return the bot's date."""
        return self.clock.now().astimezone(self.timezone).date()

    def jump_target(self, jump: str) -> date:
        """Return the day the next occasion of a jump is sent on (moved off holidays)."""
        kind = JUMP_KINDS.get(jump)
        if kind is None:
            raise ValueError(f"unknown jump {jump!r}")
        assert self.app is not None, "the playground is not running"
        services = services_of(self.app)
        now = at_check_time(self.today(), services.settings.reminder_time, self.timezone)
        upcoming = next_occasions(
            now, calendar_of(services), count=8, at=services.settings.reminder_time
        )
        for occasion in upcoming:
            if occasion.kind == kind or kind in occasion.absorbed:
                return occasion.scheduled_date
        return jump_date(self.today(), jump)

    async def move_to(self, day: date) -> RunResult:
        """Set the bot's date (just after the daily check) and run the reminder check."""
        async with self.lock:
            assert self.app is not None, "the playground is not running"
            settings = services_of(self.app).settings
            self.clock.set(at_check_time(day, settings.reminder_time, self.timezone))
            return await run_due(self.app)
