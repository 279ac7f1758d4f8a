"""Tests for parsing KPI detail pages and attaching them to project pages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.bma import (
    KpiDetail,
    KpiQuarter,
    PageParseError,
    ProjectRef,
    attach_kpi_detail,
    parse_kpi_page,
    parse_project_page,
)
from tests.core.bma import DATA_DIR, KPI_SAMPLES_DIR, read_sample

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
DETAIL_TEXT = (DATA_DIR / "kpi-5045-861.txt").read_text(encoding="utf-8")
PROJECT_LINE = "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง : 50450000-3247"


def detail() -> KpiDetail:
    """Parse the KPI 5045-861 detail page."""
    return parse_kpi_page(DETAIL_TEXT)


def kpi_error(text: str) -> PageParseError:
    """Parse a KPI detail page that must fail and return the error."""
    with pytest.raises(PageParseError) as caught:
        parse_kpi_page(text)
    return caught.value


def kpi_reported(text: str) -> PageParseError:
    """Return the first part a flawed detail page reports: skipped, or why it is refused."""
    try:
        page = parse_kpi_page(text)
    except PageParseError as error:
        return error
    assert page.skipped, "the flawed page reported nothing"
    return page.skipped[0]


def line_of(text: str, start: str) -> int:
    """Return the 1-based number of the first line starting with start."""
    return next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(start))


def test_detail_header() -> None:
    """Check code, name, target, achieved, type, level, agency and year."""
    kpi = detail().kpi
    assert detail().code == kpi.code == "5045-861"
    assert kpi.name == "ระดับความสำเร็จของการสร้างเครือข่ายประชาสังคมเพื่อร่วมผลักดันการพัฒนาพื้นที่"
    assert (kpi.unit, kpi.target, kpi.achieved) == ("ระดับ", Decimal(5), Decimal(5))
    assert kpi.kpi_type == "ตัวชี้วัดเชิงยุทธศาสตร์"
    assert kpi.level == "ตัวชี้วัดระดับผลลัพธ์ (outcome)"
    assert (detail().agency, detail().fiscal_year) == ("สำนักงานเขตวังทองหลาง", 2564)


def test_detail_sections() -> None:
    """Check definition, calculation, sources, strategy, reports and projects."""
    page = detail()
    assert page.definition is not None and page.definition.startswith("เครือข่ายประชาสังคม หมายถึง")
    assert page.calculation is not None and len(page.calculation.splitlines()) == 5
    assert page.calculation.splitlines()[4].startswith("ระดับ 5 ")
    assert page.sources is not None and len(page.sources.splitlines()) == 2
    assert page.strategy[2] == "**** ภารกิจงานประจำของหน่วยงาน ****%"
    assert [r.quarter for r in page.reports] == [1, 2, 3, 4]
    assert page.reports[2].text.endswith(
        "2019 (COVID-19)\nเลื่อนการจัดกิจกรรมออกไปจนกว่าสถานการณ์จะคลี่คลาย"
    )
    assert page.projects == (
        ProjectRef("สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง", "50450000-3247"),
    )


def test_detail_quarters() -> None:
    """Check the quarterly table of the detail page."""
    assert detail().kpi.quarters[3] == KpiQuarter(4, Decimal("5.00"), (Decimal(100), Decimal(100)))
    assert len(detail().kpi.quarters) == 4


def test_detail_agrees_with_project_page() -> None:
    """Check the detail page's KPI equals the KPI summarised on its project page."""
    page = parse_project_page(read_sample("50450000-3247"))
    assert detail().kpi == page.kpis[0]


def test_attach_kpi_detail() -> None:
    """Check attach_kpi_detail sets the detail on the KPI with the same code only."""
    page = parse_project_page(read_sample("50450000-3247"))
    attached = attach_kpi_detail(page, detail())
    assert attached.kpis[0].detail == detail()
    assert replace(attached.kpis[0], detail=None) == page.kpis[0]
    assert replace(attached, kpis=page.kpis) == page
    assert page.kpis[0].detail is None  # the original page is untouched


def test_attach_to_the_wrong_project() -> None:
    """Check attaching a detail to a page without that KPI raises ValueError."""
    page = parse_project_page(read_sample("50080000-2982"))
    with pytest.raises(ValueError, match="5045-861"):
        attach_kpi_detail(page, detail())


def test_calculation_formula_heading() -> None:
    """Check สูตรการคำนวณ is accepted in place of วิธีการคำนวณ."""
    page = parse_kpi_page(DETAIL_TEXT.replace("\nวิธีการคำนวณ\n", "\nสูตรการคำนวณ\n"))
    assert page.calculation == detail().calculation


def test_optional_sections_may_be_missing() -> None:
    """Check a detail page with only its header parses with empty optional parts."""
    text = "รายละเอียดเกี่ยวกับตัวชี้วัด : 5045-861\nตัวชี้วัด : ชื่อ\nค่าเป้าหมาย ร้อยละ : 80"
    page = parse_kpi_page(text)
    assert (page.code, page.kpi.name, page.kpi.unit, page.kpi.target) == (
        "5045-861",
        "ชื่อ",
        "ร้อยละ",
        Decimal(80),
    )
    assert page.kpi.achieved is None
    assert (page.definition, page.calculation, page.sources, page.agency) == (None,) * 4
    assert (page.strategy, page.reports, page.projects, page.kpi.quarters) == ((), (), (), ())


def test_thai_digits_in_detail_page() -> None:
    """Check a detail page written with Thai digits gives the same numbers and codes."""
    thai = parse_kpi_page(DETAIL_TEXT.translate(TO_THAI))
    assert replace(thai.kpi, name="") == replace(detail().kpi, name="")
    assert thai.fiscal_year == 2564
    assert thai.projects[0].code == "50450000-3247"
    assert [r.quarter for r in thai.reports] == [1, 2, 3, 4]


def test_blank_lines_do_not_matter_in_detail_page() -> None:
    """Check removing blank lines keeps the parsed detail page the same."""
    compact = "\n".join(row for row in DETAIL_TEXT.splitlines() if row.strip())
    assert parse_kpi_page(compact) == detail()


@pytest.mark.parametrize("text", ["", "\n  \n"])
def test_empty_detail_page(text: str) -> None:
    """Check an empty detail page fails as part "page" without a line."""
    error = kpi_error(text)
    assert (error.part, error.line) == ("page", None)


def test_garbage_and_project_page_are_not_detail_pages() -> None:
    """Check garbage and a project page fail as part "page" on their first line."""
    assert (kpi_error("hello\nworld").part, kpi_error("hello\nworld").line) == ("page", 1)
    error = kpi_error(read_sample("50450000-3247"))
    assert (error.part, error.line) == ("page", 1)


def test_detail_page_errors() -> None:
    """Check malformed detail pages name the failing or skipped part and its line."""
    no_code = DETAIL_TEXT.replace("รายละเอียดเกี่ยวกับตัวชี้วัด : 5045-861\n", "")
    assert (kpi_error(no_code).part, kpi_error(no_code).line) == ("header", 6)
    no_name = DETAIL_TEXT.replace("ตัวชี้วัด : ระดับ", "ชื่อ : ระดับ", 1)
    assert (kpi_error(no_name).part, kpi_error(no_name).line) == ("header", 5)
    name_line = line_of(DETAIL_TEXT, "ตัวชี้วัด : ")
    nameless = "\n".join(r for i, r in enumerate(DETAIL_TEXT.splitlines(), 1) if i != name_line)
    assert (kpi_error(nameless).part, kpi_error(nameless).line) == ("header", 5)
    bad_row = DETAIL_TEXT.replace("4\n5.00\n\n100 / 100", "4\nห้า\n\n100 / 100")
    assert (kpi_reported(bad_row).part, kpi_reported(bad_row).line) == ("quarters", 64)
    bad_project = DETAIL_TEXT.replace(PROJECT_LINE, "โครงการไม่มีรหัส")
    error = kpi_reported(bad_project)
    assert (error.part, error.line) == ("projects", line_of(DETAIL_TEXT, PROJECT_LINE))
    bad_report = DETAIL_TEXT.replace("ไตรมาสที่ 1 : ", "ไตรมาส 1 - ")
    error = kpi_reported(bad_report)
    assert (error.part, error.line) == ("reports", line_of(bad_report, "ไตรมาส 1 - "))
    twice = DETAIL_TEXT.replace("\nแหล่งข้อมูล\n", "\nนิยาม\n")
    assert (kpi_reported(twice).part, kpi_reported(twice).line) == (
        "definition",
        line_of(DETAIL_TEXT, "แหล่งข้อมูล"),
    )


REAL_KPI = (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_text(encoding="utf-8")


def test_real_kpi_page_header() -> None:
    """The real KPI page gives its code and name from the 'NAME : CODE' line, target and result."""
    page = parse_kpi_page(REAL_KPI)
    kpi = page.kpi
    assert (kpi.code, kpi.name) == (
        "2100-1040",
        "ร้อยละของชุมชนในพื้นที่กรุงเทพมหานครมีการจัดทำแผนพัฒนาชุมชน",
    )
    assert (kpi.unit, kpi.target, kpi.achieved) == ("ร้อยละ", Decimal(75), Decimal(20))
    assert kpi.kpi_type == "ตัวชี้วัดเชิงยุทธศาสตร์"
    assert kpi.level == "(ตัวชี้วัดระดับผลผลิต (output))"
    assert page.assessment == "ไตรมาสที่ 4 : 0.0000"
    assert (page.agency, page.fiscal_year) == (None, None)  # the real page names neither
    assert page.skipped == ()


def test_real_kpi_page_quarters_and_reports() -> None:
    """Quarterly results with their score column, and the reports under their own headings."""
    page = parse_kpi_page(REAL_KPI)
    assert [(q.quarter, q.result, q.score, q.evaluation) for q in page.kpi.quarters][:2] == [
        (1, Decimal("20.00"), Decimal(0), (Decimal(0), Decimal(0))),
        (2, Decimal("0.00"), Decimal(0), (Decimal(0), Decimal(0))),
    ]
    assert len(page.kpi.quarters) == 4
    [report] = page.reports  # quarters 2-4 say "-": nothing reported
    assert report.quarter == 1 and report.text.startswith("วันที่ 11 ตุลาคม 2562 ประชุมหารือ")


def test_real_kpi_page_sections() -> None:
    """Definition, calculation, sources and strategy come from the real page's long headings."""
    page = parse_kpi_page(REAL_KPI)
    assert page.definition is not None and page.definition.startswith("ชุมชนในพื้นที่กรุงเทพมหานคร")
    assert page.calculation is not None and page.calculation.startswith("ผลการดำเนินงานต้องมี 2")
    assert page.sources is not None and page.sources.startswith("1. แผนพัฒนาชุมชน")
    assert len(page.strategy) == 4 and page.strategy[0].startswith(":ด้านที่ ๕")
    assert page.projects == ()  # the list of supporting projects is empty on this page


def test_real_kpi_page_damaged_parts_are_skipped() -> None:
    """A bad target or quarter row is reported with its line; name and code still import."""
    bad = REAL_KPI.replace("ค่าเป้าหมาย ร้อยละ : 75.0000", "ค่าเป้าหมาย ร้อยละ : เจ็ดสิบห้า")
    page = parse_kpi_page(bad)
    assert page.code == "2100-1040"
    assert [(s.part, s.line) for s in page.skipped] == [("header", 7)]
    rows = REAL_KPI.replace("4\n0.00\n0.0000\n0 / 0", "4\n0.00\n0.0000\nศูนย์")
    assert [(s.part, s.line) for s in parse_kpi_page(rows).skipped] == [("quarters", 43)]
    nameless = REAL_KPI.replace(" : 2100-1040", "")
    assert kpi_error(nameless).part == "header"
