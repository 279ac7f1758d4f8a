"""/overview: an agency's charts, most behind first, and a summary of its projects."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain import Role
from core.i18n import t
from fakeapi import FakeUser
from fakeapi.media import image_size
from handlers import common
from tests.harness import ADMIN_ID, SAMPLE_AGENCY, Harness
from tests.status_support import add_report

OFFICER_ID = 2001
SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
OTHER_AGENCY = "สำนักงานเขตบางรัก"


async def _people(harness: Harness) -> tuple[FakeUser, FakeUser]:
    await harness.add_project()
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer)
    supervisor = harness.fake.user(3001, "หัวหน้า")
    await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    return officer, supervisor


def _is_phone_png(data: bytes | None) -> bool:
    size = image_size(data or b"")
    return (
        data is not None
        and data.startswith(b"\x89PNG")
        and size is not None
        and size[0] == 960
        and size[1] <= size[0] * 1.25
    )


async def test_summary_counts_each_standing(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary counts reported, behind, stalled and finished projects of the agency."""
    monkeypatch.setattr(common, "ACTION_DELAY", 0.0)
    _, supervisor = await _people(harness)
    cases = {
        "01": [(NOV, 30)],  # on plan (the sample project stays unreported and behind)
        "02": [(NOV, 10)],  # behind
        "03": [(SEP, 30), (OCT, 30), (NOV, 30)],  # stalled
        "04": [(OCT, 26)],  # not reported this month, not behind
        "05": [(OCT, 60), (NOV, 100)],  # finished
    }
    for suffix, reports in cases.items():
        project_id = await harness.add_project(f"50450000-70{suffix}", f"โครงการกรณี {suffix}")
        for month, percent in reports:
            await add_report(harness.store, OFFICER_ID, project_id, month, percent)
    await harness.add_project("50450000-8001", "โครงการของเขตอื่น", agency=OTHER_AGENCY)
    summary = (await harness.say(supervisor, "/overview")).content or ""
    assert "รายงานเดือนนี้แล้ว 4/6 โครงการ" in summary
    assert "ล่าช้ากว่าแผน 2 โครงการ" in summary
    assert "ไม่มีความคืบหน้า 2 เดือนขึ้นไป 1 โครงการ" in summary
    assert "เสร็จสิ้น 1 โครงการ" in summary
    photos = [m for m in harness.fake.sent(supervisor.chat_id) if m.photo]
    assert len(photos) == 1 and _is_phone_png(photos[0].photo_bytes)
    assert SAMPLE_AGENCY in (photos[0].content or "")
    assert (supervisor.chat_id, "upload_photo") in [
        (a.chat_id, a.action) for a in harness.fake.chat_actions
    ]
    assert harness.fake.refusals == []


async def test_many_projects_come_as_several_images(harness: Harness) -> None:
    """Twenty projects fill three images of eight rows, sent as one album, then the summary."""
    _, supervisor = await _people(harness)
    for number in range(19):
        await harness.add_project(f"50450000-60{number:02d}", f"โครงการลำดับ {number}")
    summary = await harness.say(supervisor, t("menu.overview"))
    assert "0/20" in (summary.content or "")
    photos = [m for m in harness.fake.sent(supervisor.chat_id) if m.photo]
    assert len(photos) == 3
    assert photos[0].media_group_id is not None
    assert {p.media_group_id for p in photos} == {photos[0].media_group_id}
    assert all(_is_phone_png(p.photo_bytes) for p in photos)
    assert "1/3" in (photos[0].content or "") and "3/3" in (photos[2].content or "")
    assert harness.fake.refusals == []


async def test_a_big_agency_gets_a_few_images_and_the_rest_in_words(harness: Harness) -> None:
    """Forty projects give three images of the most urgent 24, and the summary says so."""
    _, supervisor = await _people(harness)
    for number in range(39):
        await harness.add_project(f"50450000-60{number:02d}", f"โครงการลำดับ {number}")
    summary = await harness.say(supervisor, "/overview")
    photos = [m for m in harness.fake.sent(supervisor.chat_id) if m.photo]
    assert len(photos) == 3
    assert t("overview.shown_most_urgent", shown=24, total=40) in (summary.content or "")
    assert harness.fake.refusals == []


async def test_admin_gets_a_rollup_by_agency_first(harness: Harness) -> None:
    """An admin's /overview is one bar per agency with its counts, and a button per agency."""
    await harness.add_project()
    await harness.add_project("50450000-8001", "โครงการของเขตอื่น", agency=OTHER_AGENCY)
    await harness.add_project("50450000-8002", "โครงการที่สองของเขตอื่น", agency=OTHER_AGENCY)
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    answer = await harness.say(admin, "/overview")
    photos = [m for m in harness.fake.sent(admin.chat_id) if m.photo]
    assert len(photos) == 1 and _is_phone_png(photos[0].photo_bytes)
    assert "หน้า 1/1" in (photos[0].content or "")
    assert "3 โครงการ ใน 2 หน่วยงาน" in (answer.content or "")
    assert sorted(answer.button_texts()) == sorted([SAMPLE_AGENCY, OTHER_AGENCY])
    assert harness.fake.refusals == []


async def test_admin_chooses_an_agency(harness: Harness) -> None:
    """An admin without an argument gets agency buttons; a tap shows that agency."""
    await harness.add_project()
    await harness.add_project("50450000-8001", "โครงการของเขตอื่น", agency=OTHER_AGENCY)
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    choice = await harness.say(admin, "/overview")
    assert sorted(choice.button_texts()) == sorted([SAMPLE_AGENCY, OTHER_AGENCY])
    summary = await harness.tap(admin, OTHER_AGENCY)
    assert OTHER_AGENCY in (summary.content or "") and "0/1" in (summary.content or "")
    named = await harness.say(admin, "/overview วังทองหลาง")
    assert SAMPLE_AGENCY in (named.content or "")
    assert harness.fake.refusals == []


async def test_scope_of_overview(harness: Harness) -> None:
    """Officers may not ask; a supervisor naming another agency or forging its id finds nothing."""
    officer, supervisor = await _people(harness)
    await harness.add_project("50450000-8001", "โครงการของเขตอื่น", agency=OTHER_AGENCY)
    refused = await harness.say(officer, "/overview")
    assert refused.content == t("access.not_allowed")
    other = await harness.say(supervisor, f"/overview {OTHER_AGENCY}")
    assert other.content == t("overview.not_found")
    agencies = dict(
        (name, agency_id) for agency_id, name in await harness.store.projects.agency_ids()
    )
    await harness.deliver(supervisor.press_data(other.message_id, f"ov:a:{agencies[OTHER_AGENCY]}"))
    assert harness.last(supervisor).content == t("overview.not_found")
    assert harness.fake.calls("sendPhoto") == []
    assert harness.fake.refusals == []
