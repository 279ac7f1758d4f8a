"""The corpus of real-shaped variants: what each imports, and what the import says of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.bma import ProjectPage, parse_project_page
from core.export.incoming import (
    AGENCY_MISSING,
    FAILED,
    IMPORTED,
    UNCHANGED,
    decode_text,
    describe,
    read_pages,
)
from core.export.page import render_page
from storage import Storage
from storage.exports import ExportStore
from storage.imports import PageImports
from tests.core.bma import read_sample
from tests.core.bma.make_variants import VARIANTS, VARIANTS_DIR, variant_bytes

# name -> per page: (state, code, entries stored after the import, skipped parts as (part, line))
EXPECTED: dict[str, list[tuple[str, str, int, list[tuple[str, int]]]]] = {
    "browser-frame.txt": [(IMPORTED, "50450000-3247", 12, [])],
    "no-blank-lines.txt": [(IMPORTED, "50080000-2982", 6, [])],
    "zero-width.txt": [(IMPORTED, "01000000-2462", 12, [])],
    "thai-digits.txt": [(IMPORTED, "50450000-3247", 12, [])],
    "bom-crlf.txt": [(IMPORTED, "50080000-2982", 6, [])],
    "utf16.txt": [(IMPORTED, "50450000-3247", 12, [])],
    "windows-874.txt": [(IMPORTED, "50080000-2982", 6, [])],
    "kpi-heading-without-code.txt": [(IMPORTED, "50450000-3247", 12, [("kpi 1", 227)])],
    "empty-kpi-section.txt": [(IMPORTED, "50080000-2982", 6, [("kpi", 139)])],
    "bad-entry.txt": [(IMPORTED, "50450000-3247", 11, [("progress entry 2", 55)])],
    "two-pages.txt": [(IMPORTED, "50450000-3247", 12, []), (IMPORTED, "2100-1040", 0, [])],
    "three-pages-crlf.txt": [
        (IMPORTED, "01000000-2462", 12, []),
        (IMPORTED, "50080000-2982", 6, []),
        (IMPORTED, "50450000-3247", 12, []),
    ],
    "kpi-browser-frame-thai-digits.txt": [(IMPORTED, "2100-1040", 0, [])],
    "project-naming-kpi-2100-1040.txt": [(IMPORTED, "50080000-2982", 6, [])],
    "kpi-target-unreadable.txt": [(IMPORTED, "2100-1040", 0, [("header", 7)])],
    "no-agency-line.txt": [(AGENCY_MISSING, "50450000-3247", 0, [])],
    "not-a-page.txt": [(FAILED, "", 0, [("page", 1)])],
}
# Variants whose pages are clean once read: exported again, they are the sample itself.
CLEAN = [
    "browser-frame.txt",
    "no-blank-lines.txt",
    "zero-width.txt",
    "bom-crlf.txt",
    "utf16.txt",
    "windows-874.txt",
    "three-pages-crlf.txt",
]


def test_corpus_is_what_the_script_makes() -> None:
    """Every variant file on disk is the one make_variants writes from the real samples."""
    assert (
        sorted(p.name for p in VARIANTS_DIR.glob("*.txt")) == sorted(VARIANTS) == sorted(EXPECTED)
    )
    for name in VARIANTS:
        assert (VARIANTS_DIR / name).read_bytes() == variant_bytes(name), name


async def _entries(store: Storage, code: str) -> int:
    """Return how many reports a project has stored."""
    project = await store.projects.by_code(code)
    if project is None or project.id is None:
        return 0
    return len(await store.reports.history(project.id))


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_variant_imports_what_it_can_and_says_so(store: Storage, name: str) -> None:
    """Each page of a variant imports on its own; its skipped parts are named with lines."""
    text = decode_text((VARIANTS_DIR / name).read_bytes())
    assert text is not None
    imports = PageImports(store.db)
    outcomes = [await imports.import_read(read) for read in read_pages(text)]
    found = []
    for outcome in outcomes:
        read = outcome.read
        parts = [(s.part, s.line) for s in read.skipped]
        if read.error is not None:
            parts = [(read.error.part, read.error.line)]
        code = outcome.code
        entries = await _entries(store, code) if isinstance(read.page, ProjectPage) else 0
        found.append((outcome.state, code, entries, parts))
        lines = describe(outcome, "en")
        assert len(lines) == 1 + len(read.skipped)
        for part, line in parts:
            assert f", line {line}:" in "\n".join(lines), (part, lines)
    assert found == EXPECTED[name]
    again = [await imports.import_read(read) for read in read_pages(text)]
    assert [o.state for o in again] == [
        state if state in (FAILED, AGENCY_MISSING) else UNCHANGED for state, *_ in EXPECTED[name]
    ]


@pytest.mark.parametrize("name", CLEAN)
async def test_clean_variant_exports_the_sample_byte_for_byte(store: Storage, name: str) -> None:
    """A page that lost only what pasting adds exports as the real page, byte for byte."""
    text = decode_text((VARIANTS_DIR / name).read_bytes())
    assert text is not None
    imports = PageImports(store.db)
    for read in read_pages(text):
        await imports.import_read(read)
    exports = ExportStore(store.db)
    for code in [o[1] for o in EXPECTED[name]]:
        [project_id] = await exports.project_ids(code=code)
        data = await exports.project(project_id)
        assert data is not None
        assert render_page(data) == read_sample(code)


async def test_page_without_agency_line_takes_the_stored_projects(store: Storage) -> None:
    """Once its project is stored, a page without the agency line imports with the stored header."""
    imports = PageImports(store.db)
    page = parse_project_page(read_sample("50450000-3247"))
    await imports.import_page(replace(page, entries=page.entries[1:]))
    text = decode_text((VARIANTS_DIR / "no-agency-line.txt").read_bytes())
    assert text is not None
    [read] = read_pages(text)
    assert read.page is not None and read.skipped == ()
    outcome = await imports.import_read(read)
    assert (outcome.state, outcome.added) == (IMPORTED, 1)
    assert outcome.kept_header == ("สำนักงานเขตวังทองหลาง", 2564)
    english = describe(outcome, "en")
    assert english[1] == (
        "  ℹ️ the page has no agency line: the stored project's agency"
        " สำนักงานเขตวังทองหลาง and fiscal year 2564 are kept"
    )
    assert "ใช้หน่วยงาน สำนักงานเขตวังทองหลาง ปีงบประมาณ 2564" in describe(outcome, "th")[1]
    project = await store.projects.by_code("50450000-3247")
    assert project is not None and (project.agency, project.fiscal_year) == (
        "สำนักงานเขตวังทองหลาง",
        2564,
    )
    [project_id] = await ExportStore(store.db).project_ids(code="50450000-3247")
    data = await ExportStore(store.db).project(project_id)
    assert data is not None and render_page(data) == read_sample("50450000-3247")


async def test_new_project_without_agency_line_is_refused_and_the_file_read_on(
    store: Storage,
) -> None:
    """A new project's page without the agency line says so; the next page of the file imports."""
    missing = (VARIANTS_DIR / "no-agency-line.txt").read_text(encoding="utf-8")
    text = missing + "\n" + read_sample("50080000-2982")
    imports = PageImports(store.db)
    outcomes = [await imports.import_read(read) for read in read_pages(text)]
    assert [(o.state, o.code) for o in outcomes] == [
        (AGENCY_MISSING, "50450000-3247"),
        (IMPORTED, "50080000-2982"),
    ]
    assert describe(outcomes[0], "en") == [
        "page 1 (line 1): not imported: the page of project 50450000-3247 has no agency line"
        " («AGENCY : (YEAR)») under its name and code, and the project is not stored yet;"
        " add the line and import again"
    ]
    assert "ไม่มีบรรทัดหน่วยงาน" in describe(outcomes[0], "th")[0]
    assert await store.projects.by_code("50450000-3247") is None
