"""Used, expired and guessed invite tokens register nobody; tokens are hashed and compared flat."""

from __future__ import annotations

import functools
import hmac
import secrets
from datetime import timedelta

import pytest

import storage.invites
from core.domain import Role
from core.i18n import t
from storage.db import rows_of
from storage.invites import hash_token
from tests.harness import SAMPLE_AGENCY, SAMPLE_CODE, SAMPLE_NAME, Harness


async def _everything_stored(harness: Harness) -> str:
    """Return every cell of every table as one text."""
    tables = await harness.store.db.read(
        lambda conn: rows_of(
            conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    cells: list[str] = []
    for table in tables:
        for row in await harness.store.db.read(
            functools.partial(rows_of, sql=f'SELECT * FROM "{table["name"]}"')
        ):
            cells += [str(value) for value in tuple(row)]
    return "\n".join(cells)


async def _stays_stranger(harness: Harness, user_id: int, typed: str, answer_key: str) -> None:
    person = harness.fake.user(user_id, "ผู้ลองเดา")
    answer = await harness.say(person, typed)
    assert answer.content == t(answer_key)
    assert await harness.store.users.get(user_id) is None
    await harness.say(person, "/status")
    texts = "\n".join(harness.texts(person))
    assert SAMPLE_CODE not in texts and SAMPLE_NAME not in texts


async def test_used_token_registers_nobody_else(harness: Harness) -> None:
    """A token already redeemed tells the second person so and gives them nothing."""
    await harness.add_project()
    # Invites never create an agency: the supervisor's is the project's.
    token = await harness.store.invites.create(
        Role.SUPERVISOR, harness.clock.now(), agency=SAMPLE_AGENCY
    )
    await harness.say(harness.fake.user(2001, "คนแรก"), f"/start {token}")
    await _stays_stranger(harness, 2002, f"/start {token}", "start.invite_used")


async def test_expired_token_registers_nobody(harness: Harness) -> None:
    """A token older than seven days says it expired and registers nobody."""
    await harness.add_project()
    created = harness.clock.now() - timedelta(days=7, seconds=1)
    token = await harness.store.invites.create(Role.ADMIN, created)
    await _stays_stranger(harness, 2003, f"/start {token}", "start.invite_expired")


@pytest.mark.parametrize(
    "guess",
    [
        "random",
        "one character changed",
        "upper case",
        "prefix",
        "with suffix",
        "hash instead of token",
        "sql",
    ],
)
async def test_guessed_token_registers_nobody(harness: Harness, guess: str) -> None:
    """Near misses of a real token, its stored hash and random guesses all say unknown."""
    await harness.add_project()
    token = await harness.store.invites.create(Role.ADMIN, harness.clock.now())
    guesses = {
        "random": secrets.token_urlsafe(24),
        "one character changed": ("A" if token[0] != "A" else "B") + token[1:],
        "upper case": token.upper() if token.upper() != token else token.lower(),
        "prefix": token[:-1],
        "with suffix": token + "x",
        "hash instead of token": hash_token(token),
        "sql": "' OR used_by IS NULL --",
    }
    await _stays_stranger(harness, 2004, f"/start {guesses[guess]}", "start.invite_unknown")
    # The real token still works afterwards: guessing did not burn it.
    answer = await harness.say(harness.fake.user(2005, "ตัวจริง"), f"/start {token}")
    assert "ลงทะเบียนเรียบร้อย" in (answer.content or "")


async def test_tokens_are_stored_only_as_hashes(harness: Harness) -> None:
    """No table holds a raw token, before or after it is redeemed; its SHA-256 is stored."""
    await harness.add_project()
    tokens = [
        await harness.store.invites.create(Role.OFFICER, harness.clock.now(), project_codes=(code,))
        for code in (SAMPLE_CODE,)
    ]
    tokens.append(await harness.store.invites.create(Role.ADMIN, harness.clock.now()))
    await harness.say(harness.fake.user(2006, "ผู้ใช้"), f"/start {tokens[0]}")
    stored = await _everything_stored(harness)
    for token in tokens:
        assert token not in stored
        assert hash_token(token) in stored


async def test_tokens_are_compared_in_constant_time(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redeeming compares the stored and the offered hash with hmac.compare_digest."""
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(left: str, right: str) -> bool:
        compared.append((left, right))
        return real(left, right)

    token = await harness.store.invites.create(Role.ADMIN, harness.clock.now())
    monkeypatch.setattr(hmac, "compare_digest", spy)
    result = await harness.store.invites.redeem(token, 2007, "ผู้ใช้", harness.clock.now())
    monkeypatch.undo()
    assert not isinstance(result, storage.invites.InviteProblem)
    assert compared == [(hash_token(token), hash_token(token))]
