"""Parse and render pages exported from the BMA project-monitor web system."""

from core.bma.kpi_page import attach_kpi_detail, parse_kpi_page
from core.bma.model import (
    Kpi,
    KpiDetail,
    KpiQuarter,
    KpiReport,
    ProgressEntry,
    ProjectPage,
    ProjectRef,
)
from core.bma.parse import parse_project_page
from core.bma.render import entry_from_report, render_progress_entry, render_project_page
from core.bma.text import PageParseError

__all__ = [
    "Kpi",
    "KpiDetail",
    "KpiQuarter",
    "KpiReport",
    "PageParseError",
    "ProgressEntry",
    "ProjectPage",
    "ProjectRef",
    "attach_kpi_detail",
    "entry_from_report",
    "parse_kpi_page",
    "parse_project_page",
    "render_progress_entry",
    "render_project_page",
]
