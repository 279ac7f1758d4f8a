"""Sends queue in the lane of what caused them: answers, lookups, reminders (bot/pacing.py)."""

from __future__ import annotations

import asyncio

import pytest

from bot.pacing import ChatKey, FairPacer
from core.bma import parse_project_page
from core.domain import Role
from core.i18n import t
from fakeapi import FakeUser
from handlers.lanes import LOOKUPS_AT_ONCE, Lane
from tests.core.bma import read_sample
from tests.core.reminders.helpers import bkk
from tests.handlers.reminders.world import add_officer, run, two_agencies
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, Harness

Queued = list[tuple[Lane, ChatKey]]


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> Queued:
    """Record the lane and chat of every paced send of the application's limiter."""
    seen: Queued = []
    original = FairPacer._queue

    async def spy(self: FairPacer, lane: Lane, chat: ChatKey) -> None:
        seen.append((lane, chat))
        await original(self, lane, chat)

    monkeypatch.setattr(FairPacer, "_queue", spy)
    return seen


def lanes_of(queued: Queued, user: FakeUser) -> set[Lane]:
    """Return the lanes the sends to one chat were queued in."""
    return {lane for lane, chat in queued if chat == user.chat_id}


async def test_application_paces_with_the_fair_pacer(harness: Harness) -> None:
    """The application's rate limiter is the FairPacer."""
    assert isinstance(harness.app.bot.rate_limiter, FairPacer)


async def test_report_steps_are_answers_and_status_is_a_lookup(
    harness: Harness, queued: Queued
) -> None:
    """An officer's report questions go in ANSWER; a supervisor's card and chart in LOOKUP."""
    await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    supervisor = harness.fake.user(3001, "หัวหน้า")
    await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    queued.clear()
    await asyncio.gather(
        harness.say(officer, "/report"),
        harness.say(supervisor, f"/status {SAMPLE_CODE}"),
    )
    await harness.tap(supervisor, t("status.button_chart"))
    assert lanes_of(queued, officer) == {Lane.ANSWER}
    assert lanes_of(queued, supervisor) == {Lane.LOOKUP}
    assert any(m.photo for m in harness.fake.sent(supervisor.chat_id))


async def test_kpi_is_a_lookup(harness: Harness, queued: Queued) -> None:
    """A supervisor's /kpi answer queues in LOOKUP, like the project card it belongs to."""
    await harness.store.imports.import_page(parse_project_page(read_sample("50450000-3247")))
    supervisor = harness.fake.user(3001, "หัวหน้า")
    await harness.register(supervisor, Role.SUPERVISOR, agency="สำนักงานเขตวังทองหลาง")
    queued.clear()
    answer = await harness.say(supervisor, "/kpi 5045-861")
    assert "5045-861" in (answer.content or "")
    assert lanes_of(queued, supervisor) == {Lane.LOOKUP}


async def test_reminders_are_bulk(harness: Harness, queued: Queued) -> None:
    """Reminders sent by the daily run queue in BULK, behind everyone's answers."""
    await two_agencies(harness)
    somsri = await add_officer(harness, 2001, "สมศรี", (SAMPLE_CODE,))
    queued.clear()
    harness.set_time(bkk(2026, 11, 20, 9, 0))
    result = await run(harness)
    assert result.sent >= 1
    assert lanes_of(queued, somsri) == {Lane.BULK}


async def test_supervisors_lookups_take_turns(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many supervisors asking at once get every card, no more than LOOKUPS_AT_ONCE at a time."""
    await harness.add_project()
    running, most = 0, 0
    original = harness.store.projects.in_scope

    async def counting(*args: object, **kwargs: object) -> object:
        nonlocal running, most
        running += 1
        most = max(most, running)
        try:
            await asyncio.sleep(0.02)
            return await original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            running -= 1

    monkeypatch.setattr(harness.store.projects, "in_scope", counting)
    supervisors = [harness.fake.user(3001 + i, "หัวหน้า") for i in range(6)]
    for supervisor in supervisors:
        await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    await asyncio.gather(*(harness.say(s, f"/status {SAMPLE_CODE}") for s in supervisors))
    assert most == LOOKUPS_AT_ONCE
    for supervisor in supervisors:
        card = harness.fake.last_message(supervisor.chat_id)
        assert card is not None and SAMPLE_CODE in (card.text or "")
