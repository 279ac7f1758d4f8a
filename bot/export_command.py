"""``python -m bot import FILE...`` and ``python -m bot export``: pages, XLSX and CSV."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.config import Settings
from core.export.csv import write_csv
from core.export.incoming import decode_text, describe, read_pages
from core.export.model import ExportBundle
from core.export.page import render_page
from core.export.xlsx import build_xlsx
from core.i18n import t
from core.names import closest_names, same_name
from core.reminders.clock import SystemClock
from storage import Storage
from storage.imports import PageImports

FORMATS = ("xlsx", "csv", "page")
# The command line speaks English, as the server's operators read it; the chat speaks Thai.
CLI_LANGUAGE = "en"


def add_parsers(commands: Any) -> None:
    """Add the import and export subcommands to the command-line parser."""
    imports = commands.add_parser("import", help="import BMA project or KPI pages (.txt)")
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imports.add_argument(
        "--replace",
        action="store_true",
        help="replace a stored project of another fiscal year by the page (its reports go)",
    )
    exports = commands.add_parser("export", help="export projects as XLSX, CSV or BMA pages")
    exports.add_argument("--format", required=True, choices=FORMATS)
    exports.add_argument("--agency", help="only this agency's projects")
    exports.add_argument("--project", metavar="CODE", help="only this project")
    exports.add_argument(
        "--out",
        required=True,
        type=Path,
        help="xlsx: a file; csv: a .zip file or a directory (one CSV per sheet);"
        " page: a file with --project, else a directory of project-CODE.txt files",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the import or export subcommand and return the exit code."""
    if args.command == "import":
        return asyncio.run(import_files(settings, args.files, args.replace))
    return export(settings, args)


async def _import_one(imports: PageImports, path: Path, replace_year: bool) -> tuple[bool, str]:
    """Import every page of one file, each in its own transaction; return (ok, lines)."""
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as error:
        return False, f"{path}: failed: {error.strerror or error}"
    text = decode_text(data)
    if text is None:
        return False, f"{path}: failed: not a UTF-8, UTF-16 or Windows-874 text file"
    ok = True
    lines: list[str] = []
    for read in read_pages(text):
        outcome = await imports.import_read(read, replace_year=replace_year)
        ok = ok and outcome.ok
        hint = t("importing.replace_hint_cli", CLI_LANGUAGE)
        lines.extend(f"{path}: {line}" for line in describe(outcome, CLI_LANGUAGE, hint))
    return ok, "\n".join(lines)


async def import_files(settings: Settings, files: list[Path], replace_year: bool = False) -> int:
    """Import every file on its own (one transaction per page); 1 if any page failed."""
    store = await Storage.from_settings(settings).ready()
    failed = False
    try:
        imports = store.imports
        for path in files:
            ok, line = await _import_one(imports, path, replace_year)
            print(line, file=sys.stdout if ok else sys.stderr)
            failed = failed or not ok
    finally:
        await store.close()
    return 1 if failed else 0


async def _bundle(settings: Settings, args: argparse.Namespace) -> ExportBundle:
    """Read the projects to export."""
    store = await Storage.from_settings(settings).ready()
    try:
        today = SystemClock(settings.timezone).now().date()
        return await store.exports.bundle(today, agency=args.agency, code=args.project)
    finally:
        await store.close()


async def _unknown_agency(settings: Settings, agency: str) -> str | None:
    """Say that no agency has this name (offering the closest), None when one has."""
    store = await Storage.from_settings(settings).ready()
    try:
        names = [name for _, name in await store.projects.agency_ids()]
    finally:
        await store.close()
    if any(same_name(name, agency) for name in names):
        return None
    return unknown_agency(agency, closest_names(agency, names))


def unknown_agency(name: str, closest: Sequence[str]) -> str:
    """Say that no agency has this name, offering the closest known names."""
    if closest:
        return f"no agency is named {name!r}; did you mean: {', '.join(closest)}?"
    return f"no agency is named {name!r}"


def export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the export in the chosen format."""
    if args.agency is not None and (problem := asyncio.run(_unknown_agency(settings, args.agency))):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    bundle = asyncio.run(_bundle(settings, args))
    if not bundle.projects:
        print("error: no project matches", file=sys.stderr)
        return 1
    out: Path = args.out
    if args.format == "xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(build_xlsx(bundle))
        written = [out]
    elif args.format == "csv":
        written = write_csv(bundle, out)
    elif args.project is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_page(bundle.projects[0]), encoding="utf-8")
        written = [out]
    else:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for data in bundle.projects:
            target = out / f"project-{data.project.code}.txt"
            target.write_text(render_page(data), encoding="utf-8")
            written.append(target)
    for path in written:
        print(f"wrote {path}")
    return 0
