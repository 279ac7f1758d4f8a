"""Job leases and process heartbeats: which process runs the jobs, and how many processes run.

Each call is one trip to the database and one statement where it decides something, so that
two processes asking at once get one answer from the database's own conflict handling (a
primary key and ``ON CONFLICT … DO UPDATE … WHERE``), on SQLite and PostgreSQL alike. Times
come from the caller's clock as ISO UTC text of one fixed width, so text order is time order.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from storage.db import Database, SyncConnection, rows_of, value_of

# A lease not renewed for this long is free for another process to take.
LEASE_TTL: Final = timedelta(seconds=45)
# A process that wrote no heartbeat for this long no longer counts as running.
LIVE_WITHIN: Final = timedelta(minutes=1)
# Heartbeats older than this are deleted: the table holds only recent processes.
FORGET_AFTER: Final = timedelta(days=1)


def chat_turn(chat_id: int) -> str:
    """Return the name of the lease a process holds while it handles one of a chat's updates."""
    return f"chat:{chat_id}"


def stamp(moment: datetime) -> str:
    """Return ``moment`` as ISO UTC text of fixed width (microseconds always written)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class LeaseStore:
    """Claim, renew and release job leases; record and count live processes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(
        self, name: str, holder: str, now: datetime, ttl: timedelta = LEASE_TTL
    ) -> bool:
        """Take or renew the lease ``name`` until ``now + ttl``; return whether ``holder`` has it.

        It succeeds only if nobody holds the lease, its holder let it expire, or ``holder``
        holds it already. A lease ending further ahead than ``ttl`` was written by a clock
        ahead of ours (a playground's moved date, a host's wrong time) and counts as expired.
        """
        expires = stamp(now + ttl)
        taken: str | None = await self.db.write(
            lambda conn: value_of(
                conn,
                "INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE"
                " SET holder = excluded.holder, expires_at = excluded.expires_at"
                " WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= ?"
                " OR job_leases.expires_at > ?"
                " RETURNING holder",
                (name, holder, expires, stamp(now), expires),
            )
        )
        return taken == holder

    async def holder(self, name: str, now: datetime) -> str | None:
        """Return who holds the lease ``name`` at ``now``, if anybody does."""
        found = await self.db.read(
            lambda conn: value_of(
                conn,
                "SELECT holder FROM job_leases WHERE name = ? AND expires_at > ?",
                (name, stamp(now)),
            )
        )
        return None if found is None else str(found)

    async def give_back(self, name: str, holder: str) -> None:
        """Give up the lease ``name`` if ``holder`` still has it."""
        await self.db.write(
            lambda conn: conn.execute(
                "DELETE FROM job_leases WHERE name = ? AND holder = ?", (name, holder)
            )
        )

    async def release(self, holder: str) -> list[str]:
        """Give up every lease ``holder`` has and forget its heartbeat; return the leases freed."""

        def release(conn: SyncConnection) -> list[str]:
            freed = rows_of(
                conn, "DELETE FROM job_leases WHERE holder = ? RETURNING name", (holder,)
            )
            conn.execute("DELETE FROM bot_processes WHERE process_id = ?", (holder,))
            return sorted(str(row[0]) for row in freed)

        return await self.db.write(release)

    async def heartbeat(self, process_id: str, now: datetime) -> int:
        """Record that ``process_id`` runs at ``now``; return how many processes are live."""

        def beat(conn: SyncConnection) -> int:
            record_heartbeat(conn, process_id, now)
            conn.execute(
                "DELETE FROM bot_processes WHERE seen_at < ?", (stamp(now - FORGET_AFTER),)
            )
            return _live(conn, now)

        return await self.db.write(beat)

    async def live_processes(self, now: datetime) -> int:
        """Return how many processes wrote a heartbeat within ``LIVE_WITHIN`` of ``now``."""
        return await self.db.read(lambda conn: _live(conn, now))


def record_heartbeat(conn: SyncConnection, process_id: str, now: datetime) -> None:
    """Record inside a store's transaction that ``process_id`` runs at ``now``."""
    conn.execute(
        "INSERT INTO bot_processes (process_id, seen_at) VALUES (?, ?)"
        " ON CONFLICT (process_id) DO UPDATE SET seen_at = excluded.seen_at",
        (process_id, stamp(now)),
    )


def _live(conn: SyncConnection, now: datetime) -> int:
    return int(
        value_of(
            conn,
            # Seen "in the future" by more than the window: a clock that ran ahead, not a process.
            "SELECT COUNT(*) FROM bot_processes WHERE seen_at >= ? AND seen_at <= ?",
            (stamp(now - LIVE_WITHIN), stamp(now + LIVE_WITHIN)),
        )
    )
