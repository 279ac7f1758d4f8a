"""Monthly progress reports: stored once, corrected by new revisions, never overwritten."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from core.domain import ProgressReport, User
from core.names import normal_name
from storage.audit import DetailValue, record_in
from storage.convert import from_hundredths, month_from_key, month_key, to_hundredths
from storage.db import Database, Query, Row, SyncConnection, row_of, rows_of, value_of
from storage.drafts import Draft, DraftOutOfScope
from storage.scope import may_report, project_scope

_SELECT = (
    "SELECT r.id, p.code, r.month, r.revision, r.percent_hundredths, r.reported_on,"
    " r.work_done, r.problems, r.obstacles, r.decrease_reason, r.reporter_id,"
    " r.reporter_name, r.imported, r.created_at FROM reports r JOIN projects p"
    " ON p.id = r.project_id"
)
# The newest revision of each month is the one that counts.
_CURRENT = (
    "r.revision = (SELECT MAX(r2.revision) FROM reports r2"
    " WHERE r2.project_id = r.project_id AND r2.month = r.month)"
)


class ReportStore:
    """Read and write progress reports."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def submit(
        self, draft: Draft, reporter: User, reported_on: date
    ) -> tuple[ProgressReport, bool]:
        """Turn a finished draft into a report in one transaction; False if it was already.

        The person's right to report on the project is checked in the same transaction; when it
        is gone the draft is dropped, nothing is stored and DraftOutOfScope is raised. A new
        report is also recorded as not yet acknowledged, until ``acknowledged`` is called.
        """

        def file(conn: SyncConnection) -> tuple[ProgressReport, bool] | None:
            existing = row_of(
                conn, "SELECT id FROM reports WHERE idempotency_key = ?", (draft.key,)
            )
            if existing is None:
                scope, params = may_report(draft.user_id, draft.project_id)
                allowed = row_of(conn, f"SELECT 1 WHERE {scope}", params)
                if allowed is None:
                    conn.execute("DELETE FROM report_drafts WHERE user_id = ?", (draft.user_id,))
                    return None
                report_id = _insert(conn, draft, reporter, reported_on)
                _audit(conn, report_id, reporter)
                conn.execute(
                    "INSERT INTO unacknowledged_reports (user_id, report_id, chat_id)"
                    " VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE"
                    " SET report_id = excluded.report_id, chat_id = excluded.chat_id",
                    (draft.user_id, report_id, draft.chat_id),
                )
            else:
                report_id = int(existing[0])
            conn.execute(
                "DELETE FROM report_drafts WHERE user_id = ? AND draft_key = ?",
                (draft.user_id, draft.key),
            )
            report = _report(conn, report_id)
            assert report is not None
            return report, existing is None

        filed = await self.db.write(file)
        if filed is None:
            raise DraftOutOfScope
        return filed

    async def acknowledged(self, user_id: int, report_id: int) -> None:
        """Record that the person got the "saved" message of their report."""
        await self.db.write(
            lambda conn: conn.execute(
                "DELETE FROM unacknowledged_reports WHERE user_id = ? AND report_id = ?",
                (user_id, report_id),
            )
        )

    async def unacknowledged(self) -> dict[int, int]:
        """Return, per person, the report whose "saved" message they may not have got."""
        return await self.db.read(
            lambda conn: {
                int(row["user_id"]): int(row["report_id"])
                for row in rows_of(conn, "SELECT user_id, report_id FROM unacknowledged_reports")
            }
        )

    @staticmethod
    def unacknowledged_query(user_id: int) -> Query[int | None]:
        """Return the query of the report one person may not have got "saved" for, if any."""

        def pending(conn: SyncConnection) -> int | None:
            found = value_of(
                conn, "SELECT report_id FROM unacknowledged_reports WHERE user_id = ?", (user_id,)
            )
            return None if found is None else int(found)

        return pending

    async def by_id(self, report_id: int) -> ProgressReport | None:
        """Return one report with its photos."""
        return await self.db.read(self.by_id_query(report_id))

    @staticmethod
    def by_id_query(report_id: int) -> Query[ProgressReport | None]:
        """Return the query of ``by_id``, to run together with others."""
        return lambda conn: _report(conn, report_id)

    async def current(self, project_id: int) -> list[ProgressReport]:
        """Return the counting revision of every reported month of a project, oldest first."""
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                f"{_SELECT} WHERE r.project_id = ? AND {_CURRENT} ORDER BY r.month",
                (project_id,),
            )
        )
        return [report_from_row(row) for row in rows]

    async def history(self, project_id: int) -> list[ProgressReport]:
        """Return every revision of every month of a project, oldest first."""
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                f"{_SELECT} WHERE r.project_id = ? ORDER BY r.month, r.revision",
                (project_id,),
            )
        )
        return [report_from_row(row) for row in rows]

    async def for_month(self, project_id: int, month: date) -> ProgressReport | None:
        """Return the counting report of a project for one month."""
        row = await self.db.read(
            lambda conn: row_of(
                conn,
                f"{_SELECT} WHERE r.project_id = ? AND r.month = ? AND {_CURRENT}",
                (project_id, month_key(month)),
            )
        )
        return report_from_row(row) if row else None

    async def latest(self, project_id: int, until: date | None = None) -> ProgressReport | None:
        """Return the counting report of the most recent reported month (up to ``until``)."""
        return await self.db.read(self.latest_query(project_id, until))

    @staticmethod
    def latest_query(project_id: int, until: date | None = None) -> Query[ProgressReport | None]:
        """Return the query of ``latest``, to run together with others."""
        last_month = month_key(until) if until else "9999-12"

        def latest(conn: SyncConnection) -> ProgressReport | None:
            row = row_of(
                conn,
                f"{_SELECT} WHERE r.project_id = ? AND r.month <= ? AND {_CURRENT}"
                " ORDER BY r.month DESC LIMIT 1",
                (project_id, last_month),
            )
            return report_from_row(row) if row else None

        return latest

    async def reported_codes(self, user: User, month: date) -> set[str]:
        """Return the codes of the user's visible projects that have a report for a month."""
        where, params = project_scope(user)
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                "SELECT DISTINCT p.code FROM reports r JOIN projects p ON p.id = r.project_id"
                f" WHERE r.month = ? AND {where}",
                (month_key(month), *params),
            )
        )
        return {row["code"] for row in rows}

    async def current_for_projects(
        self, project_ids: Sequence[int]
    ) -> dict[int, list[ProgressReport]]:
        """Return the counting reports of many projects at once, keyed by project id."""
        found: dict[int, list[ProgressReport]] = {pid: [] for pid in project_ids}
        if not project_ids:
            return found
        marks = ",".join("?" * len(project_ids))
        rows = await self.db.read(
            lambda conn: rows_of(
                conn,
                f"{_SELECT.replace('SELECT r.id', 'SELECT r.project_id, r.id')}"
                f" WHERE r.project_id IN ({marks}) AND {_CURRENT} ORDER BY r.month",
                project_ids,
            )
        )
        for row in rows:
            found[int(row["project_id"])].append(report_from_row(row))
        return found


def _insert(conn: SyncConnection, draft: Draft, reporter: User, reported_on: date) -> int:
    assert draft.percent is not None and draft.work_done is not None
    row = row_of(
        conn,
        "SELECT COALESCE(MAX(revision), 0) + 1 FROM reports WHERE project_id = ? AND month = ?",
        (draft.project_id, month_key(draft.month)),
    )
    revision = int(row[0]) if row else 1
    cursor = conn.execute(
        "INSERT INTO reports (project_id, month, revision, percent_hundredths, reported_on,"
        " work_done, problems, obstacles, decrease_reason, reporter_id, reporter_name,"
        " idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            draft.project_id,
            month_key(draft.month),
            revision,
            to_hundredths(draft.percent),
            reported_on.isoformat(),
            draft.work_done,
            draft.problems,
            draft.obstacles,
            draft.decrease_reason,
            reporter.telegram_id,
            normal_name(reporter.name),
            draft.key,
        ),
    )
    report_id = int(cursor.fetchone()[0])
    conn.executemany(
        "INSERT INTO report_photos (report_id, position, file_id, file_unique_id)"
        " VALUES (?, ?, ?, ?)",
        [(report_id, i, file_id, unique) for i, (file_id, unique) in enumerate(draft.photos)],
    )
    return report_id


def _audit(conn: SyncConnection, report_id: int, reporter: User) -> None:
    row = row_of(
        conn,
        "SELECT project_id, month, revision, percent_hundredths FROM reports WHERE id = ?",
        (report_id,),
    )
    assert row is not None
    kind = "report_submitted" if int(row[2]) == 1 else "report_revised"
    details: dict[str, DetailValue] = {
        "report_id": report_id,
        "month": str(row[1]),
        "revision": int(row[2]),
        "percent": str(from_hundredths(int(row[3]))),
    }
    record_in(conn, reporter.telegram_id, kind, int(row[0]), details)


def _report(conn: SyncConnection, report_id: int) -> ProgressReport | None:
    row = row_of(conn, f"{_SELECT} WHERE r.id = ?", (report_id,))
    if row is None:
        return None
    photos = rows_of(
        conn,
        "SELECT file_id FROM report_photos WHERE report_id = ? ORDER BY position",
        (report_id,),
    )
    return report_from_row(row, tuple(photo["file_id"] for photo in photos))


def report_from_row(row: Row, photos: tuple[str, ...] = (), prefix: str = "") -> ProgressReport:
    """Return the report held by a row; its report columns may carry a prefix (not the code)."""

    def column(name: str) -> Any:
        return row[prefix + name]

    return ProgressReport(
        id=column("id"),
        project_code=row["code"],
        month=month_from_key(column("month")),
        revision=column("revision"),
        percent=from_hundredths(column("percent_hundredths")),
        reported_on=date.fromisoformat(column("reported_on")),
        work_done=column("work_done"),
        problems=column("problems"),
        obstacles=column("obstacles"),
        decrease_reason=column("decrease_reason"),
        reporter_id=column("reporter_id"),
        reporter_name=column("reporter_name"),
        imported=bool(column("imported")),
        photo_file_ids=photos,
    )
