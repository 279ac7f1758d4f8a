"""Tests of the injectable clocks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.reminders import Clock, FixedClock, SystemClock
from tests.core.reminders.helpers import BANGKOK, BERLIN, bkk


def test_fixed_clock_returns_the_set_time() -> None:
    """Check that a FixedClock reports exactly the time it was given."""
    clock: Clock = FixedClock(bkk(2026, 11, 20))
    assert clock.now() == bkk(2026, 11, 20)


def test_fixed_clock_set_and_advance() -> None:
    """Check that a FixedClock can be set and advanced."""
    clock = FixedClock(bkk(2026, 11, 20))
    clock.set(bkk(2026, 11, 25, 8))
    assert clock.advance(timedelta(hours=1)) == bkk(2026, 11, 25, 9)
    assert clock.now().tzinfo is BANGKOK


def test_fixed_clock_advance_counts_elapsed_time_across_dst() -> None:
    """Check that advancing across the Berlin DST change adds real, not wall-clock, hours."""
    clock = FixedClock(datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN))
    after = clock.advance(timedelta(hours=2))
    # 02:00 does not exist that night: two elapsed hours from 01:00 CET is 04:00 CEST.
    assert (after.hour, after.utcoffset()) == (4, timedelta(hours=2))


def test_fixed_clock_rejects_naive_datetimes() -> None:
    """Check that naive datetimes are refused by FixedClock."""
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 11, 20, 9))
    clock = FixedClock(bkk(2026, 11, 20))
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 11, 20, 9))


def test_system_clock_is_aware_in_its_zone() -> None:
    """Check that SystemClock returns an aware datetime in the configured zone."""
    now = SystemClock(BANGKOK).now()
    assert now.tzinfo is BANGKOK
    assert now.utcoffset() == timedelta(hours=7)
