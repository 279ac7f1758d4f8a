"""Moved to bot.fakeapi.api; this name stays importable for older imports."""

from bot.fakeapi.api import *  # noqa: F403
