"""Changes of who reports on what: take off, hand over, name an acting officer, deactivate.

Each change checks the actor's scope (admins everything, supervisors their agency, the command
line everything) in its own transaction, and writes its audit entry in that same transaction.
The drafts of people who lose a project are not deleted here: their next step finds the draft out
of scope (``storage.scope.may_report``), closes it and tells them why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from core.domain import Role, User
from storage.audit import DetailValue, record_in
from storage.clock import instant_text, now_text
from storage.db import Database, Row, SyncConnection, row_of, rows_of
from storage.scope import project_scope


class Refusal(Enum):
    """Why an access change was not made."""

    PROJECT_NOT_FOUND = "project_not_found"  # unknown, or outside the actor's scope
    PERSON_NOT_FOUND = "person_not_found"  # not registered, or not active
    NOT_ASSIGNED = "not_assigned"  # the person does not report on the project
    NOT_ALLOWED = "not_allowed"  # e.g. a supervisor deactivating someone of another agency
    SAME_PERSON = "same_person"
    BAD_PERIOD = "bad_period"


@dataclass(frozen=True)
class Officer:
    """A person who reports on a project."""

    telegram_id: int
    name: str
    acting_until: date | None = None  # set for an acting officer (รักษาการ)


@dataclass(frozen=True)
class AccessChange:
    """What a change did: the project (if any) and the drafts it left out of scope."""

    project_code: str | None
    drafts_closed: int


class AccessRefused(Exception):
    """An access change was refused; ``reason`` says why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


# A refusal raised inside a change's work rolls its transaction back, audit entry included.


class PeopleStore:
    """Change who reports on which project, and who may use the bot at all."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def officers_of(self, actor: User | None, code: str) -> list[Officer]:
        """Return who reports on a project in the actor's scope (acting ones too)."""

        def read(conn: SyncConnection) -> list[Officer]:
            project = _project(conn, actor, code)
            rows = rows_of(
                conn,
                "SELECT u.telegram_id, u.name, NULL AS acting_until FROM assignments s"
                " JOIN users u ON u.telegram_id = s.user_id"
                " WHERE s.project_id = ? AND u.active = 1"
                " UNION ALL SELECT u.telegram_id, u.name, c.ends_on FROM acting_assignments c"
                " JOIN users u ON u.telegram_id = c.user_id"
                " WHERE c.project_id = ? AND u.active = 1 AND c.ends_at > ?"
                " ORDER BY 2, 1",
                (project, project, now_text()),
            )
            return [_officer(row) for row in rows]

        return await self.db.read(read)

    async def take_off(self, actor: User | None, code: str, person_id: int) -> AccessChange:
        """Take an officer off a project (also ending an acting period on it)."""

        def change(conn: SyncConnection) -> AccessChange:
            project = _project(conn, actor, code)
            removed = conn.execute(
                "DELETE FROM assignments WHERE user_id = ? AND project_id = ?",
                (person_id, project),
            ).rowcount
            now = now_text()
            removed += conn.execute(
                "UPDATE acting_assignments SET ends_at = ?"
                " WHERE user_id = ? AND project_id = ? AND ends_at > ?",
                (now, person_id, project, now),
            ).rowcount
            if not removed:
                raise AccessRefused(Refusal.NOT_ASSIGNED)
            drafts = _drafts_on(conn, project, person_id)
            _audit(conn, actor, "assignment_removed", project, person=person_id, drafts=drafts)
            return AccessChange(code, drafts)

        return await self.db.write(change)

    async def hand_over(
        self, actor: User | None, code: str, from_id: int, to_id: int
    ) -> AccessChange:
        """Give a project from one officer to another.

        The project's history stays with the project (every report keeps its reporter), so the
        new officer sees it at once; the previous officer's open draft on it is closed at their
        next step, with an explanation, and nothing of it is stored.
        """

        def change(conn: SyncConnection) -> AccessChange:
            if from_id == to_id:
                raise AccessRefused(Refusal.SAME_PERSON)
            project = _project(conn, actor, code)
            _active_person(conn, to_id)
            removed = conn.execute(
                "DELETE FROM assignments WHERE user_id = ? AND project_id = ?",
                (from_id, project),
            ).rowcount
            if not removed:
                raise AccessRefused(Refusal.NOT_ASSIGNED)
            conn.execute(
                "INSERT INTO assignments (user_id, project_id) VALUES (?, ?)"
                " ON CONFLICT (user_id, project_id) DO NOTHING",
                (to_id, project),
            )
            drafts = _drafts_on(conn, project, from_id)
            _audit(
                conn, actor, "project_handed_over", project, person=from_id, to=to_id, drafts=drafts
            )
            return AccessChange(code, drafts)

        return await self.db.write(change)

    async def name_acting(
        self,
        actor: User | None,
        code: str,
        person_id: int,
        first_day: date,
        last_day: date,
        zone: ZoneInfo,
    ) -> AccessChange:
        """Let a person report on a project from ``first_day`` to ``last_day`` (รักษาการ)."""
        if last_day < first_day:
            raise AccessRefused(Refusal.BAD_PERIOD)
        starts_at, ends_at = _instant(first_day, zone), _instant(last_day + timedelta(1), zone)

        def change(conn: SyncConnection) -> AccessChange:
            project = _project(conn, actor, code)
            _active_person(conn, person_id)
            conn.execute(
                "INSERT INTO acting_assignments (user_id, project_id, starts_on, ends_on,"
                " starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    project,
                    first_day.isoformat(),
                    last_day.isoformat(),
                    starts_at,
                    ends_at,
                ),
            )
            _audit(
                conn,
                actor,
                "acting_named",
                project,
                person=person_id,
                first_day=first_day.isoformat(),
                last_day=last_day.isoformat(),
            )
            return AccessChange(code, 0)

        return await self.db.write(change)

    async def deactivate(self, actor: User | None, person_id: int) -> AccessChange:
        """Make a person a stranger to the bot: no role, no project, no reminders."""

        def change(conn: SyncConnection) -> AccessChange:
            if actor is not None and actor.telegram_id == person_id:
                raise AccessRefused(Refusal.SAME_PERSON)
            _active_person(conn, person_id)
            if actor is not None and not _may_deactivate(conn, actor, person_id):
                raise AccessRefused(Refusal.NOT_ALLOWED)
            drafts = len(
                rows_of(conn, "SELECT 1 FROM report_drafts WHERE user_id = ?", (person_id,))
            )
            now = now_text()
            conn.execute(
                "UPDATE users SET active = 0, updated_at = ? WHERE telegram_id = ?",
                (now, person_id),
            )
            conn.execute("DELETE FROM assignments WHERE user_id = ?", (person_id,))
            conn.execute(
                "UPDATE acting_assignments SET ends_at = ? WHERE user_id = ? AND ends_at > ?",
                (now, person_id, now),
            )
            _audit(conn, actor, "person_deactivated", None, person=person_id, drafts=drafts)
            return AccessChange(None, drafts)

        return await self.db.write(change)


def _project(conn: SyncConnection, actor: User | None, code: str) -> int:
    where, params = project_scope(actor) if actor is not None else ("1 = 1", [])
    row = row_of(conn, f"SELECT p.id FROM projects p WHERE p.code = ? AND {where}", (code, *params))
    if row is None:
        raise AccessRefused(Refusal.PROJECT_NOT_FOUND)
    return int(row[0])


def _active_person(conn: SyncConnection, person_id: int) -> None:
    if not row_of(conn, "SELECT 1 FROM users WHERE telegram_id = ? AND active = 1", (person_id,)):
        raise AccessRefused(Refusal.PERSON_NOT_FOUND)


def _may_deactivate(conn: SyncConnection, actor: User, person_id: int) -> bool:
    # Admins (still active ones) anybody; supervisors an officer all of whose projects are in
    # their agency. Both read from the database in this transaction, not from the update.
    row = row_of(
        conn,
        "SELECT a.role AS actor_role, a.agency_id, t.role AS target_role,"
        " (SELECT COUNT(*) FROM assignments s JOIN projects p ON p.id = s.project_id"
        "  WHERE s.user_id = t.telegram_id"
        "  AND (a.agency_id IS NULL OR p.agency_id <> a.agency_id)) AS elsewhere"
        " FROM users a, users t WHERE a.telegram_id = ? AND a.active = 1 AND t.telegram_id = ?",
        (actor.telegram_id, person_id),
    )
    if row is None:
        return False
    if row["actor_role"] == Role.ADMIN.value:
        return True
    return bool(
        row["actor_role"] == Role.SUPERVISOR.value
        and row["target_role"] == Role.OFFICER.value
        and row["elsewhere"] == 0
    )


def _drafts_on(conn: SyncConnection, project_id: int, person_id: int) -> int:
    return len(
        rows_of(
            conn,
            "SELECT 1 FROM report_drafts WHERE project_id = ? AND user_id = ?",
            (project_id, person_id),
        )
    )


def _audit(
    conn: SyncConnection,
    actor: User | None,
    kind: str,
    project_id: int | None,
    **details: DetailValue,
) -> None:
    record_in(conn, actor.telegram_id if actor else None, kind, project_id, details)


def _instant(day: date, zone: ZoneInfo) -> str:
    """Return the UTC instant of local midnight at the start of ``day``, as stores write it."""
    return instant_text(datetime.combine(day, time(0), zone))


def _officer(row: Row) -> Officer:
    until = row["acting_until"]
    return Officer(
        int(row["telegram_id"]), str(row["name"]), date.fromisoformat(until) if until else None
    )
