"""Drafts of report conversations: answers stored per update, a repeated update ignored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from core.domain import Project, Role, User
from storage import Storage
from storage.drafts import Draft

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
OFFICER = 2001


async def _draft_started(store: Storage) -> None:
    project_id = await store.projects.add(
        Project(
            code="50450000-3247", name="โครงการทดสอบ", agency="สำนักงานเขตทดสอบ", fiscal_year=2570
        )
    )
    token = await store.invites.create(Role.OFFICER, NOW, project_codes=["50450000-3247"])
    await store.invites.redeem(token, OFFICER, "สมศรี", NOW)
    await store.drafts.start(
        OFFICER, OFFICER, project_id, date(2026, 11, 1), "percent", correcting=False, update_id=10
    )


async def _person_and_draft(
    store: Storage, user_id: int = OFFICER
) -> tuple[User | None, Draft | None]:
    return await store.read_both(
        store.users.person_query(user_id), store.drafts.draft_query(user_id)
    )


async def test_save_returns_the_draft_as_stored(store: Storage) -> None:
    """Saving an answer returns the draft with the answer, the new step and the update id."""
    await _draft_started(store)
    saved = await store.drafts.save(OFFICER, 11, step="work_done", percent=Decimal("45.5"))
    assert saved is not None
    assert (saved.step, saved.percent, saved.last_update_id) == ("work_done", Decimal("45.50"), 11)
    assert saved == await store.drafts.get(OFFICER)


async def test_save_of_an_update_applied_already_returns_none(store: Storage) -> None:
    """An update delivered again changes nothing and returns None."""
    await _draft_started(store)
    assert await store.drafts.save(OFFICER, 11, percent=Decimal(45)) is not None
    assert await store.drafts.save(OFFICER, 11, percent=Decimal(90)) is None
    draft = await store.drafts.get(OFFICER)
    assert draft is not None and draft.percent == Decimal(45)


async def test_person_and_draft_read_together(store: Storage) -> None:
    """The person and their draft come back as the stores return them one by one."""
    await _draft_started(store)
    person, draft = await _person_and_draft(store)
    assert person == await store.users.get(OFFICER)
    assert draft == await store.drafts.get(OFFICER)
    assert person is not None and person.project_codes == ("50450000-3247",)


async def test_person_and_draft_of_a_stranger_are_empty(store: Storage) -> None:
    """Someone never registered has neither a person nor a draft."""
    assert await _person_and_draft(store, 9999) == (None, None)


async def test_start_for_a_reported_month_begins_as_a_correction(store: Storage) -> None:
    """With a correction step, a month that has a report starts there, marked as correcting."""
    await _draft_started(store)
    person, draft = await _person_and_draft(store)
    assert person is not None and draft is not None
    saved = await store.drafts.save(
        OFFICER, 11, percent=Decimal(40), work_done="งาน", step="summary"
    )
    assert saved is not None
    await store.reports.submit(saved, person, date(2026, 11, 21))
    month = date(2026, 11, 1)
    again = await store.drafts.start(
        OFFICER,
        OFFICER,
        draft.project_id,
        month,
        "percent",
        correction_step="confirm_correction",
        update_id=20,
    )
    assert (again.step, again.correcting) == ("confirm_correction", True)
    other = await store.drafts.start(
        OFFICER,
        OFFICER,
        draft.project_id,
        date(2026, 12, 1),
        "percent",
        correction_step="confirm_correction",
        update_id=21,
    )
    assert (other.step, other.correcting) == ("percent", False)


async def test_draft_carries_its_projects_code_and_name(store: Storage) -> None:
    """A started, saved or read draft names its project, for the summary without another read."""
    await _draft_started(store)
    saved = await store.drafts.save(OFFICER, 11, work_done="งาน")
    read = await store.drafts.get(OFFICER)
    for draft in (saved, read):
        assert draft is not None
        assert (draft.project_code, draft.project_name) == ("50450000-3247", "โครงการทดสอบ")
