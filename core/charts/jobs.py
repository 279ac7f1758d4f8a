"""The renders a chart worker runs, by name (``renderer.run_job``); only workers import this."""

from __future__ import annotations

from core.charts.data import OverviewChartData, paginate
from core.charts.labels import ChartLabels
from core.charts.overview_chart import render_agency_rollup, render_overview_page
from core.charts.project_chart import render_project_chart

Pages = tuple[bytes, ...]


def render_overview_slice(
    data: OverviewChartData, labels: ChartLabels, per_page: int, first_page: int, pages: int
) -> Pages:
    """Render the pages of ``data.rows`` as consecutive pages numbered from ``first_page``."""
    return tuple(
        render_overview_page(data, labels, rows, first_page + offset, pages)
        for offset, rows in enumerate(paginate(data.rows, per_page))
    )


__all__ = ["render_agency_rollup", "render_overview_slice", "render_project_chart"]
