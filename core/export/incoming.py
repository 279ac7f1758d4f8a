"""Read a page file someone sent: decode its bytes, parse it, and explain failures."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.bma import KpiDetail, PageParseError, ProjectPage, parse_kpi_page, parse_project_page
from core.bma.labels import KPI_PAGE_TITLE
from core.bma.text import clean_page_text, split_pages, squash
from core.i18n import t
from core.text import escape

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
    if any(squash(row) == KPI_PAGE_TITLE for row in text.splitlines()):
        return parse_kpi_page(text)
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
    "calculation": "importing.part_calculation",
    "definition": "importing.part_definition",
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
    "report": "importing.part_report",
    "reports": "importing.part_reports",
    "sources": "importing.part_sources",
    "strategy": "importing.part_strategy",
    "summary": "importing.part_summary",
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


@dataclass(frozen=True)
class PageRead:
    """One page of a file: where it starts, its own text, and what reading it gave."""

    number: int  # 1 for the first page of the file
    line: int  # the page's first non-blank line in the file
    body: str  # the page's rows; the rows of the file above it are kept blank
    page: ProjectPage | KpiDetail | None
    error: PageParseError | None = None  # why the page was refused, when it was

    @property
    def skipped(self) -> tuple[PageParseError, ...]:
        """Return the parts of the page that could not be read and were left out."""
        return self.page.skipped if self.page is not None else ()


def read_pages(text: str) -> list[PageRead]:
    """Read every page of a file; each page is read, or refused, on its own."""
    reads: list[PageRead] = []
    for body in split_pages(clean_page_text(text)):
        rows = body.split("\n")
        first = next((i for i, row in enumerate(rows) if row.strip()), None)
        if first is None:
            continue
        number = len(reads) + 1
        try:
            reads.append(PageRead(number, first + 1, body, parse_file(body)))
        except PageParseError as error:
            reads.append(PageRead(number, first + 1, body, None, error))
    if not reads:
        reads.append(PageRead(1, 1, text, None, PageParseError("page", None, "the page is empty")))
    return reads


# What importing one page did; the CLI and the chat describe it with ``describe``.
IMPORTED = "imported"
UNCHANGED = "unchanged"
REPLACED = "replaced"
YEAR_CONFLICT = "year_conflict"
AGENCY_MISSING = "agency_missing"  # no agency line and no stored project to take it from
FAILED = "failed"


@dataclass(frozen=True)
class PageOutcome:
    """What importing one page of a file did (or why it was not imported)."""

    read: PageRead
    state: str  # IMPORTED, UNCHANGED, REPLACED, YEAR_CONFLICT, AGENCY_MISSING or FAILED
    code: str = ""
    added: int = 0
    existing: int = 0
    projects: tuple[str, ...] = ()  # a KPI page: the stored projects naming the KPI
    stored_year: int | None = None  # YEAR_CONFLICT: the stored project's fiscal year
    kept_header: tuple[str, int] | None = None  # no agency line: the stored agency and year

    @property
    def ok(self) -> bool:
        """Tell whether the page was read and imported (or had nothing new)."""
        return self.state in (IMPORTED, UNCHANGED, REPLACED)


def _project_line(outcome: PageOutcome, page: ProjectPage, lang: str, replace_hint: str) -> str:
    """Describe what importing a project page did."""
    keys = {
        AGENCY_MISSING: "importing.outcome_agency_missing",
        YEAR_CONFLICT: "importing.outcome_year_conflict",
        REPLACED: "importing.outcome_replaced",
        IMPORTED: "importing.outcome_imported",
    }
    return t(
        keys.get(outcome.state, "importing.outcome_unchanged"),
        lang,
        code=outcome.code,
        stored=outcome.stored_year,
        year=page.fiscal_year,
        hint=replace_hint,
        added=outcome.added,
        existing=outcome.existing,
    )


def _kpi_line(outcome: PageOutcome, lang: str) -> str:
    """Describe what importing a KPI detail page did."""
    projects = (
        ", ".join(outcome.projects) if outcome.projects else t("importing.outcome_no_project", lang)
    )
    key = (
        "importing.outcome_kpi_imported"
        if outcome.state == IMPORTED
        else "importing.outcome_kpi_unchanged"
    )
    return t(key, lang, code=outcome.code, projects=projects)


def describe(
    outcome: PageOutcome, lang: str, replace_hint: str = "", *, html: bool = False
) -> list[str]:
    """Return the lines saying what happened to one page, its skipped parts after it.

    With ``html`` the page's own words are escaped for a Telegram message.
    """
    if html:
        outcome = replace(outcome, code=escape(outcome.code))
        outcome = replace(outcome, projects=tuple(escape(p) for p in outcome.projects))
    clean = escape if html else str
    read = outcome.read
    head = t("importing.outcome_page", lang, number=read.number, line=read.line)
    if read.error is not None or read.page is None:
        error = read.error or PageParseError("page", None, "the page is empty")
        body = t(
            "importing.outcome_failed",
            lang,
            part=clean(part_name(error, lang)),
            where=where(error, lang),
            message=clean(error.message),
        )
    elif isinstance(read.page, KpiDetail):
        body = _kpi_line(outcome, lang)
    else:
        body = _project_line(outcome, read.page, lang, replace_hint)
    lines = [f"{head} {body}"]
    if outcome.kept_header is not None:
        agency, year = outcome.kept_header
        lines.append(t("importing.outcome_agency_kept", lang, agency=clean(agency), year=year))
    for skipped in read.skipped:
        lines.append(
            t(
                "importing.outcome_skipped",
                lang,
                part=clean(part_name(skipped, lang)),
                where=where(skipped, lang),
                message=clean(skipped.message),
            )
        )
    return lines
