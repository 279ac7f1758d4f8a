"""Moved to bot.fakeapi.rules; this name stays importable for older imports."""

from bot.fakeapi.rules import *  # noqa: F403
