"""Tests for parsing KPI detail pages and attaching them to project pages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.bma import (
    KpiDetail,
    PageParseError,
    ProjectRef,
    attach_kpi_detail,
    parse_kpi_page,
    parse_project_page,
)
from tests.core.bma import KPI_SAMPLES_DIR, read_sample

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
REAL_KPI = (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_text(encoding="utf-8")
PROJECT_LINE = "สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง : 50450000-3247"


def detail() -> KpiDetail:
    """Parse the real KPI 2100-1040 detail page."""
    return parse_kpi_page(REAL_KPI)


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


def test_attach_kpi_detail() -> None:
    """Check attach_kpi_detail sets the detail on the KPI with the same code only."""
    page = parse_project_page(read_sample("50450000-3247"))
    # The real page, as if it were the detail page of the KPI this project names.
    named = parse_kpi_page(REAL_KPI.replace(" : 2100-1040", " : 5045-861"))
    attached = attach_kpi_detail(page, named)
    assert attached.kpis[0].detail == named
    assert replace(attached.kpis[0], detail=None) == page.kpis[0]
    assert replace(attached, kpis=page.kpis) == page
    assert page.kpis[0].detail is None  # the original page is untouched


def test_attach_to_the_wrong_project() -> None:
    """Check attaching a detail to a page without that KPI raises ValueError."""
    page = parse_project_page(read_sample("50450000-3247"))
    with pytest.raises(ValueError, match="2100-1040"):
        attach_kpi_detail(page, detail())


def test_optional_sections_may_be_missing() -> None:
    """Check the real page cut after its header parses with empty optional parts."""
    header = "\n".join(REAL_KPI.splitlines()[:12])
    page = parse_kpi_page(header)
    assert page.kpi == replace(detail().kpi, quarters=())
    assert (page.definition, page.calculation, page.sources, page.assessment) == (None,) * 4
    assert (page.strategy, page.reports, page.projects) == ((), (), ())
    assert page.skipped == ()


def test_thai_digits_in_detail_page() -> None:
    """Check the real page written with Thai digits gives the same numbers and code."""
    thai = parse_kpi_page(REAL_KPI.translate(TO_THAI))
    assert replace(thai.kpi, name="") == replace(detail().kpi, name="")
    assert [r.quarter for r in thai.reports] == [1]
    assert thai.skipped == ()


def test_blank_lines_do_not_matter_in_detail_page() -> None:
    """Check removing blank lines keeps the parsed real page the same."""
    compact = "\n".join(row for row in REAL_KPI.splitlines() if row.strip())
    assert parse_kpi_page(compact) == detail()


def test_supporting_projects_are_read() -> None:
    """Check 'NAME : CODE' lines under the real page's projects heading become project links."""
    page = parse_kpi_page(f"{REAL_KPI}\n{PROJECT_LINE}")
    assert page.projects == (
        ProjectRef("สร้างเครือข่ายและการมีส่วนร่วมของประชาชนในพื้นที่เขตวังทองหลาง", "50450000-3247"),
    )


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
    """Check malformed real pages name the failing or skipped part and its line."""
    no_code = REAL_KPI.replace(" : 2100-1040", "")
    assert (kpi_error(no_code).part, kpi_error(no_code).line) == ("header", 5)
    bad_project = f"{REAL_KPI}\nโครงการไม่มีรหัส"
    error = kpi_reported(bad_project)
    assert (error.part, error.line) == ("projects", len(REAL_KPI.splitlines()) + 1)
    twice = REAL_KPI.replace("วิธีการการเก็บข้อมูล/แหล่งข้อมูล", "นิยาม หรือความหมายของตัวชี้วัด")
    assert (kpi_reported(twice).part, kpi_reported(twice).line) == (
        "definition",
        line_of(REAL_KPI, "วิธีการการเก็บข้อมูล/แหล่งข้อมูล"),
    )
    unknown = REAL_KPI.replace("ประเภทตัวชี้วัด :", "ชนิดตัวชี้วัด :")
    assert (kpi_reported(unknown).part, kpi_reported(unknown).line) == ("header", 11)


def test_unreadable_target_keeps_the_rest_of_the_kpi() -> None:
    """A target that cannot be read is reported on its line; achieved, type and quarters stay."""
    bad = REAL_KPI.replace("ค่าเป้าหมาย ร้อยละ : 75.0000", "ค่าเป้าหมาย ร้อยละ : เจ็ดสิบห้า")
    page = parse_kpi_page(bad)
    assert [(s.part, s.line) for s in page.skipped] == [("header", 7)]
    assert "เจ็ดสิบห้า" in page.skipped[0].message
    assert page.kpi.target is None
    assert page.kpi == replace(detail().kpi, target=None)
    assert (page.kpi.unit, page.kpi.achieved) == ("ร้อยละ", Decimal(20))
    assert page.kpi.kpi_type == "ตัวชี้วัดเชิงยุทธศาสตร์" and len(page.kpi.quarters) == 4


def test_missing_target_line_keeps_the_rest_of_the_kpi() -> None:
    """A page without its target line says so on the code line; the unit comes from the result."""
    rows = [row for row in REAL_KPI.splitlines() if not row.startswith("ค่าเป้าหมาย")]
    page = parse_kpi_page("\n".join(rows))
    assert [(s.part, s.line) for s in page.skipped] == [("header", 5)]
    assert page.kpi == replace(detail().kpi, target=None)


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
    """A bad quarter row is reported with its line; the KPI still imports."""
    rows = REAL_KPI.replace("4\n0.00\n0.0000\n0 / 0", "4\n0.00\n0.0000\nศูนย์")
    assert [(s.part, s.line) for s in parse_kpi_page(rows).skipped] == [("quarters", 43)]
    nameless = REAL_KPI.replace(" : 2100-1040", "")
    assert kpi_error(nameless).part == "header"
