"""The packages form layers: each imports only the layers below it (README, "How it is built")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = frozenset({"core", "storage", "handlers", "bot", "playground", "fakeapi"})
# What each package may import of ours, and which outside modules it must never import.
ALLOWED = {
    "core": {"core"},
    "storage": {"core", "storage"},
    "handlers": {"core", "storage", "handlers"},
    "bot": {"core", "storage", "handlers", "bot"},
    "playground": {"core", "storage", "handlers", "bot", "fakeapi", "playground"},
    "fakeapi": {"fakeapi"},
}
FORBIDDEN_OUTSIDE = {
    "core": {"telegram", "sqlite3", "aiosqlite"},
    "storage": {"telegram", "aiosqlite"},
    # Handlers reach the database through Storage and never see a driver.
    "handlers": {"sqlite3", "aiosqlite"},
}
# The entry points sit on top of everything: they may start the playground.
ENTRY_POINTS = {
    Path("bot/cli.py"): ALLOWED["playground"],
    Path("bot/__main__.py"): ALLOWED["playground"],
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Return (line, top-level module) of every import in a file, lazy imports included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def crossings(package: str) -> list[str]:
    """Return every import of a package that reaches above its layer, as 'file:line module'."""
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT)
        allowed = ENTRY_POINTS.get(relative, ALLOWED[package])
        for line, module in imported_modules(path):
            ours_but_above = module in OURS and module not in allowed
            if ours_but_above or module in FORBIDDEN_OUTSIDE.get(package, set()):
                wrong.append(f"{relative}:{line} {module}")
    return wrong


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_import_crosses_a_layer_upward(package: str) -> None:
    """Every module of the package imports only the packages of its layer and below."""
    assert crossings(package) == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """An import of handlers inside a core-like file is found, also inside a function."""
    sample = tmp_path / "sample.py"
    sample.write_text("import json\n\ndef f():\n    from handlers.lanes import Lane\n")
    assert imported_modules(sample) == [(1, "json"), (4, "handlers")]


def test_every_package_of_the_tree_has_a_layer() -> None:
    """A new top-level package must be given its place in the layers."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(ALLOWED)


def raw_database_uses(package: str) -> list[str]:
    """Return where a package reaches past Storage to its database handle (``….db``)."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "db":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_handlers_go_through_storage() -> None:
    """Handlers use Storage's stores, never the raw database handle under it."""
    assert raw_database_uses("handlers") == []
