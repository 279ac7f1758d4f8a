"""Time the charts: the project chart against a bare matplotlib chart, and a big overview.

Run from the project root: ``.venv/bin/python bench/charts.py [--runs 30] [--projects 5000]``.
Prints numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

# Runnable as a plain script: put the project root (not bench/) on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if TYPE_CHECKING:
    from core.charts import OverviewChartData, ProjectChartData


def sample_project() -> ProjectChartData:
    """Return a typical project: three weighted steps, seven monthly reports."""
    from core.charts import ProjectChartData
    from core.domain import PlanStep, ProgressReport
    from core.thai_dates import fiscal_year_months, month_end

    steps = (
        PlanStep(1, "survey", Decimal(20), date(2025, 10, 1), date(2025, 12, 31)),
        PlanStep(2, "build", Decimal(50), date(2026, 1, 1), date(2026, 6, 30)),
        PlanStep(3, "hand over", Decimal(30), date(2026, 5, 1), date(2026, 9, 15)),
    )
    months = fiscal_year_months(2569)
    percents = ["5", "12", "18", "25", "30", "41.5", "55"]
    reports = tuple(
        ProgressReport("50450000-3247", m, Decimal(p), month_end(m), "work")
        for m, p in zip(months, percents, strict=False)
    )
    name = "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง ประจำปีงบประมาณ 2569"
    agency = "สำนักงานเขตวังทองหลาง"
    return ProjectChartData("50450000-3247", name, agency, 2569, steps, reports, date(2026, 5, 12))


def sample_overview(count: int) -> OverviewChartData:
    """Return an overview of ``count`` projects with every status."""
    from core.charts import OverviewChartData, OverviewRow
    from core.domain import StatusKind

    kinds = list(StatusKind)
    names = ["ปรับปรุงซ่อมแซมอาคารศูนย์บริการผู้สูงอายุ", "แก้ปัญหาน้ำท่วมขัง ถนนลาดพร้าว"]
    rows = tuple(
        OverviewRow(
            f"50450000-{i:05d}",
            f"{names[i % 2]} {i}",
            None if i % 11 == 0 else Decimal(i % 100),
            Decimal(i * 7 % 100),
            kinds[i % len(kinds)],
            Decimal(count - i),
        )
        for i in range(count)
    )
    return OverviewChartData("กรุงเทพมหานคร", date(2026, 5, 1), rows)


def bare_chart(data: ProjectChartData) -> bytes:
    """Render the same two lines with matplotlib defaults: Figure + Agg, same size and dpi."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from core.charts import project_series
    from core.charts.project_chart import DPI, HEIGHT_IN, WIDTH_IN

    series = project_series(data)
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([p.x for p in series.actual], [float(p.percent) for p in series.actual])
    ax.plot([p.x for p in series.plan], [float(p.percent) for p in series.plan])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def median_ms(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Return each job's median wall time in ms, interleaving jobs so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for job in jobs.values():
        job()  # warm caches: fonts, glyphs, the word dictionary
    for _ in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


async def pooled_overview(data: OverviewChartData, workers: int) -> tuple[float, int]:
    """Return seconds and pages for an overview rendered by a ChartRenderer pool."""
    from core.charts import ChartRenderer, chart_labels

    renderer = ChartRenderer(max_workers=workers)
    try:
        await renderer.project_chart(sample_project(), chart_labels())  # start the workers
        start = time.perf_counter()
        pages = await renderer.overview_charts(data, chart_labels())
        return time.perf_counter() - start, len(pages)
    finally:
        renderer.close()


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per chart")
    parser.add_argument("--projects", type=int, default=5000, help="projects in the overview")
    parser.add_argument("--no-pool", action="store_true", help="skip the worker-pool overview")
    args = parser.parse_args()

    from core.charts import chart_labels, render_overview_charts, render_project_chart

    labels, data = chart_labels(), sample_project()
    medians = median_ms(
        {"bare": lambda: bare_chart(data), "project": lambda: render_project_chart(data, labels)},
        args.runs,
    )
    ratio = medians["project"] / medians["bare"]
    print(f"{'chart (960x960 px)':<44}{'median ms':>12}")
    print(f"{'bare matplotlib line chart (2 lines)':<44}{medians['bare']:>12.1f}")
    print(f"{'project chart':<44}{medians['project']:>12.1f}")
    print(f"{'ratio project / bare (target <= 1.2)':<44}{ratio:>12.2f}")

    overview = sample_overview(args.projects)
    start = time.perf_counter()
    pages = render_overview_charts(overview, labels)
    seconds = time.perf_counter() - start
    print(f"\n{'overview':<44}{'pages':>8}{'seconds':>10}{'ms/page':>10}")
    title = f"{args.projects} projects, in process"
    print(f"{title:<44}{len(pages):>8}{seconds:>10.1f}{seconds * 1000 / len(pages):>10.1f}")
    if not args.no_pool:
        workers = os.cpu_count() or 1
        seconds, count = asyncio.run(pooled_overview(overview, workers))
        title = f"{args.projects} projects, ChartRenderer({workers} workers)"
        print(f"{title:<44}{count:>8}{seconds:>10.1f}{seconds * 1000 / count:>10.1f}")


if __name__ == "__main__":
    main()
