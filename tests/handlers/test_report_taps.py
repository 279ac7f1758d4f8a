"""How many messages and taps an officer needs, and that none of their answers is lost."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from core.domain import ProgressReport
from core.i18n import t
from core.report_flow import WORK_DONE_MAX_CHARS, Step, first_part
from fakeapi import FakeUser, MessageRecord
from handlers.history import history_text
from tests.handlers.reminders.world import run
from tests.harness import BANGKOK, SAMPLE_CODE, Harness

OCTOBER = datetime(2026, 10, 21, 9, 0, tzinfo=BANGKOK)
NOVEMBER_25 = datetime(2026, 11, 25, 9, 0, tzinfo=BANGKOK)
LAST_WORK = "ประชุมคณะทำงานและลงพื้นที่สำรวจ"
LAST_PROBLEMS = "งบประมาณล่าช้า"
LAST_OBSTACLES = "ฝนตกหนัก"
NEW_WORK = "ติดตั้งอุปกรณ์"


def _texts(report: ProgressReport) -> tuple[str | None, ...]:
    """Return a report's work done, problems and obstacles."""
    return report.work_done, report.problems, report.obstacles


class Officer:
    """An officer whose every message and tap is counted."""

    def __init__(self, harness: Harness, user: FakeUser) -> None:
        self.harness, self.user, self.interactions = harness, user, 0

    async def say(self, text: str) -> MessageRecord:
        """Send a message, counted."""
        self.interactions += 1
        return await self.harness.say(self.user, text)

    async def tap(self, button: str) -> MessageRecord:
        """Tap a button of the latest message that has it, counted."""
        self.interactions += 1
        return await self.harness.tap(self.user, button)


async def _officer(harness: Harness) -> tuple[int, Officer]:
    project_id = await harness.add_project()
    user = harness.fake.user(2001, "สมศรี")
    await harness.register(user)
    return project_id, Officer(harness, user)


async def _october_report(harness: Harness, officer: Officer, percent: str = "42") -> None:
    """File October's report with problems and obstacles, then move the clock to November."""
    harness.set_time(OCTOBER)
    await officer.say("/report")
    await officer.say(percent)
    await officer.say(LAST_WORK)
    await officer.say(LAST_PROBLEMS)
    await officer.say(LAST_OBSTACLES)
    await officer.tap(t("report.button_confirm"))
    harness.set_time(NOVEMBER_25)
    officer.interactions = 0


async def test_first_plain_month_takes_five_interactions(harness: Harness) -> None:
    """Menu, percent, work, 'no problems and no obstacles', confirm: five, and it is stored."""
    project_id, officer = await _officer(harness)
    await officer.say(t("menu.report"))
    await officer.say("30")
    await officer.say("ประชุมคณะทำงาน")
    summary = await officer.tap(t("report.button_none_both"))
    assert t("report.summary_photos_offer") in (summary.content or "")
    await officer.tap(t("report.button_confirm"))
    assert officer.interactions == 5
    latest = await harness.store.reports.latest(project_id)
    assert latest is not None and latest.percent == Decimal("30.00")
    assert latest.problems is None and latest.obstacles is None


async def test_plain_month_with_same_problems_takes_five_interactions(harness: Harness) -> None:
    """Menu, percent, new work, 'same problems and obstacles' in one tap, confirm: five."""
    project_id, officer = await _officer(harness)
    await _october_report(harness, officer)
    await officer.say(t("menu.report"))
    await officer.say("50")
    problems = await officer.say(NEW_WORK)
    assert LAST_PROBLEMS in (problems.content or "") and LAST_OBSTACLES in (problems.content or "")
    await officer.tap(t("report.button_keep_issues"))
    await officer.tap(t("report.button_confirm"))
    assert officer.interactions == 5
    latest = await harness.store.reports.latest(project_id)
    assert latest is not None and latest.month == date(2026, 11, 1)
    assert _texts(latest) == (NEW_WORK, LAST_PROBLEMS, LAST_OBSTACLES)


async def test_only_the_percent_changed_takes_three_interactions(harness: Harness) -> None:
    """Menu, percent, 'send now, as before': three, and last month's texts are stored again."""
    project_id, officer = await _officer(harness)
    await _october_report(harness, officer)
    await officer.say(t("menu.report"))
    work = await officer.say("55")
    # The earlier answers are shown whole before they are sent again.
    assert LAST_WORK in (work.content or "") and LAST_OBSTACLES in (work.content or "")
    await officer.tap(t("report.button_send_as_before"))
    assert officer.interactions == 3
    latest = await harness.store.reports.latest(project_id)
    assert latest is not None and latest.month == date(2026, 11, 1)
    assert latest.percent == Decimal("55.00") and latest.work_done == LAST_WORK
    assert (latest.problems, latest.obstacles) == (LAST_PROBLEMS, LAST_OBSTACLES)
    assert await harness.store.drafts.get(officer.user.id) is None


async def test_reminder_month_takes_five_interactions(harness: Harness) -> None:
    """From a reminder's button: tap, percent, work, same problems, confirm: five."""
    project_id, officer = await _officer(harness)
    await _october_report(harness, officer)
    await run(harness)
    reminder = next(
        m
        for m in harness.fake.sent(officer.user.chat_id)
        if t("reminders.button_report") in m.button_texts()
    )
    officer.interactions += 1
    await harness.deliver(
        officer.user.press(reminder, reminder.button(t("reminders.button_report"))["callback_data"])
    )
    await officer.say("60")
    await officer.say("ส่งมอบงาน")
    await officer.tap(t("report.button_keep_issues"))
    await officer.tap(t("report.button_confirm"))
    assert officer.interactions == 5
    latest = await harness.store.reports.latest(project_id)
    assert latest is not None and latest.percent == Decimal("60.00")


async def test_correction_keeps_answers_and_judges_against_last_month(harness: Harness) -> None:
    """A correction 50 → 45.5 (last month 42) asks no reason, keeps the texts with one tap each."""
    project_id, officer = await _officer(harness)
    await _october_report(harness, officer, "42")
    await officer.say("/report")
    await officer.say("50")
    await officer.say(NEW_WORK)
    await officer.tap(t("report.button_keep_issues"))
    await officer.tap(t("report.button_confirm"))
    officer.interactions = 0
    await officer.say("/report")
    await officer.tap(t("report.button_correct"))
    work = await officer.say("45.5")
    assert t("report.ask_decrease_reason") not in harness.texts(officer.user)
    assert NEW_WORK in (work.content or "")
    await officer.tap(t("report.button_keep_work"))
    await officer.tap(t("report.button_keep_issues"))
    await officer.tap(t("report.button_confirm"))
    assert officer.interactions == 6
    history = await harness.store.reports.history(project_id)
    november = [r for r in history if r.month == date(2026, 11, 1)]
    assert [(r.revision, r.percent) for r in november] == [
        (1, Decimal("50.00")),
        (2, Decimal("45.50")),
    ]
    corrected = november[-1]
    assert corrected.decrease_reason is None
    assert _texts(corrected) == (NEW_WORK, LAST_PROBLEMS, LAST_OBSTACLES)


async def test_revision_numbers_agree_in_chat_and_history(harness: Harness) -> None:
    """The first correction is revision 2 in the chat's confirmation and in /history."""
    project_id, officer = await _officer(harness)
    await harness.file_report(officer.user, "40")
    await officer.say("/report")
    await officer.tap(t("report.button_correct"))
    await officer.say("41")
    await officer.tap(t("report.button_send_as_before"))
    assert t("report.saved_revision", revision=2) in harness.texts(officer.user)
    project = await harness.store.projects.by_code(SAMPLE_CODE)
    assert project is not None
    text = history_text(project, await harness.store.reports.history(project_id), "th")
    assert t("history.mark_revision", "th", revision=2) in text
    assert t("history.mark_revision", "th", revision=1) not in text


async def test_too_long_text_is_kept_and_its_first_part_taken(harness: Harness) -> None:
    """A 4,090-character answer is not refused: the officer keeps its first part with one tap."""
    _, officer = await _officer(harness)
    await officer.say("/report")
    await officer.say("45")
    typed = ("ลงพื้นที่ " * 409).strip()
    assert len(typed) > WORK_DONE_MAX_CHARS
    answer = await officer.say(typed)
    over = len(typed) - WORK_DONE_MAX_CHARS
    assert f"{over}" in (answer.content or "")
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.pending_text == typed and draft.work_done is None
    await officer.tap(t("report.button_keep_first", limit=WORK_DONE_MAX_CHARS))
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.step == Step.PROBLEMS.value
    assert draft.work_done == first_part(typed, WORK_DONE_MAX_CHARS)
    assert draft.pending_text is None


async def test_too_long_text_can_be_typed_again(harness: Harness) -> None:
    """Choosing to retype a too-long answer asks the same question again, nothing stored."""
    _, officer = await _officer(harness)
    await officer.say("/report")
    await officer.say("45")
    await officer.say("ก" * (WORK_DONE_MAX_CHARS + 1))
    question = await officer.tap(t("report.button_retype_text"))
    assert t("report.ask_work_done").split("\n")[0].replace("<b>", "").replace("</b>", "") in (
        question.content or ""
    )
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.step == Step.WORK_DONE.value
    assert draft.pending_text is None and draft.work_done is None


async def test_menu_button_mid_report_asks_before_dropping_answers(harness: Harness) -> None:
    """The 📝 button mid-report asks with buttons; continuing keeps every answer given."""
    _, officer = await _officer(harness)
    await officer.say("/report")
    await officer.say("45")
    await officer.say("ประชุม")
    asked = await officer.say(t("menu.report"))
    assert t("report.button_resume") in asked.button_texts()
    assert t("report.button_discard") in asked.button_texts()
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.work_done == "ประชุม"
    question = await officer.tap(t("report.button_resume"))
    assert "ปัญหา" in (question.content or "")
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.step == Step.PROBLEMS.value
    assert draft.percent == Decimal("45.00") and draft.work_done == "ประชุม"


async def test_discarding_mid_report_starts_a_new_one(harness: Harness) -> None:
    """'Drop it and start again' after /report mid-report opens a fresh draft at the percent."""
    _, officer = await _officer(harness)
    await officer.say("/report")
    await officer.say("45")
    await officer.say("/report")
    fresh = await officer.tap(t("report.button_discard"))
    assert "ความคืบหน้าสะสม" in (fresh.content or "")
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.percent is None and draft.step == Step.PERCENT.value


async def test_summary_shows_every_answer_whole(harness: Harness) -> None:
    """Three answers of nearly 4,000 characters each appear whole across the summary's messages."""
    _, officer = await _officer(harness)
    await officer.say("/report")
    await officer.say("45")
    answers = [f"{word} " * (3990 // (len(word) + 1)) for word in ("ประชุม", "งบประมาณ", "ฝนตก")]
    before = len(harness.texts(officer.user))
    for answer in answers:
        await officer.say(answer.strip())
    shown = "\n".join(harness.texts(officer.user)[before:])
    for answer in answers:
        assert answer.strip() in shown
    assert "…" not in shown
    assert t("report.button_confirm") in harness.last(officer.user).button_texts()


async def test_photo_at_the_summary_is_kept(harness: Harness) -> None:
    """A photo sent at the summary is attached, and the answer offers to confirm at once."""
    project_id, officer = await _officer(harness)
    await harness.reach_summary(officer.user)
    await harness.deliver(officer.user.send_photo())
    answer = harness.last(officer.user)
    assert t("report.photos_received", count=1) in (answer.content or "")
    await harness.tap(officer.user, t("report.button_confirm"))
    latest = await harness.store.reports.latest(project_id)
    report = await harness.store.reports.by_id(latest.id or 0) if latest else None
    assert report is not None and len(report.photo_file_ids) == 1


async def test_another_command_mid_report_offers_to_go_on(harness: Harness) -> None:
    """/status mid-report answers, then asks with buttons; going on keeps every answer."""
    _, officer = await _officer(harness)
    await officer.say("/report")
    await officer.say("45")
    asked = await officer.say(f"/status {SAMPLE_CODE}")
    assert t("report.button_resume") in asked.button_texts()
    assert any(SAMPLE_CODE in text for text in harness.texts(officer.user)[-2:])
    question = await officer.tap(t("report.button_resume"))
    assert t("report.ask_work_done").split("\n")[0].replace("<b>", "").replace("</b>", "") in (
        question.content or ""
    )
    draft = await harness.store.drafts.get(officer.user.id)
    assert draft is not None and draft.percent == Decimal("45.00")


async def test_commands_without_a_report_in_progress_get_no_offer(harness: Harness) -> None:
    """Without answers in progress, /help gets its answer and nothing about a report."""
    _, officer = await _officer(harness)
    before = len(harness.texts(officer.user))
    await officer.say("/help")
    assert len(harness.texts(officer.user)) == before + 1
    stranger = harness.fake.user(3009, "คนแปลกหน้า")
    await harness.say(stranger, "/status")
    assert len(harness.texts(stranger)) == 1
