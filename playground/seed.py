"""Fill a fresh playground database from the sample BMA pages, with three people registered."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from core.bma import ProjectPage
from core.domain import Role
from core.export.incoming import decode_text, parse_file
from core.i18n import t
from storage import Storage

BUNDLED_SAMPLES = Path(__file__).resolve().parent / "seed"
# The playground starts in the middle of the samples' fiscal year (FY 2564), so that the
# officer has a month to report and the history before it is real.
START = datetime(2021, 3, 15, 10, 0, tzinfo=ZoneInfo("Asia/Bangkok"))
OFFICER_PROJECT = "50450000-3247"


@dataclass(frozen=True)
class Person:
    """Someone the trainer can play on the page."""

    key: str  # "officer", "supervisor" or "admin": the locale key of the label
    telegram_id: int
    role: Role


OFFICER = Person("officer", 1001, Role.OFFICER)
SUPERVISOR = Person("supervisor", 2001, Role.SUPERVISOR)
ADMIN = Person("admin", 9001, Role.ADMIN)
PEOPLE = (OFFICER, SUPERVISOR, ADMIN)
# The name each person is registered under, locale keys written out in full.
_NAMES = {
    "officer": "playground.name_officer",
    "supervisor": "playground.name_supervisor",
    "admin": "playground.name_admin",
}


def person_name(person: Person) -> str:
    """Return the Thai name the person is registered under."""
    return t(_NAMES[person.key], "th")


def sample_files(directory: Path = BUNDLED_SAMPLES) -> list[Path]:
    """Return the sample pages of a directory, by default the real BMA pages shipped here."""
    return sorted(directory.glob("*.txt"))


def read_page(path: Path) -> ProjectPage | None:
    """Parse a sample project page; None for anything else (a KPI page, unreadable text)."""
    text = decode_text(path.read_bytes())
    parsed = parse_file(text) if text is not None else None
    return parsed if isinstance(parsed, ProjectPage) else None


def as_of(page: ProjectPage, moment: datetime) -> ProjectPage:
    """Return the page as it stood before ``moment``: only the entries reported earlier."""
    entries = tuple(e for e in page.entries if e.reported_on < moment.date())
    latest = max(entries, key=lambda e: e.reported_on, default=None)
    percent = latest.percent if latest else Decimal(0)
    return dataclasses.replace(page, entries=entries, percent=percent)


async def seed(store: Storage, files: list[Path], moment: datetime = START) -> list[str]:
    """Import the pages as of ``moment`` and register the three people; return the codes."""
    imports = store.imports
    codes: list[str] = []
    for path in files:
        page = read_page(path)
        if page is None:
            continue
        await imports.import_page(as_of(page, moment))
        codes.append(page.code)
    # The officer's project: the one named above when present, else the first sample.
    code = OFFICER_PROJECT if OFFICER_PROJECT in codes else codes[0]
    project = await store.projects.by_code(code)
    assert project is not None and project.id is not None
    await store.users.add(
        OFFICER.telegram_id, person_name(OFFICER), Role.OFFICER, None, [project.id]
    )
    await store.users.add(
        SUPERVISOR.telegram_id, person_name(SUPERVISOR), Role.SUPERVISOR, project.agency, []
    )
    await store.users.ensure_admin(ADMIN.telegram_id, person_name(ADMIN))
    return codes
