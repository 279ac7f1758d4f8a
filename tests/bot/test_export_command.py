"""python -m bot import / export, driven through bot.cli.main."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from tests.core.bma import SAMPLES_DIR, read_sample, sample_paths
from tests.core.bma.make_variants import VARIANTS_DIR


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a temporary database with no token."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return path


def _import_samples(capsys: pytest.CaptureFixture[str]) -> str:
    """Import every sample and return what was printed."""
    assert main(["import", *map(str, sample_paths())]) == 0
    return capsys.readouterr().out


def test_import_prints_each_file_and_is_idempotent(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each file is reported imported, then unchanged on a second run."""
    first = _import_samples(capsys)
    assert first.count(": page 1 (line 1): imported project") == 3
    assert "12 entries added" in first and "6 entries added" in first
    second = _import_samples(capsys)
    assert second.count(": page 1 (line 1): unchanged: project") == 3


def test_failed_file_gives_part_line_and_exit_code(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken page is reported with its part and line; the others still import."""
    broken = tmp_path / "broken.txt"
    broken.write_text(read_sample("50450000-3247").replace(" : 50450000-3247\n", "\n", 1))
    good = SAMPLES_DIR / "project-50080000-2982.txt"
    assert main(["import", str(broken), str(good)]) == 1
    captured = capsys.readouterr()
    assert f"{broken}: page 1 (line 1): failed, not imported: part «header" in captured.err
    assert ", line 6: expected the 'NAME : CODE' line" in captured.err
    assert f"{good}: page 1 (line 1): imported" in captured.out


def test_page_without_agency_line_says_so_then_takes_the_stored_header(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new project's page without the agency line fails in one line; once stored, it imports."""
    missing = VARIANTS_DIR / "no-agency-line.txt"
    assert main(["import", str(missing)]) == 1
    refused = capsys.readouterr().err
    assert refused.strip() == (
        f"{missing}: page 1 (line 1): not imported: the page of project 50450000-3247 has no"
        " agency line («AGENCY : (YEAR)») under its name and code, and the project is not stored"
        " yet; add the line and import again"
    )
    _import_samples(capsys)
    assert main(["import", str(missing)]) == 0
    kept = capsys.readouterr().out.splitlines()
    assert kept == [
        f"{missing}: page 1 (line 1): unchanged: project 50450000-3247 is already up to date",
        f"{missing}:   ℹ️ the page has no agency line: the stored project's agency"
        " สำนักงานเขตวังทองหลาง and fiscal year 2564 are kept",
    ]


def test_export_xlsx_csv_and_page(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export writes an XLSX, a CSV zip and the exact page of one project."""
    _import_samples(capsys)
    xlsx = tmp_path / "out" / "all.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert load_workbook(io.BytesIO(xlsx.read_bytes()))["รายงานผล"].max_row == 31
    archive = tmp_path / "out" / "all.zip"
    agency = "สำนักงานเขตพญาไท"
    assert main(["export", "--format", "csv", "--agency", agency, "--out", str(archive)]) == 0
    with zipfile.ZipFile(archive) as opened:
        assert opened.read("reports.csv").decode("utf-8-sig").count("50080000-2982") == 6
    page = tmp_path / "out" / "page.txt"
    code = "50450000-3247"
    assert main(["export", "--format", "page", "--project", code, "--out", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == read_sample(code)
    pages = tmp_path / "pages"
    assert main(["export", "--format", "page", "--out", str(pages)]) == 0
    assert sorted(p.name for p in pages.iterdir()) == [p.name for p in sample_paths()]


def test_export_of_unknown_project_fails(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exporting a project code that is not stored exits with 1 and says so."""
    out = tmp_path / "x.xlsx"
    assert main(["export", "--format", "xlsx", "--project", "0-0", "--out", str(out)]) == 1
    assert "no project matches" in capsys.readouterr().err
    assert not out.exists()


def test_export_agency_typed_the_usual_way_finds_the_page_spelling(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2462 page writes its agency with ํ + า; typed with ำ it is the same agency."""
    _import_samples(capsys)
    out = tmp_path / "council.txt"
    agency = "สำนักงานเลขานุการสภากรุงเทพมหานคร"
    assert (
        main(["export", "--format", "page", "--agency", agency, "--out", str(tmp_path / "d")]) == 0
    )
    assert (tmp_path / "d" / "project-01000000-2462.txt").read_text(
        encoding="utf-8"
    ) == read_sample("01000000-2462")
    capsys.readouterr()
    assert (
        main(["export", "--format", "xlsx", "--agency", "สำนักงานเขตพญาไม้", "--out", str(out)]) == 2
    )
    err = capsys.readouterr().err
    assert "did you mean: สำนักงานเขตพญาไท, " in err and not out.exists()


def test_page_of_another_year_needs_replace(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI refuses a page of another fiscal year, says why, and replaces with --replace."""
    sample = SAMPLES_DIR / "project-50450000-3247.txt"
    later = tmp_path / "later.txt"
    later.write_text(read_sample("50450000-3247").replace(": (2564)", ": (2569)"), encoding="utf-8")
    assert main(["import", str(later)]) == 0
    capsys.readouterr()
    assert main(["import", str(sample)]) == 1
    err = capsys.readouterr().err
    assert "not imported: project 50450000-3247 is stored for fiscal year 2569" in err
    assert "--replace" in err
    assert main(["import", "--replace", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "replaced project 50450000-3247 of fiscal year 2569" in out
