"""Imported once by the chart workers' fork server, so that every worker shares what it loads.

Workers fork from the fork server: matplotlib, PIL and Sarabun registered with the font
manager are then shared copy-on-write between them instead of loaded in each one.
"""

from __future__ import annotations

import gc
from datetime import date

from core.charts.data import ProjectChartData
from core.charts.jobs import render_project_chart
from core.charts.labels import chart_labels
from core.charts.words import use_given_breaks

# A first render loads what every render needs (fonts, glyph caches, lazily imported parts).
use_given_breaks({})
render_project_chart(
    ProjectChartData("-", "-", "-", 2569, (), (), date(2026, 1, 1)), chart_labels()
)
# These objects live as long as the server: keep the collector from writing to (and so
# copying) their pages in every worker.
gc.freeze()
