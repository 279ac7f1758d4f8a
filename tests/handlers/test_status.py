"""/status: the project card, search, scope checks, the chart and the project list."""

from __future__ import annotations

from datetime import date

import pytest

from core.bma import parse_project_page
from core.domain import ProgressReport, Project, Role, User
from core.i18n import t
from core.status import ProjectStatus, project_status
from fakeapi import FakeUser
from fakeapi.media import image_size
from handlers import common
from handlers.status import card_text, chart_caption
from tests.core.bma import read_sample
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, Harness
from tests.status_support import add_report

OFFICER_ID = 2001
SUPERVISOR_ID = 3001
OTHER_CODE = "50450000-9999"
OTHER_NAME = "ปรับปรุงภูมิทัศน์สวนสาธารณะ"
OCT, SEP, NOV = date(2026, 10, 1), date(2026, 9, 1), date(2026, 11, 1)


async def _setup(harness: Harness) -> tuple[int, FakeUser, FakeUser]:
    project_id = await harness.add_project()
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer)
    supervisor = harness.fake.user(SUPERVISOR_ID, "หัวหน้าวิไล")
    await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    return project_id, officer, supervisor


@pytest.mark.parametrize(
    ("reports", "words"),
    [
        ([(NOV, "30")], "ตามแผน"),
        ([(NOV, "10")], "ล่าช้ากว่าแผน 15.28%"),
        ([(SEP, "30"), (OCT, "30"), (NOV, "30")], "ไม่มีความคืบหน้า 2 เดือน"),
        ([(OCT, "25")], "ยังไม่รายงานเดือนนี้"),
        ([(OCT, "60"), (NOV, "100")], "เสร็จสิ้น"),
    ],
)
async def test_status_words_for_each_case(
    harness: Harness, reports: list[tuple[date, str]], words: str
) -> None:
    """The card states the standing in Thai words, with the planned percent for today."""
    project_id, _, supervisor = await _setup(harness)
    for month, percent in reports:
        await add_report(harness.store, OFFICER_ID, project_id, month, percent)
    card = await harness.say(supervisor, f"/status {SAMPLE_CODE}")
    text = card.content or ""
    assert f"สถานะ: {words}" in text
    assert "แผน ณ วันที่ 21 พ.ย. 2569: ร้อยละ 25.28" in text
    assert f"ร้อยละ {reports[-1][1]}.00" in text
    assert "ปีงบประมาณ: 2570" in text and SAMPLE_AGENCY in text
    assert harness.fake.refusals == []


async def test_card_escapes_and_shows_latest_work(harness: Harness) -> None:
    """The latest work done, problems and obstacles appear escaped; none reads ไม่มี."""
    project_id, _, supervisor = await _setup(harness)
    await add_report(
        harness.store,
        OFFICER_ID,
        project_id,
        NOV,
        "30",
        "ประชุม <คณะทำงาน> & ลงพื้นที่",
        problems="ไม่มีปัญหาครับ",
        obstacles="ฝนตก <หนัก>",
        reported_on=date(2026, 11, 20),
    )
    card = await harness.say(supervisor, f"/status {SAMPLE_CODE}")
    text = card.content or ""
    assert "ประชุม <คณะทำงาน> & ลงพื้นที่" in text
    assert "ปัญหา: ไม่มี" in text and "อุปสรรค: ฝนตก <หนัก>" in text
    assert "รายงานเมื่อ 20 พ.ย. 2569" in text
    assert harness.fake.refusals == []


async def test_search_by_thai_words_finds_the_project(harness: Harness) -> None:
    """Thai words from the name find the project in scope and show its card."""
    await _setup(harness)
    await harness.add_project(OTHER_CODE, OTHER_NAME)
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    card = await harness.say(officer, "/status เครือข่าย วังทองหลาง")
    assert SAMPLE_CODE in (card.content or "")
    assert "รหัสโครงการ" in (card.content or "")
    assert harness.fake.refusals == []


async def test_several_matches_offer_buttons(harness: Harness) -> None:
    """Several projects matching the words come as buttons; a tap opens the card."""
    _, _, supervisor = await _setup(harness)
    await harness.add_project(OTHER_CODE, "พัฒนาเครือข่ายชุมชนวังทองหลาง")
    answer = await harness.say(supervisor, "/status เครือข่าย")
    labels = answer.button_texts()
    assert len(labels) == 2
    assert any(OTHER_CODE in label for label in labels)
    chosen = next(label for label in labels if OTHER_CODE in label)
    card = await harness.tap(supervisor, chosen)
    assert f"รหัสโครงการ: {OTHER_CODE}" in (card.content or "")
    assert harness.fake.refusals == []


async def test_officer_cannot_see_another_officers_project(harness: Harness) -> None:
    """An officer asking for a project they are not assigned to gets "not found"."""
    await _setup(harness)
    await harness.add_project(OTHER_CODE, OTHER_NAME)
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    answer = await harness.say(officer, f"/status {OTHER_CODE}")
    assert answer.content == t("status.not_found")
    answer = await harness.say(officer, "/status สวนสาธารณะ")
    assert answer.content == t("status.not_found")
    assert harness.fake.refusals == []


async def test_supervisor_of_another_agency_gets_not_found(harness: Harness) -> None:
    """A supervisor of another agency cannot open a project by its code."""
    await _setup(harness)
    stranger = harness.fake.user(3002, "หัวหน้าเขตอื่น")
    await harness.register(stranger, Role.SUPERVISOR, agency="สำนักงานเขตบางรัก")
    answer = await harness.say(stranger, f"/status {SAMPLE_CODE}")
    assert answer.content == t("status.not_found")
    assert harness.fake.refusals == []


@pytest.mark.parametrize("action", ["c", "g", "h"])
async def test_forged_callback_gets_not_found(harness: Harness, action: str) -> None:
    """A forged button naming another project's id answers "not found" and nothing more."""
    await _setup(harness)
    other_id = await harness.add_project(OTHER_CODE, OTHER_NAME)
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    card = await harness.say(officer, f"/status {SAMPLE_CODE}")
    await harness.deliver(officer.press_data(card.message_id, f"st:{action}:{other_id}"))
    assert harness.last(officer).content == t("status.not_found")
    assert harness.fake.calls("sendPhoto") == []
    assert harness.fake.refusals == []


async def test_chart_is_sent_as_a_photo_while_uploading(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart button sends a square PNG whose caption says in words what it shows."""
    monkeypatch.setattr(common, "ACTION_DELAY", 0.0)
    project_id, officer, _ = await _setup(harness)
    await add_report(harness.store, OFFICER_ID, project_id, OCT, "20")
    await add_report(harness.store, OFFICER_ID, project_id, NOV, "26")
    await harness.say(officer, f"/status {SAMPLE_CODE}")
    photo = await harness.tap(officer, t("status.button_chart"))
    data = photo.photo_bytes
    assert data is not None and data.startswith(b"\x89PNG")
    size = image_size(data)
    assert size is not None and size[0] == size[1] >= 900
    caption = photo.content or ""
    assert len(caption) <= 1024 and SAMPLE_CODE in caption and "ตามแผน" in caption
    # The latest value, its date and the plan, in words.
    assert "ร้อยละ 26.00" in caption and "เส้นประ" in caption
    assert (officer.chat_id, "upload_photo") in [
        (a.chat_id, a.action) for a in harness.fake.chat_actions
    ]
    assert harness.fake.refusals == []


async def test_a_chart_ready_at_once_needs_no_upload_action(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart rendered before ACTION_DELAY (here: from the cache) is sent without an action."""
    project_id, officer, _ = await _setup(harness)
    await add_report(harness.store, OFFICER_ID, project_id, OCT, "20")
    await harness.say(officer, f"/status {SAMPLE_CODE}")
    await harness.tap(officer, t("status.button_chart"))
    monkeypatch.setattr(common, "ACTION_DELAY", 30.0)
    actions = len(harness.fake.chat_actions)
    await harness.say(officer, f"/status {SAMPLE_CODE}")
    photo = await harness.tap(officer, t("status.button_chart"))
    assert photo.photo_bytes is not None and photo.photo_bytes.startswith(b"\x89PNG")
    assert len(harness.fake.chat_actions) == actions
    assert len([m for m in harness.fake.sent(officer.chat_id) if m.photo]) == 2


async def test_report_now_only_for_the_assigned_officer(harness: Harness) -> None:
    """The officer's card carries the report button (rp:<id>); the supervisor's does not."""
    project_id, officer, supervisor = await _setup(harness)
    card = await harness.say(officer, f"/status {SAMPLE_CODE}")
    assert card.button(t("status.button_report"))["callback_data"] == f"rp:{project_id}"
    question = await harness.tap(officer, t("status.button_report"))
    assert "ร้อยละ" in (question.content or "")
    card = await harness.say(supervisor, f"/status {SAMPLE_CODE}")
    assert t("status.button_report") not in card.button_texts()
    assert harness.fake.refusals == []


async def test_no_argument_lists_projects_in_pages(harness: Harness) -> None:
    """Without an argument the person's projects come as buttons, eight a page."""
    _, _, supervisor = await _setup(harness)
    for number in range(1, 10):
        await harness.add_project(f"50450000-10{number:02d}", f"โครงการทดสอบที่ {number}")
    listing = await harness.say(supervisor, "/status")
    assert "1/2" in (listing.content or "")
    assert len(listing.button_texts()) == 9  # eight projects and "next"
    turned = await harness.tap(supervisor, t("status.button_next"))
    assert turned.message_id == listing.message_id and "2/2" in (turned.content or "")
    assert len(turned.button_texts()) == 3  # two projects and "previous"
    card = await harness.tap(supervisor, turned.button_texts()[0])
    assert "รหัสโครงการ" in (card.content or "")
    assert harness.fake.refusals == []


async def test_menu_button_mid_report_opens_the_list(harness: Harness) -> None:
    """Tapping the status menu button during a report shows the list, not an answer."""
    project_id, officer, _ = await _setup(harness)
    await harness.say(officer, "/report")
    listing = await harness.say(officer, t("menu.status"))
    assert "เลือกโครงการ" in (listing.content or "")
    draft = await harness.store.drafts.get(OFFICER_ID)
    assert draft is not None and draft.project_id == project_id and draft.percent is None
    assert harness.fake.refusals == []


def _without_timeline() -> tuple[Project, ProjectStatus, date]:
    """Return 3247 (every step on one date), its standing and the day, as of 31 March 2021."""
    page = parse_project_page(read_sample("50450000-3247"))
    project = page.to_project()
    reports = [
        ProgressReport(page.code, e.reported_on.replace(day=1), e.percent, e.reported_on, "x")
        for e in page.entries
        if e.reported_on <= date(2021, 3, 31)
    ]
    today = date(2021, 3, 31)
    status = project_status(project.plan_steps, reports, today, project.fiscal_year)
    return project, status, today


def test_card_of_a_plan_without_timeline_says_so_and_claims_nothing() -> None:
    """The card of 3247 (every step on one date) says the plan has no timeline, in Thai."""
    project, status, today = _without_timeline()
    viewer = User(1, "ผู้ดู", Role.ADMIN)
    text = card_text(project, status, viewer, today)
    assert t("status.no_timeline") in text and t("status.kind.no_timeline") in text
    assert "ล่าช้า" not in text and t("status.kind.on_plan") not in text


def test_chart_caption_of_a_plan_without_timeline_names_no_plan_figure() -> None:
    """The chart caption of 3247 says no plan line is drawn, instead of a planned percent."""
    project, status, today = _without_timeline()
    caption = chart_caption(project, status, "th", today)
    assert t("status.chart_no_plan") in caption and "เส้นประ" not in caption
    assert t("status.kind.no_timeline") in caption and len(caption) <= 1024
