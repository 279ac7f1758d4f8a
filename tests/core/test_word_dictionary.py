"""Tests of the compact word dictionary: the same words as pythainlp's trie, found the same way."""

from __future__ import annotations

import pytest
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from core.word_dictionary import SortedWords, newmm_tokens, word_dictionary
from tests.scripts import ROOT, run_script

SAMPLES = sorted((ROOT / "tests" / "samples").glob("bma-*pages/*.txt"))


def _sample_lines() -> list[str]:
    lines: list[str] = []
    for path in SAMPLES:
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_newmm_cuts_the_real_pages_exactly_as_with_pythainlps_trie() -> None:
    """Tokenize every line of the real BMA pages into the tokens pythainlp's own trie gives."""
    lines = _sample_lines()
    assert len(lines) > 100
    reference = Trie(thai_words())
    for line in lines:
        expected = word_tokenize(line, custom_dict=reference, engine="newmm")
        assert newmm_tokens(line, keep_whitespace=True) == expected, line


def test_prefixes_match_the_trie_at_every_position() -> None:
    """List the words starting at each position of a sentence as the trie does, shortest first."""
    words = ["สวัส", "สวัสดี", "ดี", "ดีใจ", "ครับ", "ค"]
    compact, trie = SortedWords(words), Trie(words)
    text = "สวัสดีครับดีใจคนไทย"
    for start in range(len(text) + 1):
        assert compact.prefixes(text, start) == trie.prefixes(text, start)
    assert "สวัสดี" in compact and "สวั" not in compact
    assert len(compact) == len(words) and list(compact) == sorted(words)


def test_the_dictionary_is_read_only() -> None:
    """Refuse to add or remove a word of the dictionary every tokenizing call shares."""
    with pytest.raises(TypeError):
        word_dictionary().add("คำใหม่")
    with pytest.raises(TypeError):
        word_dictionary().remove("ปัญหา")
    assert "ปัญหา" in word_dictionary()


def test_tokenizing_never_builds_pythainlps_default_trie() -> None:
    """Search, term counts and chart word breaks leave pythainlp's 63 MB default trie unbuilt."""
    script = """
        from pythainlp.tokenize import word_dict_trie

        from core.charts.words import word_breaks
        from core.domain import Project
        from core.thai_text import frequent_terms, load_dictionary, search_projects

        load_dictionary()
        project = Project("1-2", "สร้างเครือข่ายในพื้นที่เขตวังทองหลาง", "เขต", 2569)
        assert search_projects("เครือข่าย", [project])
        assert frequent_terms(["โควิดระบาด", "โควิด"])
        assert word_breaks([project.name])
        assert word_dict_trie.cache_info().currsize == 0
        """
    result = run_script(script)
    assert result.returncode == 0, result.stderr
