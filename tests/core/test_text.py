"""Fitting text into Telegram messages."""

from __future__ import annotations

from core.text import clean_input, escape, split_message, utf16_length


def test_split_keeps_lines_whole_and_below_the_limit() -> None:
    """Long text splits at line boundaries into parts within the limit, losing nothing."""
    lines = [f"({i}) ความคืบหน้าโครงการฯ ร้อยละ {i}.00 " + "ก" * 300 for i in range(60)]
    parts = split_message("\n".join(lines))
    assert len(parts) > 1
    assert all(utf16_length(part) <= 4000 for part in parts)
    assert "\n".join(parts) == "\n".join(lines)


def test_split_cuts_one_huge_line_without_breaking_entities() -> None:
    """A single line longer than the limit is cut, never inside an HTML entity."""
    text = escape("<b>&" * 3000)
    parts = split_message(text)
    assert all(utf16_length(part) <= 4000 for part in parts)
    for part in parts:
        assert part.count("&") == part.count(";")


def test_emoji_count_double_for_telegram() -> None:
    """Characters outside the BMP count as two UTF-16 units."""
    assert utf16_length("😀ก") == 3


def test_clean_input_drops_control_characters() -> None:
    """Null bytes and other control characters go; line breaks stay."""
    assert clean_input(" ก\x00ข\nค\x07 ") == "กข\nค"
