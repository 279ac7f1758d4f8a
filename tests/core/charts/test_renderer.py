"""Tests of the chart renderer: worker processes, cache and in-flight sharing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PIL import Image

from core.charts import (
    ChartRenderer,
    OverviewChartData,
    OverviewRow,
    ProjectChartData,
    chart_labels,
    render_overview_charts,
    render_project_chart,
)
from core.charts.jobs import render_overview_slice
from core.charts.renderer import _slices, cache_key
from core.domain import PlanStep, ProgressReport, StatusKind
from core.thai_dates import fiscal_year_months, month_end
from tests.scripts import run_script

MONTHS = fiscal_year_months(2569)
STEPS = (PlanStep(1, "all", Decimal(100), date(2025, 10, 1), date(2026, 9, 30)),)
LABELS = chart_labels("th")


def make_data(months: int = 3, today: date = date(2026, 1, 10)) -> ProjectChartData:
    """Return chart data with ``months`` monthly reports."""
    reports = tuple(
        ProgressReport("c-1", m, Decimal(10 * (i + 1)), month_end(m), "work")
        for i, m in enumerate(MONTHS[:months])
    )
    name = "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง"
    return ProjectChartData("c-1", name, "สำนักงานเขตวังทองหลาง", 2569, STEPS, reports, today)


def make_overview(count: int) -> OverviewChartData:
    """Return an overview of ``count`` projects."""
    rows = tuple(
        OverviewRow(f"c-{i}", "ผู้สูงอายุ", Decimal(i), Decimal(50), StatusKind.BEHIND, Decimal(1))
        for i in range(count)
    )
    return OverviewChartData("กรุงเทพมหานคร", date(2025, 11, 1), rows)


@pytest.fixture(scope="module")
def renderer() -> Iterator[ChartRenderer]:
    """Share one real process pool across this module (spawning costs a second or two)."""
    chart_renderer = ChartRenderer(max_workers=1)
    yield chart_renderer
    chart_renderer.close()


async def test_second_identical_call_hits_the_cache(renderer: ChartRenderer) -> None:
    """Render once in a worker and serve the repeat from the cache."""
    data = make_data(today=date(2026, 2, 1))
    before = renderer.renders
    first = await renderer.project_chart(data, LABELS)
    second = await renderer.project_chart(data, LABELS)
    assert renderer.renders == before + 1
    assert first == second
    assert Image.open(io.BytesIO(first)).size == (960, 960)


async def test_worker_output_matches_an_in_process_render(renderer: ChartRenderer) -> None:
    """Produce the same bytes in the worker as in this process."""
    data = make_data(months=4)
    assert await renderer.project_chart(data, LABELS) == render_project_chart(data, LABELS)


async def test_changed_data_renders_again(renderer: ChartRenderer) -> None:
    """Render anew for a new report, a new revision, another plan or another day."""
    data = make_data(months=2, today=date(2026, 3, 3))
    await renderer.project_chart(data, LABELS)
    newer = replace(data.reports[-1], revision=2, percent=Decimal(25))
    variants = [
        make_data(months=3, today=date(2026, 3, 3)),
        replace(data, reports=(data.reports[0], newer)),
        replace(data, plan_steps=(replace(STEPS[0], end=date(2026, 6, 30)),)),
        replace(data, today=date(2026, 3, 4)),
    ]
    before = renderer.renders
    for variant in variants:
        await renderer.project_chart(variant, LABELS)
    assert renderer.renders == before + len(variants)
    assert len({cache_key("project", v, LABELS) for v in [data, *variants]}) == 5


async def test_concurrent_identical_requests_share_one_render(renderer: ChartRenderer) -> None:
    """Let simultaneous identical requests wait on a single render."""
    data = make_data(months=5, today=date(2026, 4, 4))
    before = renderer.renders
    results = await asyncio.gather(*(renderer.project_chart(data, LABELS) for _ in range(4)))
    assert renderer.renders == before + 1
    assert len(set(results)) == 1


async def test_event_loop_stays_responsive_while_rendering(renderer: ChartRenderer) -> None:
    """Keep a ticker coroutine running while a chart renders in the worker."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    try:
        await renderer.overview_charts(make_overview(45), LABELS)  # three pages: ~0.2 s or more
    finally:
        task.cancel()
    assert ticks >= 5


async def test_overview_pages_come_back_in_order(renderer: ChartRenderer) -> None:
    """Return the same pages as an in-process render, cached on repeat."""
    data = make_overview(20)
    pages = await renderer.overview_charts(data, LABELS, per_page=8)
    assert pages == render_overview_charts(data, LABELS, per_page=8)
    before = renderer.renders
    assert await renderer.overview_charts(data, LABELS, per_page=8) == pages
    assert renderer.renders == before


def test_slices_cover_whole_pages_for_each_worker() -> None:
    """Split pages into page-aligned runs, one per worker, that render like the whole."""
    data = make_overview(40)
    assert _slices(data.rows, 15, 1) == [(0, 1)]
    assert _slices(data.rows, 15, 2) == [(0, 1), (30, 3)]
    assert _slices(data.rows, 15, 8) == [(0, 1), (15, 2), (30, 3)]
    tail = render_overview_slice(replace(data, rows=data.rows[30:]), LABELS, 15, 3, 3)
    assert list(tail) == render_overview_charts(data, LABELS, per_page=15)[2:]


class FakeWork:
    """Stand in for the process pool: count calls, optionally block or fail."""

    def __init__(self) -> None:
        """Start with no calls and an open gate."""
        self.calls = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.fail = False

    async def __call__(self, function: Callable[..., Any], *args: Any) -> Any:
        """Return a fake PNG (or tuple of pages) after the gate opens."""
        self.calls += 1
        await self.gate.wait()
        if self.fail:
            raise RuntimeError("render failed")
        data = args[0]
        if isinstance(data, OverviewChartData):
            return (repr(data).encode(),)
        return repr(data).encode()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ChartRenderer, FakeWork]]:
    """Return a renderer (LRU of two) whose renders run in-process as fakes."""
    chart_renderer, work = ChartRenderer(cache_size=2), FakeWork()
    monkeypatch.setattr(chart_renderer, "_submit", work)
    yield chart_renderer, work
    chart_renderer.close()


async def test_cache_evicts_the_least_recently_used(fake: tuple[ChartRenderer, FakeWork]) -> None:
    """Forget the least recently used chart once the cache is full."""
    renderer, work = fake
    a, b, c = (make_data(months=n) for n in (1, 2, 3))
    for data in (a, b, a, c):  # a is used again, so b is the one to go
        await renderer.project_chart(data, LABELS)
    assert work.calls == 3
    await renderer.project_chart(a, LABELS)
    assert work.calls == 3
    await renderer.project_chart(b, LABELS)
    assert work.calls == 4


async def test_failures_are_not_cached(fake: tuple[ChartRenderer, FakeWork]) -> None:
    """Raise a failed render to its caller and try again on the next request."""
    renderer, work = fake
    work.fail = True
    with pytest.raises(RuntimeError):
        await renderer.project_chart(make_data(), LABELS)
    work.fail = False
    assert await renderer.project_chart(make_data(), LABELS)
    assert work.calls == 2


async def test_a_cancelled_waiter_leaves_the_shared_render(
    fake: tuple[ChartRenderer, FakeWork],
) -> None:
    """Keep rendering for the other callers when one of them gives up."""
    renderer, work = fake
    work.gate.clear()
    first = asyncio.create_task(renderer.project_chart(make_data(), LABELS))
    second = asyncio.create_task(renderer.project_chart(make_data(), LABELS))
    await asyncio.sleep(0)
    first.cancel()
    work.gate.set()
    assert await second == repr(make_data()).encode()
    assert first.cancelled()
    assert work.calls == 1


async def test_closed_renderer_refuses_work() -> None:
    """Refuse to render after close()."""
    chart_renderer = ChartRenderer()
    chart_renderer.close()
    with pytest.raises(RuntimeError):
        await chart_renderer.project_chart(make_data(), LABELS)


def test_worker_wraps_with_the_bots_word_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given breaks make the same tokens as the dictionary, which a worker never loads."""
    from core.charts import words as fonts

    monkeypatch.setattr(fonts, "_GIVEN_BREAKS", {})
    monkeypatch.setattr(fonts, "_DICTIONARY", {"allowed": True})
    title = "สร้างเครือข่ายและการมีส่วนร่วม ของประชาชน"
    expected = fonts.word_tokens(title)
    breaks = fonts.word_breaks([title])
    fonts.use_given_breaks(breaks)
    assert fonts.word_tokens(title) == expected
    # A run nobody gave breaks for falls back to character clusters, not to the dictionary.
    assert "".join(fonts.word_tokens("กรุงเทพมหานคร")) == "กรุงเทพมหานคร"
    assert fonts.word_tokens("กรุงเทพมหานคร") != ["กรุงเทพมหานคร"]


def test_a_worker_frees_its_figures_and_never_loads_the_word_dictionary() -> None:
    """After its renders a worker holds no drawn figure and has built no word dictionary."""
    script = """
        import gc
        from datetime import date

        from matplotlib.figure import Figure
        from pythainlp.tokenize import word_dict_trie

        import core.charts.preload
        from core.charts import OverviewChartData, OverviewRow, ProjectChartData, chart_labels
        from core.charts.renderer import run_job
        from core.domain import StatusKind
        from core.word_dictionary import word_dictionary

        labels = chart_labels("th")
        data = ProjectChartData("c-1", "สร้างเครือข่าย", "เขต", 2569, (), (), date(2026, 1, 10))
        rows = tuple(
            OverviewRow(f"c-{i}", "ผู้สูงอายุ", None, 50, StatusKind.NOT_REPORTED, 0)
            for i in range(20)
        )
        overview = OverviewChartData("กรุงเทพมหานคร", date(2025, 11, 1), rows)
        for _ in range(3):
            assert run_job("render_project_chart", {}, data, labels).startswith(b"\\x89PNG")
        assert len(run_job("render_overview_slice", {}, overview, labels, 8, 1, 3)) == 3
        assert [o for o in gc.get_objects() if isinstance(o, Figure)] == []
        assert word_dictionary.cache_info().currsize == 0
        assert word_dict_trie.cache_info().currsize == 0
        """
    result = run_script(script)
    assert result.returncode == 0, result.stderr
