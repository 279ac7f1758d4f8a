"""/export sends an XLSX in scope; the official-text button resends a confirmed report."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from core.domain import Role
from core.i18n import t
from fakeapi import MessageRecord
from tests.harness import ADMIN_ID, SAMPLE_AGENCY, SAMPLE_CODE, Harness

OTHER_CODE = "50080000-1111"
OTHER_AGENCY = "สำนักงานเขตพญาไท"


def _codes_in(message: MessageRecord) -> list[str]:
    """Return the project codes of the projects sheet of a sent workbook."""
    assert message.document is not None and message.document_bytes is not None
    sheet = load_workbook(io.BytesIO(message.document_bytes))["โครงการ"]
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


async def _two_agencies(harness: Harness) -> None:
    """Store one project in each of two agencies."""
    await harness.add_project()
    await harness.add_project(code=OTHER_CODE, name="โครงการพญาไท", agency=OTHER_AGENCY)


async def test_supervisor_gets_own_agency_and_admin_gets_all(harness: Harness) -> None:
    """A supervisor's workbook holds their agency only; an admin's holds every project."""
    await _two_agencies(harness)
    boss = harness.fake.user(3001, "หัวหน้า")
    await harness.register(boss, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    sent = await harness.say(boss, "/export")
    assert sent.document is not None
    assert sent.document.file_name == "fieldreport-2569-11.xlsx"
    assert _codes_in(sent) == [SAMPLE_CODE]
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    assert sorted(_codes_in(await harness.say(admin, "/export"))) == [OTHER_CODE, SAMPLE_CODE]
    missing = load_workbook(io.BytesIO(harness.last(admin).document_bytes or b""))
    assert missing["ยังไม่รายงานเดือนนี้"].max_row == 3
    assert harness.fake.refusals == []


async def test_officer_cannot_export(harness: Harness) -> None:
    """An officer asking for /export is told it is not theirs and gets no file."""
    await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    answer = await harness.say(officer, "/export")
    assert answer.content == t("access.not_allowed") and answer.document is None
    assert harness.fake.refusals == []


async def test_supervisor_without_projects_is_told(harness: Harness) -> None:
    """A supervisor whose agency has no projects gets a message, not an empty file."""
    await harness.add_project()
    boss = harness.fake.user(3001, "หัวหน้า")
    await harness.register(boss, Role.SUPERVISOR, agency="สำนักงานเขตอื่น")
    answer = await harness.say(boss, "/export")
    assert answer.content == t("export.nothing")
    assert harness.fake.refusals == []


async def test_official_text_button_resends_the_entry(harness: Harness) -> None:
    """The button under "saved" sends the entry again as plain text in the BMA layout."""
    await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    await harness.file_report(officer)
    title = "(1) ความคืบหน้าโครงการฯ ร้อยละ 45.00 (2026-11-21)"
    before = sum(title in text for text in harness.texts(officer))
    resent = await harness.tap(officer, t("export.button_official"))
    assert resent.parse_mode is None and title in (resent.content or "")
    assert sum(title in text for text in harness.texts(officer)) == before + 1
    assert harness.fake.refusals == []


async def test_official_text_button_is_scope_checked(harness: Harness) -> None:
    """Another officer's or a forged report id gets "not found" and no text."""
    await _two_agencies(harness)
    owner = harness.fake.user(2001, "สมศรี")
    await harness.register(owner)
    await harness.file_report(owner)
    label = t("export.button_official")
    saved = next(m for m in harness.fake.sent(owner.chat_id) if label in m.button_texts())
    data = saved.button(label)["callback_data"]
    stranger = harness.fake.user(2002, "สมชาย")
    await harness.register(stranger, codes=(OTHER_CODE,))
    message = await harness.say(stranger, "/help")
    count = len(harness.fake.sent(stranger.chat_id))
    await harness.deliver(stranger.press_data(message.message_id, data))
    await harness.deliver(owner.press_data(saved.message_id, "xo:999999"))
    answers = [a.text for a in harness.fake.callback_answers][-2:]
    assert answers == [t("export.official_not_found")] * 2
    assert len(harness.fake.sent(stranger.chat_id)) == count
    assert harness.fake.refusals == []
