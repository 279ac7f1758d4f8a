"""Fitting text into Telegram messages."""

from __future__ import annotations

import html

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# Telegram counts UTF-16 code units; stay a little below the limit for safety.
SAFE_MESSAGE_LIMIT = 4000


def utf16_length(text: str) -> int:
    """Return the length of a text as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Escape text a user typed before it goes into an HTML message."""
    return html.escape(text, quote=False)


def shorten(text: str, limit: int) -> str:
    """Return the text cut to ``limit`` characters with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_message(text: str, limit: int = SAFE_MESSAGE_LIMIT) -> list[str]:
    """Split text into parts below the limit, at line boundaries where possible."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _split_long_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if utf16_length(candidate) <= limit:
                current = candidate
                continue
            if current:
                parts.append(current)
            current = piece
    if current.strip():
        parts.append(current)
    return parts or [""]


def _split_long_line(line: str, limit: int) -> list[str]:
    if utf16_length(line) <= limit:
        return [line]
    pieces: list[str] = []
    rest = line
    while utf16_length(rest) > limit:
        cut = limit
        while utf16_length(rest[:cut]) > limit:
            cut -= 1
        # Prefer a space, and never cut inside an HTML entity such as &amp;.
        space = rest.rfind(" ", 0, cut)
        if space > limit // 2:
            cut = space
        amp = rest.rfind("&", 0, cut)
        if amp != -1 and ";" not in rest[amp:cut]:
            cut = amp if amp > 0 else cut
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip(" ")
    if rest:
        pieces.append(rest)
    return pieces


def clean_input(text: str) -> str:
    """Return typed text without control characters (but with line breaks) and outer spaces."""
    return "".join(
        char for char in text if char in "\n\t" or (ord(char) >= 32 and ord(char) != 127)
    ).strip()
