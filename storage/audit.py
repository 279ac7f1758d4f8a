"""The audit trail: who changed what, written in the same transaction as the change."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from storage.db import Database, Row, SyncConnection, rows_of

CLI = "cli"
KINDS = frozenset(
    {
        "report_submitted",
        "report_revised",
        "role_changed",
        "invite_created",
        "invite_used",
        "import",
        "assignment_removed",
        "project_handed_over",
        "acting_named",
        "person_deactivated",
    }
)
DetailValue = str | int | float | bool | None | list[str]


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change."""

    id: int
    actor: str
    kind: str
    project_code: str | None
    details: dict[str, Any]
    at: datetime


_INSERT = "INSERT INTO audit_log (actor, kind, project_id, details) VALUES (?, ?, ?, ?)"


def record_in(
    conn: SyncConnection,
    actor: int | str | None,
    kind: str,
    project_id: int | None = None,
    details: Mapping[str, DetailValue] | None = None,
) -> None:
    """Add an entry inside the caller's ``Database.write`` (actor None: the command line)."""
    conn.execute(_INSERT, _values(actor, kind, project_id, details))


def _values(
    actor: int | str | None,
    kind: str,
    project_id: int | None,
    details: Mapping[str, DetailValue] | None,
) -> tuple[str, str, int | None, str]:
    if kind not in KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    return (
        CLI if actor is None else str(actor),
        kind,
        project_id,
        json.dumps(dict(details or {}), ensure_ascii=False, sort_keys=True),
    )


class AuditStore:
    """Read the audit trail."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def for_project(self, project_id: int, limit: int = 500) -> list[AuditEntry]:
        """Return the newest entries about a project, oldest first."""
        sql = (
            "SELECT * FROM (SELECT l.id, l.actor, l.kind, p.code, l.details, l.at"
            " FROM audit_log l LEFT JOIN projects p ON p.id = l.project_id"
            " WHERE l.project_id = ? ORDER BY l.id DESC LIMIT ?) AS newest ORDER BY id"
        )
        rows = await self.db.read(lambda conn: rows_of(conn, sql, (project_id, limit)))
        return [_entry(row) for row in rows]

    async def all(self, limit: int = 500) -> list[AuditEntry]:
        """Return the newest entries of every kind, oldest first."""
        sql = (
            "SELECT * FROM (SELECT l.id, l.actor, l.kind, p.code, l.details, l.at"
            " FROM audit_log l LEFT JOIN projects p ON p.id = l.project_id"
            " ORDER BY l.id DESC LIMIT ?) AS newest ORDER BY id"
        )
        rows = await self.db.read(lambda conn: rows_of(conn, sql, (limit,)))
        return [_entry(row) for row in rows]


def _entry(row: Row) -> AuditEntry:
    at = datetime.fromisoformat(str(row[5]).replace("Z", "+00:00"))
    return AuditEntry(
        id=int(row[0]),
        actor=str(row[1]),
        kind=str(row[2]),
        project_code=row[3],
        details=json.loads(row[4]),
        at=at if at.tzinfo else at.replace(tzinfo=UTC),
    )
