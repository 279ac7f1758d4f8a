"""Moved to bot.fakeapi.updates; this name stays importable for older imports."""

from bot.fakeapi.updates import *  # noqa: F403
