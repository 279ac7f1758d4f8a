"""Tests of the job-queue helpers (pure: APScheduler's trigger, no Telegram)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

# APScheduler ships no type information; pyproject.toml is not ours to extend.
from apscheduler.triggers.cron import CronTrigger

from bot.jobs import JOB_NAMES, daily_check_time, daily_job_kwargs
from tests.core.reminders.helpers import BANGKOK, BERLIN


def trigger_for(at: time) -> CronTrigger:
    """Build the cron trigger PTB's run_daily builds for ``at``."""
    return CronTrigger(hour=at.hour, minute=at.minute, second=at.second, timezone=at.tzinfo)


def test_daily_check_time_is_aware() -> None:
    """Check that the returned time carries the configured zone."""
    at = daily_check_time(time(9, 0), BANGKOK)
    assert (at.hour, at.minute, at.tzinfo) == (9, 0, BANGKOK)


def test_daily_check_fires_at_nine_bangkok() -> None:
    """Check that the daily trigger fires at 09:00 Bangkok, i.e. 02:00 UTC."""
    trigger = trigger_for(daily_check_time(time(9, 0), BANGKOK))
    fire = trigger.get_next_fire_time(None, datetime(2026, 11, 20, 0, 0, tzinfo=UTC))
    assert fire is not None
    assert fire.astimezone(UTC) == datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_daily_check_follows_dst_in_berlin() -> None:
    """Check that the Berlin trigger stays at 09:00 local on both sides of DST."""
    trigger = trigger_for(daily_check_time(time(9, 0), BERLIN))
    winter = trigger.get_next_fire_time(None, datetime(2026, 1, 10, tzinfo=UTC))
    summer = trigger.get_next_fire_time(None, datetime(2026, 7, 10, tzinfo=UTC))
    assert winter is not None and summer is not None
    assert winter.astimezone(UTC).hour == 8
    assert summer.astimezone(UTC).hour == 7


def test_daily_check_time_rejects_aware_input() -> None:
    """Check that an already-zoned time is refused rather than silently re-zoned."""
    with pytest.raises(ValueError):
        daily_check_time(time(9, 0, tzinfo=BERLIN), BANGKOK)


def test_job_names_and_kwargs() -> None:
    """Check the documented job names and a generous, coalescing misfire policy."""
    assert JOB_NAMES == {"reminders": "reminders:daily", "startup": "reminders:startup"}
    kwargs = daily_job_kwargs()
    assert kwargs["misfire_grace_time"] == 6 * 3600
    assert kwargs["coalesce"] is True
