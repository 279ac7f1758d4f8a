"""The monthly report conversation, driven through the real application."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from core.domain import Role
from core.i18n import t
from core.report_flow import Step
from fakeapi import FakeTelegram, FakeUser
from tests.conftest import DEFAULT_NOW
from tests.db_support import readers_held
from tests.harness import BANGKOK, SAMPLE_CODE, Harness, start_harness, stop_harness


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
    summary = await harness.say(officer, "ฝนตกหนัก")
    assert "ร้อยละ 45.00" in (summary.content or "")
    await harness.tap(officer, t("report.button_confirm"))

    reports = await harness.store.reports.history(project_id)
    assert len(reports) == 1
    report = reports[0]
    assert report.percent == Decimal("45.00")
    assert report.work_done == "ประชุมคณะทำงาน <ครั้งที่ 1> & ลงพื้นที่"
    assert report.problems is None and report.obstacles == "ฝนตกหนัก"
    assert any(
        "ความคืบหน้าโครงการฯ ร้อยละ 45.00 (2026-11-21)" in text for text in harness.texts(officer)
    )
    assert harness.fake.refusals == []


async def _officer(harness: Harness, user_id: int = 2001) -> tuple[int, FakeUser]:
    project_id = await harness.add_project()
    officer = harness.fake.user(user_id, "สมศรี")
    await harness.register(officer)
    return project_id, officer


async def test_stranger_learns_how_to_get_an_invite(harness: Harness) -> None:
    """A person who was never invited gets the invite explanation and no project data."""
    await harness.add_project()
    stranger = harness.fake.user(3001, "คนแปลกหน้า")
    answer = await harness.say(stranger, "/report")
    assert answer.content == t("access.stranger").replace("<b>", "").replace("</b>", "")
    assert SAMPLE_CODE not in "".join(harness.texts(stranger))


async def test_group_chat_is_told_to_report_privately(harness: Harness) -> None:
    """/report in a group answers that reports are filed in a private chat."""
    _, officer = await _officer(harness)
    group = officer.in_group(-100123)
    await harness.deliver(group.send_text("/report"))
    last = harness.fake.last_message(-100123)
    assert last is not None and last.content == t("report.private_only")


async def test_bad_percent_is_explained_and_asked_again(harness: Harness) -> None:
    """A wrong number gets one message, the reason and the question; Thai number words work."""
    _project_id, officer = await _officer(harness)
    await harness.say(officer, "/report")
    before = len(harness.texts(officer))
    await harness.say(officer, "150")
    # One message: the reason and the question, without the whole header again.
    assert len(harness.texts(officer)) == before + 1
    answer = harness.last(officer).content or ""
    assert answer.startswith(t("report.percent_out_of_range"))
    assert "ความคืบหน้าสะสม" in answer and SAMPLE_CODE not in answer
    await harness.say(officer, "ห้าสิบ")
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.percent == Decimal("50.00")
    assert draft.step == Step.WORK_DONE.value


async def test_photo_where_text_expected_loses_nothing(harness: Harness) -> None:
    """A photo at the work-done step gets an explanation and the answers so far stay."""
    _, officer = await _officer(harness)
    await harness.say(officer, "/report")
    await harness.say(officer, "45")
    await harness.deliver(officer.send_photo())
    assert t("report.unexpected_input") in harness.texts(officer)
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.percent == Decimal("45.00")
    assert draft.step == Step.WORK_DONE.value


async def test_confirm_tapped_twice_stores_one_report(harness: Harness) -> None:
    """Tapping the confirm button twice (an old copy of it too) stores exactly one report."""
    project_id, officer = await _officer(harness)
    await harness.reach_summary(officer)
    summary = harness.last(officer)
    confirm = summary.button(t("report.button_confirm"))["callback_data"]
    await harness.deliver(officer.press_data(summary.message_id, confirm))
    await harness.deliver(officer.press_data(summary.message_id, confirm))
    assert len(await harness.store.reports.history(project_id)) == 1
    assert harness.fake.refusals == []


async def test_redelivered_update_is_ignored(harness: Harness) -> None:
    """An update Telegram delivers again after a crash changes nothing the second time."""
    _project_id, officer = await _officer(harness)
    await harness.say(officer, "/report")
    percent = officer.send_text("45")
    await harness.deliver(percent)
    work = officer.send_text("ประชุม")
    await harness.deliver(work)
    before = len(harness.fake.sent(officer.chat_id))
    await harness.deliver(percent)
    await harness.deliver(work)
    assert len(harness.fake.sent(officer.chat_id)) == before
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.work_done == "ประชุม" and draft.step == Step.PROBLEMS.value


async def test_second_report_of_a_month_becomes_a_revision(harness: Harness) -> None:
    """Reporting again for the same month asks first, then adds revision 2 and keeps revision 1."""
    project_id, officer = await _officer(harness)
    await harness.reach_summary(officer, "40")
    await harness.tap(officer, t("report.button_confirm"))
    question = await harness.say(officer, "/report")
    assert "40.00" in (question.content or "")
    await harness.tap(officer, t("report.button_correct"))
    await harness.say(officer, "42")
    await harness.say(officer, "แก้ไขตัวเลข")
    await harness.tap(officer, t("report.button_none_both"))
    saved = await harness.tap(officer, t("report.button_confirm"))
    assert t("report.saved_revision", revision=2) in harness.texts(officer)
    assert saved.content
    history = await harness.store.reports.history(project_id)
    assert [(r.revision, r.percent) for r in history] == [
        (1, Decimal("40.00")),
        (2, Decimal("42.00")),
    ]
    current = await harness.store.reports.current(project_id)
    assert [r.revision for r in current] == [2]


async def test_lower_percent_needs_confirmation_and_a_reason(harness: Harness) -> None:
    """A percent below last month's asks to confirm and stores the reason given."""
    project_id, officer = await _officer(harness)
    harness.set_time(datetime(2026, 10, 20, 9, 0, tzinfo=BANGKOK))
    await harness.reach_summary(officer, "40")
    await harness.tap(officer, t("report.button_confirm"))
    harness.set_time(datetime(2026, 11, 21, 9, 0, tzinfo=BANGKOK))
    await harness.say(officer, "/report")
    asked = await harness.say(officer, "30")
    assert "40.00" in (asked.content or "") and "30.00" in (asked.content or "")
    await harness.tap(officer, t("report.button_keep_lower"))
    await harness.say(officer, "ทบทวนน้ำหนักงานใหม่")
    await harness.say(officer, "ปรับแผน")
    await harness.tap(officer, t("report.button_none_both"))
    await harness.tap(officer, t("report.button_confirm"))
    latest = await harness.store.reports.latest(project_id)
    assert latest is not None and latest.percent == Decimal("30.00")
    assert latest.decrease_reason == "ทบทวนน้ำหนักงานใหม่"


async def test_due_month_is_chosen_by_default_early_in_a_month(harness: Harness) -> None:
    """Early in a month /report opens the unreported previous month; the other is one tap away."""
    _project_id, officer = await _officer(harness)
    harness.set_time(datetime(2026, 12, 3, 9, 0, tzinfo=BANGKOK))
    question = await harness.say(officer, "/report")
    assert "พฤศจิกายน 2569" in (question.content or "")
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.month == date(2026, 11, 1)
    switch = t("report.button_other_month", month="ธันวาคม 2569")
    assert switch in question.button_texts()
    switched = await harness.tap(officer, switch)
    assert "ธันวาคม 2569" in (switched.content or "")
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.month == date(2026, 12, 1) and draft.percent is None
    assert t("report.button_other_month", month="พฤศจิกายน 2569") in switched.button_texts()


async def test_current_month_opens_once_the_previous_is_reported(harness: Harness) -> None:
    """Early in a month, once the previous month is reported, /report opens the current one."""
    _project_id, officer = await _officer(harness)
    harness.set_time(datetime(2026, 12, 3, 9, 0, tzinfo=BANGKOK))
    await harness.file_report(officer)
    question = await harness.say(officer, "/report")
    assert "ธันวาคม 2569" in (question.content or "")
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.month == date(2026, 12, 1)
    assert draft.step == Step.PERCENT.value


async def test_month_switch_keeps_answers_already_given(harness: Harness) -> None:
    """An old month button tapped after the percent was answered keeps the report as it is."""
    _project_id, officer = await _officer(harness)
    harness.set_time(datetime(2026, 12, 3, 9, 0, tzinfo=BANGKOK))
    question = await harness.say(officer, "/report")
    await harness.say(officer, "45")
    switch = t("report.button_other_month", month="ธันวาคม 2569")
    await harness.deliver(
        officer.press_data(question.message_id, question.button(switch)["callback_data"])
    )
    assert t("report.in_progress") in harness.texts(officer)
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.month == date(2026, 11, 1)
    assert draft.percent == Decimal("45.00")


async def test_no_month_is_offered_after_the_fifth(harness: Harness) -> None:
    """After the fifth day the report opens the current month with no month button."""
    _project_id, officer = await _officer(harness)
    harness.set_time(datetime(2026, 12, 6, 9, 0, tzinfo=BANGKOK))
    question = await harness.say(officer, "/report")
    assert not any("🗓" in label for label in question.button_texts())
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.month == date(2026, 12, 1)


async def test_cancel_drops_the_draft(harness: Harness) -> None:
    """/cancel mid-way drops the draft and says so."""
    _, officer = await _officer(harness)
    await harness.say(officer, "/report")
    answer = await harness.say(officer, "/cancel")
    assert answer.content == t("report.cancelled")
    assert await harness.store.drafts.get(officer.id) is None


async def test_stale_button_of_an_old_draft_is_refused(harness: Harness) -> None:
    """A quick-percent button from a draft that was restarted is answered as expired."""
    _, officer = await _officer(harness)
    first = await harness.say(officer, "/report")
    await harness.say(officer, "/report")
    await harness.deliver(officer.press_data(first.message_id, first.buttons()[0]["callback_data"]))
    answers = harness.fake.callback_answers
    assert answers and answers[-1].text == t("report.stale_button")
    draft = await harness.store.drafts.get(officer.id)
    assert draft is not None and draft.percent is None


async def test_forged_project_button_gets_not_found(harness: Harness) -> None:
    """Callback data naming another officer's project reveals nothing."""
    _, officer = await _officer(harness)
    other = await harness.add_project(code="50080000-2982", name="โครงการอื่น")
    menu = await harness.say(officer, "/help")
    await harness.deliver(officer.press_data(menu.message_id, f"rp:{other}"))
    assert harness.last(officer).content == t("report.not_your_project")
    assert await harness.store.drafts.get(officer.id) is None


async def test_quick_button_and_field_edit_return_to_summary(harness: Harness) -> None:
    """A quick percent button works, and editing one field comes back to the summary."""
    project_id, officer = await _officer(harness)
    await harness.say(officer, "/report")
    await harness.tap(officer, "100.00%")
    await harness.say(officer, "เสร็จสิ้นโครงการ")
    await harness.tap(officer, t("report.button_none"))
    await harness.tap(officer, t("report.button_none"))
    await harness.deliver(officer.send_photo())
    await harness.tap(officer, t("report.button_edit"))
    await harness.tap(officer, t("report.field_work_done"))
    summary = await harness.say(officer, "ปิดโครงการเรียบร้อย")
    assert "ปิดโครงการเรียบร้อย" in (summary.content or "")
    await harness.tap(officer, t("report.button_confirm"))
    latest = await harness.store.reports.latest(project_id)
    report = await harness.store.reports.by_id(latest.id or 0) if latest else None
    assert report is not None and report.percent == Decimal("100.00")
    assert report.work_done == "ปิดโครงการเรียบร้อย" and len(report.photo_file_ids) == 1


async def test_conversation_survives_a_restart(fake: FakeTelegram, tmp_path: Path) -> None:
    """After the bot restarts, the officer continues at the same step with earlier answers."""
    database = tmp_path / "bot.sqlite3"
    first = await start_harness(fake, database, DEFAULT_NOW)
    _, officer = await _officer(first)
    await first.say(officer, "/report")
    await first.say(officer, "45")
    await first.say(officer, "ประชุม")
    await stop_harness(first)
    second = await start_harness(fake, database, DEFAULT_NOW)
    try:
        await second.tap(officer, t("report.button_none"))
        draft = await second.store.drafts.get(officer.id)
        assert draft is not None and draft.step == Step.OBSTACLES.value
        assert draft.percent == Decimal("45.00") and draft.work_done == "ประชุม"
    finally:
        await stop_harness(second)


async def test_command_menu_is_set_in_thai(harness: Harness) -> None:
    """The command menu carries Thai descriptions for Thai users and by default."""
    for language in ("th", ""):
        commands = harness.fake.commands_for("default", language)
        assert {"command": "report", "description": t("commands.report", "th")} in commands


async def test_used_and_unknown_invites_register_nobody(harness: Harness) -> None:
    """A used or guessed token does nothing; the first use registers."""
    await harness.add_project()
    token = await harness.store.invites.create(
        Role.OFFICER, DEFAULT_NOW, project_codes=(SAMPLE_CODE,)
    )
    first, second = harness.fake.user(4001, "หนึ่ง"), harness.fake.user(4002, "สอง")
    await harness.say(first, f"/start {token}")
    used = await harness.say(second, f"/start {token}")
    guessed = await harness.say(second, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert used.content == t("start.invite_used")
    assert guessed.content == t("start.invite_unknown")
    assert await harness.store.users.get(4002) is None
    assert await harness.store.users.get(4001) is not None


async def test_answered_buttons_are_removed_after_the_next_question(harness: Harness) -> None:
    """A tapped question loses its buttons once the next question is out; the flow goes on."""
    _, officer = await _officer(harness)
    await harness.say(officer, "/report")
    await harness.say(officer, "45")
    problems = await harness.say(officer, "ประชุมคณะทำงาน")
    assert problems.buttons()
    obstacles = await harness.tap(officer, t("report.button_none"))
    assert obstacles.message_id != problems.message_id and obstacles.buttons()
    # The removal runs beside the next update, not before it.
    await harness.eventually(lambda: problems.buttons() == [])
    assert obstacles.buttons()


async def test_report_steps_do_not_wait_for_readers_held_by_lookups(harness: Harness) -> None:
    """While long lookups hold every reader connection, an officer still files a whole report."""
    project_id = await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    async with readers_held(harness.store.db):
        entry = await asyncio.wait_for(harness.file_report(officer, "45"), timeout=20)
    assert "ร้อยละ 45.00" in (entry.content or "")
    assert [r.percent for r in await harness.store.reports.history(project_id)] == [Decimal(45)]
