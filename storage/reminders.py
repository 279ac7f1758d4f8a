"""Who gets a reminder or a digest, which deliveries happened, and who is on leave."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final

from core.names import normal_name
from core.reminders.digest import DigestProject, OfficerInfo
from core.reminders.occasions import Occasion, skipped_for_leave
from core.thai_dates import fiscal_year_of
from storage.clock import now_text
from storage.convert import month_key
from storage.db import Database, Row, SyncConnection, row_of, rows_of, value_of
from storage.leases import LEASE_TTL, record_heartbeat
from storage.leases import stamp as lease_stamp
from storage.projects import ProjectStore
from storage.reports import ReportStore

# A pending row older than this was left by a crashed run, not by one still sending.
STALE_PENDING: Final = timedelta(minutes=5)
# Policy for a stale pending row: the send may or may not have reached Telegram (a crash or a
# TimedOut after the request left). We resend it ONCE: a duplicated reminder is a nuisance, a
# lost one can cost a missed deadline. ``attempts`` caps it, so a second crash never loops.
MAX_STALE_ATTEMPTS: Final = 2
# A failed row (Telegram kept refusing or the network kept failing) is retried by later runs.
MAX_FAILED_ATTEMPTS: Final = 3

# The claiming process and when it last wrote its heartbeat (of a delivery row named ``d``).
_CLAIMER_SEEN = (
    "claimed_by, (SELECT MAX(seen_at) FROM bot_processes b"
    " WHERE b.process_id = d.claimed_by) AS claimer_seen"
)

DeliveryState = str  # 'pending' | 'sent' | 'failed' | 'unreachable'


@dataclass(frozen=True)
class ReminderTarget:
    """One officer and one of their projects that lacks a report for the period."""

    person_id: int
    name: str
    language: str
    reachable: bool
    leave_until: date | None
    project_id: int
    project_code: str
    project_name: str


@dataclass(frozen=True)
class Recipient:
    """A supervisor or admin who receives a digest."""

    person_id: int
    name: str
    language: str
    role: str
    agency: str | None


@dataclass(frozen=True)
class Delivery:
    """One row of the delivery log."""

    id: int
    person_id: int
    project_id: int | None
    period: str
    kind: str
    state: DeliveryState
    attempts: int


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# Who reports on a project on a day (two parameters: that day, as an ISO date, twice): its
# assigned officers and whoever acts for them (รักษาการ) on that day.
_REPORTERS_ON = (
    "SELECT user_id, project_id FROM assignments"
    " UNION SELECT user_id, project_id FROM acting_assignments"
    " WHERE starts_on <= ? AND ends_on >= ?"
)


class ReminderStore:
    """Read the reminder audience and keep the delivery log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def officer_targets(self, period: date, on: date | None = None) -> list[ReminderTarget]:
        """Return every reporter of a project with no report for ``period``'s month.

        The reporters are the assigned officers and, on the day ``on``, the acting ones.
        """
        day = (on or period).isoformat()
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT u.telegram_id, u.name, u.language, u.reachable, l.until,"
                " p.id, p.code, p.name AS project_name"
                f" FROM ({_REPORTERS_ON}) s JOIN users u ON u.telegram_id = s.user_id"
                " JOIN projects p ON p.id = s.project_id"
                " LEFT JOIN leave l ON l.user_id = u.telegram_id"
                " WHERE u.active = 1 AND NOT EXISTS (SELECT 1 FROM reports r"
                " WHERE r.project_id = p.id AND r.month = ?)"
                # A finished project, or one of a closed fiscal year, owes no report.
                " AND p.fiscal_year >= ?"
                " AND NOT EXISTS (SELECT 1 FROM reports f WHERE f.project_id = p.id"
                " AND f.month <= ? AND f.percent_hundredths >= 10000)"
                " ORDER BY u.telegram_id, p.code",
                (day, day, month_key(period), fiscal_year_of(period), month_key(period)),
            )
        )
        return [
            ReminderTarget(
                person_id=row["telegram_id"],
                name=row["name"],
                language=row["language"],
                reachable=bool(row["reachable"]),
                leave_until=_date_or_none(row["until"]),
                project_id=row["id"],
                project_code=row["code"],
                project_name=row["project_name"],
            )
            for row in rows
        ]

    async def reminder_targets(self, occasion: Occasion) -> list[ReminderTarget]:
        """Return who must be reminded on an officer occasion: not reported, not on leave."""
        targets = await self.officer_targets(occasion.period, occasion.scheduled_date)
        # Unreachable people stay in: they may have unblocked the bot since; a 403 costs one call.
        return [target for target in targets if not skipped_for_leave(occasion, target.leave_until)]

    async def digest_recipients(self) -> list[Recipient]:
        """Return every supervisor (with their agency) and every admin."""
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT u.telegram_id, u.name, u.language, u.role, a.name AS agency FROM users u"
                " LEFT JOIN agencies a ON a.id = u.agency_id"
                " WHERE u.role IN ('supervisor', 'admin') AND u.active = 1"
                " ORDER BY u.role, u.telegram_id",
            )
        )
        return [
            Recipient(row["telegram_id"], row["name"], row["language"], row["role"], row["agency"])
            for row in rows
        ]

    async def digest_projects(
        self, agency: str | None = None, on: date | None = None
    ) -> list[DigestProject]:
        """Return every project (of one agency, or all) with plan, reports and officers.

        The officers are the assigned ones and those acting on the day ``on`` (if given).
        """
        where, params = (
            ("WHERE a.name = ?", [normal_name(agency)]) if agency is not None else ("", [])
        )
        projects = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT p.id, p.code, p.name, a.name AS agency, p.responsible, p.fiscal_year"
                " FROM projects p"
                f" JOIN agencies a ON a.id = p.agency_id {where} ORDER BY a.name, p.code",
                params,
            )
        )
        ids = [int(row["id"]) for row in projects]
        steps = await ProjectStore(self.db).steps_of_many(ids)
        reports = await ReportStore(self.db).current_for_projects(ids)
        officers = await self._officers_of(ids, on)
        return [
            DigestProject(
                project_id=int(row["id"]),
                code=row["code"],
                name=row["name"],
                agency=row["agency"],
                responsible=row["responsible"],
                steps=steps[int(row["id"])],
                reports=tuple(reports[int(row["id"])]),
                officers=tuple(officers[int(row["id"])]),
                fiscal_year=int(row["fiscal_year"]),
            )
            for row in projects
        ]

    async def _officers_of(self, ids: list[int], on: date | None) -> dict[int, list[OfficerInfo]]:
        found: dict[int, list[OfficerInfo]] = defaultdict(list)
        if not ids:
            return found
        # Without a day no acting period matches: the assigned officers only.
        today = on.isoformat() if on is not None else ""
        marks = ",".join("?" * len(ids))
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT s.project_id, u.telegram_id, u.name, u.reachable, l.until"
                f" FROM ({_REPORTERS_ON}) s JOIN users u ON u.telegram_id = s.user_id"
                " LEFT JOIN leave l ON l.user_id = u.telegram_id"
                f" WHERE s.project_id IN ({marks}) ORDER BY s.project_id, u.name",
                [today, today, *ids],
            )
        )
        for row in rows:
            found[int(row["project_id"])].append(
                OfficerInfo(
                    row["telegram_id"],
                    row["name"],
                    bool(row["reachable"]),
                    _date_or_none(row["until"]),
                )
            )
        return found

    # -- the delivery log: claim before sending, finish after ------------------------------

    async def claim(
        self,
        person_id: int,
        project_id: int | None,
        period: date,
        kind: str,
        now: datetime,
        by: str | None = None,
    ) -> int | None:
        """Record a delivery as pending before it is sent; None if it must not be sent.

        ``by`` is the claiming process (its heartbeat in ``bot_processes``, renewed here): a
        delivery left pending by a process that stopped beating is resumed at once, not after
        STALE_PENDING.
        """
        stamp = _stamp(now)

        def claim(conn: SyncConnection) -> int | None:
            if by is not None:  # a process claiming is alive, also one without a keeper (CLI)
                record_heartbeat(conn, by, now)
            inserted = conn.execute(
                "INSERT INTO deliveries (person_id, project_id, period, kind, state,"
                " claimed_at, claimed_by) VALUES (?, ?, ?, ?, 'pending', ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (person_id, project_id, month_key(period), kind, stamp, by),
            ).fetchone()
            if inserted is not None:
                return int(inserted[0])
            row = row_of(
                conn,
                f"SELECT id, state, attempts, claimed_at, {_CLAIMER_SEEN} FROM deliveries d"
                " WHERE person_id = ? AND COALESCE(project_id, 0) = ? AND period = ? AND kind = ?",
                (person_id, project_id or 0, month_key(period), kind),
            )
            if row is None or not _may_retry(row, now):
                return None
            conn.execute(
                "UPDATE deliveries SET state = 'pending', attempts = attempts + 1,"
                " claimed_at = ?, claimed_by = ?, finished_at = NULL WHERE id = ?",
                (stamp, by, row["id"]),
            )
            return int(row["id"])

        return await self.db.write(claim)

    async def finish(
        self, delivery_id: int, state: DeliveryState, now: datetime, error: str | None = None
    ) -> None:
        """Record how a claimed delivery ended: sent, failed or unreachable."""
        await self.db.write(
            lambda conn: conn.execute(
                "UPDATE deliveries SET state = ?, finished_at = ?, error = ? WHERE id = ?",
                (state, _stamp(now), error, delivery_id),
            )
        )

    async def parts_sent(self, delivery_id: int) -> int:
        """Return how many parts of a claimed delivery reached Telegram in earlier attempts."""
        value = await self.db.read(
            lambda conn: value_of(
                conn, "SELECT parts_sent FROM deliveries WHERE id = ?", (delivery_id,)
            )
        )
        return int(value or 0)

    async def part_sent(self, delivery_id: int, parts: int) -> None:
        """Record that the first ``parts`` parts of a delivery reached Telegram."""
        await self.db.write(
            lambda conn: conn.execute(
                # Never backwards; a condition, since the larger of two values is MAX() on
                # SQLite and GREATEST() on PostgreSQL.
                "UPDATE deliveries SET parts_sent = ? WHERE id = ? AND parts_sent < ?",
                (parts, delivery_id, parts),
            )
        )

    async def settled(self, period: date, kind: str, now: datetime) -> set[tuple[int, int]]:
        """Return (person, project or 0) pairs that a run at ``now`` would not send again."""
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT id, person_id, COALESCE(project_id, 0) AS project, state, attempts,"
                f" claimed_at, {_CLAIMER_SEEN} FROM deliveries d WHERE period = ? AND kind = ?",
                (month_key(period), kind),
            )
        )
        return {(row["person_id"], row["project"]) for row in rows if not _may_retry(row, now)}

    async def deliveries(self, period: date | None = None) -> list[Delivery]:
        """Return the delivery log (of one period), oldest first."""
        where, params = ("WHERE period = ?", [month_key(period)]) if period else ("", [])
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT id, person_id, project_id, period, kind, state, attempts FROM deliveries"
                f" {where} ORDER BY id",
                params,
            )
        )
        return [
            Delivery(
                row["id"],
                row["person_id"],
                row["project_id"],
                row["period"],
                row["kind"],
                row["state"],
                row["attempts"],
            )
            for row in rows
        ]

    # -- leave -----------------------------------------------------------------------------

    async def set_leave(self, user_id: int, until: date) -> None:
        """Record that a person is on leave up to and including ``until``."""
        await self.db.write(
            lambda conn: conn.execute(
                "INSERT INTO leave (user_id, until, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET until = excluded.until,"
                " created_at = excluded.created_at",
                (user_id, until.isoformat(), now_text()),
            )
        )

    async def clear_leave(self, user_id: int) -> bool:
        """Forget a person's leave; return whether there was one."""
        removed: int = await self.db.write(
            lambda conn: conn.execute("DELETE FROM leave WHERE user_id = ?", (user_id,)).rowcount
        )
        return removed > 0

    async def leave_until(self, user_id: int) -> date | None:
        """Return the last day of a person's leave, if they recorded one."""
        value = await self.db.read(
            lambda conn: value_of(conn, "SELECT until FROM leave WHERE user_id = ?", (user_id,))
        )
        return _date_or_none(value)


def _may_retry(row: Row, now: datetime) -> bool:
    """Return whether an existing delivery row may be claimed again at ``now``."""
    state, attempts = row["state"], int(row["attempts"])
    if state == "failed":
        return attempts < MAX_FAILED_ATTEMPTS
    if state == "pending":
        claimed = datetime.fromisoformat(row["claimed_at"])
        stale = now - claimed >= STALE_PENDING or _claimer_stopped(row, now)
        return stale and attempts < MAX_STALE_ATTEMPTS
    return False  # sent or unreachable: done for this occasion


def _claimer_stopped(row: Row, now: datetime) -> bool:
    """Return whether the process that claimed a pending delivery stopped beating."""
    # Its lease ran out too (the keeper beats before renewing, with the same clock): the job's
    # new holder resumes what the old one left in flight, from the first part not delivered.
    if row["claimed_by"] is None:  # claimed before migration 0010: time decides
        return False
    seen = row["claimer_seen"]
    return seen is None or str(seen) <= lease_stamp(now - LEASE_TTL)
