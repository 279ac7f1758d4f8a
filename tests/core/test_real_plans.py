"""Planned progress for plans as the real pages hold them, and who still owes a report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.bma import ProjectPage, parse_project_page
from core.charts import ProjectChartData, project_series
from core.domain import ProgressReport, StatusKind
from core.plan import has_timeline, plan_progress_at
from core.reminders.digest import DigestProject, build_digests
from core.status import project_status, report_expected
from tests.core.bma import read_sample


def _page(code: str) -> ProjectPage:
    """Parse a real sample page."""
    return parse_project_page(read_sample(code))


def _reports(page: ProjectPage) -> tuple[ProgressReport, ...]:
    """Return the page's entries as the monthly reports the bot stores."""
    return tuple(
        ProgressReport(
            project_code=page.code,
            month=e.reported_on.replace(day=1),
            percent=e.percent,
            reported_on=e.reported_on,
            work_done=e.description,
        )
        for e in page.entries
    )


def test_plan_dated_all_on_one_day_has_no_timeline() -> None:
    """Every step of 3247 and 2462 starts and ends on 1 October 2020: no timeline."""
    assert not has_timeline(_page("50450000-3247").plan_steps)
    assert not has_timeline(_page("01000000-2462").plan_steps)
    assert has_timeline(_page("50080000-2982").plan_steps)
    assert not has_timeline(())


def test_no_timeline_never_behind_even_when_reports_trail() -> None:
    """3247 reported steadily each month: with no timeline it is never behind (was 55%)."""
    page = _page("50450000-3247")
    reports = _reports(page)
    for entry in page.entries[1:]:
        day = entry.reported_on
        earlier = tuple(r for r in reports if r.month <= day.replace(day=1))
        status = project_status(page.plan_steps, earlier, day, page.fiscal_year)
        assert status.kind is not StatusKind.BEHIND, day
        assert status.behind_by == 0 and not status.timeline


def test_single_day_steps_are_due_that_day_and_weights_stay_as_written() -> None:
    """2982's steps are single days; its weights add up to 80%, and 80% is the plan's end."""
    steps = _page("50080000-2982").plan_steps
    assert sum(s.weight for s in steps) == 80
    assert plan_progress_at(steps, date(2020, 2, 9)) == 0
    assert plan_progress_at(steps, date(2020, 2, 10)) == 20
    assert plan_progress_at(steps, date(2020, 3, 1)) == 60
    assert plan_progress_at(steps, date(2020, 9, 30)) == 80


def test_chart_draws_no_plan_line_without_a_timeline() -> None:
    """The chart of 3247 has its reported points and no invented plan line."""
    page = _page("50450000-3247")
    project = page.to_project()
    data = ProjectChartData(
        page.code,
        page.name,
        project.agency,
        project.fiscal_year,
        page.plan_steps,
        tuple(sorted(_reports(page), key=lambda r: r.month)),
        date(2021, 9, 30),
    )
    series = project_series(data)
    assert series.plan == () and len(series.actual) == 12
    timed = _page("50080000-2982")
    timed_project = timed.to_project()
    assert (
        project_series(
            ProjectChartData(
                timed.code,
                timed.name,
                timed_project.agency,
                timed_project.fiscal_year,
                timed.plan_steps,
                (),
                date(2020, 9, 30),
            )
        ).plan
        != ()
    )


def test_closed_fiscal_year_is_never_not_reported() -> None:
    """A project of FY 2564 that stopped at 92% is judged at its year's end, not 'not reported'."""
    page = _page("50450000-3247")
    unfinished = tuple(r for r in _reports(page) if r.percent < 100)
    status = project_status(page.plan_steps, unfinished, date(2026, 12, 1), page.fiscal_year)
    assert status.kind is not StatusKind.NOT_REPORTED
    assert not report_expected(unfinished, page.fiscal_year, date(2026, 12, 1))
    assert report_expected(unfinished, page.fiscal_year, date(2021, 9, 1))


def test_digest_lists_neither_finished_nor_closed_year_projects_as_missing() -> None:
    """The digest of December 2569 names no finished or closed-year project as missing."""
    old = _page("50450000-3247")  # FY 2564, finished at 100%
    stopped = _page("50080000-2982")  # FY 2563, finished too; cut at 75% below
    open_year = DigestProject(9, "X-9", "เปิด", "ก", None, (), (), (), 2570)
    projects = [
        DigestProject(1, old.code, old.name, "ก", None, old.plan_steps, _reports(old), (), 2564),
        DigestProject(
            2,
            stopped.code,
            stopped.name,
            "ก",
            None,
            stopped.plan_steps,
            tuple(r for r in _reports(stopped) if r.percent < 80),
            (),
            2563,
        ),
        open_year,
    ]
    [digest] = build_digests(projects, date(2026, 12, 1))
    assert [line.code for line in digest.missing] == ["X-9"]


def test_finished_project_owes_no_report_in_its_own_year() -> None:
    """A project that reached 100% in August owes no September report."""
    page = _page("50450000-3247")
    reports = tuple(r for r in _reports(page) if r.month < date(2021, 8, 1))
    done = ProgressReport(
        project_code=page.code,
        month=date(2021, 8, 1),
        percent=Decimal(100),
        reported_on=date(2021, 8, 31),
        work_done="เสร็จ",
    )
    assert not report_expected((*reports, done), 2564, date(2021, 9, 1))
    assert report_expected(reports, 2564, date(2021, 9, 1))
