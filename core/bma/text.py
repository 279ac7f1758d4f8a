"""Low-level helpers for the BMA pages: Thai digits, numbers, dates, rows and the error."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from core.bma import labels
from core.thai_numbers import remove_invisible

_T = TypeVar("_T")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Years above this are Buddhist Era; no CE date in the system gets near it.
_BE_THRESHOLD = 2400
BE_OFFSET = 543

DIGIT = "[0-9๐-๙]"
PROJECT_CODE = rf"{DIGIT}{{8}}-{DIGIT}{{1,6}}"
KPI_CODE = rf"{DIGIT}{{4}}-{DIGIT}{{1,6}}"
KPI_NAME_CODE_RE = re.compile(rf"^\s*(?P<name>\S.*?)\s*:\s*(?P<code>{KPI_CODE})\s*$")
NAME_CODE_RE = re.compile(rf"^\s*(?P<name>\S.*?)\s*:\s*(?P<code>{PROJECT_CODE})\s*$")
AGENCY_RE = re.compile(rf"^\s*(?P<agency>\S.*?)\s*:\s*\(\s*(?P<year>{DIGIT}{{4}})\s*\)\s*$")

_PART_INDEX_RE = re.compile(r"^(?P<section>.*?) (?P<index>[0-9]+)$")
_NUMBER_RE = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
_ISO_RE = re.compile(
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$"
)
_TIME_RE = re.compile(r"[ T][0-9]{1,2}:[0-9]{2}")
_LEADING_DATE_RE = re.compile(
    rf"^\s*(?P<a>{DIGIT}{{1,2}})\s*/\s*(?P<b>{DIGIT}{{1,2}})\s*/\s*(?P<y>{DIGIT}{{4}})"
    r"(?P<tail>\s*:\s*|\s+|$)"
)


# What a browser adds when a page is printed or copied with its frame: the address line
# (with the printed page number after it), and the print header "date, time  title".
_URL_LINE_RE = re.compile(r"^\s*(?:https?://|www\.)\S*(?:\s+[0-9]{1,3}\s*/\s*[0-9]{1,3})?\s*$")
_PRINT_HEADER_RE = re.compile(
    r"^\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},?\s+[0-9]{1,2}[:.][0-9]{2}(?::[0-9]{2})?"
    r"(?:\s*[AaPp]\.?[Mm]\.?)?\s*(?P<rest>.*)$"
)
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:page|หน้า(?:ที่)?)\s*[0-9]+\s*(?:/|of|จาก)\s*[0-9]+\s*$", re.I)
PAGE_TITLES = frozenset({labels.PAGE_TITLE, labels.KPI_PAGE_TITLE})


def is_browser_line(row: str) -> bool:
    """Tell whether a row is a browser's address, print header or page number."""
    if _URL_LINE_RE.match(row) or _PAGE_NUMBER_RE.match(row):
        return True
    header = _PRINT_HEADER_RE.match(row)
    return header is not None and squash(header["rest"]) in {"", *PAGE_TITLES}


def clean_page_text(text: str) -> str:
    """Return the text without BOMs, zero-width characters and browser lines.

    Removed lines become blank lines, so line numbers in reports stay those of the file.
    """
    rows = remove_invisible(text).splitlines()
    return "\n".join("" if is_browser_line(row) else row for row in rows)


def split_pages(text: str) -> list[str]:
    """Split a cleaned text holding several pages at each page title.

    Each piece keeps the rows above it as blank rows, so its line numbers are the file's.
    """
    rows = text.split("\n")
    starts = [0]
    seen_content = False
    for index, row in enumerate(rows):
        if squash(row) in PAGE_TITLES and seen_content:
            starts.append(index)
            seen_content = False
        elif row.strip() and squash(row) != labels.BACK_HOME:
            seen_content = True
    ends = [*starts[1:], len(rows)]
    return [
        "\n" * start + "\n".join(rows[start:end]) for start, end in zip(starts, ends, strict=True)
    ]


class PageParseError(ValueError):
    """A page could not be parsed; ``part`` and ``line`` say what failed and where."""

    def __init__(self, part: str, line: int | None, message: str) -> None:
        """Store the failing part (e.g. "progress entry 3"), 1-based line and message."""
        self.part = part
        self.line = line
        self.message = message
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"{part}{where}: {message}")

    @property
    def section(self) -> str:
        """Return the part without its item number, e.g. "progress entry"."""
        match = _PART_INDEX_RE.match(self.part)
        return match["section"] if match else self.part

    @property
    def index(self) -> int | None:
        """Return the 1-based item number of the part, e.g. 3 for "plan step 3"."""
        match = _PART_INDEX_RE.match(self.part)
        return int(match["index"]) if match else None


def to_arabic(text: str) -> str:
    """Return text with Thai digits replaced by ASCII digits."""
    return text.translate(_THAI_DIGITS)


def squash(text: str) -> str:
    """Collapse runs of whitespace so copy-pasted labels still match."""
    return " ".join(text.split())


def ce_year(year: int) -> int:
    """Convert a Buddhist Era year to CE; leave CE years alone."""
    return year - BE_OFFSET if year > _BE_THRESHOLD else year


def parse_decimal(text: str) -> Decimal | None:
    """Parse a plain decimal number (Thai digits allowed), or return None."""
    value = to_arabic(text.strip())
    if not _NUMBER_RE.match(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the regex already vetted it
        return None


def parse_iso_date(text: str) -> date | None:
    """Parse YYYY-MM-DD with an optional time part (Thai digits and BE years allowed)."""
    match = _ISO_RE.match(to_arabic(text.strip()))
    if match is None:
        return None
    try:
        return date(ce_year(int(match["y"])), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def has_time_part(text: str) -> bool:
    """Tell whether a plan date was written with a time of day."""
    return _TIME_RE.search(to_arabic(text)) is not None


def is_none_text(text: str) -> bool:
    """Tell whether a problems/obstacles/targets text means "none"."""
    return squash(text) in labels.NONE_MARKERS


def leading_date(description: str, near: date) -> date | None:
    """Read the date an officer typed at the start of a description, if any."""
    # Officers write BE or CE years and day/month or month/day; when both orders give a
    # valid date, the one closer to ``near`` (the entry's own date) is what they meant.
    match = _LEADING_DATE_RE.match(description)
    if match is None:
        return None
    first, second = int(to_arabic(match["a"])), int(to_arabic(match["b"]))
    year = ce_year(int(to_arabic(match["y"])))
    candidates: list[date] = []
    for day, month in ((first, second), (second, first)):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs((c - near).days))


def strip_leading_date(description: str) -> str:
    """Return the description without its leading ``d/m/yyyy :`` prefix."""
    match = _LEADING_DATE_RE.match(description)
    return description[match.end() :] if match else description


def trim_blank_edges(rows: list[str]) -> list[str]:
    """Drop blank rows at both ends, keeping blank rows inside the text."""
    start, end = 0, len(rows)
    while start < end and not rows[start].strip():
        start += 1
    while end > start and not rows[end - 1].strip():
        end -= 1
    return rows[start:end]


class Lines:
    """The rows of a pasted page with 1-based line numbers for error reports."""

    def __init__(self, text: str) -> None:
        """Split text into rows, dropping a BOM and trailing whitespace."""
        # Trailing spaces come from browsers' copy and never carry meaning.
        self.rows = [row.rstrip() for row in text.lstrip("\ufeff").splitlines()]

    def __len__(self) -> int:
        """Return the number of rows."""
        return len(self.rows)

    def __getitem__(self, index: int) -> str:
        """Return the row at a 0-based index."""
        return self.rows[index]

    def next_filled(self, index: int) -> int:
        """Return the index of the first non-blank row at or after index (or len)."""
        while index < len(self.rows) and not self.rows[index].strip():
            index += 1
        return index

    def last_line(self) -> int | None:
        """Return the 1-based number of the last non-blank row, None for a blank page."""
        for index in range(len(self.rows) - 1, -1, -1):
            if self.rows[index].strip():
                return index + 1
        return None


class Cursor(Lines):
    """Rows plus a reading position, with the checks every page parser needs."""

    def __init__(self, text: str) -> None:
        """Start reading text at its first row."""
        super().__init__(text)
        self.i = 0

    def need(self, part: str, what: str) -> str:
        """Move to the next non-blank row and return it, failing if the page ends."""
        self.i = self.next_filled(self.i)
        if self.i >= len(self.rows):
            raise PageParseError(part, self.last_line(), f"page ends before {what}")
        return self.rows[self.i]

    def fail(self, part: str, message: str) -> PageParseError:
        """Make an error pointing at the current row."""
        return PageParseError(part, self.i + 1, message)

    def until(self, stop: Callable[[str], bool], part: str, what: str) -> list[str]:
        """Collect rows up to (not including) the first row matching stop."""
        start = self.i
        while self.i < len(self.rows) and not stop(self.rows[self.i]):
            self.i += 1
        if self.i >= len(self.rows):
            raise PageParseError(part, self.last_line(), f"page ends before {what}")
        return self.rows[start : self.i]

    def value(self, parse: Callable[[str], _T | None], text: str, part: str, what: str) -> _T:
        """Parse a value written on the current row, failing there if it is bad."""
        value = parse(text)
        if value is None:
            raise self.fail(part, f"bad {what} {text.strip()!r}")
        return value
