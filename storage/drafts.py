"""The answers of unfinished report conversations, saved as each one arrives."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from storage.clock import now_text
from storage.convert import from_hundredths, month_from_key, month_key, to_hundredths
from storage.db import Database, Query, Row, SyncConnection, row_of, rows_of
from storage.scope import may_report

# Columns a step may set; anything else is a programming error, never user input.
_FIELDS = {
    "step",
    "percent",
    "decrease_reason",
    "work_done",
    "problems",
    "problems_answered",
    "obstacles",
    "obstacles_answered",
    "photos",
    "pending_text",
}
_FLAGS = {"problems_answered", "obstacles_answered"}


@dataclass(frozen=True)
class Draft:
    """A report in the making."""

    user_id: int
    key: str
    chat_id: int
    project_id: int
    month: date
    step: str
    correcting: bool
    percent: Decimal | None
    decrease_reason: str | None
    work_done: str | None
    problems: str | None
    problems_answered: bool
    obstacles: str | None
    obstacles_answered: bool
    photos: tuple[tuple[str, str], ...]  # (file_id, file_unique_id)
    # A typed answer longer than its step takes, kept until the officer says what to do with it.
    pending_text: str | None
    last_update_id: int
    # Read with the draft, for the questions that name the project.
    project_code: str = ""
    project_name: str = ""
    # Whether the person may still report on the project, read in the same SQL as the draft:
    # an assignment removed or handed over mid-conversation shows here at the next step.
    in_scope: bool = True


class DraftOutOfScope(Exception):
    """The person may no longer report on the draft's project; the draft was closed."""


def _in_scope() -> tuple[str, list[Any]]:
    """Return the condition that the draft ``d``'s person may still report on its project."""
    return may_report("d.user_id", "d.project_id")


def _select() -> tuple[str, list[Any]]:
    """Return the query of drafts with their project's code and name and the right to report.

    The person's current right to report is read in the same trip as the draft.
    """
    scope, params = _in_scope()
    return (
        f"SELECT d.*, p.code AS project_code, p.name AS project_name, ({scope}) AS in_scope"
        " FROM report_drafts d JOIN projects p ON p.id = d.project_id",
        params,
    )


class DraftStore:
    """Keep one draft per person; every change is its own short transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def start(
        self,
        user_id: int,
        chat_id: int,
        project_id: int,
        month: date,
        step: str,
        *,
        update_id: int,
        correcting: bool = False,
        correction_step: str | None = None,
    ) -> Draft:
        """Replace any draft of the person with a fresh one.

        With ``correction_step``, a month that already has a report starts there instead, as a
        correction; the report is looked up in the same trip. Raise DraftOutOfScope when the
        person may not report on the project (checked in the same transaction).
        """

        def replace(conn: SyncConnection) -> Draft | None:
            scope, params = may_report(user_id, project_id)
            if not row_of(conn, f"SELECT 1 WHERE {scope}", params):
                return None
            first, correction = step, correcting
            if correction_step is not None and row_of(
                conn,
                "SELECT 1 FROM reports WHERE project_id = ? AND month = ? LIMIT 1",
                (project_id, month_key(month)),
            ):
                first, correction = correction_step, True
            conn.execute("DELETE FROM report_drafts WHERE user_id = ?", (user_id,))
            conn.execute(
                "INSERT INTO report_drafts (user_id, draft_key, chat_id, project_id, month, step,"
                " correcting, last_update_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    secrets.token_hex(4),
                    chat_id,
                    project_id,
                    month_key(month),
                    first,
                    int(correction),
                    update_id,
                ),
            )
            return _draft_of(conn, user_id)

        draft = await self.db.write(replace)
        if draft is None:
            raise DraftOutOfScope
        return draft

    async def get(self, user_id: int) -> Draft | None:
        """Return the person's draft, if one is open."""
        return await self.db.read(self.draft_query(user_id))

    @staticmethod
    def draft_query(user_id: int) -> Query[Draft | None]:
        """Return the query of ``get``, to run together with others."""
        return lambda conn: _draft_of(conn, user_id)

    async def all_open(self) -> list[Draft]:
        """Return every open draft (to resume conversations after a restart)."""
        return [_draft(row) for row in await self.db.read(lambda conn: rows_of(conn, *_select()))]

    async def save(self, user_id: int, update_id: int, **changes: Any) -> Draft | None:
        """Store answers of one update and return the draft; None when it was applied already.

        Raise DraftOutOfScope (and drop the draft) when the person may no longer report on its
        project: the check is part of the UPDATE, so nothing of theirs is stored after a change.
        """
        unknown = set(changes) - _FIELDS
        if unknown:
            raise ValueError(f"not draft fields: {sorted(unknown)}")
        columns: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "percent":
                columns["percent_hundredths"] = None if value is None else to_hundredths(value)
            elif name == "photos":
                columns["photos_json"] = json.dumps([list(photo) for photo in value])
            elif name in _FLAGS:
                columns[name] = int(bool(value))
            else:
                columns[name] = value
        assignments = ", ".join(f"{column} = ?" for column in columns)

        def store(conn: SyncConnection) -> tuple[Draft | None, bool]:
            # The update id guard makes an update that Telegram delivers twice a no-op.
            scope, params = _in_scope()
            changed = conn.execute(
                f"UPDATE report_drafts AS d SET {assignments}, last_update_id = ?, updated_at = ?"
                f" WHERE user_id = ? AND last_update_id < ? AND {scope}",
                (*columns.values(), update_id, now_text(), user_id, update_id, *params),
            ).rowcount
            # The stored draft comes back in the same trip.
            if changed:
                return _draft_of(conn, user_id), False
            # Not applied: a repeated update, or a draft out of scope, closed in this trip.
            return None, close_if_out_of_scope(conn, user_id)

        draft, closed = await self.db.write(store)
        if closed:
            raise DraftOutOfScope
        return draft

    async def discard(self, user_id: int) -> None:
        """Drop the person's draft."""
        await self.db.write(
            lambda conn: conn.execute("DELETE FROM report_drafts WHERE user_id = ?", (user_id,))
        )

    async def close_out_of_scope(self, user_id: int) -> bool:
        """Drop the person's draft if they may no longer report on it; return whether it was."""
        return await self.db.write(lambda conn: close_if_out_of_scope(conn, user_id))


def close_if_out_of_scope(conn: SyncConnection, user_id: int) -> bool:
    """Delete the person's draft if it is out of their scope, inside ``Database.write`` work."""
    scope, params = _in_scope()
    return bool(
        conn.execute(
            f"DELETE FROM report_drafts AS d WHERE user_id = ? AND NOT ({scope})",
            (user_id, *params),
        ).rowcount
    )


def _draft_of(conn: SyncConnection, user_id: int) -> Draft | None:
    select, params = _select()
    row = row_of(conn, f"{select} WHERE d.user_id = ?", (*params, user_id))
    return _draft(row) if row else None


def _draft(row: Row) -> Draft:
    percent = row["percent_hundredths"]
    return Draft(
        user_id=row["user_id"],
        key=row["draft_key"],
        chat_id=row["chat_id"],
        project_id=row["project_id"],
        month=month_from_key(row["month"]),
        step=row["step"],
        correcting=bool(row["correcting"]),
        percent=None if percent is None else from_hundredths(percent),
        decrease_reason=row["decrease_reason"],
        work_done=row["work_done"],
        problems=row["problems"],
        problems_answered=bool(row["problems_answered"]),
        obstacles=row["obstacles"],
        obstacles_answered=bool(row["obstacles_answered"]),
        photos=tuple((str(p[0]), str(p[1])) for p in json.loads(row["photos_json"])),
        pending_text=row["pending_text"],
        last_update_id=row["last_update_id"],
        project_code=row["project_code"],
        project_name=row["project_name"],
        in_scope=bool(row["in_scope"]),
    )
