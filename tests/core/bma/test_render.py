"""Tests for rendering project pages and progress entries in the official layout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.bma import (
    Kpi,
    KpiQuarter,
    ProgressEntry,
    ProjectPage,
    entry_from_report,
    parse_project_page,
    render_progress_entry,
    render_project_page,
)
from core.domain import PlanStep, ProgressReport
from tests.core.bma import read_sample, sample_paths

ENTRY_EXAMPLE = """\
(1) ความคืบหน้าโครงการฯ ร้อยละ 45.00 (2026-11-21)

45.00

21/11/2569 : description...

** ปัญหาของโครงการ :ไม่มี

** อุปสรรคของโครงการ :ไม่มี"""


def meaningful(text: str) -> list[str]:
    """Return the non-blank lines of a page."""
    return [row for row in text.splitlines() if row.strip()]


def report(
    percent: Decimal = Decimal(45), problems: str | None = None, obstacles: str | None = None
) -> ProgressReport:
    """Return a bot report for 21 November 2026."""
    return ProgressReport(
        project_code="50450000-3247",
        month=date(2026, 11, 1),
        percent=percent,
        reported_on=date(2026, 11, 21),
        work_done="description...",
        problems=problems,
        obstacles=obstacles,
    )


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_round_trip(path: Path) -> None:
    """Check parsing the rendering of a parsed sample gives the same page."""
    page = parse_project_page(path.read_text(encoding="utf-8"))
    assert parse_project_page(render_project_page(page)) == page


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_render_reproduces_sample_lines(path: Path) -> None:
    """Check rendering a parsed sample reproduces its meaningful lines in order."""
    text = path.read_text(encoding="utf-8")
    assert meaningful(render_project_page(parse_project_page(text))) == meaningful(text)


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_render_reproduces_sample_exactly(path: Path) -> None:
    """Check rendering a parsed sample reproduces the exported text byte for byte."""
    text = path.read_text(encoding="utf-8")
    assert render_project_page(parse_project_page(text)) == text


def test_render_progress_entry_layout() -> None:
    """Check a progress entry renders exactly as the web system shows it."""
    entry = ProgressEntry(1, Decimal("45.00"), date(2026, 11, 21), "21/11/2569 : description...")
    assert render_progress_entry(entry) == ENTRY_EXAMPLE


def test_entry_from_report() -> None:
    """Check a bot report becomes an entry with a BE leading date and ไม่มี for none."""
    entry = entry_from_report(report())
    assert render_progress_entry(entry) == ENTRY_EXAMPLE
    assert entry.leading_date == date(2026, 11, 21)
    assert entry.body == "description..."
    assert (entry.problems, entry.obstacles) == (None, None)


def test_entry_from_report_with_problems() -> None:
    """Check problems, obstacles and the entry number come through from a report."""
    entry = entry_from_report(
        report(problems="ฝนตกหนัก", obstacles="งบประมาณล่าช้า", percent=Decimal("7.5")),
        number=3,
    )
    text = render_progress_entry(entry)
    assert text.startswith("(3) ความคืบหน้าโครงการฯ ร้อยละ 7.50 (2026-11-21)\n\n7.50\n\n")
    assert text.endswith("** ปัญหาของโครงการ :ฝนตกหนัก\n\n** อุปสรรคของโครงการ :งบประมาณล่าช้า")


def test_rendered_entry_fits_into_a_page() -> None:
    """Check a new entry added to a sample page survives render and parse."""
    page = parse_project_page(read_sample("50450000-3247"))
    older = tuple(replace(e, number=e.number + 1) for e in page.entries)
    updated = replace(page, entries=(entry_from_report(report()), *older))
    text = render_project_page(updated)
    assert ENTRY_EXAMPLE in text
    assert parse_project_page(text) == updated


def test_round_trip_of_sparse_and_multiline_page() -> None:
    """Check pages with missing optional parts, several KPIs and multi-line text round-trip."""
    page = ProjectPage(
        code="50450000-9999",
        name="อ.1/1โครงการทดสอบ : ระยะที่ 2",
        agency="สำนักงานเขตวังทองหลาง",
        fiscal_year=2569,
        percent=Decimal("45.5"),
        responsible=None,
        assessment=None,
        rationale="บรรทัดแรก\n\nบรรทัดที่สอง",
        budget_code=None,
        objectives="1. ข้อหนึ่ง\n2. ข้อสอง",
        targets_text="-",
        strategy=(),
        entries=(
            ProgressEntry(
                1,
                Decimal("45.50"),
                date(2026, 11, 21),
                "ทำงานส่วนแรก\n  ทำงานส่วนที่สอง",
                "ปัญหา ก\nปัญหา ข",
                "-",
            ),
            ProgressEntry(2, Decimal("0.00"), date(2026, 10, 30), ""),
        ),
        plan_steps=(
            PlanStep(1, "ขั้นแรก", Decimal("12.5"), date(2026, 10, 1), date(2026, 12, 31)),
            PlanStep(2, "ขั้นสอง", Decimal("87.5"), date(2027, 1, 1), date(2027, 9, 30)),
        ),
        kpis=(
            Kpi("5045-999", "ร้อยละของงานที่เสร็จ", "ร้อยละ", Decimal(80), None),
            Kpi(
                "5045-1000",
                "ระดับความสำเร็จ",
                "ระดับ",
                Decimal(5),
                Decimal(2),
                "ตัวชี้วัดเชิงยุทธศาสตร์",
                "ตัวชี้วัดระดับผลผลิต (output)",
                (
                    KpiQuarter(1, None, (Decimal(0), Decimal(0))),
                    KpiQuarter(2, Decimal("2.00"), (Decimal(100), Decimal(100))),
                ),
            ),
        ),
        plan_times=False,
    )
    text = render_project_page(page)
    assert "เริ่มต้น :2026-10-01\n" in text
    assert "ผลงานที่ทำได้ ร้อยละ :\n" in text
    assert parse_project_page(text) == page


def test_plan_dates_keep_their_time_part() -> None:
    """Check plan dates are rendered with " 00:00:00" only when the page had it."""
    timed = render_project_page(parse_project_page(read_sample("50450000-3247")))
    plain = render_project_page(parse_project_page(read_sample("50080000-2982")))
    assert "เริ่มต้น :2020-10-01 00:00:00" in timed
    assert "เริ่มต้น :2020-02-10\n" in plain
