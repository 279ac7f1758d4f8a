"""/audit CODE: the audit trail of a project, for admins only."""

from __future__ import annotations

from core.domain import Role
from core.i18n import t
from core.thai_dates import thai_date
from tests.harness import SAMPLE_CODE, Harness


async def _reported(harness: Harness) -> None:
    await harness.add_project()
    officer = harness.fake.user(2101, "สมศรี")
    await harness.register(officer)
    await harness.file_report(officer)


async def test_admin_sees_who_did_what_with_thai_dates(harness: Harness) -> None:
    """An admin's /audit CODE tells in Thai sentences who (by name) did what, with BE dates."""
    await _reported(harness)
    admin = harness.fake.user(2102, "ผู้ดูแล")
    await harness.register(admin, Role.ADMIN)
    answer = await harness.say(admin, f"/audit {SAMPLE_CODE}")
    text = answer.content or ""
    assert SAMPLE_CODE in text
    assert "สมศรี ลงทะเบียนด้วยคำเชิญ เป็นเจ้าหน้าที่ผู้รายงาน" in text
    assert "สมศรี ส่งรายงานเดือนพฤศจิกายน 2569 ความคืบหน้าร้อยละ 45.00 (ฉบับที่ 1)" in text
    assert "สร้างคำเชิญสำหรับเจ้าหน้าที่ผู้รายงาน" in text
    # No raw keys or bare ids, and nothing the officer typed.
    assert "=" not in text and "report_id" not in text and "2101" not in text
    assert "ประชุม" not in text
    entries = await harness.store.audit.all()
    local = entries[-1].at.astimezone(harness.app.bot_data["services"].settings.timezone)
    assert thai_date(local.date()) in text
    assert harness.fake.refusals == []


async def test_officer_is_not_allowed(harness: Harness) -> None:
    """An officer asking for the audit trail is told it is not allowed and sees no entry."""
    await _reported(harness)
    officer = harness.fake.user(2103, "สมชาย")
    await harness.register(officer)
    answer = await harness.say(officer, f"/audit {SAMPLE_CODE}")
    assert answer.content == t("access.not_allowed")


async def test_unknown_code_and_missing_code(harness: Harness) -> None:
    """A wrong code is not found; no code explains the usage."""
    admin = harness.fake.user(2104, "ผู้ดูแล")
    await harness.add_project()
    await harness.register(admin, Role.ADMIN)
    missing = await harness.say(admin, "/audit 99999999-0000")
    assert missing.content == t("audit.not_found", code="99999999-0000")
    usage = await harness.say(admin, "/audit")
    assert usage.content == t("audit.usage")


async def test_long_trail_is_split(harness: Harness) -> None:
    """Hundreds of entries come in several messages, each within Telegram's limit."""
    await harness.add_project()
    admin = harness.fake.user(2105, "ผู้ดูแล")
    await harness.register(admin, Role.ADMIN)
    for _ in range(120):
        await harness.store.invites.create(
            Role.OFFICER, harness.clock.now(), project_codes=[SAMPLE_CODE]
        )
    before = len(harness.fake.sent(admin.chat_id))
    await harness.say(admin, f"/audit {SAMPLE_CODE}")
    parts = harness.fake.sent(admin.chat_id)[before:]
    assert len(parts) > 1
    assert all(len(part.content or "") <= 4096 for part in parts)
    assert harness.fake.refusals == []
