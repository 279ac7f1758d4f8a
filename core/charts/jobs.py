"""The renders a chart worker runs, by name (``renderer.run_job``); only workers import this."""

from __future__ import annotations

import gc

from core.charts.data import AgencyRollupData, OverviewChartData, ProjectChartData, paginate
from core.charts.labels import ChartLabels
from core.charts.overview_chart import render_agency_page, render_overview_page
from core.charts.project_chart import render_project_chart as draw_project_chart

Pages = tuple[bytes, ...]


def _let_go(png: bytes) -> bytes:
    """Free the figure just drawn before the next one: return ``png`` after a collection.

    A matplotlib figure is a reference cycle (figure, canvas, axes, artists) holding its pixel
    buffer, so it is freed only by the cycle collector, whose thresholds let dozens of drawn
    figures pile up in a worker (about 45 MB after 40 charts, bench/footprint.py). The
    long-lived objects are frozen (``core.charts.preload``), so a collection costs about 2 ms
    of a 120 ms render.
    """
    gc.collect()
    return png


def render_project_chart(data: ProjectChartData, labels: ChartLabels) -> bytes:
    """Render a project's chart as a PNG."""
    return _let_go(draw_project_chart(data, labels))


def render_overview_slice(
    data: OverviewChartData, labels: ChartLabels, per_page: int, first_page: int, pages: int
) -> Pages:
    """Render the pages of ``data.rows`` as consecutive pages numbered from ``first_page``."""
    return tuple(
        _let_go(render_overview_page(data, labels, rows, first_page + offset, pages))
        for offset, rows in enumerate(paginate(data.rows, per_page))
    )


def render_agency_rollup(data: AgencyRollupData, labels: ChartLabels, per_page: int) -> Pages:
    """Render the agencies' roll-up as PNG pages of ``per_page`` agencies."""
    pages = paginate(data.rows, per_page)
    return tuple(
        _let_go(render_agency_page(data, labels, rows, number, len(pages)))
        for number, rows in enumerate(pages, start=1)
    )


__all__ = ["render_agency_rollup", "render_overview_slice", "render_project_chart"]
