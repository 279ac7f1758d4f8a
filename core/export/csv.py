"""Write the sheets of an export as CSV: UTF-8 with a BOM so that Excel shows Thai.

One file per sheet, named ``<sheet>.csv`` (projects, reports, steps, missing): in a
directory, or together in one zip archive.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

from core.export.model import ExportBundle
from core.export.tables import Cell, sheets

BOM = "\ufeff"


def _text(value: Cell) -> str:
    """Write a cell as CSV text: ISO dates, two-decimal numbers stay as they are."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def csv_files(bundle: ExportBundle, lang: str = "th") -> dict[str, bytes]:
    """Return every sheet as CSV bytes, keyed by file name."""
    files: dict[str, bytes] = {}
    for sheet in sheets(bundle, lang):
        buffer = io.StringIO()
        buffer.write(BOM)
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(sheet.headers)
        writer.writerows([_text(cell) for cell in row] for row in sheet.rows)
        files[f"{sheet.key}.csv"] = buffer.getvalue().encode("utf-8")
    return files


def write_csv(bundle: ExportBundle, out: Path, lang: str = "th") -> list[Path]:
    """Write the CSV files into a zip when ``out`` ends in .zip, else into that directory."""
    files = csv_files(bundle, lang)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
