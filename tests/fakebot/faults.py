"""Moved to bot.fakeapi.faults; this name stays importable for older imports."""

from bot.fakeapi.faults import *  # noqa: F403
