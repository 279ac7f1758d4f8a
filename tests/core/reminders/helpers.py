"""Helpers shared by the reminder calendar tests."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.reminders import Occasion

BANGKOK = ZoneInfo("Asia/Bangkok")
BERLIN = ZoneInfo("Europe/Berlin")
# Written as an escape range so that the test sources hold no Thai literals.
THAI_SCRIPT = re.compile("[\u0e00-\u0e7f]")


def bkk(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """Build an aware Bangkok datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def by_kind(occasions: list[Occasion]) -> dict[str, Occasion]:
    """Index occasions by kind (each kind appears at most once per month)."""
    return {occasion.kind: occasion for occasion in occasions}


def dates_by_kind(occasions: list[Occasion]) -> dict[str, date]:
    """Map each kind to its local send date."""
    return {occasion.kind: occasion.scheduled_date for occasion in occasions}
