"""Moved to bot.fakeapi.users; this name stays importable for older imports."""

from bot.fakeapi.users import *  # noqa: F403
