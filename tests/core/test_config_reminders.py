"""The reminder settings: REMINDER_TIME and SEND_RATE, with their defaults."""

from __future__ import annotations

from datetime import time

import pytest

from core.config import DEFAULT_SEND_RATE, ConfigError, load_settings


def test_defaults_are_nine_oclock_and_just_under_thirty_a_second() -> None:
    """Without settings the check runs at 09:00 and sends below thirty messages a second."""
    settings = load_settings({}, env_file=None)
    assert settings.reminder_time == time(9, 0)
    assert settings.send_rate == DEFAULT_SEND_RATE


def test_values_are_read_from_the_environment() -> None:
    """REMINDER_TIME=08:30 and SEND_RATE=20 are taken as given."""
    settings = load_settings({"REMINDER_TIME": "08:30", "SEND_RATE": "20"}, env_file=None)
    assert (settings.reminder_time, settings.send_rate) == (time(8, 30), 20.0)


@pytest.mark.parametrize(
    "values", [{"REMINDER_TIME": "nine"}, {"SEND_RATE": "fast"}, {"SEND_RATE": "0"}]
)
def test_bad_values_are_configuration_errors(values: dict[str, str]) -> None:
    """A malformed time or a non-positive rate stops start-up with a clear error."""
    with pytest.raises(ConfigError):
        load_settings(values, env_file=None)
