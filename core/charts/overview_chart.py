"""An agency's overview: one bar per project, latest against planned progress, paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from core.charts.fonts import (
    FAMILY,
    ChartLabels,
    collapse_spaces,
    font,
    png_bytes,
    put_text,
    register_fonts,
    text_measure,
    wrap_words,
)
from core.domain import StatusKind
from core.thai_dates import thai_month_year

T = TypeVar("T")

WIDTH_PX, DPI = 1280, 160
HEADER_PX, ROW_PX, FOOTER_PX = 150, 76, 150
LEFT_PX, RIGHT_PX = 24, 1090  # the bars; the value column lies right of them
TITLE_SIZE, SUBTITLE_SIZE, NAME_SIZE, CODE_SIZE, TEXT_SIZE = 16, 11.5, 11, 9.5, 11
# In rows: the name line sits above its bar, both within the row.
BAR_HEIGHT, BAR_OFFSET, NAME_OFFSET = 0.36, 0.18, 0.25
TEXT_COLOUR, MUTED_COLOUR, TRACK_COLOUR, GRID_COLOUR = "#1A1A1A", "#5C5C5C", "#EFEFEF", "#DADADA"
CENTRED: dict[str, Any] = {"ha": "center", "va": "center"}
PLAN_MARKER: dict[str, Any] = {
    "linestyle": "none",
    "marker": "D",
    "markersize": 7,
    "markerfacecolor": "white",
    "markeredgecolor": TEXT_COLOUR,
    "markeredgewidth": 1.8,
}
LEGEND_STYLE: dict[str, Any] = {
    "loc": "lower center",
    "bbox_to_anchor": (0.5, 0.0),
    "frameon": False,
    "handlelength": 2.2,
    "columnspacing": 2.0,
}


@dataclass(frozen=True)
class OverviewRow:
    """One project's line of the overview."""

    code: str
    name: str
    latest: Decimal | None  # None: never reported this fiscal year
    planned: Decimal | None  # None: the plan has no timeline, so no marker
    kind: StatusKind
    behind_by: Decimal


@dataclass(frozen=True)
class OverviewChartData:
    """Everything an overview shows; rows come sorted, most behind first."""

    agency: str
    month: date  # the month the figures stand for
    rows: tuple[OverviewRow, ...]


@dataclass(frozen=True)
class BarStyle:
    """How a status is drawn."""

    colour: str
    hatch: str | None = None
    edge: str = "none"


# Okabe-Ito colours stay apart for red-green colour blindness; hatching adds a second cue.
STATUS_STYLES: dict[StatusKind, BarStyle] = {
    StatusKind.BEHIND: BarStyle("#D55E00"),
    StatusKind.STALLED: BarStyle("#8E5A9B"),
    StatusKind.NOT_REPORTED: BarStyle("#D4D4D4", hatch="///", edge="#808080"),
    StatusKind.ON_PLAN: BarStyle("#009E73"),
    StatusKind.FINISHED: BarStyle("#0072B2"),
}


def paginate(rows: Sequence[T], per_page: int) -> list[tuple[T, ...]]:
    """Split rows into pages of ``per_page``, keeping order; always at least one page."""
    if per_page < 1:
        raise ValueError("per_page must be positive")
    pages = [tuple(rows[i : i + per_page]) for i in range(0, len(rows), per_page)]
    return pages or [()]


def render_overview_charts(
    data: OverviewChartData, labels: ChartLabels, per_page: int = 15
) -> list[bytes]:
    """Render the overview as PNG pages of ``per_page`` projects, most behind first."""
    pages = paginate(data.rows, per_page)
    return [
        render_overview_page(data, labels, rows, number, len(pages))
        for number, rows in enumerate(pages, start=1)
    ]


def render_overview_page(
    data: OverviewChartData, labels: ChartLabels, rows: Sequence[OverviewRow], page: int, pages: int
) -> bytes:
    """Render one overview page as a PNG."""
    register_fonts()
    count = max(len(rows), 1)
    height_px = HEADER_PX + count * ROW_PX + FOOTER_PX
    fig = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure
    _draw_header(fig, data, labels, labels.page.format(page=page, pages=pages), height_px)
    bottom = FOOTER_PX / height_px
    width = (RIGHT_PX - LEFT_PX) / WIDTH_PX
    ax = fig.add_axes((LEFT_PX / WIDTH_PX, bottom, width, count * ROW_PX / height_px))
    ax.set_xlim(0, 100)
    ax.set_ylim(count - 0.5, -0.5)  # first row on top
    ax.set_yticks([])
    ax.set_xticks(range(0, 101, 25), [str(v) for v in range(0, 101, 25)])
    ax.tick_params(labelsize=TEXT_SIZE, labelfontfamily=FAMILY, length=0, pad=6)
    ax.grid(True, axis="x", color=GRID_COLOUR, linewidth=1)
    ax.set_axisbelow(True)
    for spine in ax.spines.values():
        spine.set_visible(False)
    note_x, note_y = (RIGHT_PX + 34) / WIDTH_PX, bottom - 6 / height_px
    put_text(fig, note_x, note_y, labels.axis_percent, TEXT_SIZE, va="top", color=MUTED_COLOUR)
    if rows:
        _draw_rows(fig, ax, rows, labels)
    else:
        put_text(ax, 50, 0, labels.no_projects, TITLE_SIZE, **CENTRED, color=MUTED_COLOUR)
    _draw_legend(fig, labels)
    return png_bytes(fig)


def _draw_header(
    fig: Figure, data: OverviewChartData, labels: ChartLabels, page: str, height_px: float
) -> None:
    """Draw the title (agency), the page number and the month the figures stand for."""
    left, right = LEFT_PX / WIDTH_PX, 1 - LEFT_PX / WIDTH_PX
    room = WIDTH_PX - 2 * LEFT_PX - text_measure(SUBTITLE_SIZE, DPI, bold=True)(page) - 24
    title = labels.overview_title.format(agency=collapse_spaces(data.agency))
    title = wrap_words(title, room, 1, text_measure(TITLE_SIZE, DPI, bold=True))[0]
    put_text(fig, left, 1 - 22 / height_px, title, TITLE_SIZE, True, va="top", color=TEXT_COLOUR)
    put_text(
        fig,
        right,
        1 - 26 / height_px,
        page,
        SUBTITLE_SIZE,
        True,
        ha="right",
        va="top",
        color=MUTED_COLOUR,
    )
    month = labels.overview_subtitle.format(month=thai_month_year(data.month))
    put_text(fig, left, 1 - 78 / height_px, month, SUBTITLE_SIZE, va="top", color=MUTED_COLOUR)


def _draw_rows(fig: Figure, ax: Axes, rows: Sequence[OverviewRow], labels: ChartLabels) -> None:
    """Draw each project's name line, progress bar, plan marker and value."""
    bar_y = [i + BAR_OFFSET for i in range(len(rows))]
    # A full-length track under each bar shows the 100 % scale on every row.
    ax.barh(bar_y, [100] * len(rows), height=BAR_HEIGHT, color=TRACK_COLOUR, zorder=1)
    styles = [STATUS_STYLES[row.kind] for row in rows]
    latest = [float(row.latest or 0) for row in rows]
    colours, edges = [st.colour for st in styles], [st.edge for st in styles]
    bars = ax.barh(bar_y, latest, height=BAR_HEIGHT, color=colours, edgecolor=edges, zorder=2)
    for patch, style in zip(bars.patches, styles, strict=True):
        patch.set_linewidth(0)
        if style.hatch:
            patch.set_hatch(style.hatch)
    marked = [
        (float(row.planned), y)
        for row, y in zip(rows, bar_y, strict=True)
        if row.planned is not None
    ]
    ax.plot([x for x, _ in marked], [y for _, y in marked], **PLAN_MARKER, zorder=3, clip_on=False)

    name_measure, code_measure = text_measure(NAME_SIZE, DPI), text_measure(CODE_SIZE, DPI)
    value_x = (RIGHT_PX + 14) / WIDTH_PX
    # x in figure fractions (the value column), y in rows.
    value_transform = blended_transform_factory(fig.transFigure, ax.transData)
    for i, row in enumerate(rows):
        room = RIGHT_PX - LEFT_PX - code_measure(row.code) - 24
        name = wrap_words(collapse_spaces(row.name), room, 1, name_measure)[0]
        put_text(ax, 0, i - NAME_OFFSET, name, NAME_SIZE, va="center", color=TEXT_COLOUR)
        put_text(
            ax,
            100,
            i - NAME_OFFSET,
            row.code,
            CODE_SIZE,
            ha="right",
            va="center",
            color=MUTED_COLOUR,
        )
        if row.latest is None:
            value, size, bold, colour = labels.no_report, CODE_SIZE, False, MUTED_COLOUR
        else:
            value, size, bold, colour = labels.percent(row.latest), TEXT_SIZE, True, TEXT_COLOUR
        put_text(
            ax,
            value_x,
            bar_y[i],
            value,
            size,
            bold,
            transform=value_transform,
            va="center",
            color=colour,
            clip_on=False,
        )


def _draw_legend(fig: Figure, labels: ChartLabels) -> None:
    """Draw the status colours and the plan marker under the bars."""
    handles: list[Artist] = [
        Patch(facecolor=st.colour, edgecolor=st.edge, hatch=st.hatch, label=labels.status(kind))
        for kind, st in STATUS_STYLES.items()
    ]
    handles.append(Line2D([], [], label=labels.overview_plan_marker, **PLAN_MARKER))
    fig.legend(handles=handles, ncol=3, prop=font(TEXT_SIZE), **LEGEND_STYLE)
