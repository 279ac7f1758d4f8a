"""Moved to bot.fakeapi.media; this name stays importable for older imports."""

from bot.fakeapi.media import *  # noqa: F403
