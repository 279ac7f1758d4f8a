"""Which projects a person may see, expressed once as SQL so every query applies it."""

from __future__ import annotations

from typing import Any

from core.domain import Role, User


def project_scope(user: User, alias: str = "p") -> tuple[str, list[Any]]:
    """Return a WHERE fragment and its parameters limiting ``alias`` to the user's projects."""
    if user.role is Role.ADMIN:
        return "1 = 1", []
    if user.role is Role.SUPERVISOR:
        return (
            f"{alias}.agency_id = (SELECT agency_id FROM users WHERE telegram_id = ?)",
            [user.telegram_id],
        )
    return (
        f"{alias}.id IN (SELECT project_id FROM assignments WHERE user_id = ?)",
        [user.telegram_id],
    )
