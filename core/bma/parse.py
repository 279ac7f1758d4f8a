"""Parse a project page (ความคืบหน้าโครงการ/กิจกรรม) exported from the BMA system.

The parser walks the page top to bottom.  When the page is cut short it reports the part
in which the text ran out; when a line is wrong it reports that line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from core.bma import labels
from core.bma.kpi_page import CODE_RE, Row, parse_kpi_block
from core.bma.model import Kpi, ProgressEntry, ProjectPage
from core.bma.text import (
    AGENCY_RE,
    NAME_CODE_RE,
    Cursor,
    PageParseError,
    clean_page_text,
    has_time_part,
    parse_decimal,
    parse_iso_date,
    squash,
    to_arabic,
    trim_blank_edges,
)
from core.domain import PlanStep


def _colon_label(label: str) -> re.Pattern[str]:
    # Labels may be pasted with extra spaces, so match them token by token.
    """Compile a pattern for a ``label : value`` line."""
    tokens = r"\s*".join(re.escape(token) for token in label.split())
    return re.compile(rf"^\s*{tokens}\s*:\s*(?P<value>.*)$")


_OVERALL_RE = re.compile(rf"^\s*{re.escape(labels.OVERALL_PERCENT)}\s*(?P<value>.*)$")
_ASSESSMENT_RE = _colon_label(labels.ASSESSMENT)
_ENTRY_RE = re.compile(
    rf"^\s*\(\s*(?P<n>[0-9๐-๙]+)\s*\)\s*{re.escape(labels.ENTRY_TITLE)}\s*(?P<rest>.*)$"
)
_ENTRY_TAIL_RE = re.compile(r"^(?P<percent>\S+)\s*\((?P<date>[^()]*)\)$")
_PROBLEMS_RE = _colon_label(labels.PROBLEMS)
_OBSTACLES_RE = _colon_label(labels.OBSTACLES)
_SEPARATOR_RE = re.compile(r"^\s*-{3,}\s*&&&\s*-{3,}\s*$")
_BUDGET_RE = re.compile(r"^\s*[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)+\s*$")
_STEP_RE = re.compile(rf"^\s*{labels.STEP}\s*(?P<n>[0-9๐-๙]+)\s*$")
# Loose on purpose: a ":...%" line is the weight even when its number is bad.
_WEIGHT_RE = re.compile(r"^\s*:\s*(?P<value>[^:%]*?)\s*%\s*$")
_START_RE = _colon_label(labels.STEP_START)
_END_RE = _colon_label(labels.STEP_END)
_HEADINGS = frozenset(labels.HEADINGS)
_BOILERPLATE = frozenset({labels.PAGE_TITLE, labels.BACK_HOME, labels.CHART_PLACEHOLDER})
# Lines only a project page has; without any of them the text is something else.
_PAGE_MARKERS = frozenset({labels.PAGE_TITLE, labels.RATIONALE, labels.PROGRESS, labels.PLAN})
_LINKS = (labels.PLAN_TEST_LINK, labels.PLAN_CLICK_LINK)
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def _is_heading(text: str) -> bool:
    """Tell whether a row is one of the project page's section headings."""
    return squash(text) in _HEADINGS


def _percent(text: str) -> Decimal | None:
    """Parse a percent, None when it is not a number from 0 to 100."""
    value = parse_decimal(text)
    return value if value is not None and 0 <= value <= _HUNDRED else None


def _any_of(*patterns: re.Pattern[str]) -> Callable[[str], bool]:
    """Make a stop test matching any heading or any of the patterns."""
    return lambda text: _is_heading(text) or any(p.match(text) for p in patterns)


_ENTRY_STOP = _any_of(_PROBLEMS_RE, _OBSTACLES_RE, _SEPARATOR_RE, _ENTRY_RE)
_STEP_STOP = _any_of(_WEIGHT_RE, _START_RE, _END_RE, _STEP_RE)
_NEXT_ENTRY = _any_of(_ENTRY_RE)
_NEXT_STEP = _any_of(_STEP_RE)
_NEXT_KPI = _any_of(CODE_RE)


class _Parser(Cursor):
    """Reads a project page top to bottom."""

    def __init__(self, text: str) -> None:
        """Start reading a page, with no part skipped yet."""
        super().__init__(text)
        self.skipped: list[PageParseError] = []

    def at_filled(self) -> bool:
        """Move to the next non-blank row; tell whether there is one."""
        self.i = self.next_filled(self.i)
        return self.i < len(self.rows)

    def skip(self, error: PageParseError, resume: Callable[[str], bool]) -> None:
        """Report a part that could not be read and move on to the next row matching resume."""
        self.skipped.append(error)
        self.i = max(self.i, (error.line or 1) - 1) + 1
        while self.i < len(self.rows) and not resume(self.rows[self.i]):
            self.i += 1

    def section(self, heading: str, part: str) -> list[str]:
        """Read the free text under a section heading; a missing section is reported."""
        self.i = self.next_filled(self.i)
        if self.i >= len(self.rows) or squash(self.rows[self.i]) != heading:
            line = self.i + 1 if self.i < len(self.rows) else self.last_line()
            self.skipped.append(PageParseError(part, line, f"no heading {heading!r}"))
            return []
        self.i += 1
        start = self.i
        while self.i < len(self.rows) and not _is_heading(self.rows[self.i]):
            self.i += 1
        return trim_blank_edges(self.rows[start : self.i])

    def page(self) -> ProjectPage:
        """Parse the whole page, skipping (and reporting) the parts that cannot be read."""
        if self.last_line() is None:
            raise PageParseError("page", None, "the page is empty")
        code, name, agency, year = self.title()
        percent = self.overall()
        responsible, assessment = self.contact()
        rationale = self.section(labels.RATIONALE, "rationale")
        budget = (
            to_arabic(rationale.pop().strip())
            if rationale and _BUDGET_RE.match(rationale[-1])
            else None
        )
        objectives = self.section(labels.OBJECTIVES, "objectives")
        targets = self.section(labels.TARGETS, "targets")
        strategy = tuple(row for row in self.section(labels.STRATEGY, "strategy") if row.strip())
        entries = self.entries()
        steps, times = self.steps()
        kpis = self.kpis()
        if percent is None:
            # A page whose header lost its percent still shows it on the newest entry.
            percent = entries[0].percent if entries else Decimal(0)
        return ProjectPage(
            code=code,
            name=name,
            agency=agency,
            fiscal_year=year,
            percent=percent,
            responsible=responsible,
            assessment=assessment,
            rationale="\n".join(trim_blank_edges(rationale)),
            budget_code=budget,
            objectives="\n".join(objectives),
            targets_text="\n".join(targets),
            strategy=strategy,
            entries=entries,
            plan_steps=steps,
            kpis=kpis,
            plan_times=times,
            skipped=tuple(self.skipped),
        )

    def title(self) -> tuple[str, str, str | None, int | None]:
        """Find the ``NAME : CODE`` and ``AGENCY : (YEAR)`` lines; other rows above are skipped.

        Without the agency line the agency and year are None: the import takes them from
        the stored project, or says that the line is missing.
        """
        start = self.i = self.next_filled(self.i)
        while self.i < len(self.rows) and not NAME_CODE_RE.match(self.rows[self.i]):
            if _is_heading(self.rows[self.i]):
                self.i = len(self.rows)
                break
            self.i += 1
        if self.i >= len(self.rows):
            self.i = start
            while squash(self.rows[self.i]) in _BOILERPLATE:
                after = self.next_filled(self.i + 1)
                if after >= len(self.rows):
                    break
                self.i = after
            if not any(squash(other) in _PAGE_MARKERS for other in self.rows):
                raise self.fail("page", "this is not a BMA project page")
            raise self.fail("header", "expected the 'NAME : CODE' line")
        for index in range(start, self.i):
            row = self.rows[index]
            if row.strip() and squash(row) not in _BOILERPLATE:
                self.skipped.append(
                    PageParseError("header", index + 1, f"unknown line {row.strip()!r}")
                )
        match = NAME_CODE_RE.match(self.rows[self.i])
        assert match is not None
        code, name = to_arabic(match["code"]), match["name"]
        self.i += 1
        row = self.need("header", "the agency line")
        agency = AGENCY_RE.match(row)
        if agency is None:
            if _percent(row) is None and not _OVERALL_RE.match(row) and not _is_heading(row):
                # Where the agency line belongs, a line that is not one: reported, passed over.
                self.skipped.append(self.fail("header", f"bad agency line {row.strip()!r}"))
                self.i += 1
            return code, name, None, None
        self.i += 1
        return code, name, agency["agency"], int(to_arabic(agency["year"]))

    def overall(self) -> Decimal | None:
        """Parse the overall percent (a bare number line and/or the ร้อยละ line), if shown."""
        percent: Decimal | None = None
        row = self.need("header", "the overall percent")
        after = self.next_filled(self.i + 1)
        if (bare := _percent(row)) is not None:
            percent = bare
            self.i += 1
        elif after < len(self.rows) and _OVERALL_RE.match(self.rows[after]):
            # The bare number above the ร้อยละ line, written wrong: report it, keep the line.
            self.skipped.append(self.fail("header", f"bad overall percent {row.strip()!r}"))
            self.i += 1
        match = _OVERALL_RE.match(self.need("header", "the overall percent"))
        if match is not None:
            stated = _percent(match["value"])
            if stated is None:
                self.skipped.append(self.fail("header", f"bad overall percent {match['value']!r}"))
            elif percent is not None and stated != percent:
                self.skipped.append(
                    self.fail("header", f"overall percent {stated} differs from {percent}")
                )
            else:
                percent = stated
            self.i += 1
        if percent is None:
            self.skipped.append(self.fail("header", f"no '{labels.OVERALL_PERCENT} N'"))
        return percent

    def contact(self) -> tuple[str | None, str | None]:
        """Parse the responsible line, the year-plan link and the สยป. assessment."""
        people: list[str] = []
        assessment: str | None = None
        seen_link = False
        while self.i < len(self.rows) and not _is_heading(row := self.rows[self.i]):
            if not row.strip():
                self.i += 1
                continue
            if squash(row) == labels.YEAR_PLAN_LINK:
                seen_link = True
            elif match := _ASSESSMENT_RE.match(row):
                assessment = match["value"].strip()
            elif seen_link or assessment is not None:
                self.skipped.append(self.fail("header", f"unknown line {row.strip()!r}"))
            else:
                people.append(row.strip())
            self.i += 1
        return ("\n".join(people) or None), assessment

    def entries(self) -> tuple[ProgressEntry, ...]:
        """Parse the progress entries up to the plan heading; unreadable ones are skipped."""
        entries: list[ProgressEntry] = []
        self.i = self.next_filled(self.i)
        if self.i < len(self.rows) and squash(self.rows[self.i]) == labels.PROGRESS:
            self.i += 1
        else:
            self.skipped.append(
                PageParseError("progress", self.last_line(), f"no heading {labels.PROGRESS!r}")
            )
        count = 0
        while self.at_filled():
            if _is_heading(self.rows[self.i]):
                break
            count += 1
            try:
                entries.append(self.entry(f"progress entry {count}"))
            except PageParseError as error:
                self.skip(error, _NEXT_ENTRY)
        return tuple(entries)

    def entry(self, part: str) -> ProgressEntry:
        """Parse one progress entry and its separator."""
        match = _ENTRY_RE.match(self.rows[self.i])
        tail = _ENTRY_TAIL_RE.match(match["rest"].strip()) if match else None
        if match is None or tail is None:
            raise self.fail(part, f"expected '(N) {labels.ENTRY_TITLE} P (YYYY-MM-DD)'")
        percent = self.value(_percent, tail["percent"], part, "percent").quantize(_CENT)
        reported_on = self.value(parse_iso_date, tail["date"], part, "date")
        self.i += 1
        if (shown := parse_decimal(self.need(part, "the problems line"))) is not None:
            if shown != percent:
                raise self.fail(part, f"percent {shown} differs from the title's {percent}")
            self.i += 1
        description = trim_blank_edges(self.until(_ENTRY_STOP, part, "the problems line"))
        problems = _PROBLEMS_RE.match(self.rows[self.i])
        if problems is None:
            raise self.fail(part, f"expected '{labels.PROBLEMS} :'")
        self.i += 1
        problem_rows = [problems["value"], *self.until(_ENTRY_STOP, part, "the obstacles line")]
        obstacles = _OBSTACLES_RE.match(self.rows[self.i])
        if obstacles is None:
            raise self.fail(part, f"expected '{labels.OBSTACLES} :'")
        self.i += 1
        obstacle_rows = [obstacles["value"], *self.until(_ENTRY_STOP, part, "the separator")]
        if _SEPARATOR_RE.match(self.rows[self.i]):
            self.i += 1
        elif not (_ENTRY_RE.match(self.rows[self.i]) or _is_heading(self.rows[self.i])):
            raise self.fail(part, "expected the entry separator")
        return ProgressEntry(
            number=int(to_arabic(match["n"])),
            percent=percent,
            reported_on=reported_on,
            description="\n".join(description),
            problems_text="\n".join(trim_blank_edges(problem_rows)).strip(),
            obstacles_text="\n".join(trim_blank_edges(obstacle_rows)).strip(),
        )

    def steps(self) -> tuple[tuple[PlanStep, ...], bool]:
        """Parse the plan steps and the link lines after them; unreadable steps are skipped."""
        steps: list[PlanStep] = []
        times: list[bool] = []
        self.i = self.next_filled(self.i)
        if self.i >= len(self.rows) or squash(self.rows[self.i]) != labels.PLAN:
            line = self.i + 1 if self.i < len(self.rows) else self.last_line()
            self.skipped.append(PageParseError("plan", line, f"no heading {labels.PLAN!r}"))
            return (), True
        self.i += 1
        count = 0
        while self.at_filled():
            row = self.rows[self.i]
            if squash(row).startswith(_LINKS):
                self.i += 1
                continue
            if _is_heading(row):
                break
            count += 1
            head = _STEP_RE.match(row)
            try:
                if head is None:
                    raise self.fail(f"plan step {count}", f"expected '{labels.STEP} N'")
                step, has_time = self.step(int(to_arabic(head["n"])), f"plan step {count}")
            except PageParseError as error:
                self.skip(error, _NEXT_STEP)
                continue
            steps.append(step)
            times.append(has_time)
        if count == 0:
            self.skipped.append(PageParseError("plan", self.last_line(), "the plan has no step"))
        return tuple(steps), times[0] if times else True

    def step(self, order: int, part: str) -> tuple[PlanStep, bool]:
        """Parse one ``ขั้นตอน N`` block."""
        self.i += 1
        first = self.need(part, "the step description").strip()
        if not first.startswith(":"):
            raise self.fail(part, "expected ':description'")
        after = self.next_filled(self.i + 1)
        if _WEIGHT_RE.match(first) and after < len(self.rows) and _START_RE.match(self.rows[after]):
            raise self.fail(part, "expected ':description' before the weight")
        self.i += 1
        rest = self.until(_STEP_STOP, part, "the step weight")
        weight = _WEIGHT_RE.match(self.rows[self.i])
        if weight is None:
            raise self.fail(part, "expected ':N%'")
        value = self.value(_percent, weight["value"], part, "weight")
        self.i += 1
        dates: list[date] = []
        has_time = False
        for pattern, label in ((_START_RE, labels.STEP_START), (_END_RE, labels.STEP_END)):
            found = pattern.match(self.need(part, f"'{label} :'"))
            if found is None:
                raise self.fail(part, f"expected '{label} :YYYY-MM-DD'")
            dates.append(self.value(parse_iso_date, found["value"], part, f"{label} date"))
            has_time = has_time or has_time_part(found["value"])
            self.i += 1
        text = "\n".join(trim_blank_edges([first[1:], *rest])).strip()
        return PlanStep(order, text, value, dates[0], dates[1]), has_time

    def kpis(self) -> tuple[Kpi, ...]:
        """Parse the KPI blocks up to the page footer; unreadable ones are skipped."""
        kpis: list[Kpi] = []
        self.i = self.next_filled(self.i)
        if self.i < len(self.rows) and squash(self.rows[self.i]) == labels.FOOTER:
            return ()  # a page may support no KPI at all
        if self.i >= len(self.rows) or squash(self.rows[self.i]) != labels.KPI_SECTION:
            line = self.i + 1 if self.i < len(self.rows) else self.last_line()
            self.skipped.append(PageParseError("kpi", line, f"no footer {labels.FOOTER!r}"))
            return ()
        self.i += 1
        count = 0
        while True:
            if not self.at_filled():
                self.skipped.append(
                    PageParseError("kpi", self.last_line(), f"no footer {labels.FOOTER!r}")
                )
                break
            row = self.rows[self.i]
            if squash(row) == labels.FOOTER:
                if count == 0:
                    self.skipped.append(self.fail("kpi", "the KPI section is empty"))
                break
            count += 1
            part = f"kpi {count}"
            code = CODE_RE.match(row)
            if code is None:
                self.skip(self.fail(part, f"expected '{labels.KPI_CODE} : CODE'"), _NEXT_KPI)
                continue
            start = self.i + 1
            self.i += 1
            end = self.i
            while end < len(self.rows) and not _NEXT_KPI(self.rows[end]):
                end += 1
            rows = self.rows[self.i : end]
            filled: list[Row] = [(start + 1 + k, r) for k, r in enumerate(rows) if r.strip()]
            self.i = end
            try:
                kpis.append(parse_kpi_block(to_arabic(code["code"]), filled, part, start))
            except PageParseError as error:
                self.skipped.append(error)
        return tuple(kpis)


def parse_project_page(text: str) -> ProjectPage:
    """Parse a project page; unreadable parts are listed in ``skipped``.

    Only a text without the project's name, code, agency and year raises PageParseError.
    """
    return _Parser(clean_page_text(text)).page()
