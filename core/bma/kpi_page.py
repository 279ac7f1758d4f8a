"""Parse KPI blocks and KPI detail pages (รายละเอียดตัวชี้วัด) of the BMA system.

The KPI block of a project page and the header of a detail page share one layout, so
both are read by ``parse_kpi_block``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import TypeVar

from core.bma import labels
from core.bma.model import (
    Kpi,
    KpiDetail,
    KpiQuarter,
    KpiReport,
    ProjectPage,
    ProjectRef,
)
from core.bma.text import (
    KPI_NAME_CODE_RE,
    NAME_CODE_RE,
    Lines,
    PageParseError,
    clean_page_text,
    is_none_text,
    parse_decimal,
    squash,
    to_arabic,
    trim_blank_edges,
)

Row = tuple[int, str]  # (1-based line number, text)
_T = TypeVar("_T")


def _label(label: str, body: str) -> re.Pattern[str]:
    """Compile a pattern for a line starting with a KPI label."""
    return re.compile(rf"^\s*{re.escape(label)}{body}$")


CODE_RE = _label(labels.KPI_CODE, r"\s*:\s*(?P<code>\S+)")
_NAME_RE = _label(labels.KPI_NAME, r"\s*:\s*(?P<value>.*)")
_TARGET_RE = _label(labels.KPI_TARGET, r"\s*(?P<unit>[^:]*?)\s*:\s*(?P<value>.*)")
_ACHIEVED_RE = _label(labels.KPI_ACHIEVED, r"\s*(?P<unit>[^:]*?)\s*:\s*(?P<value>.*)")
_TYPE_RE = _label(labels.KPI_TYPE, r"\s*:\s*(?P<value>.*)")
_LEVEL_RE = re.compile(rf"^\s*\(?\s*{re.escape(labels.KPI_LEVEL)}.*$")
_QUARTER_RE = re.compile(r"^[1-4๑-๔]$")
_EVALUATION_RE = re.compile(r"^(?P<a>[0-9๐-๙.]+)\s*/\s*(?P<b>[0-9๐-๙.]+)$")
# "(1 - 4)", "(ระดับ)", "(* 2.1 / 2.2 *)": bracketed column captions of the table.
_CAPTION_RE = re.compile(r"^\([^()]*\)$")
_TABLE_HEAD = frozenset(squash(h) for h in labels.KPI_TABLE_HEAD if "{" not in h)
_NO_VALUE = frozenset({"", "-"})

_SECTIONS = {
    labels.DEFINITION_LONG: "definition",
    labels.CALCULATION_LONG: "calculation",
    labels.SOURCES_LONG: "sources",
    labels.STRATEGY: "strategy",
    labels.QUARTER_VERSUS_TARGET: "quarters",
    labels.SUPPORTING_ACTIVITIES: "projects",
    labels.KPI_SUMMARY: "summary",
}
# "รายงานผลฯ ไตรมาสที่ 1": the real page gives each quarter's report its own heading.
_QUARTER_REPORT_RE = re.compile(rf"^\s*{re.escape(labels.QUARTER_REPORT)}\s*(?P<q>[1-4๑-๔])\s*$")
_ASSESSMENT_RE = re.compile(rf"^\s*{re.escape(labels.KPI_ASSESSMENT)}\s*:\s*(?P<value>.*)$")
_BOILERPLATE = frozenset({labels.KPI_PAGE_TITLE, labels.BACK_HOME, labels.KPI_PRINT_LINK})


def _number(text: str, part: str, line: int, what: str) -> Decimal:
    """Parse a number on a KPI line, failing on that line."""
    value = parse_decimal(text)
    if value is None:
        raise PageParseError(part, line, f"bad {what} {text.strip()!r}")
    return value


def _optional_number(text: str, part: str, line: int, what: str) -> Decimal | None:
    """Parse a number that may be left empty or written as -."""
    return None if text.strip() in _NO_VALUE else _number(text, part, line, what)


def _is_table_line(text: str) -> bool:
    """Tell whether a line belongs to the quarterly table."""
    return text in _TABLE_HEAD or bool(_CAPTION_RE.match(text) or _QUARTER_RE.match(text))


def parse_quarter_table(rows: Sequence[Row], part: str) -> tuple[KpiQuarter, ...]:
    """Parse the quarterly table (quarter, result, "a / b" evaluation) from non-blank rows."""
    quarters: list[KpiQuarter] = []
    pos = 0
    while pos < len(rows):
        line, text = rows[pos][0], squash(rows[pos][1])
        pos += 1
        if text in _TABLE_HEAD or _CAPTION_RE.match(text):
            continue
        if not _QUARTER_RE.match(text):
            raise PageParseError(part, line, f"expected a quarter number 1-4, got {text!r}")
        quarter = int(to_arabic(text))
        result: Decimal | None = None
        score: Decimal | None = None
        if pos < len(rows) and not _EVALUATION_RE.match(squash(rows[pos][1])):
            result = _optional_number(rows[pos][1], part, rows[pos][0], "quarter result")
            pos += 1
        # The detail page has one more column, the quarter's score, before the evaluation.
        if pos < len(rows) and parse_decimal(rows[pos][1]) is not None:
            score = parse_decimal(rows[pos][1])
            pos += 1
        match = _EVALUATION_RE.match(squash(rows[pos][1])) if pos < len(rows) else None
        if match is None:
            where = rows[pos][0] if pos < len(rows) else line
            raise PageParseError(part, where, f"quarter {quarter} has no 'N / N' evaluation")
        where = rows[pos][0]
        evaluation = (
            _number(match["a"], part, where, "evaluation"),
            _number(match["b"], part, where, "evaluation"),
        )
        quarters.append(KpiQuarter(quarter, result, evaluation, score))
        pos += 1
    return tuple(quarters)


def _safely(read: Callable[[], _T], fallback: _T, skipped: list[PageParseError]) -> _T:
    """Read an optional part; when it cannot be read, report it and use the fallback."""
    try:
        return read()
    except PageParseError as error:
        skipped.append(error)
        return fallback


def _tolerant(read: Callable[[], _T], fallback: _T, skipped: list[PageParseError] | None) -> _T:
    """Read a part; with ``skipped`` a failure is reported there, without it it is raised."""
    return read() if skipped is None else _safely(read, fallback, skipped)


def parse_kpi_block(
    code: str,
    rows: Sequence[Row],
    part: str,
    code_line: int,
    name: str | None = None,
    skipped: list[PageParseError] | None = None,
) -> Kpi:
    """Parse the labelled lines and quarterly table that follow a KPI code line.

    With ``skipped``, lines that cannot be read (the target among them) are reported there
    and the rest of the KPI is kept; without it the first such line fails the whole KPI.
    """
    unit: str | None = None
    target: Decimal | None = None
    achieved: Decimal | None = None
    kpi_type: str | None = None
    level: str | None = None
    quarters: tuple[KpiQuarter, ...] = ()
    target_seen = False
    for pos, (line, raw) in enumerate(rows):
        text = raw.strip()
        if match := _NAME_RE.match(text):
            name = match["value"].strip()
        elif match := _TARGET_RE.match(text):
            unit, target_seen = match["unit"], True
            read = partial(_number, match["value"], part, line, "target")
            target = _tolerant(read, None, skipped)
        elif match := _ACHIEVED_RE.match(text):
            # Its unit repeats the target's; the target line's is kept when it has one.
            unit = unit or match["unit"]
            optional = partial(_optional_number, match["value"], part, line, "achieved value")
            achieved = _tolerant(optional, None, skipped)
        elif match := _TYPE_RE.match(text):
            kpi_type = match["value"].strip() or None
        elif _LEVEL_RE.match(text):
            level = text
        elif _is_table_line(squash(text)):
            quarters = _tolerant(partial(parse_quarter_table, rows[pos:], part), (), skipped)
            break
        elif skipped is not None:
            skipped.append(PageParseError(part, line, f"unknown line {text!r}"))
        else:
            raise PageParseError(part, line, f"unexpected line in KPI {code}: {text!r}")
    if name is None:
        raise PageParseError(part, code_line, f"KPI {code} has no '{labels.KPI_NAME} :' line")
    if not target_seen:
        missing = PageParseError(part, code_line, f"KPI {code} has no '{labels.KPI_TARGET}' line")
        if skipped is None:
            raise missing
        skipped.append(missing)
    return Kpi(code, name, unit or "", target, achieved, kpi_type, level, quarters)


def _split_sections(lines: Lines, skipped: list[PageParseError]) -> dict[str, list[Row]]:
    """Group the rows of a detail page by the heading above them."""
    sections: dict[str, list[Row]] = {"header": []}
    current = "header"
    for index, row in enumerate(lines.rows):
        key = squash(row)
        report = _QUARTER_REPORT_RE.match(row)
        if report is not None or key in _SECTIONS:
            current = f"report {to_arabic(report['q'])}" if report else _SECTIONS[key]
            if current in sections:
                skipped.append(PageParseError(current, index + 1, f"section {key!r} appears twice"))
                current = f"{current} {index}"  # read, but not used
            sections[current] = []
        else:
            sections[current].append((index + 1, row))
    return sections


def _filled(rows: Sequence[Row]) -> list[Row]:
    """Keep the non-blank rows."""
    return [(line, text) for line, text in rows if text.strip()]


def _text(rows: Sequence[Row] | None) -> str | None:
    """Join a free-text section, None when it is missing or empty."""
    kept = trim_blank_edges([text for _, text in rows or ()])
    return "\n".join(kept) or None


def _projects(rows: Sequence[Row]) -> tuple[ProjectRef, ...]:
    """Parse the ``NAME : CODE`` lines of supporting projects."""
    projects: list[ProjectRef] = []
    for line, text in _filled(rows):
        match = NAME_CODE_RE.match(text)
        if match is None:
            raise PageParseError("projects", line, f"expected 'NAME : CODE', got {text!r}")
        projects.append(ProjectRef(match["name"], to_arabic(match["code"])))
    return tuple(projects)


def _quarter_reports(sections: dict[str, list[Row]]) -> tuple[KpiReport, ...]:
    """Return the reports under the real page's ``รายงานผลฯ ไตรมาสที่ N`` headings."""
    found: list[KpiReport] = []
    for quarter in range(1, 5):
        body = _text(sections.get(f"report {quarter}"))
        if body is not None and not is_none_text(body):
            found.append(KpiReport(quarter, body))
    return tuple(found)


def parse_kpi_page(text: str) -> KpiDetail:
    """Parse a KPI detail page; only its name and code are required.

    Parts that cannot be read are left out and listed in ``skipped``.
    """
    lines = Lines(clean_page_text(text))
    if lines.last_line() is None:
        raise PageParseError("page", None, "the page is empty")
    skipped: list[PageParseError] = []
    sections = _split_sections(lines, skipped)
    header = [r for r in _filled(sections["header"]) if squash(r[1]) not in _BOILERPLATE]
    at = next((i for i, (_, row) in enumerate(header) if KPI_NAME_CODE_RE.match(row)), None)
    if at is None:
        first = header[0][0] if header else lines.next_filled(0) + 1
        own = (labels.KPI_PAGE_TITLE, *(key for key in _SECTIONS if key != labels.STRATEGY))
        if not any(squash(row) in own for row in lines.rows):
            raise PageParseError("page", first, "this is not a KPI detail page")
        raise PageParseError("header", first, "missing the KPI's 'NAME : CODE' line")
    code_line, title = header[at]
    match = KPI_NAME_CODE_RE.match(title)
    assert match is not None
    assessment: str | None = None
    rest: list[Row] = []
    for line, row in header[:at] + header[at + 1 :]:
        if found := _ASSESSMENT_RE.match(row):
            assessment = squash(found["value"]) or None
        elif parse_decimal(row) is None:
            rest.append((line, row))
        # A bare number in the header (the real page shows "0") carries nothing we know.
    code = to_arabic(match["code"])
    kpi = parse_kpi_block(code, rest, "header", code_line, match["name"], skipped)
    if "quarters" in sections:
        table = _filled(sections["quarters"])
        kpi = replace(
            kpi, quarters=_safely(lambda: parse_quarter_table(table, "quarters"), (), skipped)
        )
    return KpiDetail(
        kpi=kpi,
        definition=_text(sections.get("definition")),
        calculation=_text(sections.get("calculation")),
        sources=_text(sections.get("sources")),
        strategy=tuple(t for _, t in _filled(sections.get("strategy", []))),
        reports=_quarter_reports(sections),
        projects=_safely(lambda: _projects(sections.get("projects", [])), (), skipped),
        assessment=assessment,
        summary=_text(sections.get("summary")),
        skipped=tuple(skipped),
    )


def attach_kpi_detail(page: ProjectPage, detail: KpiDetail) -> ProjectPage:
    """Return the page with the detail attached to the KPI that has the same code."""
    if all(kpi.code != detail.code for kpi in page.kpis):
        raise ValueError(f"project {page.code} has no KPI {detail.code}")
    kpis = tuple(replace(k, detail=detail) if k.code == detail.code else k for k in page.kpis)
    return replace(page, kpis=kpis)
