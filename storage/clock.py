"""Instants as the stores keep them: ISO-8601 UTC text with milliseconds and a ``Z``.

Stores compute "now" in Python and pass it as a parameter: SQLite and PostgreSQL have no
common SQL for the current time in this text form, and one clock for both keeps them alike.
"""

from __future__ import annotations

from datetime import UTC, datetime


def instant_text(moment: datetime) -> str:
    """Return ``moment`` as stored text, e.g. ``2026-11-30T20:29:44.123Z``."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def now_text() -> str:
    """Return the current instant as stored text."""
    return instant_text(datetime.now(UTC))
