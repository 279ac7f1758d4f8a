"""Tests for bot.bma, with paths to the shared sample pages."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
# The real exported pages live next to the repository, not inside it.
SAMPLES_DIR = (REPO_ROOT / "../shared/samples/bma-pages").resolve()
DATA_DIR = Path(__file__).resolve().parent / "data"


def sample_paths() -> list[Path]:
    """Return the sample project pages, sorted by name."""
    return sorted(SAMPLES_DIR.glob("*.txt"))


def read_sample(code: str) -> str:
    """Return the text of the sample page of the given project code."""
    return (SAMPLES_DIR / f"project-{code}.txt").read_text(encoding="utf-8")
