"""Every step of every conversation survives the hostile corpus and says what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.i18n import t
from core.report_flow import Step
from fakeapi import FakeUser
from handlers import errors
from storage.db import rows_of
from storage.status_queries import StatusQueries
from tests.harness import ADMIN_ID, SAMPLE_CODE, Harness
from tests.security.corpus import CORPUS, ENDING_COMMANDS, TEXTS, Hostile, Kind
from tests.security.support import (
    ErrorRecorder,
    Outcome,
    describe,
    record_errors,
    send,
)
from tests.status_support import add_report

OFFICER_ID = 2001
OTHER_OFFICER_ID = 2002
SECOND_CODE = "50450000-1111"
OTHER_CODE = "60000000-0001"
OTHER_AGENCY = "สำนักงานเขตบางรัก"
MONTH = date(2026, 11, 1)

# What each step's earlier answers are; the step under test must leave them as they were.
_BEFORE: dict[Step, dict[str, Any]] = {
    Step.CONFIRM_CORRECTION: {},
    Step.PERCENT: {},
    Step.DECREASE_CONFIRM: {"percent": Decimal("30")},
    Step.DECREASE_REASON: {"percent": Decimal("30")},
    Step.WORK_DONE: {"percent": Decimal("45")},
    Step.PROBLEMS: {"percent": Decimal("45"), "work_done": "ประชุม"},
    Step.OBSTACLES: {
        "percent": Decimal("45"),
        "work_done": "ประชุม",
        "problems": "ฝนตก",
        "problems_answered": True,
    },
}
_BEFORE[Step.SUMMARY] = {**_BEFORE[Step.OBSTACLES], "obstacles_answered": True}
_BEFORE[Step.EDIT_FIELD] = _BEFORE[Step.SUMMARY]
# Buttons that, at this step and with the right draft key, end the report as the person meant.
# Buttons that end a report by design: send it (confirm, or "send now, as before").
_MEANT_ENDINGS = {(Step.SUMMARY, "ro:{key}"), (Step.WORK_DONE, "rk:{key}:all")}
_EARLIER = ("percent", "work_done", "problems", "problems_answered", "obstacles_answered")


@dataclass
class World:
    """The people and projects of the corpus tests."""

    officer: FakeUser
    admin: FakeUser
    own_id: int
    other_id: int
    other_agency_id: int
    other_report_id: int
    errors: ErrorRecorder

    def places(self, key: str = "0") -> dict[str, object]:
        """Return the values of the button-data placeholders."""
        return {
            "key": key,
            "own": self.own_id,
            "other": self.other_id,
            "agency": self.other_agency_id,
            "report": self.other_report_id,
        }


async def _world(harness: Harness) -> World:
    own_id = await harness.add_project()
    await harness.add_project(code=SECOND_CODE, name="โครงการที่สอง <b>&")
    other_id = await harness.add_project(code=OTHER_CODE, name="ลับของเขตอื่น", agency=OTHER_AGENCY)
    officer = harness.fake.user(OFFICER_ID, "สมศรี")
    await harness.register(officer, codes=(SAMPLE_CODE, SECOND_CODE))
    other = harness.fake.user(OTHER_OFFICER_ID, "คนเขตอื่น")
    await harness.register(other, codes=(OTHER_CODE,))
    report = await add_report(harness.store, OTHER_OFFICER_ID, other_id, MONTH, "70")
    await add_report(harness.store, OFFICER_ID, own_id, date(2026, 10, 1), "40")
    agencies = dict((name, number) for number, name in await harness.store.projects.agency_ids())
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/start")
    # A report button of a draft that is gone by the time the corpus runs: a stale button.
    listing = await harness.say(officer, "/report")
    await harness.deliver(officer.press(listing, f"rp:{own_id}"))
    await harness.store.drafts.discard(OFFICER_ID)
    return World(
        officer,
        admin,
        own_id,
        other_id,
        agencies[OTHER_AGENCY],
        report.id or 0,
        record_errors(harness),
    )


async def _place(harness: Harness, world: World, step: Step) -> str:
    """Put the officer's report at a step with its earlier answers (the draft is the state)."""
    store = harness.store
    await store.drafts.discard(OFFICER_ID)
    if step is Step.CHOOSE_PROJECT:
        # Choosing the project: no draft yet, the project buttons are the report's entry points.
        return "0"
    await store.drafts.start(
        OFFICER_ID,
        world.officer.chat_id,
        world.own_id,
        MONTH,
        step.value,
        correcting=step is Step.CONFIRM_CORRECTION,
        update_id=0,
    )
    if _BEFORE[step]:
        await store.drafts.save(OFFICER_ID, 1, **_BEFORE[step])
    draft = await store.drafts.get(OFFICER_ID)
    assert draft is not None
    return draft.key


def _check_answer(world: World, item: Hostile, outcome: Outcome, harness: Harness) -> None:
    name = describe(item)
    assert world.errors.errors == [], f"{name} crashed: {world.errors.errors}"
    assert harness.fake.refusals == [], f"{name} was refused: {harness.fake.refusals}"
    assert outcome.answered(), f"{name} got no answer"
    assert outcome.thai_answer(), f"{name} got no Thai answer"


async def _check_report_kept(harness: Harness, world: World, step: Step, item: Hostile) -> None:
    name = describe(item)
    draft = await harness.store.drafts.get(OFFICER_ID)
    if step is Step.CHOOSE_PROJECT:
        # Nothing is answered yet; a draft may only come from a project of the officer's own.
        assert draft is None or draft.project_id != world.other_id, name
        return
    assert draft is not None, f"{name} lost the draft"
    assert draft.project_id != world.other_id, name
    if _BEFORE[step]:
        # With answers given, no button may switch the report to another project.
        assert draft.project_id == world.own_id, name
    for field in _EARLIER:
        if field in _BEFORE[step]:
            assert getattr(draft, field) == _BEFORE[step][field], f"{name} changed {field}"


@pytest.mark.parametrize("step", list(Step), ids=[s.value for s in Step])
async def test_report_step_survives_the_corpus(harness: Harness, step: Step) -> None:
    """At each report step, every hostile input is answered in Thai and loses no answer."""
    world = await _world(harness)
    for item in CORPUS:
        key = await _place(harness, world, step)
        world.errors.current = describe(item)
        outcome = await send(harness, world.officer, item, **world.places(key))
        _check_answer(world, item, outcome, harness)
        if item.kind is Kind.COMMAND and item.value in ENDING_COMMANDS:
            continue
        if (step, item.value) in _MEANT_ENDINGS:
            continue
        await _check_report_kept(harness, world, step, item)
    assert len(CORPUS) >= 150


# Single-shot commands whose argument a person types: each corpus text goes after them.
_ARGUMENT_COMMANDS = [
    ("officer", "/status"),
    ("officer", "/history"),
    ("officer", "/problems"),
    ("officer", "/leave"),
    ("admin", "/overview"),
    ("admin", "/status"),
    ("admin", "/invite officer"),
    ("admin", "/audit"),
]


@pytest.mark.parametrize(("who", "command"), _ARGUMENT_COMMANDS)
async def test_command_arguments_survive_the_corpus(
    harness: Harness, who: str, command: str
) -> None:
    """Every corpus text typed after a command gets a Thai answer and no crash or refusal."""
    world = await _world(harness)
    user = world.officer if who == "officer" else world.admin
    for item in TEXTS:
        typed = Hostile(item.label, Kind.COMMAND, f"{command} {item.value}")
        world.errors.current = describe(typed)
        outcome = await send(harness, user, typed)
        _check_answer(world, typed, outcome, harness)


@pytest.mark.parametrize("who", ["officer", "admin"])
async def test_outside_a_conversation_everything_is_answered(harness: Harness, who: str) -> None:
    """With no report open, every corpus item (buttons included) gets a Thai answer."""
    world = await _world(harness)
    user = world.officer if who == "officer" else world.admin
    for item in CORPUS:
        if item.value == "remind:send" and who == "admin":
            continue  # an admin's real send button; the access tests cover it
        await harness.store.drafts.discard(OFFICER_ID)
        world.errors.current = describe(item)
        outcome = await send(harness, user, item, **world.places())
        _check_answer(world, item, outcome, harness)


async def test_import_preview_survives_hostile_files(harness: Harness) -> None:
    """An admin's document of any corpus text gets a preview or a Thai explanation."""
    world = await _world(harness)
    for item in TEXTS:
        world.errors.current = describe(item)
        before = len(harness.fake.sent(world.admin.chat_id))
        await harness.deliver(
            world.admin.send_document("page.txt", item.value.encode("utf-8", "surrogatepass"))
        )
        fresh = harness.fake.sent(world.admin.chat_id)[before:]
        assert world.errors.errors == [], describe(item)
        assert harness.fake.refusals == [], describe(item)
        assert fresh and any("\u0e01" <= ch <= "\u0e5b" for ch in fresh[-1].content or ""), (
            describe(item)
        )


async def test_invite_buttons_survive_forged_data(harness: Harness) -> None:
    """Forged invite buttons get an answer and create no invite; the real sequence still works."""
    world = await _world(harness)
    await harness.say(world.admin, "/invite")
    before = await harness.store.db.read(lambda conn: rows_of(conn, "SELECT id FROM invites"))
    forged = ["iv:", "iv:root", "iv:" + "a" * 80, "ia:", "ia:999999", "ia:-1", "ia:๑", "ia:1e9"]
    # The officer invite: agency, project toggles (one of another agency) and done, forged.
    forged += ["io:", "io:999999", "io:๑", "it:1", "it:999999", "it:๑", "it:", "id:", "id:x"]
    for data in forged:
        item = Hostile(data, Kind.BUTTON, data)
        world.errors.current = data
        outcome = await send(harness, world.admin, item)
        _check_answer(world, item, outcome, harness)
    after = await harness.store.db.read(lambda conn: rows_of(conn, "SELECT id FROM invites"))
    assert len(after) == len(before)
    assert t("fallback.stale_button") in [m.content for m in harness.fake.sent(ADMIN_ID)]
    # The real sequence still works after all that: one invite for the chosen project.
    for data in (f"io:{world.other_agency_id}", f"it:{world.other_id}", "id:"):
        outcome = await send(harness, world.admin, Hostile(data, Kind.BUTTON, data))
        _check_answer(world, Hostile(data, Kind.BUTTON, data), outcome, harness)
    assert (
        len(await harness.store.db.read(lambda conn: rows_of(conn, "SELECT id FROM invites")))
        == len(before) + 1
    )


async def test_a_crash_would_be_seen(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorder sees an exception a handler raises, so the corpus checks can fail."""
    world = await _world(harness)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(StatusQueries, "month_reports", broken)
    # The admin notice is rate-limited per process: leave the limit as other tests expect it.
    monkeypatch.setitem(errors._last_notice, "at", 0.0)
    outcome = await send(harness, world.officer, Hostile("problems", Kind.COMMAND, "/problems"))
    assert [type(error) for _, error in world.errors.errors] == [RuntimeError]
    assert outcome.answered()  # the bot's own error handler apologised
