"""Tests for the browser playground."""

from __future__ import annotations

import shutil
from pathlib import Path

from playground.seed import BUNDLED_SAMPLES, OFFICER_PROJECT


def one_sample(tmp_path: Path) -> Path:
    """Return a directory holding only the officer's sample page, as a small playground seed."""
    directory = tmp_path / "seed"
    directory.mkdir(exist_ok=True)
    shutil.copy(BUNDLED_SAMPLES / f"project-{OFFICER_PROJECT}.txt", directory)
    return directory
