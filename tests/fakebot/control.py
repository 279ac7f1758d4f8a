"""Moved to bot.fakeapi.control; this name stays importable for older imports."""

from bot.fakeapi.control import *  # noqa: F403
