"""One normal form for the names people type and pages write: agencies, projects, people.

Thai text reaches the bot in several byte forms that look the same on screen: SARA AM
written as NIKHAHIT + SARA AA (ํ + า, as the BMA system writes some agency names),
zero-width spaces from copy and paste, doubled spaces. Every comparison and lookup of a
name goes through ``normal_name`` so that these all mean the same agency or person.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from core.thai_numbers import remove_invisible

NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
# Closest names offered for an unknown one; the cut-off keeps unrelated names out.
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6


def normal_name(text: str) -> str:
    """Return the normal form of a name: NFC, ำ for ํ+า, no zero-width, single spaces."""
    text = unicodedata.normalize("NFC", remove_invisible(text))
    text = text.replace(NIKHAHIT + SARA_AA, SARA_AM)
    return " ".join(text.split())


def normal_optional_name(text: str | None) -> str | None:
    """Return a name that may be missing (a reporter, a responsible person) in normal form."""
    return None if text is None else normal_name(text)


def same_name(first: str, second: str) -> bool:
    """Tell whether two names are the same once both are in normal form."""
    return normal_name(first) == normal_name(second)


def closest_names(wanted: str, known: Iterable[str], limit: int = SUGGESTIONS) -> list[str]:
    """Return the known names closest to an unknown one, closest first."""
    names = {normal_name(name): name for name in known}
    found = difflib.get_close_matches(normal_name(wanted), list(names), limit, SUGGESTION_CUTOFF)
    return [names[name] for name in found]
