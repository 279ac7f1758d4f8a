"""Imported progress entries: how they are recognised again, and how they are stored."""

from __future__ import annotations

from datetime import date

from core.bma import ProgressEntry, entry_from_report
from core.domain import ProgressReport
from core.names import normal_optional_name
from storage.convert import from_hundredths, month_key, to_hundredths
from storage.db import SyncConnection, rows_of

# How an entry is recognised on a later page: its date, percent and text as written.
EntryKey = tuple[str, int, str]


def entry_key(entry: ProgressEntry) -> EntryKey:
    """Return the key an entry is matched by."""
    return (entry.reported_on.isoformat(), to_hundredths(entry.percent), entry.description)


def report_key(report: ProgressReport) -> EntryKey:
    """Return the key of a report the bot took, as it appears once pasted into the system."""
    return entry_key(entry_from_report(report))


def known_keys(conn: SyncConnection, project_id: int) -> set[EntryKey]:
    """Return the keys of every stored entry of a project, imported or typed in the bot."""
    rows = rows_of(
        conn,
        "SELECT r.reported_on, r.percent_hundredths, r.work_done, r.problems, r.obstacles,"
        " i.description FROM reports r LEFT JOIN imported_entries i ON i.report_id = r.id"
        " WHERE r.project_id = ?",
        (project_id,),
    )
    keys: set[EntryKey] = set()
    for row in rows:
        if row["description"] is not None:
            keys.add((row["reported_on"], row["percent_hundredths"], row["description"]))
            continue
        report = ProgressReport(
            project_code="",
            month=date.fromisoformat(row["reported_on"]).replace(day=1),
            percent=from_hundredths(row["percent_hundredths"]),
            reported_on=date.fromisoformat(row["reported_on"]),
            work_done=row["work_done"],
            problems=row["problems"],
            obstacles=row["obstacles"],
        )
        keys.add(report_key(report))
    return keys


def insert_entry(
    conn: SyncConnection, project_id: int, entry: ProgressEntry, reporter: str | None
) -> None:
    """Store one imported entry as the next revision of the month it was reported in."""
    month = month_key(entry.reported_on)
    rows = rows_of(
        conn,
        "SELECT COALESCE(MAX(revision), 0) + 1 FROM reports WHERE project_id = ? AND month = ?",
        (project_id, month),
    )
    cursor = conn.execute(
        "INSERT INTO reports (project_id, month, revision, percent_hundredths, reported_on,"
        " work_done, problems, obstacles, reporter_name, imported)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        (
            project_id,
            month,
            int(rows[0][0]),
            to_hundredths(entry.percent),
            entry.reported_on.isoformat(),
            entry.body,
            entry.problems,
            entry.obstacles,
            normal_optional_name(reporter),
        ),
    )
    conn.execute(
        "INSERT INTO imported_entries (report_id, number, reported_on, description,"
        " problems_text, obstacles_text) VALUES (?, ?, ?, ?, ?, ?)",
        (
            int(cursor.fetchone()[0]),
            entry.number,
            entry.reported_on.isoformat(),
            entry.description,
            entry.problems_text,
            entry.obstacles_text,
        ),
    )
