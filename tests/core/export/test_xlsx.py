"""The XLSX export: sheets, typed cells and layout."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

from openpyxl import load_workbook

from core.bma import parse_kpi_page, parse_project_page
from core.export.model import ExportBundle
from core.export.tables import KPI_COLUMNS, REPORT_COLUMNS
from core.export.xlsx import build_xlsx
from storage import Storage
from storage.exports import ExportStore
from storage.imports import PageImports
from tests.core.bma import KPI_SAMPLES_DIR, read_sample


def test_workbook_has_the_five_sheets_in_thai(bundle: ExportBundle) -> None:
    """The workbook opens with openpyxl and holds the five sheets, named in Thai."""
    book = load_workbook(io.BytesIO(build_xlsx(bundle)))
    assert book.sheetnames == [
        "โครงการ",
        "รายงานผล",
        "แผนการดำเนินงาน",
        "ยังไม่รายงานเดือนนี้",
        "ตัวชี้วัด",
    ]
    assert book["โครงการ"].max_row == 1 + 3
    assert book["แผนการดำเนินงาน"].max_row == 1 + 10 + 3 + 6


def test_report_rows_hold_typed_values(bundle: ExportBundle) -> None:
    """Every report is one row; percent is a number and the date a real date."""
    sheet = load_workbook(io.BytesIO(build_xlsx(bundle)))["รายงานผล"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 12 + 6 + 12
    header, first = rows[0], rows[1]
    assert header[0] == "รหัสโครงการ" and len(header) == len(REPORT_COLUMNS)
    column = dict(zip(REPORT_COLUMNS, first, strict=True))
    # Projects come by agency, then code: สำนักงานเขตพญาไท first.
    assert column["code"] == "50080000-2982"
    assert column["month"] == "เมษายน 2563"
    assert isinstance(column["percent"], int | float) and column["percent"] == 50
    assert isinstance(column["reported_on"], datetime)
    assert column["reported_on"].date() == date(2020, 4, 30)
    assert column["revision"] == 1
    assert all(isinstance(row[5], int | float) for row in rows[1:])


def test_layout_bold_header_frozen_and_widths(bundle: ExportBundle) -> None:
    """Headers are bold, the first row is frozen and columns are wide enough to read."""
    sheet = load_workbook(io.BytesIO(build_xlsx(bundle)))["รายงานผล"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 20
    assert sheet.column_dimensions["B"].width <= 62


def test_text_starting_with_equals_stays_text(bundle: ExportBundle) -> None:
    """A project name that looks like a formula is written as text."""
    data = bundle.projects[0]
    odd = replace(data, project=replace(data.project, name="=1+1"))
    workbook = load_workbook(io.BytesIO(build_xlsx(replace(bundle, projects=(odd,)))))
    assert workbook["โครงการ"]["B2"].value == "=1+1"
    assert workbook["โครงการ"]["B2"].data_type == "s"


def test_english_headers(bundle: ExportBundle) -> None:
    """An English reader gets English sheet names and headers."""
    book = load_workbook(io.BytesIO(build_xlsx(bundle, "en")))
    assert book.sheetnames[0] == "Projects"
    assert book["Reports"]["A1"].value == "Project code"


async def test_kpi_sheet_has_targets_results_and_quarterly_reports(store: Storage) -> None:
    """Each project's KPI is a row: target, achieved, the quarters and their reports."""
    body = (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_text(encoding="utf-8")
    # 2982 names KPI 2100-1040 here, so that the real detail page is linked to it.
    page = read_sample("50080000-2982").replace(": 5008-0791", ": 2100-1040")
    imports = PageImports(store.db)
    await imports.import_kpi_detail(parse_kpi_page(body), body)
    await imports.import_page(parse_project_page(page))
    bundle = await ExportStore(store.db).bundle(date(2026, 11, 21))
    rows = list(load_workbook(io.BytesIO(build_xlsx(bundle)))["ตัวชี้วัด"].iter_rows(values_only=True))
    assert rows[0][:3] == ("รหัสโครงการ", "ชื่อโครงการ", "รหัสตัวชี้วัด")
    by_kpi = {row[2]: dict(zip(KPI_COLUMNS, row, strict=True)) for row in rows[1:]}
    # 2982 keeps the KPI its first import named: imports add, never remove.
    assert sorted(by_kpi) == ["0100-814", "2100-1040", "5008-0791", "5045-861"]
    linked = by_kpi["2100-1040"]
    assert (linked["code"], linked["kpi_target"], linked["kpi_achieved"]) == (
        "50080000-2982",
        75,
        20,
    )
    assert linked["kpi_q1"] == 20 and linked["kpi_report_q1"].startswith("วันที่ 11 ตุลาคม 2562")
    assert linked["kpi_report_q2"] is None
    plain = by_kpi["5045-861"]
    assert (plain["kpi_unit"], plain["kpi_target"], plain["kpi_q4"]) == ("ระดับ", 5, 5)


def test_a_thai_office_can_filter_read_and_total_it(bundle: ExportBundle) -> None:
    """BE dates, the Thai font, wrapped long texts, a filter and a latest-revision column."""
    data = bundle.projects[0]
    entry = data.entries[0]
    long_work = "ลงพื้นที่สำรวจ " * 20
    correction = replace(entry, report=replace(entry.report, revision=2, work_done=long_work))
    odd = replace(data, entries=(*data.entries, correction))
    book = load_workbook(io.BytesIO(build_xlsx(replace(bundle, projects=(odd,)))))
    sheet = book["รายงานผล"]
    rows = list(sheet.iter_rows(min_row=2))
    column = {name: index for index, name in enumerate(REPORT_COLUMNS)}
    assert sheet.auto_filter.ref == sheet.dimensions and sheet.freeze_panes == "A2"
    assert all(cell.font.name == "TH Sarabun New" for cell in sheet[1] + rows[0])
    dated = rows[0][column["reported_on"]]
    assert "bbbb" in dated.number_format  # shown with the Buddhist-Era year
    long_cell = next(
        r[column["work_done"]] for r in rows if r[column["work_done"]].value == long_work
    )
    assert long_cell.alignment.wrap_text
    # One "latest" row per project and month, so monthly totals count each month once.
    latest = [
        (r[column["month"]].value, r[column["revision"]].value)
        for r in rows
        if r[column["latest"]].value == "ใช่"
    ]
    months = {r[column["month"]].value for r in rows}
    assert len(latest) == len(months)
    corrected_month = next(
        r[column["month"]].value for r in rows if r[column["revision"]].value == 2
    )
    assert (corrected_month, 2) in latest and (corrected_month, 1) not in latest
