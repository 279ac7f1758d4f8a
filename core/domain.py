"""Domain types shared by the core, the storage layer and the handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class Role(StrEnum):
    """What a registered person may see and do."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class PlanStep:
    """One weighted step of a project's plan (แผนการดำเนินงานฯ)."""

    order: int
    description: str
    weight: Decimal  # percent of the whole project
    start: date
    end: date


@dataclass(frozen=True)
class Project:
    """A project as the BMA project-monitor system describes it."""

    code: str  # e.g. "50450000-3247"
    name: str
    agency: str
    fiscal_year: int  # Buddhist Era, e.g. 2569
    division: str | None = None
    responsible: str | None = None
    phone: str | None = None
    plan_steps: tuple[PlanStep, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class ProgressReport:
    """One monthly progress entry (ผลการดำเนินงาน) of a project."""

    project_code: str
    month: date  # first day of the reported month (CE)
    percent: Decimal  # cumulative, 0..100, two decimals
    reported_on: date
    work_done: str
    problems: str | None = None  # None means ไม่มี
    obstacles: str | None = None  # None means ไม่มี
    revision: int = 1
    reporter_id: int | None = None
    reporter_name: str | None = None
    decrease_reason: str | None = None
    imported: bool = False
    photo_file_ids: tuple[str, ...] = ()
    created_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class User:
    """A person registered with the bot."""

    telegram_id: int
    name: str
    role: Role
    agency: str | None = None
    language: str = "th"
    project_codes: tuple[str, ...] = field(default_factory=tuple)


class StatusKind(StrEnum):
    """Where a project stands against its plan, as a supervisor reads it."""

    ON_PLAN = "on_plan"
    BEHIND = "behind"
    STALLED = "stalled"
    NOT_REPORTED = "not_reported"
    FINISHED = "finished"
