"""Moved to bot.fakeapi.server; this name stays importable for older imports."""

from bot.fakeapi.server import *  # noqa: F403
