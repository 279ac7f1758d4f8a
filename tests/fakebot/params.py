"""Moved to bot.fakeapi.params; this name stays importable for older imports."""

from bot.fakeapi.params import *  # noqa: F403
