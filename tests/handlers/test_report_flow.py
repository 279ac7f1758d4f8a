"""The monthly report conversation, driven through the real application."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import t
from tests.harness import SAMPLE_CODE, Harness


async def test_officer_files_a_report_end_to_end(harness: Harness) -> None:
    """An invited officer answers every step and one report is stored as typed."""
    project_id = await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    welcome = await harness.register(officer)
    assert "ลงทะเบียนเรียบร้อย" in (welcome.content or "")

    question = await harness.say(officer, "/report")
    assert SAMPLE_CODE in (question.content or "")
    assert "ร้อยละ" in (question.content or "")
    await harness.say(officer, "ร้อยละ ๔๕")
    await harness.say(officer, "ประชุมคณะทำงาน <ครั้งที่ 1> & ลงพื้นที่")
    await harness.tap(officer, t("report.button_none"))
    await harness.say(officer, "ฝนตกหนัก")
    summary = await harness.tap(officer, t("report.button_skip"))
    assert "ร้อยละ 45.00" in (summary.content or "")
    await harness.tap(officer, t("report.button_confirm"))

    reports = await harness.store.reports.history(project_id)
    assert len(reports) == 1
    report = reports[0]
    assert report.percent == Decimal("45.00")
    assert report.work_done == "ประชุมคณะทำงาน <ครั้งที่ 1> & ลงพื้นที่"
    assert report.problems is None and report.obstacles == "ฝนตกหนัก"
    assert any("ความคืบหน้าโครงการฯ ร้อยละ 45.00 (2026-11-21)" in text
               for text in harness.texts(officer))
    assert harness.fake.refusals == []
