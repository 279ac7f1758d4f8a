"""Invitation tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.domain import Project, Role
from storage import Storage
from storage.db import rows_of
from storage.invites import Invite, InviteProblem, hash_token

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Asia/Bangkok"))


async def test_token_is_long_random_and_stored_only_hashed(store: Storage) -> None:
    """Tokens carry at least 128 bits and only their hash reaches the database."""
    token = await store.invites.create(Role.ADMIN, NOW)
    assert len(token) >= 22
    stored = await store.db.read(lambda conn: rows_of(conn, "SELECT token_hash FROM invites"))
    assert [row["token_hash"] for row in stored] == [hash_token(token)]
    assert token not in hash_token(token)


async def test_invite_expires_after_seven_days(store: Storage) -> None:
    """A token used after 7 days registers nobody."""
    token = await store.invites.create(Role.ADMIN, NOW)
    result = await store.invites.redeem(token, 1, "ก", NOW + timedelta(days=7, seconds=1))
    assert result is InviteProblem.EXPIRED
    assert await store.users.get(1) is None


async def test_officer_invite_assigns_its_projects_once(store: Storage) -> None:
    """An officer invite registers the person with its projects, and works only once."""
    await store.projects.add(Project(code="A-1", name="ก", agency="เขตหนึ่ง", fiscal_year=2570))
    token = await store.invites.create(Role.OFFICER, NOW, project_codes=("A-1",))
    first = await store.invites.redeem(token, 7, "สมชาย", NOW)
    assert isinstance(first, Invite) and first.project_codes == ("A-1",)
    user = await store.users.get(7)
    assert user is not None and user.role is Role.OFFICER and user.agency == "เขตหนึ่ง"
    assert user.project_codes == ("A-1",)
    assert await store.invites.redeem(token, 8, "อื่น", NOW) is InviteProblem.USED
    assert await store.invites.redeem("x" * 32, 8, "อื่น", NOW) is InviteProblem.UNKNOWN
