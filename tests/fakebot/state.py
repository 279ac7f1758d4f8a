"""Moved to bot.fakeapi.state; this name stays importable for older imports."""

from bot.fakeapi.state import *  # noqa: F403
