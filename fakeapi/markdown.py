"""Parse MarkdownV2 and legacy Markdown into plain text plus entities (UTF-16 offsets)."""

from __future__ import annotations

import re
from typing import Any

from fakeapi.formatting import Builder, byte_offset, parse_error

JSON = dict[str, Any]
MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"


_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


def _mdv2_delimiter(text: str, i: int) -> tuple[str, int] | None:
    """Return (entity type, delimiter length) for an entity delimiter at text[i]."""
    if text.startswith("```", i):
        return "pre", 3
    if text.startswith("__", i):
        return "underline", 2
    if text.startswith("||", i):
        return "spoiler", 2
    single = {"*": "bold", "_": "italic", "~": "strikethrough", "`": "code"}
    return (single[text[i]], 1) if text[i] in single else None


def parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    """Parse MarkdownV2, requiring every reserved character outside markup to be escaped."""
    out = Builder()
    stack: list[tuple[str, int, int]] = []  # (type, start16, byte offset of the opener)
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        char = text[i]
        in_code = bool(stack) and stack[-1][0] in ("code", "pre")
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.add(text[i + 1])
            i += 2
            at_line_start = False
            continue
        if in_code and not text.startswith("```" if stack[-1][0] == "pre" else "`", i):
            out.add(char)
            i += 1
            continue
        if char not in MDV2_RESERVED:
            out.add(char)
            at_line_start = char == "\n"
            i += 1
            continue
        if char == ">" and at_line_start:
            # Blockquote markers are markup, not text; the entity itself is not modelled.
            i += 1
            at_line_start = False
            continue
        if char == "]" and stack and stack[-1][0] == "text_link":
            match = re.match(r"\]\(((?:[^()\\]|\\.)*)\)", text[i:])
            if match is None:
                raise parse_error(f"Can't find end of a URL at byte offset {byte_offset(text, i)}")
            _, start16, _ = stack.pop()
            out.entity("text_link", start16, {"url": match.group(1).replace("\\", "")})
            i += match.end()
            continue
        if char == "[":
            stack.append(("text_link", out.length16, byte_offset(text, i)))
            i += 1
            continue
        delimiter = _mdv2_delimiter(text, i)
        if delimiter is None:
            raise parse_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        kind, size = delimiter
        i += size
        if stack and stack[-1][0] == kind:
            _, start16, _ = stack.pop()
            out.entity(kind, start16)
        elif any(open_kind == kind for open_kind, _, _ in stack):
            raise parse_error(
                f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset "
                f"{next(b for k, _, b in stack if k == kind)}"
            )
        else:
            if kind == "pre":
                # The first line of a ``` block names the language and is not text.
                newline = text.find("\n", i)
                if newline >= 0 and re.fullmatch(r"[A-Za-z0-9_+\-]*", text[i:newline]):
                    i = newline + 1
            stack.append((kind, out.length16, byte_offset(text, i - size)))
        at_line_start = False
    if stack:
        kind, _, begin = stack[-1]
        raise parse_error(f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {begin}")
    return out.result()


def parse_markdown(text: str) -> tuple[str, list[JSON]]:
    """Parse legacy Markdown: *bold*, _italic_, `code`, ```pre``` and [text](url)."""
    out = Builder()
    kinds = {"*": "bold", "_": "italic", "`": "code"}
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "*_`[":
            out.add(text[i + 1])
            i += 2
        elif char == "[":
            match = re.match(r"\[([^\]]*)\]\(([^)]*)\)", text[i:])
            if match is None:
                raise parse_error(
                    f"Can't find end of the entity starting at byte offset {byte_offset(text, i)}"
                )
            start16 = out.length16
            out.add(match.group(1))
            out.entity("text_link", start16, {"url": match.group(2)})
            i += match.end()
        elif char in kinds:
            delimiter = "```" if text.startswith("```", i) else char
            close = text.find(delimiter, i + len(delimiter))
            if close < 0:
                raise parse_error(
                    f"Can't find end of the entity starting at byte offset {byte_offset(text, i)}"
                )
            start16 = out.length16
            out.add(text[i + len(delimiter) : close])
            out.entity("pre" if delimiter == "```" else kinds[char], start16)
            i = close + len(delimiter)
        else:
            out.add(char)
            i += 1
    return out.result()
