"""Shared fixtures for the reminder calendar tests."""

from __future__ import annotations

import pytest

from core.reminders import ThaiWorkCalendar
from tests.core.reminders.helpers import BANGKOK


@pytest.fixture
def cal() -> ThaiWorkCalendar:
    """Provide a Bangkok calendar with the package's real Thai holidays."""
    return ThaiWorkCalendar(BANGKOK)
