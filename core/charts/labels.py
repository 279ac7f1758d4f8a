"""The words of the charts in a person's language, free of matplotlib (the bot reads them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from core.domain import StatusKind
from core.i18n import t

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class ChartLabels:
    """Every word a chart shows, in one language; templates are ``str.format`` strings."""

    language: str
    legend_plan: str
    legend_actual: str
    today: str
    axis_percent: str
    fiscal_year: str
    value_percent: str
    separator: str
    page: str
    overview_title: str
    overview_subtitle: str
    overview_plan_marker: str
    no_report: str
    no_projects: str
    status_on_plan: str
    status_behind: str
    status_stalled: str
    status_not_reported: str
    status_finished: str
    month_names: str  # the twelve short month names, January first, separated by spaces
    day_format: str  # a date with the fields day, month (short name) and year (BE)
    month_year_format: str  # a month with the fields month (short name) and year (BE)
    projects_count: str  # how many projects, with the field count

    def month(self, month: dt.date) -> str:
        """Return the short name of a month."""
        return self.month_names.split()[month.month - 1]

    def date(self, day: dt.date) -> str:
        """Return a date with the short month name and the Buddhist-Era year."""
        return self.day_format.format(day=day.day, month=self.month(day), year=day.year + 543)

    def month_year(self, month: dt.date) -> str:
        """Return a month with its short name and the Buddhist-Era year."""
        return self.month_year_format.format(month=self.month(month), year=month.year + 543)

    def status(self, kind: StatusKind) -> str:
        """Return the name of a status."""
        name: str = getattr(self, f"status_{kind.value}")
        return name

    def percent(self, value: Decimal) -> str:
        """Return a percentage as the charts print it (``45%``, ``45.5%``)."""
        return self.value_percent.format(value=format_percent(value))


# Where each ChartLabels field's words live, locale keys written out in full.
_LABEL_KEYS = {
    "legend_plan": "charts.legend_plan",
    "legend_actual": "charts.legend_actual",
    "today": "charts.today",
    "axis_percent": "charts.axis_percent",
    "fiscal_year": "charts.fiscal_year",
    "value_percent": "charts.value_percent",
    "separator": "charts.separator",
    "page": "charts.page",
    "overview_title": "charts.overview_title",
    "overview_subtitle": "charts.overview_subtitle",
    "overview_plan_marker": "charts.overview_plan_marker",
    "no_report": "charts.no_report",
    "no_projects": "charts.no_projects",
    "status_on_plan": "charts.status.on_plan",
    "status_behind": "charts.status.behind",
    "status_stalled": "charts.status.stalled",
    "status_not_reported": "charts.status.not_reported",
    "status_finished": "charts.status.finished",
    "month_names": "charts.month_names",
    "day_format": "charts.day_format",
    "month_year_format": "charts.month_year_format",
    "projects_count": "charts.projects_count",
}


@cache
def chart_labels(language: str = "th") -> ChartLabels:
    """Build the chart words of ``language`` from ``locales/<language>/charts.toml``."""
    words = {field: t(key, language) for field, key in _LABEL_KEYS.items()}
    return ChartLabels(language=language, **words)


def format_percent(value: Decimal) -> str:
    """Return a percent number with at most two decimals and no trailing zeros."""
    text = f"{value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
