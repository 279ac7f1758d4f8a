"""Progress charts for Telegram: Sarabun text, rendered in worker processes."""

from core.charts.fonts import ChartLabels, chart_labels, register_fonts, wrap_words
from core.charts.overview_chart import (
    AgencyRollupData,
    AgencyRow,
    OverviewChartData,
    OverviewRow,
    paginate,
    render_overview_charts,
)
from core.charts.project_chart import (
    ProjectChartData,
    ProjectSeries,
    project_series,
    render_project_chart,
)
from core.charts.renderer import ChartRenderer

__all__ = [
    "AgencyRollupData",
    "AgencyRow",
    "ChartLabels",
    "ChartRenderer",
    "OverviewChartData",
    "OverviewRow",
    "ProjectChartData",
    "ProjectSeries",
    "chart_labels",
    "paginate",
    "project_series",
    "register_fonts",
    "render_overview_charts",
    "render_project_chart",
    "wrap_words",
]
