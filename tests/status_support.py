"""Store reports the way the report conversation does, for the status tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.domain import ProgressReport
from storage import Storage

_updates = {"next": 1}


async def add_report(
    store: Storage,
    reporter_id: int,
    project_id: int,
    month: date,
    percent: str | int,
    work_done: str = "ดำเนินการตามแผน",
    *,
    problems: str | None = None,
    obstacles: str | None = None,
    reported_on: date | None = None,
) -> ProgressReport:
    """Store one report (a new revision when the month has one) through a draft."""
    reporter = await store.users.get(reporter_id)
    assert reporter is not None, "register the reporter first"
    # Only a person who reports on the project may file a report on it: a reporter who is
    # not assigned (a colleague who left, say) is assigned for the filing only.
    assignment = (reporter_id, project_id)
    added = await store.db.write(
        lambda conn: (
            conn.execute(
                "INSERT INTO assignments (user_id, project_id) VALUES (?, ?)"
                " ON CONFLICT (user_id, project_id) DO NOTHING",
                assignment,
            ).rowcount
        )
    )
    _updates["next"] += 2
    update_id = _updates["next"]
    await store.drafts.start(
        reporter_id,
        reporter_id,
        project_id,
        month,
        "summary",
        correcting=False,
        update_id=update_id,
    )
    saved = await store.drafts.save(
        reporter_id,
        update_id + 1,
        percent=Decimal(percent),
        work_done=work_done,
        problems=problems,
        problems_answered=True,
        obstacles=obstacles,
        obstacles_answered=True,
    )
    assert saved
    draft = await store.drafts.get(reporter_id)
    assert draft is not None
    report, created = await store.reports.submit(draft, reporter, reported_on or month)
    assert created
    assert report.id is not None
    # As the bot records once "saved" went out: a report set up by a test waits for nothing
    # (the pending acknowledgement is read for every update of the reporter, on any process).
    await store.reports.acknowledged(reporter_id, report.id)
    if added:
        await store.db.write(
            lambda conn: conn.execute(
                "DELETE FROM assignments WHERE user_id = ? AND project_id = ?", assignment
            )
        )
    return report
