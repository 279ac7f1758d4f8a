"""Moved to bot.fakeapi.errors; this name stays importable for older imports."""

from bot.fakeapi.errors import *  # noqa: F403
