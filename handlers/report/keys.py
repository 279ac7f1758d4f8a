"""The callback data of the report conversation: short ASCII, well under 64 bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

# kind:draft-key-or-id:argument — the draft key makes buttons of older drafts stale.
_PATTERN = re.compile(r"^(r[a-z]):([0-9a-f]{1,16}|[0-9]{1,12})(?::([0-9a-z_]{1,16}))?$")

CHOOSE_PROJECT = "rp"
CHOOSE_MONTH = "rm"
CORRECTION = "rc"
QUICK_PERCENT = "rq"
DECREASE = "rd"
NONE = "rn"
KEEP = "rk"
TOO_LONG = "rt"
RESUME = "rr"
CONFIRM = "ro"
EDIT = "re"
EDIT_FIELD = "rf"
CANCEL = "rx"
ALL_KINDS = "^r[a-z]:"


@dataclass(frozen=True)
class ButtonData:
    """A decoded report button."""

    kind: str
    target: str
    argument: str | None = None


def encode(kind: str, target: str | int, argument: str | int | None = None) -> str:
    """Return the callback data of a report button."""
    data = f"{kind}:{target}" if argument is None else f"{kind}:{target}:{argument}"
    assert len(data.encode()) <= 64
    return data


def decode(data: str | None) -> ButtonData | None:
    """Return the parts of report-button data, or None for anything malformed or forged."""
    match = _PATTERN.match(data or "")
    if match is None:
        return None
    return ButtonData(match[1], match[2], match[3])


def pattern(kind: str) -> str:
    """Return the regex a CallbackQueryHandler uses for one kind of button."""
    return f"^{kind}:"
