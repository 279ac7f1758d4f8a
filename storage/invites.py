"""Single-use invitation tokens: random, hashed at rest, expiring."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from core.domain import Role
from core.names import closest_names
from storage.audit import record_in
from storage.db import Database, Row, SyncConnection, row_of, rows_of
from storage.projects import ProjectStore
from storage.users import UserStore

INVITE_LIFETIME = timedelta(days=7)
TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters: fits Telegram's 64-character start parameter


class UnknownAgency(LookupError):
    """No agency has this name; ``closest`` are the known names nearest to it."""

    def __init__(self, name: str, closest: list[str]) -> None:
        """Keep the name asked for and the closest known names."""
        super().__init__(name)
        self.name = name
        self.closest = closest


class InviteProblem(Enum):
    """Why a token did not register anybody."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class Invite:
    """What an invitation grants."""

    role: Role
    agency: str | None
    project_codes: tuple[str, ...]
    expires_at: datetime


def hash_token(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class InviteStore:
    """Create and redeem invitations."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        role: Role,
        now: datetime,
        *,
        agency: str | None = None,
        project_codes: Sequence[str] = (),
        created_by: int | None = None,
    ) -> str:
        """Store a new invitation and return its token (the only time it is known)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)

        def store(conn: SyncConnection) -> None:
            project_ids: list[int] = []
            for code in project_codes:
                row = row_of(conn, "SELECT id, agency_id FROM projects WHERE code = ?", (code,))
                if row is None:
                    raise LookupError(code)
                project_ids.append(int(row[0]))
            agency_id = ProjectStore.find_agency(conn, agency) if agency else None
            if agency and agency_id is None:
                # An invite never creates an agency: a typo would make an empty look-alike.
                names = [str(r[0]) for r in rows_of(conn, "SELECT name FROM agencies")]
                raise UnknownAgency(agency, closest_names(agency, names))
            cursor = conn.execute(
                "INSERT INTO invites (token_hash, role, agency_id, created_by, expires_at)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                (
                    hash_token(token),
                    role.value,
                    agency_id,
                    created_by,
                    (now + INVITE_LIFETIME).isoformat(),
                ),
            )
            invite_id = int(cursor.fetchone()[0])
            conn.executemany(
                "INSERT INTO invite_projects (invite_id, project_id) VALUES (?, ?)",
                [(invite_id, project_id) for project_id in project_ids],
            )
            # One entry per granted project, so that /audit CODE shows who may report on it.
            granted: list[int | None] = [*project_ids] or [None]
            for project_id in granted:
                details = {"invite_id": invite_id, "role": role.value}
                record_in(conn, created_by, "invite_created", project_id, details)

        await self.db.write(store)
        return token

    async def redeem(
        self, token: str, telegram_id: int, name: str, now: datetime
    ) -> Invite | InviteProblem:
        """Register the person with what the invitation grants, once, in one transaction."""
        wanted = hash_token(token)

        def redeem(conn: SyncConnection) -> Invite | InviteProblem:
            row = row_of(
                conn,
                "SELECT i.id, i.token_hash, i.role, a.name, i.expires_at, i.used_by"
                " FROM invites i LEFT JOIN agencies a ON a.id = i.agency_id"
                " WHERE i.token_hash = ?",
                (wanted,),
            )
            # The lookup is by hash; comparing again in constant time keeps timing flat.
            if row is None or not hmac.compare_digest(str(row[1]), wanted):
                return InviteProblem.UNKNOWN
            if row[5] is not None:
                return InviteProblem.USED
            expires_at = datetime.fromisoformat(row[4])
            if now >= expires_at:
                return InviteProblem.EXPIRED
            projects = rows_of(
                conn,
                "SELECT p.id, p.code, a.name FROM invite_projects ip"
                " JOIN projects p ON p.id = ip.project_id JOIN agencies a ON a.id = p.agency_id"
                " WHERE ip.invite_id = ? ORDER BY p.code",
                (row[0],),
            )
            role = Role(row[2])
            agency = row[3] or (projects[0][2] if projects else None)
            before = row_of(conn, "SELECT role FROM users WHERE telegram_id = ?", (telegram_id,))
            UserStore.register(conn, telegram_id, name, role, agency, [int(p[0]) for p in projects])
            conn.execute(
                "UPDATE invites SET used_by = ?, used_at = ? WHERE id = ?",
                (telegram_id, now.isoformat(), row[0]),
            )
            _audit_redeem(conn, telegram_id, int(row[0]), role, before, projects)
            return Invite(role, agency, tuple(str(p[1]) for p in projects), expires_at)

        return await self.db.write(redeem)


def _audit_redeem(
    conn: SyncConnection,
    telegram_id: int,
    invite_id: int,
    role: Role,
    before: Row | None,
    projects: Sequence[Row],
) -> None:
    granted: list[int | None] = [int(project[0]) for project in projects] or [None]
    for project_id in granted:
        details = {"invite_id": invite_id, "role": role.value}
        record_in(conn, telegram_id, "invite_used", project_id, details)
    after = row_of(conn, "SELECT role FROM users WHERE telegram_id = ?", (telegram_id,))
    if before is not None and after is not None and before[0] != after[0]:
        details = {"from": str(before[0]), "to": str(after[0])}
        record_in(conn, telegram_id, "role_changed", None, details)
