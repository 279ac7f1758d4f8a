"""Importing BMA project pages and KPI detail pages into storage."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.bma import PageParseError, ProgressEntry, parse_kpi_page, parse_project_page
from core.export.incoming import parse_file
from storage import Storage
from storage.convert import month_key
from storage.db import rows_of, value_of
from storage.imports import STEPS_ADDED, STEPS_KEPT, STEPS_SAME, PageImports
from tests.core.bma import KPI_SAMPLES_DIR, read_sample, sample_paths
from tests.core.bma.make_variants import VARIANTS_DIR

TABLES = (
    "agencies",
    "projects",
    "plan_steps",
    "reports",
    "imported_entries",
    "project_pages",
    "kpis",
    "kpi_quarters",
    "kpi_details",
    "kpi_reports",
    "kpi_projects",
)
# code: (entries, plan steps, KPIs, quarterly rows)
EXPECTED = {
    "01000000-2462": (12, 10, 1, 4),
    "50080000-2982": (6, 3, 1, 4),
    "50450000-3247": (12, 6, 1, 4),
}


async def counts(store: Storage) -> dict[str, int]:
    """Return the number of rows of every table an import writes."""
    return {
        table: int(
            await store.db.read(functools.partial(value_of, sql=f"SELECT COUNT(*) FROM {table}"))
            or 0
        )
        for table in TABLES
    }


@pytest.mark.parametrize("code", sorted(EXPECTED))
async def test_sample_imports_with_exact_counts(store: Storage, code: str) -> None:
    """Each sample page stores its exact numbers of entries, steps, KPIs and quarter rows."""
    page = parse_project_page(read_sample(code))
    result = await PageImports(store.db).import_page(page)
    entries, steps, kpis, quarters = EXPECTED[page.code]
    assert result.project_created and result.added_entries == entries
    assert result.steps_action == STEPS_ADDED
    rows = await counts(store)
    assert (rows["reports"], rows["imported_entries"]) == (entries, entries)
    assert (rows["plan_steps"], rows["kpis"], rows["kpi_quarters"]) == (steps, kpis, quarters)
    assert rows["project_pages"] == 1
    project = await store.projects.by_code(page.code)
    assert project is not None and project.id is not None
    assert len(project.plan_steps) == steps
    history = await store.reports.history(project.id)
    assert all(r.imported for r in history)


async def test_spot_checked_values(store: Storage) -> None:
    """The first and last entries of 01000000-2462 keep their percent, date and texts."""
    page = parse_project_page(read_sample("01000000-2462"))
    await PageImports(store.db).import_page(page)
    project = await store.projects.by_code("01000000-2462")
    assert project is not None and project.id is not None
    history = await store.reports.history(project.id)
    oldest, newest = history[0], history[-1]
    assert (oldest.percent, oldest.reported_on) == (Decimal("5.00"), date(2020, 10, 22))
    assert oldest.month == date(2020, 10, 1)
    assert oldest.work_done.startswith("อยู่ระหว่างขั้นตอน...เตรียมข้อมูล")
    assert (newest.percent, newest.reported_on) == (Decimal("100.00"), date(2021, 9, 22))
    assert newest.problems is not None and newest.problems.startswith("เนื่องจากสถานการณ์")
    assert project.agency == "สำนักงานเลขานุการสภากรุงเทพมหานคร"  # the page wrote ํ + า
    assert project.fiscal_year == 2564


async def test_importing_twice_changes_nothing(store: Storage) -> None:
    """Every sample imported a second time reports unchanged and adds no row."""
    imports = PageImports(store.db)
    for path in sample_paths():
        await imports.import_page(parse_project_page(path.read_text(encoding="utf-8")))
    before = await counts(store)
    for path in sample_paths():
        result = await imports.import_page(parse_project_page(path.read_text(encoding="utf-8")))
        assert not result.changed and result.steps_action == STEPS_SAME
        assert result.added_entries == 0
    assert await counts(store) == before


async def test_newer_page_adds_only_new_entries(store: Storage) -> None:
    """A later page with two more entries adds exactly those two."""
    page = parse_project_page(read_sample("50080000-2982"))
    imports = PageImports(store.db)
    older = replace(page, entries=page.entries[2:])
    first = await imports.import_page(older)
    assert first.added_entries == 4
    preview = await imports.preview_page(page)
    assert preview.project_exists and (preview.new_entries, preview.existing_entries) == (2, 4)
    result = await imports.import_page(page)
    assert (result.added_entries, result.existing_entries) == (2, 4)
    assert (await counts(store))["reports"] == 6


async def test_same_month_entries_become_revisions(store: Storage) -> None:
    """Two entries of one month are both kept; the later one is the higher revision."""
    page = parse_project_page(read_sample("50080000-2982"))
    newest = page.entries[0]
    extra = ProgressEntry(
        0, Decimal("99.00"), newest.reported_on.replace(day=1), "ก่อนหน้า", "ไม่มี", "ไม่มี"
    )
    page = replace(page, entries=(*page.entries, extra))
    await PageImports(store.db).import_page(page)
    rows = await store.db.read(
        lambda conn: rows_of(
            conn,
            "SELECT revision, percent_hundredths FROM reports WHERE month = ? ORDER BY revision",
            (month_key(newest.reported_on),),
        )
    )
    assert [(r["revision"], r["percent_hundredths"]) for r in rows] == [(1, 9900), (2, 10000)]


async def test_preview_writes_nothing(store: Storage) -> None:
    """A preview of a new page counts what is new and stores no row."""
    page = parse_project_page(read_sample("50450000-3247"))
    preview = await PageImports(store.db).preview_page(page)
    assert not preview.project_exists
    assert (preview.entries, preview.new_entries, preview.steps, preview.kpis) == (12, 12, 6, 1)
    assert set((await counts(store)).values()) == {0}


async def test_different_steps_of_existing_project_are_kept(store: Storage) -> None:
    """An existing project's own plan steps are not replaced by a page's other steps."""
    page = parse_project_page(read_sample("50080000-2982"))
    imports = PageImports(store.db)
    await imports.import_page(replace(page, plan_steps=page.plan_steps[:1]))
    result = await imports.import_page(page)
    assert result.steps_action == STEPS_KEPT
    assert (await counts(store))["plan_steps"] == 1


async def test_kpi_detail_is_stored_by_code_whichever_comes_first(store: Storage) -> None:
    """A KPI page imports before any project names it, and the project finds it later."""
    imports = PageImports(store.db)
    body = (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_text(encoding="utf-8")
    detail = parse_kpi_page(body)
    first = await imports.import_kpi_detail(detail, body)
    assert first.projects == () and first.changed
    assert not (await imports.import_kpi_detail(detail, body)).changed
    naming = (VARIANTS_DIR / "project-naming-kpi-2100-1040.txt").read_text(encoding="utf-8")
    await imports.import_page(parse_project_page(naming))
    project = await store.projects.by_code("50080000-2982")
    assert project is not None and project.id is not None
    [kpi] = await store.kpis.kpis_of(project.id)
    assert kpi.detail == detail
    again = await imports.import_kpi_detail(detail, body)
    assert again.projects == ("50080000-2982",) and not again.changed


def _broken_pages() -> list[tuple[str, str, str]]:
    """Return (name, text, expected part prefix) of malformed pages."""
    text = read_sample("50450000-3247")
    return [
        ("missing-code", text.replace(" : 50450000-3247\n", "\n", 1), "header"),
        ("garbage", "สวัสดี\nนี่ไม่ใช่หน้าโครงการ\n", "page"),
    ]


@pytest.mark.parametrize(("name", "text", "part"), _broken_pages(), ids=lambda v: str(v)[:12])
async def test_malformed_pages_fail_clearly_and_write_nothing(
    store: Storage, name: str, text: str, part: str
) -> None:
    """A malformed page names the failing part and line, and the database stays empty."""
    await PageImports(store.db).import_page(parse_project_page(read_sample("50080000-2982")))
    before = await counts(store)
    with pytest.raises(PageParseError) as raised:
        parse_file(text)
    assert raised.value.part.startswith(part), name
    assert raised.value.line is not None
    assert await counts(store) == before


async def test_failed_import_rolls_back_everything(store: Storage) -> None:
    """An import failing at its last entry (percent over 100) leaves no row behind."""
    page = parse_project_page(read_sample("50080000-2982"))
    bad = replace(page.entries[0], percent=Decimal(150))
    with pytest.raises(Exception, match=r"(?i)check"):
        await PageImports(store.db).import_page(replace(page, entries=(bad, *page.entries[1:])))
    assert set((await counts(store)).values()) == {0}


async def test_page_of_another_fiscal_year_changes_nothing_unless_replacing(
    store: Storage,
) -> None:
    """A FY 2564 page onto a stored FY 2569 project is refused; replacing swaps the project."""
    page = parse_project_page(read_sample("50450000-3247"))
    later = replace(page, fiscal_year=2569, entries=page.entries[:1], plan_steps=())
    imports = PageImports(store.db)
    await imports.import_page(later)
    before = await counts(store)
    refused = await imports.import_page(page)
    assert refused.stored_fiscal_year == 2569 and not refused.changed
    assert await counts(store) == before
    preview = await imports.preview_page(page)
    assert preview.year_conflict and preview.stored_fiscal_year == 2569
    replaced = await imports.import_page(page, replace_year=True)
    assert replaced.replaced and replaced.replaced_fiscal_year == 2569
    project = await store.projects.by_code(page.code)
    assert project is not None and project.id is not None and project.fiscal_year == 2564
    assert len(await store.reports.history(project.id)) == len(page.entries)
    assert len(project.plan_steps) == len(page.plan_steps)
