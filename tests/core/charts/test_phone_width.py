"""Every chart rendered at phone width: labels big enough, and no text over another."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.charts import AgencyRollupData, AgencyRow, ProjectChartData, chart_labels
from core.charts.data import ROWS_PER_PAGE
from core.charts.overview_chart import agency_page_figure, overview_page_figure
from core.charts.project_chart import project_chart_figure
from core.domain import StatusKind
from tests.core.charts.phone import PHONE_WIDTH_PX, drawn_texts, readability_problems
from tests.core.charts.test_overview_chart import make_data as overview_data
from tests.core.charts.test_project_chart import MONTHS, STEPS, THAI_NAMES, make_data, report


def _finished() -> ProjectChartData:
    percents = [str(p) for p in range(10, 101, 9)]
    reports = tuple(report(m, p) for m, p in zip(MONTHS[:11], percents, strict=False))
    reports = (*reports[:-1], report(MONTHS[10], "100"))
    return ProjectChartData(
        "50450000-3247",
        THAI_NAMES[4],
        "สำนักงานเขตวังทองหลาง",
        2569,
        STEPS,
        reports,
        date(2026, 9, 20),
    )


PROJECT_CASES = {
    "five reports, March": make_data(),
    "long name": make_data(THAI_NAMES[4]),
    "start of year": make_data(today=date(2025, 10, 3)),
    "finished, September": _finished(),
    "no plan, no reports": ProjectChartData("c", "ปัญหา", "a", 2569, (), (), date(2026, 1, 15)),
}


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("case", list(PROJECT_CASES))
def test_project_chart_reads_at_phone_width(case: str, language: str) -> None:
    """A project chart is square, its labels stay readable at 320 px and none overlaps."""
    fig = project_chart_figure(PROJECT_CASES[case], chart_labels(language))
    assert fig.get_figwidth() == fig.get_figheight()
    assert readability_problems(fig) == []


def test_the_check_finds_small_and_overlapping_labels() -> None:
    """The readability check itself fails a chart with tiny or overlapping labels."""
    fig = project_chart_figure(make_data(), chart_labels("th"))
    fig.text(0.5, 0.5, "เล็ก", fontsize=5, fontfamily="Sarabun")
    fig.text(0.5, 0.5, "ซ้อน", fontsize=20, fontfamily="Sarabun")
    problems = readability_problems(fig)
    assert any("เล็ก" in p and f"{PHONE_WIDTH_PX}" not in p for p in problems)
    assert any("overlaps" in p for p in problems)


def test_latest_value_is_labelled_once() -> None:
    """Only the latest report's value is written on the chart, beside its point."""
    data = make_data()
    fig = project_chart_figure(data, chart_labels("th"))
    labels = [text.get_text() for text, _ in drawn_texts(fig)]
    latest = chart_labels("th").percent(Decimal(data.reports[-1].percent))
    assert labels.count(latest) == 1
    assert chart_labels("th").percent(Decimal(data.reports[0].percent)) not in labels


def _agencies(count: int) -> AgencyRollupData:
    kinds = list(StatusKind)
    rows = tuple(
        AgencyRow(
            f"สำนักงานเขต{name}",
            tuple((kind, (i * 3 + k * 5) % 17) for k, kind in enumerate(kinds) if (i + k) % 4),
        )
        for i, name in enumerate(["วังทองหลาง", "บางรัก", "ลาดพร้าว", "ประเวศ"] * 3)
    )[:count]
    return AgencyRollupData("ทุกหน่วยงาน", date(2026, 3, 1), rows)


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("count", [0, 3, ROWS_PER_PAGE])
def test_overview_page_reads_at_phone_width(count: int, language: str) -> None:
    """An agency's overview page keeps labels readable at 320 px, values apart from markers."""
    data = overview_data(count)
    fig = overview_page_figure(data, chart_labels(language), data.rows, 1, 1)
    assert fig.get_figheight() <= fig.get_figwidth() * 1.25
    assert readability_problems(fig) == []


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("count", [1, ROWS_PER_PAGE])
def test_agency_rollup_reads_at_phone_width(count: int, language: str) -> None:
    """The admins' roll-up, one bar per agency with its counts, reads at 320 px."""
    data = _agencies(count)
    fig = agency_page_figure(data, chart_labels(language), data.rows, 1, 1)
    assert fig.get_figheight() <= fig.get_figwidth() * 1.25
    assert readability_problems(fig) == []
    texts = [text.get_text() for text, _ in drawn_texts(fig)]
    assert chart_labels(language).projects_count.format(count=data.rows[0].total) in texts
