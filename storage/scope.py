"""Which projects a person may see or report on, expressed once as SQL so every query applies it.

Both read the person's current row (active, role, agency) and assignments in the SQL itself: an
officer taken off a project, or a person deactivated, loses access with the next query, even in
the middle of a conversation started before the change.
"""

from __future__ import annotations

from typing import Any

from core.domain import Role, User

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
# The projects a person reports on: assigned, or acting (รักษาการ) for today.
REPORTED_BY = (
    "SELECT project_id FROM assignments WHERE user_id = {person}"
    " UNION SELECT project_id FROM acting_assignments WHERE user_id = {person}"
    f" AND starts_at <= {NOW} AND ends_at > {NOW}"
)
_ACTIVE = "SELECT 1 FROM users WHERE telegram_id = {person} AND active = 1"


def project_scope(user: User, alias: str = "p") -> tuple[str, list[Any]]:
    """Return a WHERE fragment and its parameters limiting ``alias`` to the user's projects."""
    if user.role is Role.ADMIN:
        return (
            "EXISTS (SELECT 1 FROM users WHERE telegram_id = ? AND active = 1 AND role = 'admin')",
            [user.telegram_id],
        )
    if user.role is Role.SUPERVISOR:
        return (
            f"{alias}.agency_id = (SELECT agency_id FROM users WHERE telegram_id = ?"
            " AND active = 1 AND role = 'supervisor')",
            [user.telegram_id],
        )
    return (
        f"EXISTS ({_ACTIVE.format(person='?')}) AND {alias}.id IN"
        f" ({REPORTED_BY.format(person='?')})",
        [user.telegram_id, user.telegram_id, user.telegram_id],
    )


def may_report(person: str, project: str) -> str:
    """Return an SQL condition: the active person ``person`` reports on project ``project``.

    Both arguments are SQL expressions (columns or ``?``), e.g. ``may_report("d.user_id",
    "d.project_id")`` inside a query of drafts.
    """
    return (
        f"EXISTS ({_ACTIVE.format(person=person)}) AND {project} IN"
        f" ({REPORTED_BY.format(person=person)})"
    )
