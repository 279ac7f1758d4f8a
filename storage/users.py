"""Registered people, their roles and their project assignments."""

from __future__ import annotations

from collections.abc import Sequence

from core.domain import Role, User
from core.names import normal_name
from storage.clock import now_text
from storage.db import Database, Query, Row, SyncConnection, row_of, rows_of
from storage.projects import ProjectStore
from storage.scope import reported_by

_SELECT = (
    "SELECT u.telegram_id, u.name, u.role, a.name AS agency, u.language, u.reachable"
    " FROM users u LEFT JOIN agencies a ON a.id = u.agency_id"
)


class UserStore:
    """Read and write the people who may use the bot."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, telegram_id: int) -> User | None:
        """Return a registered person with their assigned project codes."""
        return await self.db.read(self.person_query(telegram_id))

    @staticmethod
    def person_query(telegram_id: int) -> Query[User | None]:
        """Return the query of ``get``, to run together with others."""
        return lambda conn: person_in(conn, telegram_id)

    async def ensure_admin(self, telegram_id: int, name: str) -> None:
        """Make a person from ``BOT_ADMIN_IDS`` an admin, keeping their other data."""
        await self.db.write(
            lambda conn: conn.execute(
                "INSERT INTO users (telegram_id, name, role) VALUES (?, ?, 'admin')"
                " ON CONFLICT (telegram_id) DO UPDATE SET role = 'admin', updated_at = ?",
                (telegram_id, normal_name(name), now_text()),
            )
        )

    async def add(
        self,
        telegram_id: int,
        name: str,
        role: Role,
        agency: str | None,
        project_ids: Sequence[int],
    ) -> None:
        """Register or re-role a person, with their projects, in one transaction."""
        await self.db.write(
            lambda conn: self.register(conn, telegram_id, name, role, agency, project_ids)
        )

    @staticmethod
    def register(
        conn: SyncConnection,
        telegram_id: int,
        name: str,
        role: Role,
        agency: str | None,
        project_ids: Sequence[int],
    ) -> None:
        """Register or re-role a person inside the caller's ``Database.write`` work."""
        agency_id = ProjectStore.agency_id(conn, agency) if agency else None
        conn.execute(
            "INSERT INTO users (telegram_id, name, role, agency_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (telegram_id) DO UPDATE SET name = excluded.name,"
            " role = CASE WHEN users.role = 'admin' THEN 'admin' ELSE excluded.role END,"
            " agency_id = COALESCE(excluded.agency_id, users.agency_id), reachable = 1, active = 1,"
            " updated_at = ?",
            (telegram_id, normal_name(name), role.value, agency_id, now_text()),
        )
        conn.executemany(
            "INSERT INTO assignments (user_id, project_id) VALUES (?, ?)"
            " ON CONFLICT (user_id, project_id) DO NOTHING",
            [(telegram_id, project_id) for project_id in project_ids],
        )

    async def set_reachable(self, telegram_id: int, reachable: bool) -> None:
        """Record whether Telegram lets the bot write to this person."""
        await self.db.write(
            lambda conn: conn.execute(
                "UPDATE users SET reachable = ? WHERE telegram_id = ?",
                (int(reachable), telegram_id),
            )
        )

    async def set_language(self, telegram_id: int, language: str) -> None:
        """Store the language a person prefers."""
        await self.db.write(
            lambda conn: conn.execute(
                "UPDATE users SET language = ? WHERE telegram_id = ?", (language, telegram_id)
            )
        )

    async def names_of(self, telegram_ids: list[int]) -> dict[int, str]:
        """Return the registered names of these people (the audit trail names who did what)."""
        if not telegram_ids:
            return {}
        marks = ", ".join("?" for _ in telegram_ids)
        sql = f"SELECT telegram_id, name FROM users WHERE telegram_id IN ({marks})"
        rows = await self.db.read(lambda conn: rows_of(conn, sql, tuple(telegram_ids)))
        return {int(row[0]): str(row[1]) for row in rows}

    async def with_role(self, role: Role) -> list[User]:
        """Return every person with a role."""
        sql = f"{_SELECT} WHERE u.role = ? ORDER BY u.name"
        rows = await self.db.read(lambda conn: rows_of(conn, sql, (role.value,)))
        return [_user(row, ()) for row in rows]

    async def officers_of(self, project_id: int) -> list[User]:
        """Return the officers assigned to a project."""
        sql = (
            f"{_SELECT} JOIN assignments s ON s.user_id = u.telegram_id"
            " WHERE s.project_id = ? ORDER BY u.name"
        )
        rows = await self.db.read(lambda conn: rows_of(conn, sql, (project_id,)))
        return [_user(row, ()) for row in rows]


def person_in(conn: SyncConnection, telegram_id: int) -> User | None:
    """Return a registered person with their project codes, inside ``Database.read`` work."""
    # A deactivated person is a stranger: every update reads this first.
    row = row_of(conn, f"{_SELECT} WHERE u.telegram_id = ? AND u.active = 1", (telegram_id,))
    if row is None:
        return None
    projects, params = reported_by(telegram_id)
    codes = rows_of(
        conn, f"SELECT p.code FROM projects p WHERE p.id IN ({projects}) ORDER BY p.code", params
    )
    return _user(row, tuple(code["code"] for code in codes))


def _user(row: Row, codes: tuple[str, ...]) -> User:
    return User(
        telegram_id=row["telegram_id"],
        name=row["name"],
        role=Role(row["role"]),
        agency=row["agency"],
        language=row["language"],
        project_codes=codes,
    )
