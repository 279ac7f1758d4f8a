"""An agency's overview: one bar per project, latest against planned progress, paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from core.charts.data import (
    ROWS_PER_PAGE,
    AgencyRollupData,
    AgencyRow,
    OverviewChartData,
    OverviewRow,
    paginate,
)
from core.charts.fonts import (
    FAMILY,
    collapse_spaces,
    font,
    png_bytes,
    put_text,
    register_fonts,
    text_measure,
    wrap_words,
)
from core.charts.labels import ChartLabels
from core.domain import StatusKind

# 960 px wide like the project chart: a third of it is what a phone's chat bubble shows, so
# no label is below 13 pt at 160 dpi (29 px, about 10 px on the phone).
WIDTH_PX, DPI = 960, 160
HEADER_PX, ROW_PX, FOOTER_PX = 150, 100, 200
LEFT_PX, RIGHT_PX = 30, 910
TITLE_SIZE, SUBTITLE_SIZE, NAME_SIZE, CODE_SIZE, TEXT_SIZE = 17, 13, 14, 13, 13
# In rows: the name line sits above its bar, both within the row.
BAR_HEIGHT, BAR_OFFSET, NAME_OFFSET = 0.34, 0.22, 0.27
TEXT_COLOUR, MUTED_COLOUR, TRACK_COLOUR, GRID_COLOUR = "#1A1A1A", "#5C5C5C", "#EFEFEF", "#DADADA"
CENTRED: dict[str, Any] = {"ha": "center", "va": "center"}
PLAN_MARKER: dict[str, Any] = {
    "linestyle": "none",
    "marker": "D",
    "markersize": 9,
    "markerfacecolor": "white",
    "markeredgecolor": TEXT_COLOUR,
    "markeredgewidth": 2,
}
# A value past this share of the bar is written inside its end, in white.
INSIDE_FROM = 78
# Half the plan marker's width and a gap, in percent of the bar.
MARKER_ROOM = 2.2
LEGEND_STYLE: dict[str, Any] = {
    "loc": "lower center",
    "bbox_to_anchor": (0.5, 0.0),
    "frameon": False,
    "handlelength": 1.6,
    "columnspacing": 1.4,
}


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


def render_overview_charts(
    data: OverviewChartData, labels: ChartLabels, per_page: int = ROWS_PER_PAGE
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
    return png_bytes(overview_page_figure(data, labels, rows, page, pages))


def overview_page_figure(
    data: OverviewChartData, labels: ChartLabels, rows: Sequence[OverviewRow], page: int, pages: int
) -> Figure:
    """Draw one overview page: a bar per project, its value at the bar's end."""
    title = labels.overview_title.format(agency=collapse_spaces(data.agency))
    page_label = labels.page.format(page=page, pages=pages)
    fig, ax = _page(len(rows), FOOTER_PX, title, data.month, labels, page_label)
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 50), [labels.percent(Decimal(v)) for v in range(0, 101, 50)])
    ax.tick_params(labelsize=TEXT_SIZE, labelfontfamily=FAMILY, length=0, pad=6)
    ax.grid(True, axis="x", color=GRID_COLOUR, linewidth=1)
    ax.set_axisbelow(True)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if rows:
        _draw_rows(ax, rows, labels)
    else:
        put_text(ax, 50, 0, labels.no_projects, TITLE_SIZE, **CENTRED, color=MUTED_COLOUR)
    _draw_legend(fig, labels, plan=True)
    return fig


def _page(
    rows: int, footer_px: int, title: str, month: date, labels: ChartLabels, page: str
) -> tuple[Figure, Axes]:
    """Make a page of ``rows`` rows with its header; return it and the axes of the rows."""
    register_fonts()
    count = max(rows, 1)
    height_px = HEADER_PX + count * ROW_PX + footer_px
    fig = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure
    _draw_header(fig, title, month, labels, page, height_px)
    width = (RIGHT_PX - LEFT_PX) / WIDTH_PX
    box = (LEFT_PX / WIDTH_PX, footer_px / height_px, width, count * ROW_PX / height_px)
    ax = fig.add_axes(box)
    ax.set_ylim(count - 0.5, -0.5)  # first row on top
    ax.set_yticks([])
    return fig, ax


def _draw_header(
    fig: Figure, title: str, month: date, labels: ChartLabels, page: str, height_px: float
) -> None:
    """Draw the title, the page number and the month the figures stand for."""
    left, right = LEFT_PX / WIDTH_PX, 1 - LEFT_PX / WIDTH_PX
    room = WIDTH_PX - 2 * LEFT_PX - text_measure(SUBTITLE_SIZE, DPI, bold=True)(page) - 24
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
    words = labels.overview_subtitle.format(month=labels.month_year(month))
    put_text(fig, left, 1 - 84 / height_px, words, SUBTITLE_SIZE, va="top", color=MUTED_COLOUR)


def _draw_rows(ax: Axes, rows: Sequence[OverviewRow], labels: ChartLabels) -> None:
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
        _draw_value(ax, row, bar_y[i], labels)


def _draw_value(ax: Axes, row: OverviewRow, y: float, labels: ChartLabels) -> None:
    """Write a project's value at the end of its own bar, clear of the plan marker."""
    if row.latest is None:
        text, size, bold, colour = labels.no_report, CODE_SIZE, False, MUTED_COLOUR
        x = 1.0
    else:
        text, size, bold, colour = labels.percent(row.latest), TEXT_SIZE, True, TEXT_COLOUR
        x = float(row.latest) + 1
    if row.latest is not None and row.latest >= INSIDE_FROM:
        # Inside the bar's end, in white: the track to its right is too short.
        put_text(
            ax,
            float(row.latest) - 1,
            y,
            text,
            size,
            True,
            ha="right",
            va="center",
            color="white",
            zorder=4,
        )
        return
    span = text_measure(size, DPI, bold)(text) / (RIGHT_PX - LEFT_PX) * 100
    planned = None if row.planned is None else float(row.planned)
    if planned is not None and x - MARKER_ROOM <= planned <= x + span + MARKER_ROOM:
        x = planned + MARKER_ROOM  # after the marker, so the number is not read as the plan
    put_text(ax, x, y, text, size, bold, va="center", color=colour, zorder=4)


def _draw_legend(fig: Figure, labels: ChartLabels, plan: bool) -> None:
    """Draw the status colours (and the plan marker) under the bars."""
    handles: list[Artist] = [
        Patch(facecolor=st.colour, edgecolor=st.edge, hatch=st.hatch, label=labels.status(kind))
        for kind, st in STATUS_STYLES.items()
    ]
    if plan:
        handles.append(Line2D([], [], label=labels.overview_plan_marker, **PLAN_MARKER))
    fig.legend(handles=handles, ncol=3, prop=font(TEXT_SIZE), **LEGEND_STYLE)


def render_agency_page(
    data: AgencyRollupData, labels: ChartLabels, rows: Sequence[AgencyRow], page: int, pages: int
) -> bytes:
    """Render one page of the agencies' roll-up as a PNG."""
    return png_bytes(agency_page_figure(data, labels, rows, page, pages))


def agency_page_figure(
    data: AgencyRollupData, labels: ChartLabels, rows: Sequence[AgencyRow], page: int, pages: int
) -> Figure:
    """Draw one roll-up page: a bar per agency split by status, with the counts written in."""
    page_label = labels.page.format(page=page, pages=pages)
    # No percent scale under the bars: the footer holds only the legend.
    fig, ax = _page(len(rows), FOOTER_PX - 20, data.title, data.month, labels, page_label)
    ax.set_xlim(0, 1)
    ax.set_xticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    name_measure, count_measure = (
        text_measure(NAME_SIZE, DPI),
        text_measure(TEXT_SIZE, DPI, bold=True),
    )
    for i, row in enumerate(rows):
        total = labels.projects_count.format(count=row.total)
        room = RIGHT_PX - LEFT_PX - text_measure(CODE_SIZE, DPI)(total) - 24
        name = wrap_words(collapse_spaces(row.name), room, 1, name_measure)[0]
        put_text(ax, 0, i - NAME_OFFSET, name, NAME_SIZE, va="center", color=TEXT_COLOUR)
        put_text(
            ax, 1, i - NAME_OFFSET, total, CODE_SIZE, ha="right", va="center", color=MUTED_COLOUR
        )
        start = 0.0
        for kind, number in row.counts:
            share = number / max(row.total, 1)
            style = STATUS_STYLES[kind]
            bar = ax.barh(
                i + BAR_OFFSET,
                share,
                left=start,
                height=BAR_HEIGHT,
                color=style.colour,
                edgecolor="white",
                linewidth=1.5,
            )
            if style.hatch:
                bar.patches[0].set_hatch(style.hatch)
            # A count is written where its segment has room for it.
            if share * (RIGHT_PX - LEFT_PX) >= count_measure(str(number)) + 12:
                colour = TEXT_COLOUR if kind is StatusKind.NOT_REPORTED else "white"
                put_text(
                    ax,
                    start + share / 2,
                    i + BAR_OFFSET,
                    str(number),
                    TEXT_SIZE,
                    True,
                    color=colour,
                    **CENTRED,
                )
            start += share
    if not rows:
        put_text(ax, 0.5, 0, labels.no_projects, TITLE_SIZE, **CENTRED, color=MUTED_COLOUR)
    _draw_legend(fig, labels, plan=False)
    return fig
