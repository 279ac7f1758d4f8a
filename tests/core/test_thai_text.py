"""Tests for Thai word segmentation, project search, term counts and "none" answers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.domain import Project
from core.thai_text import (
    ProjectMatch,
    clean_text,
    frequent_terms,
    is_none_text,
    load_dictionary,
    search_projects,
    tokenize,
)
from tests.scripts import ROOT, run_script

WANG_THONGLANG = Project(
    code="50450000-3247",
    name="สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง",
    agency="สำนักงานเขตวังทองหลาง",
    fiscal_year=2569,
)
COUNCIL = Project(
    code="50450000-3248",
    name="อ.2/2โครงการสภากรุงเทพมหานครพบประชาชน",
    agency="สำนักงานเลขานุการสภากรุงเทพมหานคร",
    fiscal_year=2569,
)
ROAD = Project(
    code="50450000-3249",
    name="ก่อสร้างถนนในเขตบางกะปิ",
    agency="สำนักงานเขตบางกะปิ",
    fiscal_year=2569,
)
VOLUNTEERS = Project(
    code="50450000-3250",
    name="พัฒนาเครือข่ายอาสาสมัครป้องกันภัยฝ่ายพลเรือน",
    agency="สำนักป้องกันและบรรเทาสาธารณภัย",
    fiscal_year=2569,
)
PROJECTS = (WANG_THONGLANG, COUNCIL, ROAD, VOLUNTEERS)


def codes(matches: list[ProjectMatch]) -> list[str]:
    """Return the codes of matched projects in rank order."""
    return [match.project.code for match in matches]


def test_tokenize_splits_thai_words_without_whitespace() -> None:
    """Split a Thai sentence into newmm words and leave out spaces."""
    words = tokenize("สร้างเครือข่าย และการมีส่วนร่วม")
    assert words == ["สร้าง", "เครือข่าย", "และ", "การ", "มีส่วนร่วม"]


def test_tokenize_ignores_zero_width_characters() -> None:
    """Tokenise text with zero-width spaces as if they were not there."""
    assert tokenize("เครือข่าย\u200bวังทองหลาง\u200d") == ["เครือข่าย", "วังทองหลาง"]


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u00a0"])
def test_tokenize_blank_text_gives_no_words(text: str) -> None:
    """Return no words for blank or invisible-only text."""
    assert tokenize(text) == []


def test_clean_text_collapses_spaces_and_fixes_vowel_order() -> None:
    """Collapse whitespace, drop format characters and turn a doubled Sara E into Sara Ae."""
    assert clean_text("  เเก้ไข\u200b  \u00a0ถนน\n") == "แก้ไข ถนน"


def test_load_dictionary_is_idempotent() -> None:
    """Allow the warm-up to be called more than once."""
    load_dictionary()
    load_dictionary()
    assert tokenize("วังทองหลาง") == ["วังทองหลาง"]


def test_core_works_offline_without_downloads(tmp_path: Path) -> None:
    """Use only data shipped in the pythainlp wheel: no socket is opened and nothing is fetched."""
    script = """
        import socket

        def refuse(*args, **kwargs):
            raise AssertionError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from core.domain import Project
        from core.thai_numbers import parse_percent
        from core.thai_text import frequent_terms, is_none_text, load_dictionary, search_projects

        load_dictionary()
        project = Project("1-2", "สร้างเครือข่ายในพื้นที่เขตวังทองหลาง", "เขต", 2569)
        assert search_projects("เครือข่าย วังทองหลาง", [project])
        assert frequent_terms(["โควิดระบาด", "โควิด"])[0] == ("โควิด", 2)
        assert is_none_text("ไม่มี")
        assert str(parse_percent("ร้อยละสี่สิบห้าจุดห้า")) == "45.50"
        """
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHAINLP_DATA_DIR": str(tmp_path / "pythainlp-data"),
        "HOME": str(tmp_path),
    }
    result = run_script(script, env)
    assert result.returncode == 0, result.stderr
    downloaded = [p for p in (tmp_path / "pythainlp-data").rglob("*") if p.is_file()]
    assert downloaded == []


def test_search_finds_name_by_words_typed_apart() -> None:
    """Find a project by two words of its name separated by a space, best match first."""
    matches = search_projects("เครือข่าย วังทองหลาง", PROJECTS)
    assert codes(matches) == [WANG_THONGLANG.code, VOLUNTEERS.code]
    assert matches[0].score > matches[1].score
    assert matches[0].matched_words == ("เครือข่าย", "วังทองหลาง")


def test_search_finds_word_inside_a_name_without_spaces() -> None:
    """Find สภา inside a name that starts with a section number and has no spaces."""
    assert codes(search_projects("สภา", PROJECTS)) == [COUNCIL.code]


def test_search_matches_part_of_a_word() -> None:
    """Find a project when the query is only part of a word of its name."""
    matches = search_projects("วังทอง", PROJECTS)
    assert codes(matches) == [WANG_THONGLANG.code]


def test_search_whole_word_beats_part_of_a_word() -> None:
    """Rank a name holding the query as a whole word above one holding it inside a longer word."""
    whole = Project("1-1", "ปรับปรุงสภาพแวดล้อม ทอง", "เขต", 2569)
    part = Project("1-2", "ปรับปรุงร้านทองคำ", "เขต", 2569)
    matches = search_projects("ทอง", [part, whole])
    assert codes(matches) == ["1-1", "1-2"]
    assert matches[0].score > matches[1].score


def test_search_phrase_found_whole_beats_words_found_apart() -> None:
    """Rank a name containing the typed phrase above one containing its words apart."""
    apart = Project("1-1", "ปรับปรุงวังน้ำเย็นและบ่อทอง", "เขต", 2569)
    together = Project("1-2", "ปรับปรุงถนนในเขตวังทองหลาง", "เขต", 2569)
    matches = search_projects("วังทอง", [apart, together])
    assert codes(matches) == ["1-2", "1-1"]
    assert matches[0].score > matches[1].score


@pytest.mark.parametrize(
    "query",
    [
        "50450000-3249",
        "๕๐๔๕๐๐๐๐-๓๒๔๙",
        "504500003249",
        "50450000 3249",
        " 50450000–3249 ",
    ],
)
def test_search_exact_code_ranks_first(query: str) -> None:
    """Put the project whose code was typed first, with Thai digits, spaces or no dash."""
    matches = search_projects(query, PROJECTS)
    assert codes(matches)[0] == ROAD.code
    assert matches[0].code_match


def test_search_code_match_outranks_name_matches() -> None:
    """Rank a code match above any number of name matches."""
    named = Project("99999999-0001", "เครือข่ายวังทองหลาง 50450000-3249", "เขต", 2569)
    matches = search_projects("50450000-3249", [named, ROAD])
    assert codes(matches)[0] == ROAD.code


def test_search_ties_are_ordered_by_name() -> None:
    """Order equally good matches by project name."""
    matches = search_projects("เครือข่าย", PROJECTS)
    assert [m.project.name for m in matches] == sorted([VOLUNTEERS.name, WANG_THONGLANG.name])
    assert matches[0].score == matches[1].score


@pytest.mark.parametrize("query", ["", "   ", "การ", "และ ของ", "xyz", "-"])
def test_search_without_meaningful_match_finds_nothing(query: str) -> None:
    """Drop projects that score zero, including for queries made only of stop words."""
    assert search_projects(query, PROJECTS) == []


def test_search_respects_limit() -> None:
    """Return at most ``limit`` matches."""
    many = [Project(f"1-{i}", f"เครือข่ายชุมชน {i}", "เขต", 2569) for i in range(20)]
    assert len(search_projects("เครือข่าย", many)) == 8
    assert len(search_projects("เครือข่าย", many, limit=3)) == 3
    assert search_projects("เครือข่าย", many, limit=0) == []


def test_search_is_case_insensitive_for_latin_words() -> None:
    """Match Latin words regardless of case."""
    smart = Project("1-1", "พัฒนาระบบ Smart City", "สำนักยุทธศาสตร์", 2569)
    assert codes(search_projects("smart", [smart])) == ["1-1"]


def test_frequent_terms_counts_each_text_once() -> None:
    """Rank terms by how many texts mention them, so repetition inside one text adds nothing."""
    texts = [
        "ผู้รับจ้างล่าช้าเนื่องจากโควิด",
        "โควิด ระบาด ประชุมไม่ได้",
        "งบประมาณล่าช้า โควิด โควิด โควิด โควิด",
        "ฝนตก",
    ]
    terms = frequent_terms(texts)
    assert terms[0] == ("โควิด", 3)
    assert terms[1] == ("ล่าช้า", 2)
    assert dict(terms)["ฝนตก"] == 1


def test_frequent_terms_drops_noise() -> None:
    """Leave out stop words, numbers, punctuation, single characters and none answers."""
    texts = ["ไม่มี", "-", "ไม่มี.", "และ ของ 45 19 % , ก", "", "โควิด-19 ระบาด 2 ครั้ง"]
    terms = dict(frequent_terms(texts))
    assert "ไม่มี" not in terms
    assert "-" not in terms
    assert "และ" not in terms
    assert "45" not in terms
    assert "19" not in terms
    assert "ก" not in terms
    assert terms["โควิด"] == 1


def test_frequent_terms_breaks_ties_by_term_and_honours_limit() -> None:
    """Order terms with equal counts alphabetically and cut the list at ``limit``."""
    texts = ["ถนน น้ำท่วม", "น้ำท่วม ถนน", "โรงเรียน"]
    assert frequent_terms(texts, limit=2) == [("ถนน", 2), ("น้ำท่วม", 2)]
    assert frequent_terms(texts, limit=0) == []


def test_frequent_terms_merges_latin_case() -> None:
    """Count English words regardless of case."""
    assert frequent_terms(["COVID ระบาด", "covid"])[0] == ("covid", 2)


def test_frequent_terms_of_no_texts_is_empty() -> None:
    """Return nothing when there is nothing to count."""
    assert frequent_terms([]) == []


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "\u200b",
        "-",
        "--",
        ".",
        "ไม่มี",
        "ไม่มี.",
        " ไม่มี ",
        "- ไม่มี -",
        "(ไม่มี)",
        "ไม่มีครับ",
        "ไม่มี ค่ะ",
        "ไม่มีปัญหา",
        "ไม่มีปัญหาอุปสรรค",
        "ไม่มีปัญหาและอุปสรรคค่ะ",
        "None",
        "n/a",
        "-\u00a0",
    ],
)
def test_is_none_text_recognises_none_answers(text: str | None) -> None:
    """Treat empty, dash and ไม่มี-style answers as no problem reported."""
    assert is_none_text(text)


@pytest.mark.parametrize(
    "text",
    ["ไม่มีงบประมาณ", "งบประมาณล่าช้า", "ผู้รับจ้างไม่มีเครื่องจักร", "ฝนตก", "0"],
)
def test_is_none_text_keeps_real_problems(text: str) -> None:
    """Keep answers that describe a problem, even one that starts with ไม่มี (no budget)."""
    assert not is_none_text(text)
