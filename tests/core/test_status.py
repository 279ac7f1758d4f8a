"""Tests for a project's status against its plan and the supervisor's urgency order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.domain import PlanStep, ProgressReport, StatusKind
from core.status import (
    ProjectStatus,
    months_without_progress,
    project_status,
    sort_by_urgency,
    urgency_key,
)

CODE = "50450000-3247"
# 10% a month from October 2025 to July 2026, accrued linearly within each step.
STEPS = tuple(
    PlanStep(
        order=i + 1,
        description=f"step {i + 1}",
        weight=Decimal(10),
        start=date(2025 + (9 + i) // 12, (9 + i) % 12 + 1, 1),
        end=date(2025 + (10 + i) // 12, (10 + i) % 12 + 1, 1),
    )
    for i in range(10)
)
OCT_20 = date(2025, 10, 20)
OCT_31 = date(2025, 10, 31)


def report(month: date, percent: str, revision: int = 1) -> ProgressReport:
    """Build a monthly report of the test project."""
    return ProgressReport(
        project_code=CODE,
        month=month,
        percent=Decimal(percent),
        reported_on=month.replace(day=25),
        work_done="ดำเนินการ",
        revision=revision,
    )


def status(kind: StatusKind, behind_by: str = "0", stalled: int = 0) -> ProjectStatus:
    """Build a status with only the fields the urgency order reads."""
    return ProjectStatus(kind, None, Decimal(0), Decimal(behind_by), stalled)


def test_plan_fixture_accrues_ten_percent_a_month() -> None:
    """Check the plan used below: 10.00% due by 1 November, 30.00% by 1 January."""
    assert STEPS[0].start == date(2025, 10, 1)
    assert STEPS[2].end == date(2026, 1, 1)
    assert project_status(STEPS, [], date(2026, 1, 1)).planned == Decimal("30.00")


def test_finished_when_latest_report_is_100() -> None:
    """Call a project finished once its latest report says 100%, whatever the plan says."""
    reports = [report(date(2025, 9, 1), "60"), report(date(2025, 10, 1), "100")]
    result = project_status(STEPS, reports, OCT_20)
    assert result.kind is StatusKind.FINISHED
    assert result.latest == reports[1]
    assert result.behind_by == 0
    assert result.stalled_months == 0


def test_finished_even_without_a_report_this_month() -> None:
    """Keep a project finished in later months without asking for new reports."""
    reports = [report(date(2025, 8, 1), "100"), report(date(2025, 9, 1), "100")]
    assert project_status(STEPS, reports, date(2025, 12, 5)).kind is StatusKind.FINISHED


def test_not_reported_without_any_report() -> None:
    """Mark a project with no report at all as not reported, behind by everything planned."""
    result = project_status(STEPS, [], date(2025, 10, 16))
    assert result.kind is StatusKind.NOT_REPORTED
    assert result.latest is None
    assert result.planned == Decimal("4.84")
    assert result.behind_by == Decimal("4.84")
    assert result.stalled_months == 0


def test_not_reported_when_this_month_is_missing() -> None:
    """Mark a project not reported this month, keeping last month's report as the latest."""
    september = report(date(2025, 9, 1), "40")
    result = project_status(STEPS, [september], OCT_20)
    assert result.kind is StatusKind.NOT_REPORTED
    assert result.latest == september
    assert result.behind_by == Decimal("0.00")


def test_not_reported_wins_over_stalled() -> None:
    """Ask for this month's report before judging a project stalled."""
    reports = [report(date(2025, m, 1), "40") for m in (6, 7, 8, 9)]
    result = project_status(STEPS, reports, OCT_20)
    assert result.kind is StatusKind.NOT_REPORTED
    assert result.stalled_months == 3


def test_stalled_after_two_months_without_increase() -> None:
    """Call a project stalled when its percent has stayed the same from August to October."""
    reports = [report(date(2025, m, 1), "40") for m in (8, 9, 10)]
    result = project_status(STEPS, reports, OCT_20)
    assert result.kind is StatusKind.STALLED
    assert result.stalled_months == 2
    assert result.behind_by == Decimal("0.00")


def test_stalled_wins_over_behind() -> None:
    """Report a stalled project as stalled even when it is also behind, and keep the gap."""
    reports = [report(date(2025, m, 1), "2") for m in (8, 9, 10)]
    result = project_status(STEPS, reports, OCT_31)
    assert result.kind is StatusKind.STALLED
    assert result.behind_by == result.planned - Decimal(2)
    assert result.behind_by > 0


def test_one_month_without_increase_is_not_stalled() -> None:
    """Give a project one month of grace before calling it stalled."""
    reports = [report(date(2025, 9, 1), "40"), report(date(2025, 10, 1), "40")]
    result = project_status(STEPS, reports, OCT_20)
    assert result.kind is StatusKind.ON_PLAN
    assert result.stalled_months == 1


def test_behind_when_below_plan_today() -> None:
    """Call a project behind when its latest percent is below the plan, by the difference."""
    reports = [report(date(2025, 9, 1), "0"), report(date(2025, 10, 1), "2.5")]
    result = project_status(STEPS, reports, OCT_31)
    assert result.planned == Decimal("9.68")
    assert result.kind is StatusKind.BEHIND
    assert result.behind_by == Decimal("7.18")


def test_on_plan_when_at_or_above_plan() -> None:
    """Call a project on plan when its latest percent reaches the planned percent."""
    at_plan = project_status(STEPS, [report(date(2025, 10, 1), "9.68")], OCT_31)
    above = project_status(STEPS, [report(date(2025, 10, 1), "50")], OCT_31)
    assert at_plan.kind is StatusKind.ON_PLAN
    assert above.kind is StatusKind.ON_PLAN
    assert at_plan.behind_by == above.behind_by == Decimal("0.00")


def test_reports_in_any_order_use_the_latest_month() -> None:
    """Pick the latest month's report whatever order the reports come in."""
    reports = [
        report(date(2025, 10, 1), "30"),
        report(date(2025, 8, 1), "10"),
        report(date(2025, 9, 1), "20"),
    ]
    result = project_status(STEPS, reports, OCT_20)
    assert result.latest == reports[0]
    assert result.kind is StatusKind.ON_PLAN


def test_highest_revision_of_a_month_counts() -> None:
    """Use the highest revision when a month's report appears more than once."""
    first = report(date(2025, 10, 1), "1", revision=1)
    corrected = report(date(2025, 10, 1), "50", revision=2)
    result = project_status(STEPS, [corrected, first], OCT_20)
    assert result.latest == corrected


def test_reports_for_future_months_are_ignored() -> None:
    """Ignore reports for months that have not started on the given day."""
    october = report(date(2025, 10, 1), "30")
    result = project_status(STEPS, [october, report(date(2025, 12, 1), "100")], OCT_20)
    assert result.kind is StatusKind.ON_PLAN
    assert result.latest == october


def test_empty_plan_is_never_behind() -> None:
    """Plan nothing and expect nothing when a project has no plan steps."""
    result = project_status((), [report(date(2025, 10, 1), "0")], OCT_20)
    assert result.planned == Decimal("0.00")
    assert result.kind is StatusKind.ON_PLAN


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], 0),
        ([(10, "40")], 0),
        ([(8, "10"), (9, "20"), (10, "30")], 0),
        ([(8, "40"), (9, "40"), (10, "40")], 2),
        ([(8, "30"), (9, "40"), (10, "40")], 1),
        ([(7, "40"), (9, "40")], 2),
        ([(8, "50"), (9, "40"), (10, "40")], 2),
        ([(6, "30"), (7, "40"), (8, "35"), (9, "40")], 0),
        ([(9, "40"), (10, "39.99")], 1),
    ],
)
def test_months_without_progress(history: list[tuple[int, str]], expected: int) -> None:
    """Count months since the latest percent was first reached, gaps and decreases included."""
    reports = [report(date(2025, month, 1), percent) for month, percent in history]
    assert months_without_progress(reports) == expected
    assert months_without_progress(list(reversed(reports))) == expected


def test_months_without_progress_across_the_year_end() -> None:
    """Count calendar months across December to January."""
    reports = [report(date(2025, 11, 1), "40"), report(date(2026, 2, 1), "40")]
    assert months_without_progress(reports) == 3


def test_urgency_orders_by_gap_then_kind() -> None:
    """Put the largest gap first, then stalled, not reported, on plan and finished projects."""
    items = [
        ("finished", status(StatusKind.FINISHED)),
        ("on plan", status(StatusKind.ON_PLAN)),
        ("not reported", status(StatusKind.NOT_REPORTED)),
        ("stalled 2", status(StatusKind.STALLED, stalled=2)),
        ("behind 5", status(StatusKind.BEHIND, "5")),
        ("stalled 4", status(StatusKind.STALLED, stalled=4)),
        ("behind 20", status(StatusKind.BEHIND, "20")),
        ("not reported 12", status(StatusKind.NOT_REPORTED, "12")),
    ]
    ordered = sort_by_urgency(items, key=lambda item: item[1])
    assert [name for name, _ in ordered] == [
        "behind 20",
        "not reported 12",
        "behind 5",
        "stalled 4",
        "stalled 2",
        "not reported",
        "on plan",
        "finished",
    ]


def test_urgency_keeps_input_order_for_equal_statuses() -> None:
    """Sort stably, so callers can pre-sort by name."""
    items = ["b", "a", "c"]
    same = status(StatusKind.ON_PLAN)
    assert sort_by_urgency(items, key=lambda _: same) == ["b", "a", "c"]


def test_urgency_key_sorts_statuses_directly() -> None:
    """Let statuses themselves be sorted with the same key."""
    statuses = [status(StatusKind.ON_PLAN), status(StatusKind.BEHIND, "3")]
    assert sorted(statuses, key=urgency_key)[0].kind is StatusKind.BEHIND
