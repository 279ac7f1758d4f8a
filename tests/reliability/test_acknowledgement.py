"""A report stored whose "saved" message was lost is acknowledged before anything else."""

from __future__ import annotations

from pathlib import Path

from core.i18n import t
from fakeapi import FakeTelegram, FakeUser, Fault
from tests.conftest import DEFAULT_NOW
from tests.harness import Harness, start_harness, stop_harness
from tests.security.test_access_matrix import plain

SAVED = plain(t("report.saved"))
OFFICIAL = "ความคืบหน้าโครงการฯ ร้อยละ 45.00"


async def _confirm_while_sends_fail(harness: Harness) -> FakeUser:
    await harness.add_project()
    officer = harness.fake.user(2401, "สมศรี")
    await harness.register(officer)
    await harness.reach_summary(officer)
    # Every send fails for longer than any retry: "saved" never reaches the officer.
    harness.fake.faults.script("sendMessage", *[Fault.server_error(502)] * 40)
    await harness.tap(officer, t("report.button_confirm"))
    harness.fake.faults.clear()
    assert not any(SAVED in plain(text) for text in harness.texts(officer))
    assert await harness.stored_reports() == 1
    return officer


def _after(harness: Harness, officer: FakeUser, count: int) -> list[str]:
    return [plain(text) for text in harness.texts(officer)[count:]]


async def test_next_message_gets_the_lost_acknowledgement_first(harness: Harness) -> None:
    """A sticker after a lost "saved" gets "saved" and the official entry, then its own answer."""
    officer = await _confirm_while_sends_fail(harness)
    before = len(harness.texts(officer))
    await harness.deliver(officer.send_sticker())
    texts = _after(harness, officer, before)
    assert texts[0] == SAVED and OFFICIAL in texts[1]
    assert len(texts) > 2  # the sticker was answered as well
    # Once is enough: the next message gets no second acknowledgement.
    again = len(harness.texts(officer))
    await harness.say(officer, "/help")
    assert not any(SAVED in text for text in _after(harness, officer, again))
    assert await harness.store.reports.unacknowledged() == {}


async def test_acknowledgement_survives_a_restart(fake: FakeTelegram, tmp_path: Path) -> None:
    """After a restart the first message of the officer still gets the acknowledgement."""
    database = tmp_path / "bot.sqlite3"
    first = await start_harness(fake, database, DEFAULT_NOW)
    try:
        officer = await _confirm_while_sends_fail(first)
    finally:
        await stop_harness(first)
    second = await start_harness(fake, database, DEFAULT_NOW)
    try:
        before = len(second.texts(officer))
        await second.say(officer, "/status")
        texts = _after(second, officer, before)
        assert texts[0] == SAVED and OFFICIAL in texts[1]
    finally:
        await stop_harness(second)


async def test_delivered_acknowledgement_is_not_repeated(harness: Harness) -> None:
    """A report whose "saved" went out leaves nothing pending."""
    await harness.add_project()
    officer = harness.fake.user(2402, "สมชาย")
    await harness.register(officer)
    await harness.file_report(officer)
    assert await harness.store.reports.unacknowledged() == {}
    before = len(harness.texts(officer))
    await harness.say(officer, "/help")
    assert not any(SAVED in text for text in _after(harness, officer, before))
