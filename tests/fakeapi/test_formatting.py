"""Unit tests for the fake's HTML and Markdown parsers."""

from __future__ import annotations

import pytest

from fakeapi.errors import ApiError
from fakeapi.formatting import parse_html, strip_text, utf16_len
from fakeapi.markdown import parse_markdown, parse_markdown_v2


def test_html_entities_use_utf16_offsets() -> None:
    """Entity offsets and lengths count UTF-16 units, so an emoji counts twice."""
    text, entities = parse_html('😀 <b>ก</b> <a href="https://x.org">y</a>')
    assert text == "😀 ก y"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 1},
        {"type": "text_link", "offset": 5, "length": 1, "url": "https://x.org"},
    ]


def test_html_error_names_the_tag_and_byte_offset() -> None:
    """Errors carry Telegram's wording with a UTF-8 byte offset."""
    with pytest.raises(ApiError) as caught:
        parse_html("ก<foo>")
    assert caught.value.description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 3'
    )
    assert caught.value.error_code == 400


def test_html_nested_and_expandable() -> None:
    """Nested tags produce nested entities; expandable blockquotes get their own type."""
    text, entities = parse_html("<blockquote expandable><b>a<i>b</i></b></blockquote>")
    assert text == "ab"
    assert {e["type"] for e in entities} == {"expandable_blockquote", "bold", "italic"}


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        (r"*ตัวหนา* \_ok\_", "ตัวหนา _ok_"),
        ("__u__ ~s~ ||sp||", "u s sp"),
        (r"[ลิงก์](https://x.org/a\)b)", "ลิงก์"),
        ("`code with . and -`", "code with . and -"),
        ("```python\nx = 1.0\n```", "x = 1.0\n"),
        ("> quoted", " quoted"),
    ],
)
def test_markdown_v2_accepts_valid_markup(source: str, plain: str) -> None:
    """Valid MarkdownV2 parses to the expected plain text."""
    assert parse_markdown_v2(source)[0] == plain


@pytest.mark.parametrize("source", ["ราคา 1.5 บาท", "a_b", "*bold _both* x_", "[x](y", "!"])
def test_markdown_v2_refuses_unescaped_or_unclosed(source: str) -> None:
    """Unescaped reserved characters and unclosed entities are refused."""
    with pytest.raises(ApiError, match="can't parse entities"):
        parse_markdown_v2(source)


def test_legacy_markdown() -> None:
    """Legacy Markdown needs closed entities but no escaping of other characters."""
    assert parse_markdown("*a* 1.5 [l](https://x.org)")[0] == "a 1.5 l"
    with pytest.raises(ApiError, match="Can't find end of the entity"):
        parse_markdown("*open")


def test_strip_text_shifts_and_clips_entities() -> None:
    """Trimming whitespace moves entity offsets and drops what falls outside."""
    text, entities = strip_text("  ab  ", [{"type": "bold", "offset": 0, "length": 6}])
    assert (text, entities) == ("ab", [{"type": "bold", "offset": 0, "length": 2}])
    assert utf16_len("😀ก") == 3
