"""People change: access follows at once, mid-conversation too, and every change is audited."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from core.domain import Project, Role
from core.i18n import t
from fakeapi import FakeUser
from storage import Storage
from storage.drafts import DraftOutOfScope
from storage.people import AccessRefused, Refusal
from tests.harness import ADMIN_ID, BANGKOK, SAMPLE_AGENCY, SAMPLE_CODE, Harness
from tests.security.test_access_matrix import plain
from tests.status_support import add_report

OTHER_AGENCY = "สำนักงานเขตบางรัก"
OTHER_CODE = "22220000-0001"


def _out_of_scope(code: str = SAMPLE_CODE) -> str:
    return plain(t("report.out_of_scope", code=code))


async def _world(harness: Harness) -> tuple[FakeUser, FakeUser, FakeUser, FakeUser]:
    """An officer of the sample project, a colleague, the agency's supervisor, an admin."""
    await harness.add_project()
    await harness.add_project(code=OTHER_CODE, name="โครงการอีกเขต", agency=OTHER_AGENCY)
    officer, colleague = harness.fake.user(5001, "สมศรี"), harness.fake.user(5002, "สมชาย")
    supervisor, admin = harness.fake.user(5003, "หัวหน้า"), harness.fake.user(ADMIN_ID, "แอดมิน")
    await harness.register(officer)
    await harness.register(colleague, codes=(OTHER_CODE,))
    await harness.register(supervisor, Role.SUPERVISOR, agency=SAMPLE_AGENCY)
    await harness.say(admin, "/start")
    return officer, colleague, supervisor, admin


async def _kinds(harness: Harness) -> list[str]:
    return [entry.kind for entry in await harness.store.audit.all()]


async def test_officer_taken_off_mid_report_is_told_and_nothing_is_stored(
    harness: Harness,
) -> None:
    """A step after /unassign closes the draft with a Thai explanation; no answer is stored."""
    officer, _, supervisor, _ = await _world(harness)
    await harness.say(officer, "/report")
    await harness.say(officer, "45")
    answer = await harness.say(supervisor, f"/unassign {SAMPLE_CODE} {officer.id}")
    assert plain(t("people.taken_off", id=officer.id, code=SAMPLE_CODE, drafts="")) in plain(
        answer.content or ""
    )
    reply = await harness.say(officer, "ประชุมคณะทำงาน")
    assert plain(reply.content or "") == _out_of_scope()
    assert await harness.store.drafts.get(officer.id) is None
    assert await harness.stored_reports() == 0
    # The project is gone from every view of the officer.
    status = await harness.say(officer, f"/status {SAMPLE_CODE}")
    assert plain(status.content or "") == plain(t("status.not_found"))
    assert "assignment_removed" in await _kinds(harness)


async def test_confirm_after_hand_over_stores_nothing_and_the_new_officer_sees_history(
    harness: Harness,
) -> None:
    """Handed over at the summary: ✅ closes the draft; the new officer reports with history."""
    officer, colleague, _, admin = await _world(harness)
    project = await harness.store.projects.by_code(SAMPLE_CODE)
    assert project is not None and project.id is not None
    await add_report(harness.store, officer.id, project.id, date(2026, 10, 1), "30")
    await harness.reach_summary(officer, "45")
    answer = await harness.say(admin, f"/handover {SAMPLE_CODE} {officer.id} {colleague.id}")
    assert plain(t("people.drafts_closed", count=1)).strip() in plain(answer.content or "")
    reply = await harness.tap(officer, t("report.button_confirm"))
    assert plain(reply.content or "") == _out_of_scope()
    assert await harness.stored_reports() == 1
    history = await harness.say(colleague, f"/history {SAMPLE_CODE}")
    assert "30" in (history.content or "")
    chooser = await harness.say(colleague, "/report")
    label = next(text for text in chooser.button_texts() if SAMPLE_CODE in text)
    await harness.tap(colleague, label)
    await harness.answer_to_summary(colleague, "50")
    await harness.tap(colleague, t("report.button_confirm"))
    assert await harness.stored_reports() == 2
    assert "project_handed_over" in await _kinds(harness)
    entry = next(e for e in await harness.store.audit.all() if e.kind == "project_handed_over")
    assert (entry.actor, entry.details["person"], entry.details["to"]) == (
        str(ADMIN_ID),
        officer.id,
        colleague.id,
    )


async def test_button_of_a_report_after_deactivation_gets_the_stranger_answer(
    harness: Harness,
) -> None:
    """A deactivated officer is a stranger at the next tap; their draft stores nothing."""
    officer, _, supervisor, _ = await _world(harness)
    await harness.reach_summary(officer)
    answer = await harness.say(supervisor, f"/deactivate {officer.id}")
    assert plain(t("people.deactivated", id=officer.id, drafts="")) in plain(answer.content or "")
    reply = await harness.tap(officer, t("report.button_confirm"))
    assert plain(reply.content or "") == plain(t("access.stranger"))
    assert await harness.stored_reports() == 0
    assert await harness.store.users.get(officer.id) is None
    assert "person_deactivated" in await _kinds(harness)


async def test_acting_officer_reports_only_within_the_period(harness: Harness) -> None:
    """An acting officer may report today; a period that ended gives them nothing."""
    officer, colleague, supervisor, _ = await _world(harness)
    today = datetime.now(BANGKOK).date()
    past = f"{today - timedelta(10):%d/%m/%Y} {today - timedelta(5):%d/%m/%Y}"
    await harness.say(supervisor, f"/acting {SAMPLE_CODE} {colleague.id} {past}")
    chooser = await harness.say(colleague, "/report")
    assert SAMPLE_CODE not in " ".join(chooser.button_texts())
    await harness.say(colleague, "/cancel")
    now = f"{today:%d/%m/%Y} {today + timedelta(3):%d/%m/%Y}"
    answer = await harness.say(supervisor, f"/acting {SAMPLE_CODE} {colleague.id} {now}")
    assert "✅" in (answer.content or "")
    listing = await harness.say(supervisor, f"/unassign {SAMPLE_CODE}")
    assert str(colleague.id) in (listing.content or "") and str(officer.id) in (
        listing.content or ""
    )
    chooser = await harness.say(colleague, "/report")
    assert any(SAMPLE_CODE in label for label in chooser.button_texts())
    assert await harness.store.people.officers_of(None, SAMPLE_CODE)
    assert (await _kinds(harness)).count("acting_named") == 2


async def test_supervisors_change_only_their_agency(harness: Harness) -> None:
    """A supervisor cannot touch another agency's project, nor deactivate an admin."""
    officer, colleague, supervisor, _ = await _world(harness)
    refused = await harness.say(supervisor, f"/unassign {OTHER_CODE} {colleague.id}")
    assert plain(refused.content or "") == plain(t("people.project_not_found"))
    refused = await harness.say(supervisor, f"/deactivate {ADMIN_ID}")
    assert plain(refused.content or "") == plain(t("people.not_allowed"))
    refused = await harness.say(supervisor, f"/deactivate {colleague.id}")
    assert plain(refused.content or "") == plain(t("people.not_allowed"))
    refused = await harness.say(officer, f"/unassign {SAMPLE_CODE} {officer.id}")
    assert plain(refused.content or "") == plain(t("access.not_allowed"))
    assert await harness.store.users.get(colleague.id) is not None
    assert not [kind for kind in await _kinds(harness) if kind.startswith(("assign", "person"))]


async def test_change_between_a_steps_read_and_its_write_stores_nothing(
    harness: Harness,
) -> None:
    """The write of a step and the confirm check scope themselves, not the step's earlier read."""
    officer, _, _, _ = await _world(harness)
    await harness.reach_summary(officer)
    store = harness.store
    draft = await store.drafts.get(officer.id)
    user = await store.users.get(officer.id)
    assert draft is not None and user is not None and draft.in_scope
    await store.people.take_off(None, SAMPLE_CODE, officer.id)
    try:
        await store.reports.submit(draft, user, date(2026, 11, 21))
    except DraftOutOfScope:
        pass
    else:
        raise AssertionError("a report was filed out of scope")
    assert await harness.stored_reports() == 0
    assert await store.drafts.get(officer.id) is None


async def test_refused_change_writes_no_audit_entry(harness: Harness) -> None:
    """A refusal rolls back with its audit entry."""
    await _world(harness)
    try:
        await harness.store.people.take_off(None, SAMPLE_CODE, 424242)
    except AccessRefused as refused:
        assert refused.reason is Refusal.NOT_ASSIGNED
    else:
        raise AssertionError("taking off somebody not assigned was accepted")
    assert not [kind for kind in await _kinds(harness) if kind == "assignment_removed"]


def _cli(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_PATH": str(database), "PATH": "/usr/bin:/bin", "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "people", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


async def test_cli_changes_are_audited_as_cli_and_refusals_exit_2(tmp_path: Path) -> None:
    """The command line lists, hands over and deactivates; a refusal is one line, exit 2."""
    database = tmp_path / "cli.sqlite3"
    store = await Storage.open(database)
    try:
        project_id = await store.projects.add(
            Project(code=SAMPLE_CODE, name="โครงการ", agency=SAMPLE_AGENCY, fiscal_year=2570)
        )
        for person in (5101, 5102):
            await store.users.add(person, f"คน {person}", Role.OFFICER, None, [project_id])
    finally:
        await store.close()
    listed = _cli(database, "list", "--project", SAMPLE_CODE)
    assert listed.returncode == 0 and "5101" in listed.stdout
    moved = _cli(database, "handover", "--project", SAMPLE_CODE, "--from", "5101", "--to", "5102")
    assert moved.returncode == 0, moved.stderr
    again = _cli(database, "handover", "--project", SAMPLE_CODE, "--from", "5101", "--to", "5102")
    assert again.returncode == 2
    assert again.stderr.strip() == f"error: {t('people.not_assigned', 'en')}"
    bad_date = _cli(
        database, "acting", "--project", SAMPLE_CODE, "--person", "5101",
        "--first-day", "x", "--last-day", "1/12/2569",
    )  # fmt: skip
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr
    gone = _cli(database, "deactivate", "--person", "5101")
    assert gone.returncode == 0, gone.stderr
    store = await Storage.open(database)
    try:
        entries = await store.audit.all()
        assert [(e.kind, e.actor) for e in entries if e.kind != "invite_used"][-2:] == [
            ("project_handed_over", "cli"),
            ("person_deactivated", "cli"),
        ]
        assert await store.users.get(5101) is None
    finally:
        await store.close()


async def test_a_sticker_after_being_taken_off_does_not_repeat_the_question(
    harness: Harness,
) -> None:
    """Stray input after the change gets the explanation, not the project's question again."""
    officer, _, supervisor, _ = await _world(harness)
    await harness.say(officer, "/report")
    await harness.say(supervisor, f"/unassign {SAMPLE_CODE} {officer.id}")
    before = len(harness.texts(officer))
    await harness.deliver(officer.send_sticker())
    after = [plain(text) for text in harness.texts(officer)[before:]]
    assert after[-1] == _out_of_scope()
    assert not any(SAMPLE_CODE in text for text in after[:-1])
    assert await harness.store.drafts.get(officer.id) is None
