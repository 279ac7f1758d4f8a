"""Look up the words a user reads; they live in ``locales/<lang>/<feature>.toml``."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANGUAGE = "th"


@cache
def catalogue(language: str) -> dict[str, str]:
    """Load every feature file of one language into a flat ``feature.key`` map."""
    entries: dict[str, str] = {}
    folder = LOCALES_DIR / language
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        _flatten(path.stem, data, entries)
    return entries


def _flatten(prefix: str, data: dict[str, Any], into: dict[str, str]) -> None:
    for key, value in data.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(name, value, into)
        else:
            into[name] = str(value)


def t(key: str, language: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:
    """Return the text for ``key`` in ``language`` (Thai when missing), formatted with values."""
    text = catalogue(language).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text
