"""Moved to bot.fakeapi.formatting; this name stays importable for older imports."""

from bot.fakeapi.formatting import *  # noqa: F403
