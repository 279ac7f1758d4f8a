"""Tests of the project chart: its numbers, its title wrapping and its PNG."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from core.charts import ProjectChartData, chart_labels, project_series, render_project_chart
from core.charts.fonts import (
    ELLIPSIS,
    FAMILY,
    display_width,
    font_file,
    text_measure,
    wrap_words,
)
from core.charts.project_chart import x_of
from core.charts.words import word_tokens
from core.domain import PlanStep, ProgressReport, Project, StatusKind
from core.plan import plan_progress_at
from core.thai_dates import fiscal_year_months, month_end

FY = 2569
PERCENTS = ["5", "12.5", "18", "25", "31.25"]
MONTHS = fiscal_year_months(FY)
THAI_NAMES = [
    "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง",
    "ปัญหา",
    "ผู้สูงอายุ",
    "กรุงเทพมหานคร",
    "โครงการปรับปรุงซ่อมแซมอาคารศูนย์บริการผู้สูงอายุ กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. 2569"
    " ระยะที่ 2 (ต่อเนื่อง) เพื่อแก้ปัญหาน้ำท่วมขังถนนลาดพร้าว ซอย 101 และพื้นที่ใกล้เคียง",
]
STEPS = (
    PlanStep(1, "survey", Decimal(20), date(2025, 10, 1), date(2025, 12, 31)),
    PlanStep(2, "build", Decimal(50), date(2026, 1, 1), date(2026, 6, 30)),
    PlanStep(3, "hand over", Decimal(30), date(2026, 5, 1), date(2026, 9, 15)),
)


def report(month: date, percent: str, revision: int = 1) -> ProgressReport:
    """Return a report of ``percent`` for ``month``."""
    return ProgressReport(
        "50450000-3247", month, Decimal(percent), month_end(month), "work", revision=revision
    )


def make_data(name: str = THAI_NAMES[0], today: date = date(2026, 3, 12)) -> ProjectChartData:
    """Return chart data with five monthly reports."""
    reports = tuple(report(m, p) for m, p in zip(MONTHS[:5], PERCENTS, strict=True))
    return ProjectChartData("50450000-3247", name, "สำนักงานเขตวังทองหลาง", FY, STEPS, reports, today)


def test_png_decodes_with_phone_friendly_size() -> None:
    """Render a square PNG of 960 x 960 pixels, three times a phone's 320 px bubble."""
    png = render_project_chart(make_data(), chart_labels("th"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (960, 960)


@pytest.mark.parametrize("name", THAI_NAMES, ids=range(len(THAI_NAMES)))
def test_thai_names_render_without_missing_glyph_warnings(name: str) -> None:
    """Render Thai names with tone marks and upper/lower vowels without any warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_project_chart(make_data(name), chart_labels("th"))
        render_project_chart(make_data(name), chart_labels("en"))


def test_sarabun_regular_and_bold_are_used() -> None:
    """Resolve the chart family to the packaged Sarabun Regular and Bold files."""
    assert FAMILY == "Sarabun"
    assert Path(font_file(False)).name == "Sarabun-Regular.ttf"
    assert Path(font_file(True)).name == "Sarabun-Bold.ttf"


def test_same_input_gives_same_bytes() -> None:
    """Render byte-identical PNGs for identical input."""
    labels = chart_labels("th")
    assert render_project_chart(make_data(), labels) == render_project_chart(make_data(), labels)


def test_month_labels_are_centred_on_their_months() -> None:
    """The 12 month labels of the fiscal year sit in the middle of their months, October first."""
    series = project_series(make_data())
    labels = chart_labels("th")
    assert series.months == tuple(MONTHS)
    assert [labels.month(m) for m in series.months][:2] == ["ต.ค.", "พ.ย."]
    assert chart_labels("en").month(series.months[0]) == "Oct"
    assert series.bounds_x[0] == 0.0 and len(series.bounds_x) == 13
    for start, middle, end in zip(
        series.bounds_x, series.tick_x, series.bounds_x[1:], strict=False
    ):
        assert start < middle < end and middle == (start + end) / 2
    # 15 March is drawn inside March, not left of its label.
    march = series.months.index(date(2026, 3, 1))
    assert series.bounds_x[march] < x_of(date(2026, 3, 15), FY) < series.bounds_x[march + 1]


def test_plan_points_follow_plan_progress_at_month_ends() -> None:
    """Start the plan at 0 % and sample plan_progress_at at each month end."""
    series = project_series(make_data())
    assert (series.plan[0].x, series.plan[0].percent) == (0.0, Decimal(0))
    assert [p.day for p in series.plan[1:]] == [month_end(m) for m in MONTHS]
    assert [p.percent for p in series.plan[1:]] == [
        plan_progress_at(STEPS, month_end(m)) for m in MONTHS
    ]
    assert series.plan[-1].percent == Decimal(100)
    assert [p.x for p in series.plan] == list(series.bounds_x)


def test_actual_points_are_the_reports_on_their_dates() -> None:
    """Place each report's percent on the day it was made, so 15 March is left of 'today'."""
    reports = (
        ProgressReport("c", MONTHS[4], Decimal(20), date(2026, 2, 27), "w"),
        ProgressReport("c", MONTHS[5], Decimal(30), date(2026, 3, 15), "w"),
    )
    data = ProjectChartData("c", "x", "y", FY, STEPS, reports, date(2026, 3, 16))
    series = project_series(data)
    assert [p.day for p in series.actual] == [date(2026, 2, 27), date(2026, 3, 15)]
    assert [p.percent for p in series.actual] == [Decimal(20), Decimal(30)]
    assert series.today_x is not None and series.actual[-1].x < series.today_x


def test_newest_revision_wins_and_other_years_are_dropped() -> None:
    """Keep one report per month, the newest revision, within the fiscal year only."""
    project = Project("50450000-3247", "x", "y", FY, plan_steps=STEPS)
    reports = [
        report(MONTHS[0], "10"),
        report(MONTHS[0], "12", revision=2),
        report(date(2025, 9, 1), "99"),
        report(MONTHS[1], "20"),
    ]
    data = ProjectChartData.from_project(project, reports, date(2026, 1, 5))
    assert [(r.month, r.percent) for r in data.reports] == [
        (MONTHS[0], Decimal(12)),
        (MONTHS[1], Decimal(20)),
    ]
    assert [p.percent for p in project_series(data).actual] == [Decimal(12), Decimal(20)]


def test_today_marker_only_within_the_fiscal_year() -> None:
    """Mark today only when it falls inside the chart's fiscal year."""
    assert project_series(make_data(today=date(2025, 10, 1))).today_x == 1.0
    assert project_series(make_data(today=date(2026, 9, 30))).today_x == 365.0
    assert project_series(make_data(today=date(2026, 10, 1))).today_x is None
    assert project_series(make_data(today=date(2025, 9, 30))).today_x is None


def test_no_plan_and_no_reports_still_render() -> None:
    """Render a project with neither plan steps nor reports."""
    data = ProjectChartData("c", "ปัญหา", "a", FY, (), (), date(2024, 1, 1))
    series = project_series(data)
    assert series.plan == () and series.actual == () and series.today_x is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert render_project_chart(data, chart_labels("th")).startswith(b"\x89PNG")


def _token_boundaries(text: str) -> set[int]:
    """Return every offset at which a newmm token starts or ends."""
    offsets, position = {0}, 0
    for token in word_tokens(text):
        position += len(token)
        offsets.add(position)
    return offsets


@pytest.mark.parametrize("name", THAI_NAMES, ids=range(len(THAI_NAMES)))
@pytest.mark.parametrize("width", [14, 30, 300.0, 600.0])
def test_title_wrapping_never_splits_a_thai_word(name: str, width: float) -> None:
    """Break lines only between newmm tokens, losing no character."""
    measure = text_measure(16, 160, bold=True) if width > 100 else display_width
    lines = wrap_words(name, width, 50, measure)
    assert "".join(lines) == name
    boundaries = _token_boundaries(name)
    position = 0
    for line in lines:
        assert position in boundaries
        position += len(line)
        if len(word_tokens(line.strip())) > 1:  # a lone token may exceed the width
            assert measure(line.rstrip()) <= width


def test_a_word_wider_than_the_line_breaks_between_character_clusters() -> None:
    """Split only a word that cannot fit a line, and then between Thai character clusters."""
    lines = wrap_words("กรุงเทพมหานคร", 5, 10)
    assert "".join(lines) == "กรุงเทพมหานคร"
    assert len(lines) > 1
    assert all(unicodedata.category(line[0]) != "Mn" for line in lines)  # no orphaned mark


def test_title_truncates_with_an_ellipsis_at_a_word_boundary() -> None:
    """Cut a long name after whole words and end the last kept line with an ellipsis."""
    name = THAI_NAMES[-1]
    lines = wrap_words(name, 20, 2)
    assert len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS)
    kept = lines[0] + lines[1].removesuffix(ELLIPSIS)
    assert name.startswith(kept)
    assert len(kept) in _token_boundaries(name)
    assert display_width(lines[-1]) <= 20


def test_chart_labels_cover_every_word_in_both_languages() -> None:
    """Load every chart word from the Thai and English locale files."""
    th, en = chart_labels("th"), chart_labels("en")
    assert (th.legend_plan, th.legend_actual, th.axis_percent) == ("แผน", "ผลการดำเนินงาน", "ร้อยละ")
    assert th.fiscal_year.format(fiscal_year=2569) == "ปีงบประมาณ 2569"
    assert th.page.format(page=1, pages=3) == "หน้า 1/3"
    assert en.legend_plan == "Plan"
    for kind in StatusKind:
        assert th.status(kind) and en.status(kind) and th.status(kind) != en.status(kind)
    assert th.percent(Decimal("45.00")) == "45%"
    assert th.percent(Decimal("100.00")) == "100%"
    assert th.percent(Decimal("41.50")) == "41.5%"


def test_chart_code_has_no_thai_literals_and_no_pyplot() -> None:
    """Keep every Thai word in the locale files and never touch pyplot."""
    for path in (Path(__file__).parents[3] / "bot" / "charts").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search("[\u0e00-\u0e7f]", source), path
        assert "pyplot" not in source, path
