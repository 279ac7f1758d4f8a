"""Jobs run once across processes: three Applications on one database and one fake Telegram."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Job

from bot.backup import JOB_NAME as BACKUP_JOB
from bot.backup import LAST_BACKUP
from bot.backup import MISSED_JOB_NAME as MISSED_BACKUP_JOB
from bot.jobs import (
    BACKUP_LEASE,
    JOB_NAMES,
    KEEPER_JOB,
    REMINDERS_LEASE,
    TAKEOVER_JOB,
    held_leases,
)
from bot.pacing import FairPacer
from fakeapi import FakeTelegram, FakeUser
from handlers.flood import guard_of
from handlers.reminders.delivery import services_of
from storage.leases import LEASE_TTL
from tests.core.reminders.helpers import bkk
from tests.handlers.reminders.world import add_officer
from tests.harness import Harness, start_harness, stop_harness

NOVEMBER = date(2026, 11, 1)
# The 20th at 09:00: every officer without a November report is due a reminder.
DUE = bkk(2026, 11, 20, 9, 0)


@pytest.fixture
async def bots(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[list[Harness]]:
    """Start three Applications ("processes") on one database, all at the due time."""
    database = tmp_path / "shared.sqlite3"
    started = [await start_harness(fake, database, DUE) for _ in range(3)]
    yield started
    for harness in started:
        if harness.app.running:
            await stop_harness(harness)


def job(harness: Harness, name: str) -> Job[Any]:
    """Return the application's scheduled job of that name."""
    assert harness.app.job_queue is not None
    (found,) = harness.app.job_queue.get_jobs_by_name(name)
    return found


async def keep(harness: Harness, at: datetime) -> None:
    """Run the harness's lease keeper once at ``at``, as its 15-second repeat would."""
    harness.set_time(at)
    await job(harness, KEEPER_JOB).run(harness.app)


def process_of(harness: Harness) -> str:
    """Return the process id the harness's Application claims with."""
    return services_of(harness.app).process_id


async def officers(harness: Harness, count: int) -> list[FakeUser]:
    """Register ``count`` officers of the sample project through invites."""
    await harness.add_project()
    return [await add_officer(harness, 2001 + n, f"officer {n}") for n in range(count)]


def received(harness: Harness, user: FakeUser) -> int:
    """Return how many messages the bot sent a person."""
    return len(harness.fake.sent(user.chat_id))


async def test_processes_get_distinct_ids(bots: list[Harness]) -> None:
    """Every Application has its own process id: host, pid and a random part."""
    ids = {process_of(harness) for harness in bots}
    assert len(ids) == 3
    assert all(len(process_id.split(":")) == 3 for process_id in ids)


async def test_three_processes_send_each_reminder_once(bots: list[Harness]) -> None:
    """The daily check fires in three processes at once: one holder sends each reminder once."""
    people = await officers(bots[0], 3)
    before = {user.id: received(bots[0], user) for user in people}
    await asyncio.gather(*(job(h, JOB_NAMES["reminders"]).run(h.app) for h in bots))
    for user in people:
        assert received(bots[0], user) == before[user.id] + 1
    holders = [h for h in bots if REMINDERS_LEASE in held_leases(services_of(h.app))]
    assert len(holders) == 1
    deliveries = await bots[0].store.reminders.deliveries(NOVEMBER)
    assert sorted(d.state for d in deliveries) == ["sent"] * 3


async def test_only_one_keeper_holds_the_leases(bots: list[Harness]) -> None:
    """Three keepers run at once: each lease is held by exactly one process, the one stored."""
    await asyncio.gather(*(keep(h, DUE) for h in bots))
    for name in (REMINDERS_LEASE, BACKUP_LEASE):
        # The keepers claim each lease on its own, so two leases may go to two processes.
        holders = [h for h in bots if name in held_leases(services_of(h.app))]
        assert len(holders) == 1
        assert await bots[0].store.leases.holder(name, DUE) == process_of(holders[0])


async def test_keepers_give_each_pacer_its_share(bots: list[Harness]) -> None:
    """One live process keeps the whole send rate; with three live each sends a third."""
    pacers = [h.app.bot.rate_limiter for h in bots]
    assert all(isinstance(pacer, FairPacer) for pacer in pacers)
    whole = services_of(bots[0].app).settings.send_rate
    await keep(bots[0], DUE)
    assert isinstance(pacers[0], FairPacer) and pacers[0].rate == whole
    for seconds in (5, 10):  # the second round: every keeper has seen the other two
        for harness in bots:
            await keep(harness, DUE + timedelta(seconds=seconds))
    for pacer in pacers:
        assert isinstance(pacer, FairPacer) and pacer.rate == pytest.approx(whole / 3)


async def test_keepers_share_the_flood_allowance_only_behind_a_webhook(
    bots: list[Harness],
) -> None:
    """Polling processes keep a person's whole allowance; webhook processes split it."""
    services = [services_of(h.app) for h in bots]
    services[0].several_processes = services[1].several_processes = True
    for seconds in (5, 10):  # the second round: every keeper has seen the other two
        for harness in bots:
            await keep(harness, DUE + timedelta(seconds=seconds))
    assert [guard_of(s).processes for s in services] == [3, 3, 1]


async def test_non_holders_skip_the_backup(bots: list[Harness], tmp_path: Path) -> None:
    """The daily backup fires in every process; only the lease holder writes a file."""
    folder = tmp_path / "backups"
    for harness in bots:
        services = services_of(harness.app)
        services.settings = dataclasses.replace(services.settings, backup_dir=folder)
    await keep(bots[1], DUE)
    for harness in bots:
        await job(harness, BACKUP_JOB).run(harness.app)
    assert len(list(folder.glob("fieldreport-*.sqlite3"))) == 1


async def test_a_dead_holders_lease_is_taken_over_and_its_sends_finished(
    bots: list[Harness],
) -> None:
    """The holder dies mid-send (one delivered, one claimed, one not yet claimed).

    After the lease's TTL another process takes over, runs the catch-up at once and sends
    what was left, exactly once each.
    """
    first, second, third = await officers(bots[0], 3)
    dead, heir = bots[0], bots[1]
    await keep(dead, DUE)
    await keep(heir, DUE)
    reminders = dead.store.reminders
    project_id = (await reminders.officer_targets(NOVEMBER))[0].project_id
    # What the dead holder got done: the first reminder reached Telegram (its part recorded),
    # the second was claimed and never sent; then the process was killed (no release).
    delivered = await reminders.claim(
        first.id, project_id, NOVEMBER, "day20", DUE, by=process_of(dead)
    )
    assert delivered is not None
    await reminders.part_sent(delivered, 1)
    await reminders.claim(second.id, project_id, NOVEMBER, "day20", DUE, by=process_of(dead))
    before = {user.id: received(heir, user) for user in (first, second, third)}
    # The heir's start-up check came and went while the other process held the lease.
    startup = job(heir, JOB_NAMES["startup"])
    await startup.run(heir.app)
    startup.schedule_removal()
    assert [received(heir, user) for user in (first, second, third)] == list(before.values())
    # Within the TTL the heir keeps renewing its heartbeat but may not take the lease.
    await keep(heir, DUE + timedelta(seconds=15))
    assert REMINDERS_LEASE not in held_leases(services_of(heir.app))
    await keep(heir, DUE + LEASE_TTL)
    assert REMINDERS_LEASE in held_leases(services_of(heir.app))
    await job(heir, TAKEOVER_JOB).run(heir.app)
    after = {user.id: received(heir, user) for user in (first, second, third)}
    assert after == {
        first.id: before[first.id],
        second.id: before[second.id] + 1,
        third.id: before[third.id] + 1,
    }
    assert sorted(d.state for d in await reminders.deliveries(NOVEMBER)) == ["sent"] * 3


async def test_the_start_up_check_is_not_doubled_by_the_first_keeper_run(
    bots: list[Harness],
) -> None:
    """Taking a free lease at start-up leaves the catch-up to the start-up job."""
    await keep(bots[2], DUE)
    assert REMINDERS_LEASE in held_leases(services_of(bots[2].app))
    assert bots[2].app.job_queue is not None
    assert bots[2].app.job_queue.get_jobs_by_name(TAKEOVER_JOB) == ()


async def test_a_clean_stop_hands_the_lease_over_at_once(bots: list[Harness]) -> None:
    """A stopped holder releases its leases: another process takes them at its next keeper run."""
    leaving, staying = bots[0], bots[1]
    await keep(leaving, DUE)
    await keep(staying, DUE)
    assert held_leases(services_of(staying.app)) == set()
    await stop_harness(leaving)
    await keep(staying, DUE + timedelta(seconds=15))
    assert held_leases(services_of(staying.app)) == {REMINDERS_LEASE, BACKUP_LEASE}
    assert await staying.store.leases.live_processes(DUE + timedelta(seconds=15)) == 1


async def test_the_holder_takes_a_missed_backup_once_and_only_when_missed(
    bots: list[Harness], tmp_path: Path
) -> None:
    """The hourly check in three processes: one backup when the last is a day old, else none."""
    folder = tmp_path / "backups"
    for harness in bots:
        services = services_of(harness.app)
        services.settings = dataclasses.replace(services.settings, backup_dir=folder)
    store = bots[0].store
    await store.meta.put(LAST_BACKUP, (DUE - timedelta(hours=2)).isoformat())
    await asyncio.gather(*(job(h, MISSED_BACKUP_JOB).run(h.app) for h in bots))
    assert not folder.exists()  # two hours old: nothing was missed
    await store.meta.put(LAST_BACKUP, (DUE - timedelta(hours=26)).isoformat())
    await asyncio.gather(*(job(h, MISSED_BACKUP_JOB).run(h.app) for h in bots))
    assert len(list(folder.glob("fieldreport-*.sqlite3"))) == 1
    assert await store.meta.get(LAST_BACKUP) == DUE.isoformat()
