"""Read a page file someone sent: decode its bytes, parse it, and explain failures."""

from __future__ import annotations

from core.bma import KpiDetail, PageParseError, ProjectPage, parse_kpi_page, parse_project_page
from core.i18n import t

MAX_FILE_BYTES = 2 * 1024 * 1024
# Byte-order marks of the UTF-16 files Windows editors save as "Unicode".
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> str | None:
    """Decode a page file: UTF-8 (BOM or not), UTF-16 with a BOM, then Thai Windows-874."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None  # a binary file, not a page
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_file(text: str) -> ProjectPage | KpiDetail:
    """Parse a project page, or a KPI detail page when the text is not a project page."""
    try:
        return parse_project_page(text)
    except PageParseError as error:
        if error.part != "page" or error.line is None:
            raise
        try:
            return parse_kpi_page(text)
        except PageParseError as other:
            if other.part == "page":
                raise error from None
            raise


# The parts of a page a reader may fail in, locale keys written out in full.
_PART_NAMES = {
    "header": "importing.part_header",
    "kpi": "importing.part_kpi",
    "objectives": "importing.part_objectives",
    "page": "importing.part_page",
    "plan": "importing.part_plan",
    "plan step": "importing.part_plan_step",
    "progress": "importing.part_progress",
    "progress entry": "importing.part_progress_entry",
    "projects": "importing.part_projects",
    "quarters": "importing.part_quarters",
    "rationale": "importing.part_rationale",
    "reports": "importing.part_reports",
    "strategy": "importing.part_strategy",
    "targets": "importing.part_targets",
}


def part_name(error: PageParseError, lang: str) -> str:
    """Name the part of the page that failed in the reader's language."""
    key = _PART_NAMES.get(error.section)
    name = error.section if key is None else t(key, lang)
    if error.index is not None:
        return t("importing.item", lang, part=name, index=error.index)
    return name


def where(error: PageParseError, lang: str) -> str:
    """Say on which line a page failed, or nothing when unknown."""
    return "" if error.line is None else t("importing.where_line", lang, line=error.line)
