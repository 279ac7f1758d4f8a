"""The CSV export: UTF-8 with a BOM, one file per sheet, in a directory or a zip."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from core.export.csv import BOM, csv_files, write_csv
from core.export.model import ExportBundle


def test_every_sheet_is_a_bom_csv(bundle: ExportBundle) -> None:
    """Each sheet becomes a CSV starting with a BOM, with Thai headers and all rows."""
    files = csv_files(bundle)
    assert sorted(files) == ["kpis.csv", "missing.csv", "projects.csv", "reports.csv", "steps.csv"]
    text = files["reports.csv"].decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows[0][0] == "รหัสโครงการ"
    assert len(rows) == 1 + 30
    assert rows[1][4:7] == ["เมษายน 2563", "50.00", "2020-04-30"]


def test_write_zip_and_directory(bundle: ExportBundle, tmp_path: Path) -> None:
    """A .zip path gets one archive; any other path becomes a directory of CSV files."""
    [archive] = write_csv(bundle, tmp_path / "out.zip")
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == [
            "kpis.csv",
            "missing.csv",
            "projects.csv",
            "reports.csv",
            "steps.csv",
        ]
    written = write_csv(bundle, tmp_path / "csv")
    assert {p.name for p in written} == {
        "kpis.csv",
        "missing.csv",
        "projects.csv",
        "reports.csv",
        "steps.csv",
    }
    assert (tmp_path / "csv" / "projects.csv").read_bytes().startswith(BOM.encode("utf-8"))
