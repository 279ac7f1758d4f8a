"""Progress charts for Telegram: Sarabun text, rendered in worker processes.

The bot imports only what builds a chart's data and asks for it (no matplotlib); the drawing
modules load on first use of their names, which in the bot never happens.
"""

from __future__ import annotations

import importlib
from typing import Any

from core.charts.data import (
    AgencyRollupData,
    AgencyRow,
    OverviewChartData,
    OverviewRow,
    ProjectChartData,
    paginate,
)
from core.charts.labels import ChartLabels, chart_labels
from core.charts.renderer import ChartRenderer

# Names whose modules draw with matplotlib: loaded when first used (tests, benchmarks, workers).
_DRAWING = {
    "ProjectSeries": "core.charts.project_chart",
    "project_series": "core.charts.project_chart",
    "render_project_chart": "core.charts.project_chart",
    "render_overview_charts": "core.charts.overview_chart",
    "register_fonts": "core.charts.fonts",
    "wrap_words": "core.charts.fonts",
}


def __getattr__(name: str) -> Any:
    """Load a drawing name's module on first use."""
    if name in _DRAWING:
        return getattr(importlib.import_module(_DRAWING[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
