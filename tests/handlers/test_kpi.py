"""/kpi CODE and the KPI lines of project cards, after importing real pages."""

from __future__ import annotations

from core.bma import parse_kpi_page, parse_project_page
from core.domain import Role
from core.i18n import t
from tests.core.bma import KPI_SAMPLES_DIR, read_sample
from tests.core.bma.make_variants import VARIANTS_DIR
from tests.harness import ADMIN_ID, Harness

CODE = "50450000-3247"


async def _import(harness: Harness, body: str) -> None:
    """Import a project or KPI page as the CLI and the chat do."""
    imports = harness.store.imports
    if "รายละเอียดตัวชี้วัด\n" in body:
        await imports.import_kpi_detail(parse_kpi_page(body), body)
    else:
        await imports.import_page(parse_project_page(body))


async def _admin_reads_real_kpi(harness: Harness, body: str) -> str:
    """Import a KPI page of 2100-1040 and return what the admin reads with /kpi 2100-1040."""
    await _import(harness, body)
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    return (await harness.say(admin, "/kpi 2100-1040")).content or ""


async def test_supervisor_sees_target_results_and_reports(harness: Harness) -> None:
    """A supervisor of the agency reads the KPI of their project, quarter by quarter."""
    await _import(harness, read_sample(CODE))
    supervisor = harness.fake.user(3001, "หัวหน้า")
    await harness.register(supervisor, Role.SUPERVISOR, agency="สำนักงานเขตวังทองหลาง")
    answer = (await harness.say(supervisor, "/kpi 5045-861")).content or ""
    assert "5045-861" in answer and "ค่าเป้าหมาย ระดับ: 5" in answer
    assert "ผลงานที่ทำได้ ระดับ: 5" in answer
    assert "ไตรมาสที่ 4: ผลงาน 5.00 ผลประเมิน 100 / 100" in answer
    assert t("kpi.no_reports") in answer and CODE in answer
    card = (await harness.say(supervisor, f"/status {CODE}")).content or ""
    assert "📊 5045-861" in card and "/kpi 5045-861" in card
    assert harness.fake.refusals == []


async def test_kpi_page_before_its_project_is_linked_when_the_project_comes(
    harness: Harness,
) -> None:
    """The real KPI page imports alone; its quarterly report shows once a project names it."""
    admin_answer = await _admin_reads_real_kpi(
        harness, (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_text(encoding="utf-8")
    )
    assert "ค่าเป้าหมาย ร้อยละ: 75.0000" in admin_answer
    assert "ไตรมาสที่ 1: วันที่ 11 ตุลาคม 2562 ประชุมหารือ" in admin_answer
    page = read_sample("50080000-2982").replace(": 5008-0791", ": 2100-1040")
    await _import(harness, page)
    supervisor = harness.fake.user(3002, "หัวหน้าพญาไท")
    await harness.register(supervisor, Role.SUPERVISOR, agency="สำนักงานเขตพญาไท")
    answer = (await harness.say(supervisor, "/kpi ๒๑๐๐-๑๐๔๐")).content or ""
    assert "ผลงานที่ทำได้ ร้อยละ: 20.0000" in answer and "50080000-2982" in answer
    assert "ไตรมาสที่ 1: วันที่ 11 ตุลาคม 2562" in answer


async def test_kpi_out_of_scope_or_unknown_is_not_found(harness: Harness) -> None:
    """Another agency's KPI, an unknown code and no code get a clear Thai answer."""
    await _import(harness, read_sample(CODE))
    other = harness.fake.user(3003, "หัวหน้าอื่น")
    await harness.register(other, Role.SUPERVISOR, agency="สำนักงานเขตบางรัก")
    answer = (await harness.say(other, "/kpi 5045-861")).content or ""
    assert answer == t("kpi.not_found", code="5045-861")
    assert (await harness.say(other, "/kpi")).content == t("kpi.usage")
    assert harness.fake.refusals == []


async def test_kpi_with_unreadable_target_shows_the_rest(harness: Harness) -> None:
    """A KPI page whose target could not be read shows no target, and its result and quarters."""
    answer = await _admin_reads_real_kpi(
        harness, (VARIANTS_DIR / "kpi-target-unreadable.txt").read_text(encoding="utf-8")
    )
    assert "ค่าเป้าหมาย ร้อยละ: -" in answer
    assert "ผลงานที่ทำได้ ร้อยละ: 20.0000" in answer
    assert "ไตรมาสที่ 1: ผลงาน 20.00" in answer
    assert harness.fake.refusals == []
