"""Monthly digests to supervisors (their agency) and admins (every agency), end to end."""

from __future__ import annotations

from datetime import date

from core.i18n import t
from core.thai_dates import thai_date
from tests.core.reminders.helpers import bkk
from tests.handlers.reminders.world import (
    OTHER_AGENCY,
    OTHER_CODE,
    add_officer,
    add_report,
    add_supervisor,
    bot_messages,
    last_id,
    run,
    start_admin,
    two_agencies,
)
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, Harness

NOVEMBER = date(2026, 11, 1)


async def test_digest_content_for_supervisors_and_admins(harness: Harness) -> None:
    """Each supervisor reads their agency; the admin reads both, with leave and unreachable."""
    first, _ = await two_agencies(harness)
    await add_officer(harness, 2001, "สมศรี")
    blocked = await add_officer(harness, 2002, "สมชาย", (OTHER_CODE,))
    away = await add_officer(harness, 2003, "สมหญิง", (OTHER_CODE,))
    sup_a = await add_supervisor(harness, 3001, "หัวหน้าเอ", SAMPLE_AGENCY)
    sup_b = await add_supervisor(harness, 3002, "หัวหน้าบี", OTHER_AGENCY)
    admin = await start_admin(harness)
    await harness.store.reminders.set_leave(away.id, date(2026, 12, 15))
    harness.fake.block(blocked.id)
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    await run(harness)  # the 403 here marks สมชาย unreachable
    await add_report(harness, first, NOVEMBER, "10", reporter="สมศรี")
    marks = {user.id: last_id(harness, user) for user in (sup_a, sup_b, admin)}

    harness.set_time(bkk(2026, 12, 1, 9, 0))
    result = await run(harness)
    assert result.sent == 3

    (digest_a,) = bot_messages(harness, sup_a, marks[sup_a.id])
    text_a = digest_a.content or ""
    assert SAMPLE_AGENCY in text_a and SAMPLE_CODE in text_a and OTHER_CODE not in text_a
    assert "10.00" in text_a and t("reminders.digest_behind_title") in text_a

    (digest_b,) = bot_messages(harness, sup_b, marks[sup_b.id])
    text_b = digest_b.content or ""
    assert OTHER_CODE in text_b and SAMPLE_CODE not in text_b
    assert t("reminders.mark_unreachable") in text_b and "สมชาย" in text_b
    assert t("reminders.digest_leave_title") in text_b
    assert thai_date(date(2026, 12, 15)) in text_b
    assert t("reminders.digest_unreachable_title") in text_b

    admin_text = "".join(m.content or "" for m in bot_messages(harness, admin, marks[admin.id]))
    assert SAMPLE_AGENCY in admin_text and OTHER_AGENCY in admin_text
    assert [r.error_code for r in harness.fake.refusals] == [403]


async def test_digest_is_sent_once_and_caught_up_after_downtime(harness: Harness) -> None:
    """A digest missed on its day goes out the next day, once; later runs send nothing."""
    await harness.add_project()
    supervisor = await add_supervisor(harness, 3001, "หัวหน้าเอ", SAMPLE_AGENCY)
    await start_admin(harness)
    before = last_id(harness, supervisor)
    harness.set_time(bkk(2026, 12, 2, 14, 0))
    assert (await run(harness)).sent == 2
    harness.set_time(bkk(2026, 12, 3, 9, 0))
    assert (await run(harness)).attempted == 0
    assert len(bot_messages(harness, supervisor, before)) == 1
    rows = await harness.store.reminders.deliveries(NOVEMBER)
    assert {(row.kind, row.project_id, row.state) for row in rows} == {("digest", None, "sent")}
    assert len(rows) == 2 and harness.fake.refusals == []


async def test_admin_who_never_opened_the_chat_is_unreachable(harness: Harness) -> None:
    """An admin the bot cannot write to ("chat not found") is marked unreachable, not retried."""
    await harness.add_project()
    harness.set_time(bkk(2026, 12, 1, 9, 0))
    result = await run(harness)
    assert (result.sent, result.unreachable, result.failed) == (0, 1, 0)
    harness.set_time(bkk(2026, 12, 1, 12, 0))
    assert (await run(harness)).attempted == 0
    assert [r.error_code for r in harness.fake.refusals] == [400]
