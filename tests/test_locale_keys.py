"""Every locale key is written out in full where it is used, and both languages define it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from core.i18n import LOCALES_DIR, catalogue

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("core", "storage", "handlers", "bot", "playground")
# The playground's page gets the playground.* texts and names each key in full.
PAGE_SCRIPT = ROOT / "playground" / "static" / "app.js"
FEATURES = frozenset(path.stem for path in (LOCALES_DIR / "th").glob("*.toml"))
_KEY = re.compile(r"^([a-z_]+)\.[a-z0-9_.]+$")
_SCRIPT_STRING = re.compile(r"[\"'`]([a-z_]+\.[a-z0-9_.]+)[\"'`]")


def _sources() -> list[Path]:
    return sorted(path for package in PRODUCT for path in (ROOT / package).rglob("*.py"))


def written_keys(sources: list[Path] | None = None, script: Path = PAGE_SCRIPT) -> set[str]:
    """Return every string literal of the product (and its page script) naming a locale key."""
    found: set[str] = set()
    for path in _sources() if sources is None else sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The pieces of an f-string are not keys written out (built_keys finds them).
        pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if id(node) in pieces:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = _KEY.match(node.value)
                if match and match[1] in FEATURES:
                    found.add(node.value)
    for literal in _SCRIPT_STRING.findall(script.read_text(encoding="utf-8")):
        if literal.partition(".")[0] in FEATURES:
            found.add(literal)
    return found


def built_keys(sources: list[Path] | None = None) -> list[str]:
    """Return the f-strings of the product that start like a locale key, as 'file:line'."""
    found = []
    for path in _sources() if sources is None else sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr) or not node.values:
                continue
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                feature, dot, _ = first.value.partition(".")
                if dot and feature in FEATURES:
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_key_is_built_with_an_f_string() -> None:
    """Grep finds every use of a text: no locale key is put together at run time."""
    assert built_keys() == []
    script = PAGE_SCRIPT.read_text(encoding="utf-8")
    assert not re.findall(r"L\(`", script), "the page builds a key from a template"


def test_the_checks_see_built_and_written_keys(tmp_path: Path) -> None:
    """An f-string key is found as built, a full key (in Python or the page) as written."""
    sample = tmp_path / "sample.py"
    sample.write_text('t(f"report.ask_{step}")\nt("report.ask_percent")\n', encoding="utf-8")
    script = tmp_path / "app.js"
    script.write_text('L("playground.title");\n', encoding="utf-8")
    assert built_keys([sample]) == ["sample.py:1"]
    assert written_keys([sample], script) == {"report.ask_percent", "playground.title"}


def test_both_languages_define_the_same_keys() -> None:
    """Thai and English have exactly the same keys."""
    assert sorted(set(catalogue("th")) ^ set(catalogue("en"))) == []


def test_every_key_used_is_defined() -> None:
    """Each key written in the code exists in the locale files."""
    assert sorted(written_keys() - set(catalogue("th"))) == []


def test_every_key_defined_is_used() -> None:
    """Each key of the locale files is written somewhere in the code."""
    assert sorted(set(catalogue("th")) - written_keys()) == []
