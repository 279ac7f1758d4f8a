"""Admins invite people from the chat."""

from __future__ import annotations

import re

from core.domain import Role
from core.i18n import t
from storage.db import value_of
from tests.harness import ADMIN_ID, SAMPLE_AGENCY, SAMPLE_CODE, Harness


def _token(text: str | None) -> str:
    match = re.search(r"/start (\S+)", text or "")
    assert match, text
    return match[1]


async def test_admin_invites_an_officer_with_buttons(harness: Harness) -> None:
    """Role, agency and project buttons give a link that registers an officer for that project."""
    await harness.add_project()
    await harness.add_project(code="50450000-9999", name="โครงการที่สอง")
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/invite")
    await harness.tap(admin, t("role.officer"))
    await harness.tap(admin, SAMPLE_AGENCY)
    picked = await harness.tap(
        admin, next(text for text in harness.last(admin).button_texts() if SAMPLE_CODE in text)
    )
    assert any(text.startswith("☑️") for text in picked.button_texts())
    link = await harness.tap(admin, t("invite.button_create"))
    assert "https://t.me/field_report_bot?start=" in (link.content or "")

    officer = harness.fake.user(6001, "สมใจ")
    await harness.say(officer, f"/start {_token(link.content)}")
    user = await harness.store.users.get(6001)
    assert user is not None and user.role is Role.OFFICER
    assert user.project_codes == (SAMPLE_CODE,)


async def test_admin_invites_a_supervisor_of_an_agency(harness: Harness) -> None:
    """The supervisor link registers a supervisor of the tapped agency."""
    await harness.add_project()
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/invite")
    await harness.tap(admin, t("role.supervisor"))
    link = await harness.tap(admin, SAMPLE_AGENCY)
    supervisor = harness.fake.user(6002, "หัวหน้า")
    await harness.say(supervisor, f"/start {_token(link.content)}")
    user = await harness.store.users.get(6002)
    assert user is not None and user.role is Role.SUPERVISOR and user.agency == SAMPLE_AGENCY
    assert harness.fake.refusals == []


async def test_only_admins_may_invite(harness: Harness) -> None:
    """An officer's /invite is refused and creates nothing."""
    await harness.add_project()
    officer = harness.fake.user(6003, "สมศรี")
    await harness.register(officer)
    answer = await harness.say(officer, "/invite admin")
    assert answer.content == t("access.not_allowed")
    assert (
        await harness.store.db.read(lambda conn: value_of(conn, "SELECT COUNT(*) FROM invites"))
        == 1
    )
