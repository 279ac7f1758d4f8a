"""Unexpected errors: the person is told, the admins are told, nothing personal is logged."""

from __future__ import annotations

import logging

import pytest

from core.i18n import t
from tests.harness import ADMIN_ID, Harness


async def test_failure_is_reported_to_person_and_admin(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A crashing step tells the officer their answers are safe and notifies the admin."""
    await harness.add_project()
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await harness.say(admin, "/start")
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    await harness.say(officer, "/report")

    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(harness.store.drafts, "save", broken)
    with caplog.at_level(logging.ERROR):
        await harness.say(officer, "๔๕")
    assert harness.last(officer).content == t("errors.sorry")
    notice = harness.last(admin).content or ""
    assert "RuntimeError" in notice
    assert "๔๕" not in caplog.text and harness.fake.token not in caplog.text
