"""Moved to bot.fakeapi; this name stays importable for older imports."""

from bot.fakeapi import *  # noqa: F403
