"""One project's S-curve: reported cumulative progress against the weighted plan."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory, offset_copy

from core.charts.data import ProjectChartData, latest_per_month
from core.charts.fonts import (
    collapse_spaces,
    font,
    png_bytes,
    put_text,
    register_fonts,
    text_measure,
    wrap_words,
)
from core.charts.labels import ChartLabels
from core.plan import has_timeline, plan_progress_at
from core.thai_dates import (
    fiscal_year_bounds,
    fiscal_year_months,
    month_end,
)

# 960 x 960 px, square: Telegram shows a photo about 320 px wide in a phone's chat bubble, a
# third of this, so every label is at least 14 pt at 160 dpi (31 px, 10 px on the phone).
WIDTH_IN, HEIGHT_IN, DPI = 6.0, 6.0, 160
TITLE_SIZE, SUBTITLE_SIZE, TEXT_SIZE, VALUE_SIZE = 17, 14, 14, 18
TITLE_LINES, TEXT_WIDTH_PX = 2, 900
PERCENT_TICKS = (0, 50, 100)
ZERO, HUNDRED = Decimal(0), Decimal(100)
# Okabe-Ito colours stay distinct for the common colour-vision deficiencies.
ACTUAL_COLOUR, PLAN_COLOUR, GRID_COLOUR, MUTED_COLOUR = "#0072B2", "#6F6F6F", "#E3E3E3", "#404040"
TODAY_COLOUR, TODAY_TEXT_COLOUR = "#CC79A7", "#9E4A7E"  # darker text for contrast on white
Style = dict[str, Any]  # keyword arguments for matplotlib artists
ACTUAL_STYLE: Style = dict(color=ACTUAL_COLOUR, linewidth=3, marker="o", markersize=8, zorder=3)
PLAN_STYLE: Style = dict(color=PLAN_COLOUR, linewidth=2.2, linestyle=(0, (5, 3)), zorder=2)
# A light box keeps labels readable where they cross a line.
BOX: Style = dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85)
VALUE_STYLE: Style = dict(ha="center", va="bottom", color=ACTUAL_COLOUR, zorder=4, bbox=BOX)
TODAY_STYLE: Style = dict(va="bottom", color=TODAY_TEXT_COLOUR, zorder=4, bbox=BOX)
HEADER_STYLE: Style = dict(ha="center", va="top", color=MUTED_COLOUR)
AXIS_NOTE: Style = dict(ha="center", va="bottom", color=MUTED_COLOUR)
LEGEND_STYLE: Style = dict(
    loc="lower center", bbox_to_anchor=(0.5, 0.0), frameon=False, handlelength=3
)


@dataclass(frozen=True)
class ChartPoint:
    """One point of a line: the day it stands for, its x position and its percent."""

    day: date
    x: float
    percent: Decimal


@dataclass(frozen=True)
class ProjectSeries:
    """The numbers a project chart draws, computed without matplotlib."""

    months: tuple[date, ...]
    tick_x: tuple[float, ...]  # the middle of each month, where its label is centred
    bounds_x: tuple[float, ...]  # the start of the year and the end of each month
    actual: tuple[ChartPoint, ...]
    plan: tuple[ChartPoint, ...]
    today_x: float | None
    x_max: float


def x_of(day: date, fiscal_year: int) -> float:
    """Return the x position of the end of ``day``: days since the fiscal year began."""
    first, _ = fiscal_year_bounds(fiscal_year)
    return float((day - first).days + 1)


def project_series(data: ProjectChartData) -> ProjectSeries:
    """Compute the month labels, reported points and plan points of a project chart."""
    first, last = fiscal_year_bounds(data.fiscal_year)
    months = tuple(fiscal_year_months(data.fiscal_year))
    ends = [x_of(month_end(month), data.fiscal_year) for month in months]
    bounds_x = (0.0, *ends)
    tick_x = tuple((start + end) / 2 for start, end in zip(bounds_x, ends, strict=False))

    def point(day: date, percent: Decimal) -> ChartPoint:
        return ChartPoint(day, x_of(day, data.fiscal_year), min(max(percent, ZERO), HUNDRED))

    reports = latest_per_month(data.reports, data.fiscal_year)
    # A report stands on the day it was made (kept within the year it belongs to).
    actual = tuple(point(min(max(r.reported_on, first), last), r.percent) for r in reports)
    plan: tuple[ChartPoint, ...] = ()
    # A plan without a timeline (all steps on one date) draws no line: it would be invented.
    if (steps := data.plan_steps) and has_timeline(steps):
        # The day before the year starts is 0 % unless a step began in an earlier year.
        start = point(first, plan_progress_at(steps, first - timedelta(days=1)))
        plan = (
            replace(start, x=0.0),
            *(point(month_end(m), plan_progress_at(steps, month_end(m))) for m in months),
        )
    today_x = x_of(data.today, data.fiscal_year) if first <= data.today <= last else None
    return ProjectSeries(
        months=months,
        tick_x=tick_x,
        bounds_x=bounds_x,
        actual=actual,
        plan=plan,
        today_x=today_x,
        x_max=ends[-1],
    )


def render_project_chart(data: ProjectChartData, labels: ChartLabels) -> bytes:
    """Render a project's planned and reported progress as a PNG."""
    return png_bytes(project_chart_figure(data, labels))


def project_chart_figure(data: ProjectChartData, labels: ChartLabels) -> Figure:
    """Draw a project's planned and reported progress on a square figure for a phone."""
    register_fonts()
    series = project_series(data)
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure
    axes_top = _draw_header(fig, data, labels)
    ax = fig.add_axes((0.1, 0.17, 0.86, axes_top - 0.17))
    ax.set_xlim(0, series.x_max)
    ax.set_ylim(0, 100)
    _draw_scales(fig, ax, series, labels)
    handles = _draw_lines(fig, ax, series, labels)
    if series.today_x is not None:
        ax.axvline(series.today_x, color=TODAY_COLOUR, linewidth=2.5, linestyle=":", zorder=1)
        align = "right" if series.today_x > series.x_max / 2 else "left"
        today = f" {labels.today.format(date=labels.date(data.today))} "
        # At the foot of its line: the values near the top keep their room.
        put_text(ax, series.today_x, 1, today, TEXT_SIZE, True, ha=align, **TODAY_STYLE)
    if handles:
        fig.legend(handles=handles, ncol=len(handles), prop=font(TEXT_SIZE), **LEGEND_STYLE)
    return fig


def _draw_scales(fig: Figure, ax: Axes, series: ProjectSeries, labels: ChartLabels) -> None:
    """Draw the grid and the month and percent labels.

    Plain texts and two line collections instead of matplotlib ticks: each Tick builds
    five artists, about 15 % of the render time for the same picture.
    """
    ax.set_xticks([])
    ax.set_yticks([])
    ax.vlines(series.bounds_x, 0, 100, colors=GRID_COLOUR, linewidth=1, zorder=0)
    ax.hlines(PERCENT_TICKS, 0, series.x_max, colors=GRID_COLOUR, linewidth=1, zorder=0)
    below = offset_copy(
        blended_transform_factory(ax.transData, ax.transAxes), fig, y=-8, units="points"
    )
    for x, month in zip(series.tick_x, series.months, strict=True):
        put_text(ax, x, 0, labels.month(month), TEXT_SIZE, transform=below, ha="center", va="top")
    left = offset_copy(
        blended_transform_factory(ax.transAxes, ax.transData), fig, x=-8, units="points"
    )
    for y in PERCENT_TICKS:
        put_text(ax, 0, y, str(y), TEXT_SIZE, transform=left, ha="right", va="center")
    # Horizontal above the axis: rotated Thai is hard to read on a phone.
    above = offset_copy(ax.transAxes, fig, y=14, units="points")
    put_text(ax, 0, 1, labels.axis_percent, TEXT_SIZE, transform=above, **AXIS_NOTE)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _draw_header(fig: Figure, data: ProjectChartData, labels: ChartLabels) -> float:
    """Draw the wrapped title and the subtitle; return the figure fraction left below them."""
    title_measure = text_measure(TITLE_SIZE, DPI, bold=True)
    title = wrap_words(collapse_spaces(data.name), TEXT_WIDTH_PX, TITLE_LINES, title_measure)
    fiscal_year = labels.fiscal_year.format(fiscal_year=data.fiscal_year)
    subtitle = labels.separator.join((data.code, collapse_spaces(data.agency), fiscal_year))
    subtitle = wrap_words(subtitle, TEXT_WIDTH_PX, 1, text_measure(SUBTITLE_SIZE, DPI))[0]
    # Fixed geometry from measured text: constrained layout would cost a second draw.
    height_px = HEIGHT_IN * DPI
    title_text = put_text(
        fig, 0.5, 0.98, "\n".join(title), TITLE_SIZE, True, ha="center", va="top", linespacing=1.2
    )
    sub_y = float(title_text.get_window_extent().y0) / height_px - 0.008
    sub_text = put_text(fig, 0.5, sub_y, subtitle, SUBTITLE_SIZE, **HEADER_STYLE)
    # Leave room above the plot for the value labels of points near 100 %.
    return float(sub_text.get_window_extent().y0) / height_px - 0.075


def _draw_lines(fig: Figure, ax: Axes, series: ProjectSeries, labels: ChartLabels) -> list[Line2D]:
    """Draw the reported line with its value labels and the plan line; return legend handles."""
    handles: list[Line2D] = []
    if series.actual:
        xs, ys = [p.x for p in series.actual], [float(p.percent) for p in series.actual]
        handles += ax.plot(xs, ys, label=labels.legend_actual, clip_on=False, **ACTUAL_STYLE)
        # One value, the latest, beside its point: where the eye ends following the line.
        latest = series.actual[-1]
        high = latest.percent > 85
        shift = offset_copy(ax.transData, fig=fig, y=-12 if high else 12, units="points")
        align = "right" if latest.x > series.x_max * 0.75 else "center"
        value = labels.percent(latest.percent)
        put_text(
            ax,
            latest.x,
            float(latest.percent),
            value,
            VALUE_SIZE,
            True,
            transform=shift,
            **{**VALUE_STYLE, "ha": align, "va": "top" if high else "bottom"},
        )
    if series.plan:
        xs, ys = [p.x for p in series.plan], [float(p.percent) for p in series.plan]
        handles += ax.plot(xs, ys, label=labels.legend_plan, clip_on=False, **PLAN_STYLE)
    return handles
