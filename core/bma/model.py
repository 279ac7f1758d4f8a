"""Dataclasses for pages exported from the BMA project-monitor web system.

Free text is kept exactly as the page shows it (so a page can be rendered back); the
properties give the normalised views the bot works with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.bma import labels
from core.bma.text import PageParseError, is_none_text, leading_date, strip_leading_date, to_arabic
from core.domain import PlanStep, Project

# The ways the real pages write a phone number after the responsible person:
# "โทร 6484", "โทร. 0 2246 1234 ต่อ 6484" (everything after the label is the number),
# "(โทร. 6822-3 )", "(3027)" and a bare "024644392" at the end of the line.
_PHONE_RES = (
    re.compile(rf"\s*\(\s*{labels.PHONE}\.?\s*:?\s*(?P<phone>[0-9๐-๙][^()]*?)\s*\)\s*$"),
    re.compile(rf"(?:^|\s){labels.PHONE}\.?\s*:?\s*(?P<phone>[0-9๐-๙].*)$"),
    re.compile(r"\s*\(\s*(?P<phone>[0-9๐-๙][0-9๐-๙\s-]*?)\s*\)\s*$"),
    re.compile(r"(?:^|\s)(?P<phone>0[0-9๐-๙](?:[\s-]?[0-9๐-๙]){6,})\s*$"),
)


def split_phone(line: str) -> tuple[str, str | None]:
    """Split a responsible line into the person (or unit) and the phone number, if any."""
    for pattern in _PHONE_RES:
        if match := pattern.search(line):
            return line[: match.start()].strip(), to_arabic(match["phone"]).strip()
    return line.strip(), None


def _none_or_text(text: str) -> str | None:
    """Return None for the page's ways of writing none, else the text."""
    return None if is_none_text(text) else text


@dataclass(frozen=True)
class ProgressEntry:
    """One progress report (ผลการดำเนินงาน) as listed on the project page."""

    number: int  # the "(n)" of the entry; 1 is the newest
    percent: Decimal  # cumulative percent, two decimals
    reported_on: date  # the bracketed ISO date
    description: str  # as written, including any leading date typed by the officer
    problems_text: str = labels.NONE_TEXT  # as written; see ``problems``
    obstacles_text: str = labels.NONE_TEXT  # as written; see ``obstacles``

    @property
    def problems(self) -> str | None:
        """Return the problems, None when the page says ไม่มี, - or nothing."""
        return _none_or_text(self.problems_text)

    @property
    def obstacles(self) -> str | None:
        """Return the obstacles, None when the page says ไม่มี, - or nothing."""
        return _none_or_text(self.obstacles_text)

    @property
    def leading_date(self) -> date | None:
        """Return the date typed at the start of the description, if understood."""
        return leading_date(self.description, self.reported_on)

    @property
    def body(self) -> str:
        """Return the description without a leading date that could be understood."""
        if self.leading_date is None:
            return self.description
        return strip_leading_date(self.description)


@dataclass(frozen=True)
class KpiQuarter:
    """One row of a KPI's quarterly table."""

    quarter: int  # 1..4 of the fiscal year
    result: Decimal | None  # ผลงาน, in the KPI's unit
    evaluation: tuple[Decimal, Decimal]  # ผลประเมินตัวชี้วัด, columns 2.1 / 2.2
    score: Decimal | None = None  # the detail page's column between result and evaluation


@dataclass(frozen=True)
class KpiReport:
    """A quarter's narrative report on the KPI detail page."""

    quarter: int
    text: str


@dataclass(frozen=True)
class ProjectRef:
    """A project named by a ``NAME : CODE`` line."""

    name: str
    code: str


@dataclass(frozen=True)
class Kpi:
    """A KPI (ตัวชี้วัด) as summarised on a project page."""

    code: str  # e.g. "5045-861"
    name: str
    unit: str  # ร้อยละ or ระดับ
    target: Decimal | None  # None when a detail page's target could not be read
    achieved: Decimal | None
    kpi_type: str | None = None  # ประเภทตัวชี้วัด
    level: str | None = None  # the whole line, e.g. "ตัวชี้วัดระดับผลลัพธ์ (outcome)"
    quarters: tuple[KpiQuarter, ...] = ()
    detail: KpiDetail | None = None  # set by attach_kpi_detail; never on a page itself


@dataclass(frozen=True)
class KpiDetail:
    """A KPI detail page (รายละเอียดตัวชี้วัด)."""

    kpi: Kpi
    agency: str | None = None
    fiscal_year: int | None = None  # Buddhist Era
    definition: str | None = None  # นิยาม
    calculation: str | None = None  # วิธีการคำนวณ / สูตรการคำนวณ
    sources: str | None = None  # แหล่งข้อมูล
    strategy: tuple[str, ...] = ()
    reports: tuple[KpiReport, ...] = ()
    projects: tuple[ProjectRef, ...] = ()
    assessment: str | None = None  # text after "*** สยป. ตรวจประเมินตัวชี้วัด :"
    summary: str | None = None  # ** สรุปผลการดำเนินงาน **
    skipped: tuple[PageParseError, ...] = field(default=(), compare=False)

    @property
    def code(self) -> str:
        """Return the KPI code."""
        return self.kpi.code


@dataclass(frozen=True)
class ProjectPage:
    """A project page (ความคืบหน้าโครงการ/กิจกรรม) of the BMA project-monitor system."""

    code: str  # e.g. "50450000-3247"
    name: str  # as written, prefixes such as "อ.2/2" included
    agency: str | None  # None when the page lost its "AGENCY : (YEAR)" line
    fiscal_year: int | None  # Buddhist Era, e.g. 2564; None with the agency
    percent: Decimal  # overall progress, as written ("100" or "100.00")
    responsible: str | None  # the person or division line, as written
    assessment: str | None  # text after "*** สยป. ประเมินโครงการ :"
    rationale: str
    budget_code: str | None  # e.g. "50451000/50451000"
    objectives: str
    targets_text: str  # as written; see ``targets``
    strategy: tuple[str, ...]  # lines as written, glitches included
    entries: tuple[ProgressEntry, ...]
    plan_steps: tuple[PlanStep, ...]
    kpis: tuple[Kpi, ...]
    plan_times: bool = True  # whether plan dates carry " 00:00:00" on the page
    # Parts of the page that could not be read and were left out, with their lines.
    skipped: tuple[PageParseError, ...] = field(default=(), compare=False)

    @property
    def targets(self) -> str | None:
        """Return the targets, None when the page says - or nothing."""
        return _none_or_text(self.targets_text)

    @property
    def phone(self) -> str | None:
        """Return the phone number written on the responsible line, in any form seen."""
        return split_phone(self.responsible)[1] if self.responsible else None

    @property
    def responsible_name(self) -> str | None:
        """Return the responsible line without its phone number."""
        if self.responsible is None:
            return None
        return split_phone(self.responsible)[0] or None

    def to_project(self) -> Project:
        """Return the domain Project this page describes; its agency and year must be known."""
        if self.agency is None or self.fiscal_year is None:
            raise ValueError(f"page {self.code} has no agency line: complete it from the store")
        who = self.responsible_name
        is_division = who is not None and who.startswith(labels.DIVISION_PREFIXES)
        return Project(
            code=self.code,
            name=self.name,
            agency=self.agency,
            fiscal_year=self.fiscal_year,
            division=who if is_division else None,
            responsible=None if is_division else who,
            phone=self.phone,
            plan_steps=self.plan_steps,
        )
