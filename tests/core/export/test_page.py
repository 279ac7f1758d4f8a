"""Exporting stored projects in the BMA page layout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.bma import parse_project_page
from core.domain import PlanStep, ProgressReport, Project
from core.export.model import ProjectExport, StoredEntry
from core.export.page import project_page, render_page
from storage import Storage
from storage.exports import ExportStore
from tests.core.bma import read_sample, sample_paths

SAMPLE_CODES = [path.stem.removeprefix("project-") for path in sample_paths()]


async def _exported(store: Storage, code: str) -> ProjectExport:
    """Return everything stored about one project."""
    exports = ExportStore(store.db)
    [project_id] = await exports.project_ids(code=code)
    data = await exports.project(project_id)
    assert data is not None
    return data


@pytest.mark.parametrize("code", SAMPLE_CODES)
async def test_round_trip_reproduces_the_page(store: Storage, code: str) -> None:
    """An imported sample exports to the same parsed page and the very same text."""
    text = read_sample(code)
    original = parse_project_page(text)
    exported = render_page(await _exported(store, original.code))
    assert parse_project_page(exported) == original
    assert exported == text


def _bot_report(day: date, percent: str) -> ProgressReport:
    """Return a report typed in the bot."""
    return ProgressReport(
        project_code="50080000-2982",
        month=day.replace(day=1),
        percent=Decimal(percent),
        reported_on=day,
        work_done="ประชุมติดตามงาน",
        obstacles="ฝนตก",
        id=99,
    )


async def test_bot_report_comes_first_with_its_percent(store: Storage) -> None:
    """A report typed in the bot after the import is entry (1) and sets the overall percent."""
    data = await _exported(store, "50080000-2982")
    newer = StoredEntry(_bot_report(date(2020, 10, 5), "100.00"))
    page = project_page(replace(data, entries=(*data.entries, newer)))
    first = page.entries[0]
    assert (first.number, first.description) == (1, "05/10/2563 : ประชุมติดตามงาน")
    assert first.obstacles_text == "ฝนตก" and first.problems_text == "ไม่มี"
    assert [e.number for e in page.entries] == list(range(1, 8))
    assert page.percent == Decimal("100.00")
    assert parse_project_page(render_page(replace(data, entries=(*data.entries, newer))))


def test_project_never_imported_renders_a_parsable_page() -> None:
    """A project added in the bot, with one report, renders a page the parser accepts."""
    step = PlanStep(1, "ขออนุมัติโครงการ", Decimal(20), date(2026, 10, 1), date(2026, 10, 31))
    project = Project(
        code="50450000-9999",
        name="โครงการทดสอบ",
        agency="สำนักงานเขตวังทองหลาง",
        fiscal_year=2570,
        responsible="นางสาวทดสอบ",
        phone="6484",
        plan_steps=(step,),
    )
    data = ProjectExport(project, None, (StoredEntry(_bot_report(date(2026, 11, 21), "45")),), ())
    page = parse_project_page(render_page(data))
    assert (page.code, page.percent, page.phone) == ("50450000-9999", Decimal("45.00"), "6484")
    assert page.plan_steps == (step,)
    assert len(page.entries) == 1 and page.entries[0].body == "ประชุมติดตามงาน"


def test_sample_reader_finds_all_samples() -> None:
    """The three sample pages are found, so the round trips above really ran."""
    assert len(sample_paths()) == 3
    assert read_sample("50450000-3247").startswith("ความคืบหน้าโครงการ")
