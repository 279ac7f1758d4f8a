"""Thai word segmentation for project search, report term counts and "none" answers."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from pythainlp.corpus import thai_stopwords
from pythainlp.util import normalize, num_to_thaiword

from core.domain import Project
from core.names import normal_name
from core.thai_numbers import parse_percent, to_arabic_digits
from core.word_dictionary import newmm_tokens

# Parsing vocabulary: what officers type in the problems and obstacles fields to mean "none".
NONE_WORD = "ไม่มี"
NONE_SUBJECTS = ("ปัญหา", "อุปสรรค", "และ")
POLITE_PARTICLES = ("ครับ", "ค่ะ", "คะ", "ค่า", "นะ")
ENGLISH_NONE_WORDS = frozenset({"none", "nil", "na", "no", "nothing"})
NONE_TOKENS = frozenset({NONE_WORD, "-"})

CODE_MATCH_SCORE = 1000
TOKEN_MATCH_SCORE = 2
SUBSTRING_MATCH_SCORE = 1
# One-letter query words would be found inside almost every name.
MIN_SUBSTRING_LENGTH = 2
NAME_INDEX_SIZE = 65_536  # project names whose words stay cached (bench/footprint.py)
MIN_TERM_LENGTH = 2


def clean_text(text: str) -> str:
    """Drop invisible format characters, collapse whitespace and fix Thai vowel order."""
    # Zero-width spaces and joiners come in from copy-pasted documents and Thai keyboards.
    return str(normalize(normal_name(text)))


def tokenize(text: str) -> list[str]:
    """Split text into words with newmm, leaving out whitespace."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    return [word for word in newmm_tokens(cleaned, keep_whitespace=False) if word.strip()]


@cache
def load_dictionary() -> None:
    """Load the word dictionary, stop words and numeral parser once, ahead of the first user."""
    tokenize(NONE_WORD)
    thai_stopwords()
    parse_percent(num_to_thaiword(45))


def _is_word_char(ch: str) -> bool:
    # Thai vowel signs and tone marks are combining marks, which str.isalnum and \w reject.
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _strip_symbols(text: str) -> str:
    start, end = 0, len(text)
    while start < end and not _is_word_char(text[start]):
        start += 1
    while end > start and not _is_word_char(text[end - 1]):
        end -= 1
    return text[start:end]


def _drop_symbols(text: str) -> str:
    return "".join(ch for ch in text if _is_word_char(ch))


def _term(token: str) -> str | None:
    """Return the searchable form of a token, or None when it is punctuation or a stop word."""
    word = _strip_symbols(token).casefold()
    if not word or word in thai_stopwords():
        return None
    return word


def _terms(text: str) -> list[str]:
    return [term for token in tokenize(text) if (term := _term(token)) is not None]


def _compact(text: str) -> str:
    return _drop_symbols(clean_text(text)).casefold()


def _normalize_code(text: str) -> str:
    return _drop_symbols(to_arabic_digits(clean_text(text))).casefold()


@dataclass(frozen=True)
class ProjectMatch:
    """A project found by a search, with how well it matched."""

    project: Project
    score: int
    code_match: bool
    matched_words: tuple[str, ...]


@lru_cache(maxsize=NAME_INDEX_SIZE)
def _name_index(name: str) -> tuple[frozenset[str], str]:
    # Names are tokenised once per process: the same few hundred projects are searched all day.
    # The cache holds every project of a big deployment: an admin's search goes through all
    # of them, and a cache smaller than that evicts each name before it is needed again.
    arabic = to_arabic_digits(name)
    return frozenset(_terms(arabic)), _compact(arabic)


def _match(
    query_code: str, words: Sequence[str], phrases: Sequence[tuple[str, int]], project: Project
) -> ProjectMatch | None:
    code_match = bool(query_code) and query_code == _normalize_code(project.code)
    name_terms, compact_name = _name_index(project.name)
    score = 0
    matched: list[str] = []
    for word in words:
        if word in name_terms:
            score += TOKEN_MATCH_SCORE
        elif len(word) >= MIN_SUBSTRING_LENGTH and word in compact_name:
            # newmm may cut the name differently from the query ("วังทอง" in "วังทองหลาง").
            score += SUBSTRING_MATCH_SCORE
        else:
            continue
        matched.append(word)
    # What was typed, found as typed, is the best evidence: "วังทอง" in "วังทองหลาง" must beat
    # a name holding "วัง" and "ทอง" as separate words.
    score += sum(TOKEN_MATCH_SCORE * size for phrase, size in phrases if phrase in compact_name)
    if code_match:
        score += CODE_MATCH_SCORE
    if score == 0:
        return None
    return ProjectMatch(project, score, code_match, tuple(matched))


def search_projects(query: str, projects: Sequence[Project], limit: int = 8) -> list[ProjectMatch]:
    """Return the projects whose code or name matches the query, best first."""
    if limit <= 0:
        return []
    query_code = _normalize_code(query)
    found: list[str] = []
    phrases: list[tuple[str, int]] = []
    for chunk in to_arabic_digits(query).split():
        terms = _terms(chunk)
        found += terms
        # A chunk of stop words alone must not match every name.
        if terms and len(phrase := _compact(chunk)) >= MIN_SUBSTRING_LENGTH:
            phrases.append((phrase, len(terms)))
    words = list(dict.fromkeys(found))
    matches = [
        match
        for project in projects
        if (match := _match(query_code, words, phrases, project)) is not None
    ]
    matches.sort(key=lambda m: (-m.score, m.project.name, m.project.code))
    return matches[:limit]


def _strip_leading(text: str, words: Sequence[str]) -> str:
    stripped = True
    while stripped:
        stripped = False
        for word in words:
            if word and text.startswith(word):
                text = text[len(word) :]
                stripped = True
    return text


def is_none_text(text: str | None) -> bool:
    """Tell whether a problems or obstacles answer means "none" (ไม่มี, -, empty)."""
    if text is None:
        return True
    compact = _compact(text)
    if not compact or compact in ENGLISH_NONE_WORDS:
        return True
    if not compact.startswith(NONE_WORD):
        return False
    # "ไม่มีปัญหาอุปสรรคครับ" is none; "ไม่มีงบประมาณ" (no budget) is a real problem.
    rest = _strip_leading(compact[len(NONE_WORD) :], NONE_SUBJECTS)
    return not _strip_leading(rest, POLITE_PARTICLES)


def _is_meaningful(term: str) -> bool:
    # A term needs a letter: this drops numbers such as "19" or "45%" and leftover symbols.
    return (
        len(term) >= MIN_TERM_LENGTH
        and term not in NONE_TOKENS
        and any(ch.isalpha() for ch in term)
    )


def frequent_terms(texts: Iterable[str], limit: int = 10) -> list[tuple[str, int]]:
    """Return the terms found in the most texts, with how many texts contain each."""
    counts: Counter[str] = Counter()
    for text in texts:
        if is_none_text(text):
            continue
        # Once per text, so that one long complaint cannot outweigh many short ones.
        counts.update({term for term in _terms(text) if _is_meaningful(term)})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[: max(limit, 0)]
