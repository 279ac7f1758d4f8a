"""Tests of the overview chart: pagination, status styles and its PNG pages."""

from __future__ import annotations

import io
import warnings
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from core.charts import (
    OverviewChartData,
    OverviewRow,
    chart_labels,
    paginate,
    render_overview_charts,
)
from core.charts.overview_chart import STATUS_STYLES, render_overview_page
from core.domain import StatusKind

NAMES = [
    "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง",
    "ปรับปรุงซ่อมแซมอาคารศูนย์บริการผู้สูงอายุ กรุงเทพมหานคร",
    "แก้ปัญหาน้ำท่วมขัง",
]


def make_rows(count: int) -> tuple[OverviewRow, ...]:
    """Return ``count`` rows cycling through every status, some never reported."""
    kinds = list(StatusKind)
    rows = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        latest = None if kind is StatusKind.NOT_REPORTED and i % 2 else Decimal(i * 7 % 101)
        rows.append(
            OverviewRow(
                f"50450000-{3200 + i}",
                NAMES[i % len(NAMES)],
                latest,
                Decimal(i * 13 % 101),
                kind,
                Decimal(count - i),
            )
        )
    return tuple(rows)


def make_data(count: int) -> OverviewChartData:
    """Return an overview of ``count`` projects for November 2025."""
    return OverviewChartData("สำนักงานเขตวังทองหลาง", date(2025, 11, 1), make_rows(count))


def test_pagination_keeps_order_and_puts_the_most_behind_first() -> None:
    """Split 40 rows into pages of 15, 15 and 10 in the given order."""
    rows = make_rows(40)
    pages = paginate(rows, 15)
    assert [len(page) for page in pages] == [15, 15, 10]
    assert pages[0] == rows[:15]
    assert sum(pages, ()) == rows


def test_pagination_edge_cases() -> None:
    """Give one empty page for no rows and reject a non-positive page size."""
    assert paginate((), 15) == [()]
    assert paginate(make_rows(15), 15) == [make_rows(15)]
    with pytest.raises(ValueError):
        paginate(make_rows(3), 0)


def test_forty_projects_make_three_readable_pages() -> None:
    """Render 40 projects as three decodable PNGs 960 px wide, as the project chart."""
    pngs = render_overview_charts(make_data(40), chart_labels("th"), per_page=15)
    assert len(pngs) == 3
    sizes = [Image.open(io.BytesIO(png)).size for png in pngs]
    assert all(width == 960 for width, _ in sizes)
    assert sizes[0] == sizes[1]
    assert sizes[2][1] < sizes[0][1]  # ten rows need less height than fifteen


def test_first_page_shows_the_first_rows() -> None:
    """Render page 1 of 3 from exactly the first 15 rows."""
    data, labels = make_data(40), chart_labels("th")
    first = render_overview_page(data, labels, data.rows[:15], 1, 3)
    assert render_overview_charts(data, labels, per_page=15)[0] == first


def test_every_status_renders_without_warnings() -> None:
    """Render Thai names, every status and unreported rows with warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for language in ("th", "en"):
            pngs = render_overview_charts(make_data(10), chart_labels(language), per_page=10)
            assert len(pngs) == 1


def test_no_projects_give_one_page() -> None:
    """Render a single page saying there are no projects."""
    pngs = render_overview_charts(make_data(0), chart_labels("th"))
    assert len(pngs) == 1
    assert Image.open(io.BytesIO(pngs[0])).size[0] == 960


def test_every_status_has_a_distinct_style() -> None:
    """Give each status its own colour, and hatch the unreported ones."""
    assert set(STATUS_STYLES) == set(StatusKind)
    assert len({style.colour for style in STATUS_STYLES.values()}) == len(StatusKind)
    assert STATUS_STYLES[StatusKind.NOT_REPORTED].hatch


def test_page_label_reads_page_of_pages() -> None:
    """Word the page label from the locale as page/pages."""
    assert chart_labels("th").page.format(page=1, pages=3) == "หน้า 1/3"
    assert chart_labels("en").page.format(page=2, pages=3) == "Page 2/3"
