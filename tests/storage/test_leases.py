"""Job leases and process heartbeats, with a fixed clock, alone and between processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from storage import Storage
from storage.leases import LEASE_TTL, LIVE_WITHIN, stamp

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
JOB = "reminders"


@pytest.fixture
async def processes(store: Storage) -> AsyncIterator[list[Storage]]:
    """Open two more handles on the store's database: three "processes" on one database."""
    assert store.db.target is not None
    others = [await Storage.open(store.db.target) for _ in range(2)]
    yield [store, *others]
    for other in others:
        await other.close()


def test_stamps_sort_as_times() -> None:
    """Stamps have one width, so text order is time order also across whole seconds."""
    whole = NOW
    later = NOW + timedelta(microseconds=1)
    assert len(stamp(whole)) == len(stamp(later))
    assert stamp(whole) < stamp(later)


async def test_a_free_lease_is_taken(store: Storage) -> None:
    """Nobody holds the lease: the first claim gets it."""
    assert await store.leases.claim(JOB, "a", NOW)
    assert await store.leases.holder(JOB, NOW) == "a"


async def test_a_held_lease_is_refused_to_another(store: Storage) -> None:
    """While the lease is alive another process's claim fails and changes nothing."""
    await store.leases.claim(JOB, "a", NOW)
    assert not await store.leases.claim(JOB, "b", NOW + LEASE_TTL - timedelta(seconds=1))
    assert await store.leases.holder(JOB, NOW + timedelta(seconds=1)) == "a"


async def test_the_holder_renews_its_lease(store: Storage) -> None:
    """A renewal moves the expiry on, so the lease outlives its first term."""
    await store.leases.claim(JOB, "a", NOW)
    renewed_at = NOW + timedelta(seconds=30)
    assert await store.leases.claim(JOB, "a", renewed_at)
    assert not await store.leases.claim(JOB, "b", NOW + LEASE_TTL + timedelta(seconds=1))
    assert await store.leases.holder(JOB, renewed_at + LEASE_TTL - timedelta(seconds=1)) == "a"


async def test_an_expired_lease_is_taken_over(store: Storage) -> None:
    """Once the holder stopped renewing for the TTL, another process takes the lease."""
    await store.leases.claim(JOB, "a", NOW)
    assert await store.leases.holder(JOB, NOW + LEASE_TTL) is None
    assert await store.leases.claim(JOB, "b", NOW + LEASE_TTL)
    assert not await store.leases.claim(JOB, "a", NOW + LEASE_TTL + timedelta(seconds=1))
    assert await store.leases.holder(JOB, NOW + LEASE_TTL) == "b"


async def test_leases_of_different_jobs_are_apart(store: Storage) -> None:
    """Holding the reminders' lease says nothing about the backup's."""
    await store.leases.claim(JOB, "a", NOW)
    assert await store.leases.claim("backup", "b", NOW)
    assert await store.leases.holder("backup", NOW) == "b"


async def test_release_frees_the_holders_leases_at_once(store: Storage) -> None:
    """A clean stop frees the leases and the heartbeat: another process takes over at once."""
    await store.leases.claim(JOB, "a", NOW)
    await store.leases.claim("backup", "a", NOW)
    await store.leases.claim("other", "b", NOW)
    await store.leases.heartbeat("a", NOW)
    assert await store.leases.release("a") == ["backup", JOB]
    assert await store.leases.claim(JOB, "b", NOW + timedelta(seconds=1))
    assert await store.leases.holder("other", NOW) == "b"
    assert await store.leases.live_processes(NOW) == 0


async def test_heartbeats_count_live_processes(store: Storage) -> None:
    """Processes seen within the last minute are live; one silent longer is not."""
    assert await store.leases.heartbeat("a", NOW) == 1
    assert await store.leases.heartbeat("b", NOW + timedelta(seconds=10)) == 2
    assert await store.leases.heartbeat("a", NOW + timedelta(seconds=20)) == 2
    later = NOW + timedelta(seconds=10) + LIVE_WITHIN + timedelta(seconds=1)
    assert await store.leases.heartbeat("a", later) == 1
    assert await store.leases.live_processes(later) == 1


async def test_only_one_of_three_processes_holds_the_lease(processes: list[Storage]) -> None:
    """Three handles on one database claim at once: exactly one of them gets the lease."""
    names = ["a", "b", "c"]
    claims = zip(processes, names, strict=True)
    won = await asyncio.gather(*(handle.leases.claim(JOB, name, NOW) for handle, name in claims))
    assert sorted(won) == [False, False, True]
    winner = names[won.index(True)]
    for handle in processes:
        assert await handle.leases.holder(JOB, NOW) == winner


async def test_another_process_takes_over_when_the_holder_stops(processes: list[Storage]) -> None:
    """The holder renews for a while, then stops: another process gets the lease after the TTL."""
    first, second, third = processes
    moment = NOW
    assert await first.leases.claim(JOB, "a", moment)
    for _ in range(4):  # renewed every 15 s: the others never get it
        moment += timedelta(seconds=15)
        assert await first.leases.claim(JOB, "a", moment)
        assert not await second.leases.claim(JOB, "b", moment)
    assert not await third.leases.claim(JOB, "c", moment + LEASE_TTL - timedelta(seconds=1))
    takeover = moment + LEASE_TTL
    won = await asyncio.gather(
        second.leases.claim(JOB, "b", takeover), third.leases.claim(JOB, "c", takeover)
    )
    assert sorted(won) == [False, True]
    assert await first.leases.holder(JOB, takeover) in {"b", "c"}


async def test_a_lease_from_a_clock_ahead_of_ours_counts_as_expired(store: Storage) -> None:
    """A lease ending beyond one TTL from now (its holder's clock ran ahead) may be taken."""
    await store.leases.claim(JOB, "a", NOW + timedelta(days=30))
    assert not await store.leases.claim(JOB, "b", NOW + timedelta(days=30))
    assert await store.leases.claim(JOB, "b", NOW)
    assert await store.leases.holder(JOB, NOW) == "b"


async def test_a_heartbeat_from_a_clock_ahead_is_not_live(store: Storage) -> None:
    """A heartbeat far in our future is not counted as a live process."""
    await store.leases.heartbeat("a", NOW + timedelta(days=30))
    assert await store.leases.heartbeat("b", NOW) == 1
