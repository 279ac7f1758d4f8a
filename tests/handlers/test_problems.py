"""/problems: a month's problems and obstacles grouped by project, with frequent terms."""

from __future__ import annotations

from datetime import date

from core.domain import Role
from core.i18n import t
from fakeapi import FakeUser
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, Harness
from tests.status_support import add_report

OFFICER_ID = 2001
OCT, NOV = date(2026, 10, 1), date(2026, 11, 1)


async def _world(harness: Harness) -> tuple[dict[str, int], FakeUser]:
    ids = {SAMPLE_CODE: await harness.add_project()}
    for code, name in (("50450000-0002", "ซ่อมถนนซอย"), ("50450000-0003", "ลอกท่อระบายน้ำ")):
        ids[code] = await harness.add_project(code, name)
    ids["other"] = await harness.add_project("50450000-0009", "งานเขตอื่น", agency="เขตบางรัก")
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer)
    supervisor = harness.fake.user(3001, "หัวหน้า")
    await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    return ids, supervisor


async def test_problems_grouped_with_frequent_terms(harness: Harness) -> None:
    """Each project's problems and obstacles are listed once; none answers are skipped."""
    ids, supervisor = await _world(harness)
    store = harness.store
    await add_report(
        store,
        OFFICER_ID,
        ids[SAMPLE_CODE],
        NOV,
        30,
        problems="ฝนตกหนัก <ต่อเนื่อง>",
        obstacles="ไม่มีอุปสรรคครับ",
    )
    await add_report(
        store,
        OFFICER_ID,
        ids["50450000-0002"],
        NOV,
        20,
        problems="ฝนตกหนัก",
        obstacles="ผู้รับจ้างขาดแรงงาน",
    )
    await add_report(
        store, OFFICER_ID, ids["50450000-0003"], NOV, 40, problems="ไม่มี", obstacles="-"
    )
    await add_report(store, OFFICER_ID, ids["other"], NOV, 40, problems="งบประมาณไม่พอ")
    await add_report(store, OFFICER_ID, ids[SAMPLE_CODE], OCT, 10, problems="เอกสารล่าช้า")
    text = (await harness.say(supervisor, "/problems")).content or ""
    assert "พฤศจิกายน 2569" in text and "2 โครงการ" in text
    assert "ฝนตกหนัก <ต่อเนื่อง>" in text and "ผู้รับจ้างขาดแรงงาน" in text
    assert text.index("50450000-0002") < text.index(SAMPLE_CODE)  # by project code
    assert "50450000-0003" not in text and "อุปสรรคครับ" not in text
    assert "งบประมาณ" not in text and "เอกสาร" not in text
    terms = text.split("คำที่พบบ่อย:")[1]
    assert "ฝน (2)" in terms or "ฝนตก (2)" in terms
    october = (await harness.say(supervisor, "/problems ต.ค. 69")).content or ""
    assert "เอกสารล่าช้า" in october and "ฝนตก" not in october
    assert harness.fake.refusals == []


async def test_month_forms_and_nothing_reported(harness: Harness) -> None:
    """Numeric months are read, an empty month says so, and nonsense gets an example."""
    ids, supervisor = await _world(harness)
    await add_report(harness.store, OFFICER_ID, ids[SAMPLE_CODE], OCT, 10, problems="เอกสารล่าช้า")
    for typed in ("10/2569", "2569-10", "ตุลาคม 2569", "๑๐/๒๕๖๙"):
        answer = await harness.say(supervisor, f"/problems {typed}")
        assert "เอกสารล่าช้า" in (answer.content or ""), typed
    empty = await harness.say(supervisor, "/problems 9/2569")
    assert empty.content == t("problems.nothing", month="กันยายน 2569")
    wrong = await harness.say(supervisor, "/problems เมื่อวาน")
    assert wrong.content == t("problems.bad_month")
    assert harness.fake.refusals == []


async def test_many_problems_are_split(harness: Harness) -> None:
    """A long list comes in several messages, each within 4096 characters."""
    _, supervisor = await _world(harness)
    for number in range(12):
        project_id = await harness.add_project(f"50450000-5{number:03d}", f"โครงการที่ {number}")
        await add_report(
            harness.store,
            OFFICER_ID,
            project_id,
            NOV,
            10,
            problems=f"ปัญหาที่ {number} " + "การประสานงานกับหน่วยงานภายนอกล่าช้า " * 20,
        )
    before = len(harness.fake.sent(supervisor.chat_id))
    await harness.say(supervisor, "/problems")
    parts = harness.fake.sent(supervisor.chat_id)[before:]
    assert len(parts) >= 2 and all(len(p.content or "") <= 4096 for p in parts)
    whole = "\n".join(p.content or "" for p in parts)
    assert all(f"ปัญหาที่ {number} " in whole for number in range(12))
    assert harness.fake.refusals == []
