"""Moved to bot.fakeapi.markdown; this name stays importable for older imports."""

from bot.fakeapi.markdown import *  # noqa: F403
