"""Tests for parsing project pages exported from the BMA project-monitor system."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.bma import (
    PageParseError,
    ProgressEntry,
    ProjectPage,
    parse_project_page,
    render_project_page,
)
from core.domain import PlanStep
from tests.core.bma import read_sample, sample_paths

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# file name -> (entries, plan steps, KPIs, quarterly rows of each KPI)
EXPECTED_COUNTS = {
    "project-01000000-2462.txt": (12, 10, 1, (4,)),
    "project-50080000-2982.txt": (6, 3, 1, (4,)),
    "project-50450000-3247.txt": (12, 6, 1, (4,)),
}


def page_of(code: str) -> ProjectPage:
    """Parse the sample page of a project."""
    return parse_project_page(read_sample(code))


def without_line(text: str, line: int) -> str:
    """Return text with the given 1-based line removed."""
    rows = text.splitlines()
    return "\n".join(rows[: line - 1] + rows[line:])


def first_lines(text: str, count: int) -> str:
    """Return the first count lines of text, as if the page was cut there."""
    return "\n".join(text.splitlines()[:count])


def parse_error(text: str) -> PageParseError:
    """Parse text that must fail and return the error."""
    with pytest.raises(PageParseError) as caught:
        parse_project_page(text)
    return caught.value


def reported(text: str) -> PageParseError:
    """Return the first part a flawed page reports: skipped, or the reason it is refused."""
    try:
        page = parse_project_page(text)
    except PageParseError as error:
        return error
    assert page.skipped, "the flawed page reported nothing"
    return page.skipped[0]


def test_all_samples_are_present() -> None:
    """The sample directory in the repository holds exactly the three known pages."""
    assert [p.name for p in sample_paths()] == sorted(EXPECTED_COUNTS)


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_sample_counts(path: Path) -> None:
    """Check each sample yields the exact number of entries, plan steps and KPI rows."""
    page = parse_project_page(path.read_text(encoding="utf-8"))
    entries, steps, kpis, rows = EXPECTED_COUNTS[path.name]
    assert len(page.entries) == entries
    assert [e.number for e in page.entries] == list(range(1, entries + 1))
    assert len(page.plan_steps) == steps
    assert [s.order for s in page.plan_steps] == list(range(1, steps + 1))
    assert len(page.kpis) == kpis
    assert tuple(len(k.quarters) for k in page.kpis) == rows


def test_header_of_3247() -> None:
    """Check the header, text sections and strategy lines of project 50450000-3247."""
    page = page_of("50450000-3247")
    assert page.code == "50450000-3247"
    assert page.name == "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง"
    assert page.agency == "สำนักงานเขตวังทองหลาง"
    assert page.fiscal_year == 2564
    assert page.percent == Decimal(100)
    assert page.responsible == "นางอรวรรณ ขุมบางลี่"
    assert page.phone is None
    assert page.assessment == "ไตรมาสที่ 1 100"
    assert page.rationale.startswith("การสร้างเครือข่ายภาคประชาสังคมในพื้นที่เขตวังทองหลาง")
    assert page.rationale.endswith("เป็นต้น")
    assert page.budget_code == "50451000/50451000"
    assert page.objectives.startswith("1. เพื่อสนับสนุนการสร้างเครือข่ายประชาสังคม")
    assert page.targets is not None and page.targets.endswith("อย่างน้อย 1 แผนงาน")
    assert page.strategy == (
        "**** ภารกิจงานประจำของหน่วยงาน ****",
        "**** ภารกิจงานประจำของหน่วยงาน ****",
        "**** ภารกิจงานประจำของหน่วยงาน ****%",
        "**** ภารกิจงานประจำของหน่วยงาน ****",
    )


def test_name_prefix_and_dash_targets_of_2462() -> None:
    """Check a name with an "อ.2/2" prefix and a "-" target meaning none."""
    page = page_of("01000000-2462")
    assert page.name == "อ.2/2โครงการสภากรุงเทพมหานครพบประชาชน"
    assert page.code == "01000000-2462"
    assert page.agency == "สํานักงานเลขานุการสภากรุงเทพมหานคร"
    assert page.targets_text == "-"
    assert page.targets is None


def test_phone_and_project_of_2982() -> None:
    """Check the phone split from the responsible line and the domain Project."""
    page = page_of("50080000-2982")
    assert page.responsible == "นางน้ำทิพย์ ทองเดชศรี โทร 6484"
    assert page.phone == "6484"
    assert page.responsible_name == "นางน้ำทิพย์ ทองเดชศรี"
    assert page.percent == Decimal("100.00")
    assert page.fiscal_year == 2563
    assert page.strategy[2].endswith("ตามแผนพัฒนากรุงเทพ%")
    project = page.to_project()
    assert (project.code, project.fiscal_year, project.phone) == ("50080000-2982", 2563, "6484")
    assert project.responsible == "นางน้ำทิพย์ ทองเดชศรี"
    assert project.division is None
    assert project.plan_steps == page.plan_steps


def test_division_line_goes_to_division() -> None:
    """Check a responsible line naming a division fills Project.division."""
    page = replace(page_of("50080000-2982"), responsible="ฝ่ายพัฒนาชุมชนฯ โทร. ๐ ๒๒๔๖ ๑๒๓๔")
    project = page.to_project()
    assert project.division == "ฝ่ายพัฒนาชุมชนฯ"
    assert project.responsible is None
    assert project.phone == "0 2246 1234"


@pytest.mark.parametrize(
    ("line", "name", "phone"),
    [
        ("นางน้ำทิพย์ ทองเดชศรี โทร 6484", "นางน้ำทิพย์ ทองเดชศรี", "6484"),
        ("นางน้ำทิพย์ ทองเดชศรี (โทร. 6822-3 )", "นางน้ำทิพย์ ทองเดชศรี", "6822-3"),
        ("นางน้ำทิพย์ ทองเดชศรี (3027)", "นางน้ำทิพย์ ทองเดชศรี", "3027"),
        ("นางน้ำทิพย์ ทองเดชศรี 024644392", "นางน้ำทิพย์ ทองเดชศรี", "024644392"),
        ("นางน้ำทิพย์ ทองเดชศรี (โทร. ๖๘๒๒-๓ )", "นางน้ำทิพย์ ทองเดชศรี", "6822-3"),
        ("นางสุดา", "นางสุดา", None),
    ],
)
def test_phone_in_every_form_of_the_pages(line: str, name: str, phone: str | None) -> None:
    """Check the person and phone are split in every form the real pages write them."""
    page = replace(page_of("50080000-2982"), responsible=line)
    assert (page.responsible_name, page.phone) == (name, phone)
    assert (page.to_project().responsible, page.to_project().phone) == (name, phone)
    # Written back in the page's form, the line is read the same again.
    assert parse_project_page(render_project_page(page)).responsible == line


@pytest.mark.parametrize(
    ("code", "first", "last"),
    [
        ("01000000-2462", ("100.00", date(2021, 9, 22)), ("5.00", date(2020, 10, 22))),
        ("50080000-2982", ("100.00", date(2020, 9, 21)), ("50.00", date(2020, 4, 30))),
        ("50450000-3247", ("100.00", date(2021, 9, 20)), ("10.00", date(2020, 10, 27))),
    ],
)
def test_first_and_last_entries(code: str, first: tuple[str, date], last: tuple[str, date]) -> None:
    """Check the percent and ISO date of the first and last entry of each sample."""
    entries = page_of(code).entries
    for entry, (percent, day) in ((entries[0], first), (entries[-1], last)):
        assert entry.percent == Decimal(percent)
        assert str(entry.percent) == percent
        assert entry.reported_on == day


@pytest.mark.parametrize(
    ("code", "number", "expected"),
    [
        ("50450000-3247", 1, date(2021, 9, 20)),  # 20/09/2564
        ("50450000-3247", 8, None),  # no leading date
        ("50450000-3247", 9, date(2021, 1, 25)),  # 25/1/2021
        ("50450000-3247", 10, date(2020, 12, 29)),  # 12/29/2020
        ("50080000-2982", 3, date(2020, 7, 29)),  # 29/7/2563
        ("01000000-2462", 12, date(2020, 10, 22)),  # 22/10/2563
    ],
)
def test_leading_dates_in_samples(code: str, number: int, expected: date | None) -> None:
    """Check the date typed at the start of sample descriptions is understood."""
    entry = page_of(code).entries[number - 1]
    assert entry.number == number
    assert entry.leading_date == expected


def test_description_kept_exactly() -> None:
    """Check descriptions keep their leading date while body drops it."""
    entries = page_of("50450000-3247").entries
    assert entries[11].description == "27/10/2563 : อยู่ระหว่างขั้นตอน...ขออนุมัติโครงการ"
    assert entries[11].body == "อยู่ระหว่างขั้นตอน...ขออนุมัติโครงการ"
    assert entries[7].description.startswith("งดการประชุมเนื่องจาก")
    assert entries[7].body == entries[7].description


def test_covid_problem_text_of_2462_entry_1() -> None:
    """Check the problems text of entry 1 of project 01000000-2462."""
    entry = page_of("01000000-2462").entries[0]
    assert entry.problems == (
        "เนื่องจากสถานการณ์การแพร่ระบาดของเชื้อไวรัสโควิด 19 จึงไม่สามารถจัดโครงการตามที่กำหนดได้"
    )
    assert entry.obstacles is None
    assert entry.obstacles_text == "ไม่มี"


def test_dash_means_no_problems_in_2462_entry_12() -> None:
    """Check "-" problems and obstacles mean none but are kept as written."""
    entry = page_of("01000000-2462").entries[11]
    assert (entry.problems, entry.obstacles) == (None, None)
    assert (entry.problems_text, entry.obstacles_text) == ("-", "-")


def test_plan_steps() -> None:
    """Check plan steps with and without a time part on their dates."""
    short = page_of("50080000-2982")
    assert short.plan_steps[0] == PlanStep(
        1, "จัดทำโครงการตามการอนุมัติเงินงวด", Decimal(20), date(2020, 2, 10), date(2020, 2, 10)
    )
    assert short.plan_steps[2].end == date(2020, 9, 30)
    assert short.plan_times is False
    timed = page_of("50450000-3247")
    assert timed.plan_times is True
    assert timed.plan_steps[5] == PlanStep(
        6, "ดำเนินการตามแผนงานที่คัดเลือก", Decimal(50), date(2020, 10, 1), date(2020, 10, 1)
    )
    assert sum(s.weight for s in page_of("01000000-2462").plan_steps) == 100


def test_kpi_blocks() -> None:
    """Check KPI code, name, unit, target, achieved, type, level and quarterly rows."""
    kpi = page_of("50450000-3247").kpis[0]
    assert kpi.code == "5045-861"
    assert kpi.name.startswith("ระดับความสำเร็จของการสร้างเครือข่ายประชาสังคม")
    assert (kpi.unit, kpi.target, kpi.achieved) == ("ระดับ", Decimal(5), Decimal(5))
    assert kpi.kpi_type == "ตัวชี้วัดเชิงยุทธศาสตร์"
    assert kpi.level == "ตัวชี้วัดระดับผลลัพธ์ (outcome)"
    assert [(q.quarter, q.result) for q in kpi.quarters] == [
        (1, Decimal("1.00")),
        (2, Decimal("1.00")),
        (3, Decimal("1.00")),
        (4, Decimal("5.00")),
    ]
    assert kpi.quarters[0].evaluation == (Decimal(100), Decimal(100))
    other = page_of("01000000-2462").kpis[0]
    assert other.name.startswith("อ.2/2ระดับความสำเร็จ")
    assert other.achieved == Decimal(3)
    assert other.level == "ตัวชี้วัดระดับผลผลิต (output)"
    assert other.quarters[2].evaluation == (Decimal(0), Decimal(0))
    percent = page_of("50080000-2982").kpis[0]
    assert (percent.code, percent.unit) == ("5008-0791", "ร้อยละ")
    assert str(percent.target) == "100.0000"
    assert percent.kpi_type == "ตัวชี้วัดงานประจำ"


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_blank_lines_do_not_matter(path: Path) -> None:
    """Check removing or doubling blank lines (and CRLF) gives the same page."""
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines()
    page = parse_project_page(text)
    assert parse_project_page("\n".join(r for r in rows if r.strip())) == page
    assert parse_project_page("\n\n".join(rows)) == page
    assert parse_project_page("\ufeff" + "\r\n".join(f"{r}  " for r in rows)) == page


def numbers_of(page: ProjectPage) -> tuple[object, ...]:
    """Return every parsed number and date of a page, leaving free text out."""
    return (
        page.code,
        page.fiscal_year,
        page.percent,
        page.budget_code,
        [(e.number, e.percent, e.reported_on, e.leading_date) for e in page.entries],
        [(s.order, s.weight, s.start, s.end) for s in page.plan_steps],
        [replace(k, name="") for k in page.kpis],
    )


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_thai_digits_everywhere(path: Path) -> None:
    """Check a page written entirely with Thai digits parses to the same numbers."""
    text = path.read_text(encoding="utf-8")
    thai = parse_project_page(text.translate(TO_THAI))
    assert numbers_of(thai) == numbers_of(parse_project_page(text))
    assert thai.entries[0].description[:2] in {"๒๐", "๒๒", "๒๑"}  # free text kept as written


def test_thai_digits_in_one_entry() -> None:
    """Check Thai digits in an entry title, percent line and leading date."""
    text = read_sample("50450000-3247").replace(
        "(2) ความคืบหน้าโครงการฯ ร้อยละ 92.00 (2021-08-31)\n\n92.00\n\n31/08/2564 :",
        "(๒) ความคืบหน้าโครงการฯ ร้อยละ ๙๒.๕๐ (๒๐๒๑-๐๘-๓๑)\n\n๙๒.๕\n\n๓๑/๘/๒๕๖๔ :",
    )
    entry = parse_project_page(text).entries[1]
    assert (entry.number, entry.percent, entry.reported_on) == (
        2,
        Decimal("92.50"),
        date(2021, 8, 31),
    )
    assert entry.leading_date == date(2021, 8, 31)
    assert entry.description.startswith("๓๑/๘/๒๕๖๔ : งดจัดกิจกรรม")


@pytest.mark.parametrize(
    ("description", "near", "expected"),
    [
        ("20/09/2564 : x", date(2021, 9, 20), date(2021, 9, 20)),
        ("29/7/2563 : x", date(2020, 7, 29), date(2020, 7, 29)),
        ("25/1/2021 : x", date(2021, 1, 25), date(2021, 1, 25)),
        ("12/29/2020 : x", date(2020, 12, 29), date(2020, 12, 29)),
        ("๒๑/๑๑/๒๕๖๙ : x", date(2026, 11, 21), date(2026, 11, 21)),
        ("05/06/2564 : x", date(2021, 6, 5), date(2021, 6, 5)),  # day/month is closer
        ("05/06/2564 : x", date(2021, 5, 7), date(2021, 5, 6)),  # month/day is closer
        ("3/4/2021 x", date(2021, 4, 3), date(2021, 4, 3)),
        ("31/31/2564 : x", date(2021, 1, 1), None),
        ("ครั้งที่ 1/2564", date(2021, 1, 1), None),
        ("20/09/2564x", date(2021, 9, 20), None),
    ],
)
def test_leading_date_forms(description: str, near: date, expected: date | None) -> None:
    """Check leading dates in BE/CE and day/month or month/day order."""
    entry = ProgressEntry(1, Decimal("1.00"), near, description)
    assert entry.leading_date == expected
    if expected is not None:
        assert entry.body == "x"


def test_multiline_description_problems_and_obstacles() -> None:
    """Check multi-line descriptions, problems and obstacles keep their newlines."""
    text = read_sample("50450000-3247").replace(
        "** ปัญหาของโครงการ :ไม่มี\n\n** อุปสรรคของโครงการ :ไม่มี\n\n------------------&&&"
        "--------------------\n\n(2)",
        "บรรทัดที่สอง\n\n  บรรทัดที่สาม\n\n** ปัญหาของโครงการ :ปัญหา ก\nปัญหา ข\n\n"
        "** อุปสรรคของโครงการ :\nอุปสรรค ก\n\n------------------&&&--------------------\n\n(2)",
        1,
    )
    entry = parse_project_page(text).entries[0]
    assert entry.description.endswith("ตนเองได้\n\nบรรทัดที่สอง\n\n  บรรทัดที่สาม")
    assert entry.problems == "ปัญหา ก\nปัญหา ข"
    assert entry.obstacles == "อุปสรรค ก"


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.stem)
def test_every_cut_of_a_sample_is_reported(path: Path) -> None:
    """Check a page cut after any line is refused or reports a part inside the text."""
    rows = path.read_text(encoding="utf-8").splitlines()
    for count in range(1, len(rows)):
        error = reported("\n".join(rows[:count]))
        assert error.line is not None and 1 <= error.line <= count, (count, error)


@pytest.mark.parametrize(
    ("count", "part", "line"),
    [
        (8, "header", 8),  # refused: no percent and nothing after it
        (22, "objectives", 22),
        (47, "progress entry 1", 47),  # description without problems/obstacles
        (49, "progress entry 1", 49),  # problems without obstacles
        (51, "progress entry 1", 51),  # no separator
        (185, "plan", 185),  # after the last entry, no plan
        (196, "plan step 2", 196),  # weight without dates
        (197, "plan step 2", 197),  # start date without end date
        (218, "kpi", 218),  # after the last step, no KPI section
        (250, "kpi", 250),  # quarterly table cut after quarter 2: no footer
        (258, "kpi", 258),  # no footer
    ],
)
def test_cut_points(count: int, part: str, line: int) -> None:
    """Check a page cut at chosen lines names the unfinished part and the last line."""
    error = reported(first_lines(read_sample("50450000-3247"), count))
    assert (error.part, error.line) == (part, line)


@pytest.mark.parametrize(
    ("removed", "part", "line"),
    [
        (6, "header", 7),  # the NAME : CODE line
        (10, "header", 12),  # both percent lines gone
        (61, "progress entry 2", 62),  # problems line
        (63, "progress entry 2", 64),  # obstacles line
        (195, "plan step 2", 195),  # step description
        (196, "plan step 2", 196),  # step weight
        (198, "plan step 2", 198),  # end date
        (187, "progress entry 13", 188),  # plan heading
        (228, "kpi 1", 226),  # KPI name
    ],
)
def test_missing_lines(removed: int, part: str, line: int) -> None:
    """Check a page missing one line in the middle names the part and the line."""
    text = read_sample("50450000-3247")
    if removed == 10:
        text = without_line(text, 12)
    error = reported(without_line(text, removed))
    assert (error.part, error.line) == (part, line)


def test_code_missing_from_code_line() -> None:
    """Check a name line without its code fails in the header on that line."""
    text = read_sample("50450000-3247").replace(" : 50450000-3247\n", "\n", 1)
    error = parse_error(text)
    assert (error.part, error.line) == ("header", 6)


@pytest.mark.parametrize(
    "text",
    [
        "lorem ipsum dolor sit amet\nconsectetur",
        "\n\n  สวัสดีครับ ส่งรายงานเดือนนี้ครับ",
        '{"code": "50450000-3247", "percent": 45}',
        "รายละเอียดตัวชี้วัด\n\nรายละเอียดเกี่ยวกับตัวชี้วัด : 5045-861",
    ],
)
def test_garbage_is_not_a_page(text: str) -> None:
    """Check text that is not a project page fails as part "page" on its first line."""
    error = parse_error(text)
    assert error.part == "page"
    assert error.line == next(i for i, r in enumerate(text.splitlines(), 1) if r.strip())


@pytest.mark.parametrize("text", ["", "   \n\n \t\n"])
def test_empty_page(text: str) -> None:
    """Check an empty page fails as part "page" with no line."""
    error = parse_error(text)
    assert (error.part, error.line) == ("page", None)


@pytest.mark.parametrize(
    ("old", "new", "part", "line"),
    [
        ("ร้อยละ 92.00 (2021-08-31)", "ร้อยละ 9x.00 (2021-08-31)", "progress entry 2", 55),
        ("ร้อยละ 92.00 (2021-08-31)", "ร้อยละ 120.00 (2021-08-31)", "progress entry 2", 55),
        ("ร้อยละ 92.00 (2021-08-31)", "ร้อยละ 92.00 (2021-02-30)", "progress entry 2", 55),
        ("ร้อยละ 92.00 (2021-08-31)", "ร้อยละ 92.00", "progress entry 2", 55),
        ("\n92.00\n", "\n93.00\n", "progress entry 2", 57),
        (":2020-10-01 00:00:00\nสิ้นสุด", ":2020-13-01 00:00:00\nสิ้นสุด", "plan step 1", 192),
        (":10%", ":ten%", "plan step 1", 191),
        ("(2564)", "(25x4)", "header", 8),
        ("\n100\n", "\n100.5x\n", "header", 10),
        ("ร้อยละ 100\n", "ร้อยละ 99\n", "header", 12),
        ("\n1\n1.00\n", "\n1\n1.x0\n", "kpi 1", 244),
        ("ค่าเป้าหมาย ระดับ : 5", "ค่าเป้าหมาย ระดับ : ห้า", "kpi 1", 230),
        ("4\n5.00\n\n100 / 100", "4\n5.00\n\n100 / x", "kpi 1", 258),
        ("4\n5.00\n\n100 / 100", "9\n5.00\n\n100 / 100", "kpi 1", 255),
    ],
)
def test_bad_values(old: str, new: str, part: str, line: int) -> None:
    """Check bad percents, dates and numbers name the part and their own line."""
    text = read_sample("50450000-3247")
    assert old in text
    error = reported(text.replace(old, new, 1))
    assert (error.part, error.line) == (part, line)


def test_error_fields() -> None:
    """Check PageParseError exposes part, section, index, line and a readable message."""
    error = PageParseError("progress entry 3", 42, "page ends before the problems line")
    assert (error.part, error.section, error.index, error.line) == (
        "progress entry 3",
        "progress entry",
        3,
        42,
    )
    assert str(error) == "progress entry 3 (line 42): page ends before the problems line"
    assert isinstance(error, ValueError)
    assert (PageParseError("page", None, "empty").section, PageParseError("kpi", 1, "x").index) == (
        "page",
        None,
    )


def test_page_without_agency_line_reads_the_rest() -> None:
    """A page that lost its agency line has no agency or year and keeps every other part."""
    real = read_sample("50450000-3247")
    page = parse_project_page(real.replace("สำนักงานเขตวังทองหลาง : (2564)\n", "", 1))
    assert (page.agency, page.fiscal_year, page.skipped) == (None, None, ())
    full = parse_project_page(real)
    assert replace(page, agency=full.agency, fiscal_year=full.fiscal_year) == full
    with pytest.raises(ValueError, match="no agency line"):
        page.to_project()
