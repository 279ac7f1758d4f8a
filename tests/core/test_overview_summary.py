"""The overview summary counts projects by standing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.domain import PlanStep, ProgressReport
from core.overview_summary import summarize
from core.status import project_status

TODAY = date(2026, 11, 21)
STEPS = (PlanStep(1, "ทำงาน", Decimal(100), date(2026, 10, 1), date(2026, 12, 31)),)


def _report(month: int, year: int, percent: int) -> ProgressReport:
    return ProgressReport("C", date(year, month, 1), Decimal(percent), date(year, month, 1), "งาน")


def test_counts() -> None:
    """Reported this month, behind, stalled and finished are counted as documented."""
    statuses = [
        project_status(STEPS, reports, TODAY)
        for reports in (
            [_report(11, 2026, 90)],  # on plan
            [_report(11, 2026, 10)],  # behind
            [_report(9, 2026, 60), _report(10, 2026, 60), _report(11, 2026, 60)],  # stalled
            [_report(10, 2026, 5)],  # not reported this month, behind
            [_report(11, 2026, 100)],  # finished
            [],  # never reported, behind
        )
    ]
    summary = summarize(statuses, TODAY)
    assert (summary.total, summary.reported, summary.finished) == (6, 4, 1)
    assert summary.behind == 3
    assert summary.stalled == 1
