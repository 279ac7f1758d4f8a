"""Deep links that open the bot with an invite token."""

from __future__ import annotations


def deep_link(bot_username: str | None, token: str) -> str:
    """Return the t.me link that starts the bot with a token."""
    return f"https://t.me/{bot_username or '<bot username>'}?start={token}"
