"""Moved to bot.fakeapi.world_view; this name stays importable for older imports."""

from bot.fakeapi.world_view import *  # noqa: F403
