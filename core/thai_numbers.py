"""Read the cumulative percent an officer types, in digits or in Thai words."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import StrEnum

from pythainlp.util import normalize, num_to_thaiword, thaiword_to_num

# Parsing vocabulary: the ways officers write "percent", the decimal point and minus.
PERCENT_PREFIXES = ("ร้อยละ",)
PERCENT_SUFFIXES = ("เปอร์เซ็นต์", "เปอร์เซนต์", "เปอร์เซ็น", "เปอร์เซน", "percent", "%", "％")
POINT_WORD = "จุด"
MINUS_WORD = "ลบ"
MINUS_SIGNS = ("-", "\u2212", "\u2013")

HUNDREDTH = Decimal("0.01")
MAX_PERCENT = Decimal(100)
MAX_DECIMALS = 2
# Telegram allows 4096 characters; anything longer than a short answer is not a percent,
# and the Thai numeral regex should never see pasted pages.
MAX_INPUT_LENGTH = 200
MAX_WORDS_LENGTH = 60

_DIGIT_TRANSLATION = str.maketrans(
    {chr(0x0E50 + d): str(d) for d in range(10)} | {chr(0xFF10 + d): str(d) for d in range(10)}
)
_ASCII_NUMBER = re.compile(r"(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?")
_THAI_LETTERS = re.compile(r"[\u0E01-\u0E4F]+")
_SPACED_POINT = re.compile(rf" ?{POINT_WORD} ?")
# Thai reads decimals digit by digit: "สี่สิบห้าจุดสองห้า" is 45.25. The whole part goes to
# pythainlp's thaiword_to_num; the digits after จุด are read here because
# pythainlp.util.text_to_num (5.x) gets them wrong for an answer we must refuse or keep exact:
# it reads "สี่สิบห้าจุดสิบ" as 46.0 and "สี่สิบห้าจุด" as 45.0 (both are typos to ask again),
# drops the trailing zeros the two-decimal check counts ("…จุดศูนย์ศูนย์" → 55.0), and leaves
# "สิบ" and "ศูนย์" alone as words (tests/core/test_thai_numbers.py).
_DIGIT_WORDS = {num_to_thaiword(digit): str(digit) for digit in range(10)}


class PercentProblem(StrEnum):
    """Why a text is not an acceptable percent."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    TOO_PRECISE = "too_precise"


class PercentError(ValueError):
    """A text that cannot be read as a percent from 0 to 100."""

    def __init__(self, reason: PercentProblem, text: str) -> None:
        super().__init__(f"{reason.value}: {text[:40]!r}")
        self.reason = reason
        self.text = text


def to_arabic_digits(text: str) -> str:
    """Replace Thai (๐-๙) and full-width (０-９) digits with ASCII digits."""
    return text.translate(_DIGIT_TRANSLATION)


def remove_invisible(text: str) -> str:
    """Drop zero-width spaces, joiners and other invisible format characters."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _strip_affixes(text: str) -> str:
    for prefix in PERCENT_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :].lstrip()
            break
    for suffix in PERCENT_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)].rstrip()
            break
    return text


def _split_sign(core: str) -> tuple[bool, str]:
    for sign in (*MINUS_SIGNS, MINUS_WORD):
        if core.startswith(sign):
            return True, core[len(sign) :].lstrip()
    return False, core


def _digits_of_words(core: str, original: str) -> tuple[str, str]:
    """Return the whole and fraction digits of a number written in Thai words."""
    # A space inside Thai numerals would hide two numbers ("ห้าสิบ ห้า"), except around จุด.
    joined = _SPACED_POINT.sub(POINT_WORD, core)
    if " " in joined:
        raise PercentError(PercentProblem.NOT_A_NUMBER, original)
    whole_words, point, fraction_words = joined.partition(POINT_WORD)
    if (
        not whole_words
        or whole_words.startswith(MINUS_WORD)
        or (point and not fraction_words)
        or POINT_WORD in fraction_words
    ):
        raise PercentError(PercentProblem.NOT_A_NUMBER, original)
    try:
        whole = thaiword_to_num(whole_words)
    except ValueError:
        raise PercentError(PercentProblem.NOT_A_NUMBER, original) from None
    fraction = ""
    while fraction_words:
        word = next((w for w in _DIGIT_WORDS if fraction_words.startswith(w)), None)
        if word is None:
            raise PercentError(PercentProblem.NOT_A_NUMBER, original)
        fraction += _DIGIT_WORDS[word]
        fraction_words = fraction_words[len(word) :]
    return str(whole), fraction


def _digits_of(core: str, original: str) -> tuple[str, str]:
    """Return the whole and fraction digits of a number in digits or Thai words."""
    number = _ASCII_NUMBER.fullmatch(core)
    if number is not None and core not in ("", "."):
        return number["whole"] or "0", number["fraction"] or ""
    if len(core) <= MAX_WORDS_LENGTH and _THAI_LETTERS.fullmatch(core.replace(" ", "")):
        return _digits_of_words(core, original)
    raise PercentError(PercentProblem.NOT_A_NUMBER, original)


def parse_percent(text: str) -> Decimal:
    """Read a percent from 0 to 100 with at most two decimals, such as ``๔๕%`` or ``ร้อยละห้าสิบ``."""
    if len(text) > MAX_INPUT_LENGTH:
        raise PercentError(PercentProblem.NOT_A_NUMBER, text)
    cleaned = " ".join(to_arabic_digits(remove_invisible(text)).split())
    if not cleaned:
        raise PercentError(PercentProblem.EMPTY, text)
    core = _strip_affixes(str(normalize(cleaned)).casefold())
    negative, core = _split_sign(core)
    whole, fraction = _digits_of(core, text)
    value = Decimal(f"{whole}.{fraction or '0'}")
    if value > MAX_PERCENT or (negative and value > 0):
        raise PercentError(PercentProblem.OUT_OF_RANGE, text)
    if len(fraction.rstrip("0")) > MAX_DECIMALS:
        raise PercentError(PercentProblem.TOO_PRECISE, text)
    return value.quantize(HUNDREDTH)
