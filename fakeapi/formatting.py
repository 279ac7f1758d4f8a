"""Parse Telegram HTML into plain text plus entities; shared helpers for the parsers.

Offsets in the returned entities are UTF-16 code units, as in the Bot API. Error texts
follow tdlib's wording; byte offsets are UTF-8 offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fakeapi.errors import bad_request

JSON = dict[str, Any]

HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});")
_UNQUOTED_VALUE_RE = re.compile(r"[a-zA-Z0-9.\-]*")


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse_error(message: str) -> Exception:
    return bad_request(f"can't parse entities: {message}")


@dataclass
class Builder:
    """Accumulate plain text and entities while tracking the UTF-16 length."""

    parts: list[str] = field(default_factory=list)
    length16: int = 0
    entities: list[JSON] = field(default_factory=list)

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.length16 += utf16_len(chunk)

    def entity(self, kind: str, start16: int, extra: JSON | None = None) -> None:
        # tdlib silently drops empty entities, so do we.
        if self.length16 > start16:
            self.entities.append(
                {
                    "type": kind,
                    "offset": start16,
                    "length": self.length16 - start16,
                    **(extra or {}),
                }
            )

    def result(self) -> tuple[str, list[JSON]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


def _decode_entity(text: str, i: int) -> tuple[str, int]:
    """Decode the HTML entity at text[i] ('&'); refuse anything Telegram does not define."""
    match = _ENTITY_RE.match(text, i)
    if match is None:
        raise parse_error(
            f'Character "&" must be escaped as "&amp;" at byte offset {byte_offset(text, i)}'
        )
    body = match.group(1)
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise parse_error(f"Invalid character reference at byte offset {byte_offset(text, i)}")
        return chr(code), match.end()
    if body not in NAMED_ENTITIES:
        raise parse_error(
            f'Unsupported HTML entity "&{body};" at byte offset {byte_offset(text, i)}'
        )
    return NAMED_ENTITIES[body], match.end()


def _decode_attribute(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&":
            char, i = _decode_entity(value, i)
            out.append(char)
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _parse_start_tag(text: str, i: int) -> tuple[str, dict[str, str], int]:
    """Parse '<name attr=...>' starting at text[i] == '<'; return name, attributes, end."""
    begin = byte_offset(text, i)
    n = len(text)
    j = i + 1
    while j < n and not text[j].isspace() and text[j] != ">":
        j += 1
    if j >= n:
        raise parse_error(f"Unclosed start tag at byte offset {begin}")
    name = text[i + 1 : j].lower()
    if name not in HTML_TAGS:
        raise parse_error(f'Unsupported start tag "{name}" at byte offset {begin}')
    attrs: dict[str, str] = {}
    while True:
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            raise parse_error(f"Unclosed start tag at byte offset {begin}")
        if text[j] == ">":
            return name, attrs, j + 1
        start = j
        while j < n and not text[j].isspace() and text[j] not in "=>":
            j += 1
        attr = text[start:j].lower()
        if not attr:
            raise parse_error(f'Empty attribute name in the tag "{name}" at byte offset {begin}')
        while j < n and text[j].isspace():
            j += 1
        if j < n and text[j] != "=":
            if name == "blockquote" and attr == "expandable":
                attrs[attr] = ""
                continue
            raise parse_error(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{name}" at byte offset {begin}'
            )
        j += 1
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            raise parse_error(f"Unclosed start tag at byte offset {begin}")
        if text[j] in "\"'":
            close = text.find(text[j], j + 1)
            if close < 0:
                raise parse_error(f"Unclosed end of attribute value at byte offset {begin}")
            attrs[attr] = _decode_attribute(text[j + 1 : close])
            j = close + 1
        else:
            match = _UNQUOTED_VALUE_RE.match(text, j)
            end = match.end() if match else j
            attrs[attr] = text[j:end]
            j = end


def _html_extra(name: str, attrs: dict[str, str], begin: int) -> JSON:
    """Check the attributes a tag needs and return the entity's extra fields."""
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    if name == "a":
        href = attrs.get("href", "")
        if not href:
            raise parse_error(f'Tag "a" must have attribute "href" at byte offset {begin}')
        return {"url": href}
    if name == "tg-emoji":
        if not attrs.get("emoji-id", "").isdigit():
            raise parse_error(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {begin}'
            )
        return {"custom_emoji_id": attrs["emoji-id"]}
    if name == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    if name == "code" and attrs.get("class", "").startswith("language-"):
        return {"language": attrs["class"][len("language-") :]}
    return {}


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML into plain text and entities, refusing what Telegram refuses."""
    out = Builder()
    stack: list[tuple[str, int, JSON]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded, i = _decode_entity(text, i)
            out.add(decoded)
            continue
        if char != "<":
            out.add(char)
            i += 1
            continue
        begin = byte_offset(text, i)
        if i + 1 < n and text[i + 1] == "/":
            if not stack:
                raise parse_error(f"Unexpected end tag at byte offset {begin}")
            close = text.find(">", i)
            if close < 0:
                raise parse_error(f"Unclosed end tag at byte offset {begin}")
            name = text[i + 2 : close].strip().lower()
            open_name, start16, extra = stack[-1]
            if name and name != open_name:
                raise parse_error(
                    f'Unmatched end tag at byte offset {begin}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            out.entity(str(extra.pop("type", HTML_TAGS[open_name])), start16, extra)
            i = close + 1
            continue
        name, attrs, i = _parse_start_tag(text, i)
        stack.append((name, out.length16, _html_extra(name, attrs, begin)))
    if stack:
        raise parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def strip_text(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Trim surrounding whitespace like Telegram does and shift or clip entities to match."""
    stripped = text.strip()
    lead = utf16_len(text) - utf16_len(text.lstrip())
    limit = utf16_len(stripped)
    kept: list[JSON] = []
    for entity in entities:
        start = max(0, int(entity["offset"]) - lead)
        end = min(int(entity["offset"]) + int(entity["length"]) - lead, limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept
