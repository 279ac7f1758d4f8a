"""/history: every report of a project, corrections marked, split below Telegram's limit."""

from __future__ import annotations

from datetime import date

from core.domain import Role
from core.i18n import t
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, Harness
from tests.status_support import add_report

OFFICER_ID = 2001


async def test_long_history_is_split_into_several_messages(harness: Harness) -> None:
    """Many long reports come in several messages, each within 4096, none left out."""
    project_id = await harness.add_project()
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer)
    for month in range(1, 13):
        await add_report(
            harness.store,
            OFFICER_ID,
            project_id,
            date(2026, month, 1),
            month * 5,
            f"งวดที่ {month} " + "ดำเนินการก่อสร้างและตรวจรับงานตามสัญญา " * 25,
            problems="ผู้รับจ้างขาดแรงงาน <ช่วงฝนตก>",
        )
    before = len(harness.fake.sent(officer.chat_id))
    await harness.say(officer, f"/history {SAMPLE_CODE}")
    parts = harness.fake.sent(officer.chat_id)[before:]
    assert len(parts) >= 3
    assert all(len(part.content or "") <= 4096 for part in parts)
    whole = "\n".join(part.content or "" for part in parts)
    for number in range(1, 13):
        assert f"({number}) ความคืบหน้าโครงการฯ" in whole
        assert f"งวดที่ {number} " in whole
    assert whole.index("ร้อยละ 60.00") < whole.index("ร้อยละ 5.00")  # newest first
    assert "ผู้รับจ้างขาดแรงงาน <ช่วงฝนตก>" in whole
    assert harness.fake.refusals == []


async def test_corrections_are_marked(harness: Harness) -> None:
    """A corrected month lists both revisions, the older marked as superseded."""
    project_id = await harness.add_project()
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer)
    await add_report(harness.store, OFFICER_ID, project_id, date(2026, 11, 1), 30, "ครั้งแรก")
    await add_report(harness.store, OFFICER_ID, project_id, date(2026, 11, 1), 35, "แก้ไขตัวเลข")
    text = (await harness.say(officer, f"/history {SAMPLE_CODE}")).content or ""
    assert "ทั้งหมด 2 รายการ" in text
    first, second = text.split("(1)")[1].split("(2)")
    assert "ร้อยละ 35.00" in first and "แก้ไขตัวเลข" in first
    # Revision 2 is the first correction, as the chat and the XLSX number it.
    assert t("history.mark_revision", revision=2).strip(" ·") in first
    assert "ร้อยละ 30.00" in second and "มีฉบับแก้ไขใหม่กว่า" in second
    assert "ผู้รายงาน: สมศรี" in text
    assert harness.fake.refusals == []


async def test_history_button_and_list(harness: Harness) -> None:
    """Without an argument /history lists projects; the card's button shows the history too."""
    project_id = await harness.add_project()
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer)
    supervisor = harness.fake.user(3001, "หัวหน้า")
    await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    listing = await harness.say(supervisor, "/history")
    assert any(SAMPLE_CODE in label for label in listing.button_texts())
    empty = await harness.tap(supervisor, listing.button_texts()[0])
    assert empty.content == t("history.empty")
    await add_report(harness.store, OFFICER_ID, project_id, date(2026, 11, 1), 30, "ลงพื้นที่")
    await harness.say(supervisor, f"/status {SAMPLE_CODE}")
    shown = await harness.tap(supervisor, t("status.button_history"))
    assert "ลงพื้นที่" in (shown.content or "")
    assert harness.fake.refusals == []


async def test_history_outside_scope_is_not_found(harness: Harness) -> None:
    """Another agency's supervisor cannot read a project's history."""
    await harness.add_project()
    stranger = harness.fake.user(3002, "หัวหน้าเขตอื่น")
    await harness.register(stranger, Role.SUPERVISOR, agency="สำนักงานเขตบางรัก")
    answer = await harness.say(stranger, f"/history {SAMPLE_CODE}")
    assert answer.content == t("status.not_found")
    assert harness.fake.refusals == []
