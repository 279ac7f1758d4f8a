"""Build the XLSX workbook of an export (CPU work: run it off the event loop)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.export.model import ExportBundle
from core.export.tables import Sheet, sheets

# Excel forbids these in sheet names, and cuts names at 31 characters.
_SHEET_NAME_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})
_MAX_WIDTH = 60
_NUMBER_FORMATS = {"percent": "0.00", "weight": "0.00"}
# Real dates, shown in the Thai calendar: "bbbb" is Excel's Buddhist-Era year.
_DATE_FORMAT = "[$-th-TH]d mmm bbbb"
# The font of Thai government documents; Excel falls back to another Thai font without it.
FONT_NAME, FONT_SIZE = "TH Sarabun New", 14


def _width(value: object) -> int:
    """Return roughly how many characters a cell shows (Thai marks take no width)."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    text = str(value).split("\n", 1)[0]
    # Above/below vowels and tone marks combine with the letter before them.
    return sum(1 for ch in text if not ("\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"))


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    """Write one sheet: bold header, typed cells, widths, a frozen header row and a filter."""
    ws.append(list(sheet.headers))
    header_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    for cell in ws[1]:
        cell.font = header_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.rows:
        ws.append(list(row))
    widths = [_width(h) for h in sheet.headers]
    body_font = Font(name=FONT_NAME, size=FONT_SIZE)
    for row_cells in ws.iter_rows(min_row=2):
        for index, cell in enumerate(row_cells):
            cell.font = body_font
            _settle(cell, sheet.columns[index])
            widths[index] = max(widths[index], _width(cell.value))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(width + 2, _MAX_WIDTH)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def _settle(cell: XlCell, column: str) -> None:
    """Give a cell its number format, and keep typed text from becoming a formula."""
    if cell.data_type == "f":
        cell.data_type = "s"  # a report starting with "=" is text, never a formula
    if isinstance(cell.value, date):
        cell.number_format = _DATE_FORMAT
    elif column in _NUMBER_FORMATS and cell.data_type == "n":
        cell.number_format = _NUMBER_FORMATS[column]
    # A long text wraps within its column instead of running across the sheet.
    if isinstance(cell.value, str) and ("\n" in cell.value or _width(cell.value) > _MAX_WIDTH):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_xlsx(bundle: ExportBundle, lang: str = "th") -> bytes:
    """Return the workbook of an export as XLSX bytes."""
    book = Workbook()
    first = True
    for sheet in sheets(bundle, lang):
        title = sheet.title.translate(_SHEET_NAME_BAD)[:31]
        ws = book.active if first else book.create_sheet()
        assert isinstance(ws, Worksheet)
        ws.title = title
        _fill(ws, sheet)
        first = False
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
