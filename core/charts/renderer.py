"""Render charts in worker processes, off the asyncio loop, with an LRU cache."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeAlias

from core.charts.data import (
    ROWS_PER_PAGE,
    AgencyRollupData,
    OverviewChartData,
    OverviewRow,
    ProjectChartData,
    paginate,
)
from core.charts.labels import ChartLabels
from core.charts.words import use_given_breaks, word_breaks
from core.domain import PlanStep, ProgressReport

Pages: TypeAlias = tuple[bytes, ...]
Result: TypeAlias = bytes | Pages
CHART_NICENESS = 19


def init_worker() -> None:
    """Prepare a worker process: lowest priority, fonts registered, no word dictionary."""
    # Renders yield the CPU to the bot's event loop: on a small machine a burst of charts
    # would otherwise hold back every text answer (bench/chart_storm.py). SCHED_IDLE (Linux)
    # runs them only on time nothing else wants; elsewhere the lowest nice value does.
    os.nice(CHART_NICENESS)
    if hasattr(os, "SCHED_IDLE"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    # Word breaks come from the bot with each render: the worker never loads the dictionary.
    use_given_breaks({})


def run_job(job: str, breaks: dict[str, tuple[str, ...]], *args: Any) -> Any:
    """Run the named render of ``core.charts.jobs`` in a worker, with the bot's word breaks."""
    # Imported here, in the worker: matplotlib (about 40 MB) never loads in the bot's process.
    from core.charts import jobs

    use_given_breaks(breaks)
    return getattr(jobs, job)(*args)


def _texts(value: object) -> list[str]:
    """Return the strings a chart may wrap: those of its data and labels, reports aside."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, ProgressReport | PlanStep):
        return []  # reports' texts and plan steps are never drawn: skip their tokenizing
    if isinstance(value, tuple):
        return [text for item in value for text in _texts(item)]
    if is_dataclass(value) and not isinstance(value, type):
        return [text for field in fields(value) for text in _texts(getattr(value, field.name))]
    return []


def cache_key(kind: str, *parts: object) -> str:
    """Return a digest of everything a chart depends on.

    ``repr`` of the frozen dataclasses lists every field (Decimals and dates included)
    in a fixed order, unlike pickle, whose bytes depend on object identity.
    """
    return hashlib.sha256(repr((kind, *parts)).encode()).hexdigest()


def _size(result: Result) -> int:
    return len(result) if isinstance(result, bytes) else sum(len(png) for png in result)


def _slices(rows: Sequence[OverviewRow], per_page: int, parts: int) -> list[tuple[int, int]]:
    """Split rows into at most ``parts`` runs of whole pages: (first row, first page) each."""
    pages = len(paginate(rows, per_page))
    step = -(-pages // max(parts, 1))
    return [(page * per_page, page + 1) for page in range(0, pages, step)]


class ChartRenderer:
    """Render charts in a process pool so the event loop and its GIL stay free.

    Identical requests share one render while it runs, and finished charts are kept in
    an LRU cache keyed by a digest of the full input, so any change renders anew.
    """

    def __init__(
        self, max_workers: int = 1, cache_size: int = 256, cache_bytes: int = 256 * 2**20
    ) -> None:
        """Prepare the pool (workers start on first use) and the cache limits."""
        self._max_workers = max_workers
        self._cache_size = cache_size
        self._cache_bytes = cache_bytes
        self._cache: OrderedDict[str, Result] = OrderedDict()
        self._cached_bytes = 0
        self._inflight: dict[str, asyncio.Future[Result]] = {}
        self._executor: Executor | None = None
        self._closed = False
        self.renders = 0  # tasks sent to workers: tests and metrics count cache misses

    def _pool(self) -> Executor:
        if self._closed:
            raise RuntimeError("ChartRenderer is closed")
        if self._executor is None:
            # Never fork the bot: its process has threads (asyncio, HTTP clients). A fork
            # server is a fresh single-threaded process that imports matplotlib and registers
            # the fonts once; workers fork from it and share those pages (counted once in PSS).
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["core.charts.preload"])
            self._executor = ProcessPoolExecutor(
                self._max_workers, mp_context=context, initializer=init_worker
            )
        return self._executor

    async def project_chart(self, data: ProjectChartData, labels: ChartLabels) -> bytes:
        """Return the PNG of a project's chart, rendered in a worker unless cached."""
        key = cache_key("project", data, labels)
        result = await self._get(key, lambda: self._submit("render_project_chart", data, labels))
        assert isinstance(result, bytes)
        return result

    async def overview_charts(
        self, data: OverviewChartData, labels: ChartLabels, per_page: int = ROWS_PER_PAGE
    ) -> list[bytes]:
        """Return the PNG pages of an overview, rendered in workers unless cached."""
        paginate((), per_page)  # validate before anything is queued
        key = cache_key("overview", data, labels, per_page)
        result = await self._get(key, lambda: self._overview(data, labels, per_page))
        assert isinstance(result, tuple)
        return list(result)

    async def agency_rollup(
        self, data: AgencyRollupData, labels: ChartLabels, per_page: int
    ) -> list[bytes]:
        """Return the PNG pages of the agencies' roll-up (a few: one worker renders them)."""
        paginate((), per_page)  # validate before anything is queued
        key = cache_key("agencies", data, labels, per_page)
        result = await self._get(
            key, lambda: self._submit("render_agency_rollup", data, labels, per_page)
        )
        assert isinstance(result, tuple)
        return list(result)

    async def _overview(self, data: OverviewChartData, labels: ChartLabels, per_page: int) -> Pages:
        """Spread the pages over the workers in page-aligned slices."""
        pages = len(paginate(data.rows, per_page))
        slices = _slices(data.rows, per_page, self._max_workers)
        bounds = [*(row for row, _ in slices[1:]), len(data.rows)]
        parts = await asyncio.gather(
            *(
                self._submit(
                    "render_overview_slice",
                    replace(data, rows=data.rows[first:last]),
                    labels,
                    per_page,
                    page,
                    pages,
                )
                for (first, page), last in zip(slices, bounds, strict=True)
            )
        )
        return tuple(png for part in parts for png in part)

    async def _submit(self, job: str, *args: Any) -> Any:
        """Run one render in the pool; replace the pool if a worker died."""
        pool = self._pool()
        self.renders += 1
        # The bot tokenizes the texts the chart may wrap (it has the dictionary loaded).
        breaks = word_breaks(_texts(args))
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(pool, run_job, job, breaks, *args)
        except BrokenProcessPool:
            if self._executor is pool:  # a killed worker breaks the pool for good
                self._executor = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise

    async def _get(self, key: str, start: Callable[[], Any]) -> Result:
        """Return a cached result, join a render in flight, or start one."""
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        future = self._inflight.get(key)
        if future is None:
            future = asyncio.ensure_future(start())
            self._inflight[key] = future
            future.add_done_callback(lambda done: self._finish(key, done))
        # Shielded: one caller giving up must not cancel the render the others await.
        result: Result = await asyncio.shield(future)
        return result

    def _finish(self, key: str, future: asyncio.Future[Result]) -> None:
        """Move a finished render from in flight to the cache."""
        self._inflight.pop(key, None)
        if future.cancelled() or future.exception() is not None:
            return  # exception() also marks it retrieved when every caller has left
        self._store(key, future.result())

    def _store(self, key: str, result: Result) -> None:
        """Cache a result, evicting the least recently used beyond either limit."""
        size = _size(result)
        if key in self._cache or self._cache_size < 1 or size > self._cache_bytes:
            return
        self._cache[key] = result
        self._cached_bytes += size
        while len(self._cache) > self._cache_size or self._cached_bytes > self._cache_bytes:
            _, evicted = self._cache.popitem(last=False)
            self._cached_bytes -= _size(evicted)

    def close(self) -> None:
        """Stop the workers and drop the cache; pending renders are cancelled."""
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._cache.clear()
        self._cached_bytes = 0
