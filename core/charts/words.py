"""Thai word breaks for wrapping chart text, free of matplotlib (the bot computes them)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pythainlp.tokenize.tcc import segment as tcc_segment

from core.word_dictionary import newmm_tokens

# Word breaks handed to a chart worker by the bot, which has the word dictionary loaded: the
# worker then never loads it (about 75 MB per process). Replaced with every render.
_GIVEN_BREAKS: dict[str, tuple[str, ...]] = {}
_DICTIONARY = {"allowed": True}


def _chunks(text: str) -> list[str]:
    """Split text into runs of white space and runs of anything else, losing nothing."""
    return [part for part in re.split(r"(\s+)", text) if part]


def word_breaks(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Return the word tokens of every run between spaces of these texts, for a chart worker."""
    breaks: dict[str, tuple[str, ...]] = {}
    for text in texts:
        for chunk in _chunks(text):
            if not chunk.isspace() and chunk not in breaks:
                breaks[chunk] = tuple(_dictionary_tokens(chunk))
    return breaks


def use_given_breaks(breaks: dict[str, tuple[str, ...]]) -> None:
    """In a chart worker: wrap with these word breaks and never load the word dictionary."""
    _DICTIONARY["allowed"] = False
    _GIVEN_BREAKS.clear()
    _GIVEN_BREAKS.update(breaks)


def _dictionary_tokens(chunk: str) -> list[str]:
    tokens = newmm_tokens(chunk, keep_whitespace=True)
    if "".join(tokens) != chunk:
        # Never lose characters: keep the run whole.
        tokens = [chunk]
    return tokens


def word_tokens(text: str) -> list[str]:
    """Split ``text`` into newmm word tokens that join back to exactly ``text``.

    Runs between spaces are tokenized one by one, so that the breaks a bot hands to a chart
    worker (``word_breaks``) are exactly the ones it would find itself. A worker without a
    given run falls back to Thai character clusters, which never split a letter from its marks.
    """
    tokens: list[str] = []
    for chunk in _chunks(text):
        if chunk.isspace():
            tokens.append(chunk)
        elif chunk in _GIVEN_BREAKS:
            tokens += _GIVEN_BREAKS[chunk]
        elif _DICTIONARY["allowed"]:
            tokens += _dictionary_tokens(chunk)
        else:
            tokens += tcc_segment(chunk)
    return tokens
