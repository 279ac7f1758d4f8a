"""Moved to bot.fakeapi.records; this name stays importable for older imports."""

from bot.fakeapi.records import *  # noqa: F403
