"""Tests for core.bma, with paths to the real sample pages kept in tests/samples."""

from __future__ import annotations

from pathlib import Path

# Real pages of the BMA project-monitor system, copied into the repository as they were exported.
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLES_DIR = SAMPLES / "bma-pages"
KPI_SAMPLES_DIR = SAMPLES / "bma-kpi-pages"
DATA_DIR = Path(__file__).resolve().parent / "data"


def sample_paths() -> list[Path]:
    """Return the sample project pages, sorted by name."""
    return sorted(SAMPLES_DIR.glob("*.txt"))


def read_sample(code: str) -> str:
    """Return the text of the sample page of the given project code."""
    return (SAMPLES_DIR / f"project-{code}.txt").read_text(encoding="utf-8")
