"""Which projects a person may see or report on, expressed once as SQL so every query applies it.

Both read the person's current row (active, role, agency) and assignments in the SQL itself: an
officer taken off a project, or a person deactivated, loses access with the next query, even in
the middle of a conversation started before the change.
"""

from __future__ import annotations

from typing import Any

from core.domain import Role, User
from storage.clock import now_text

# The projects a person reports on: assigned, or acting (รักษาการ) for today. The two ``?``
# after the person are the current instant (storage/clock.py), passed as a parameter.
_REPORTED_BY = (
    "SELECT project_id FROM assignments WHERE user_id = {person}"
    " UNION SELECT project_id FROM acting_assignments WHERE user_id = {person}"
    " AND starts_at <= ? AND ends_at > ?"
)
_ACTIVE = "SELECT 1 FROM users WHERE telegram_id = {person} AND active = 1"
# A person or a project: an id bound as a parameter, or an SQL column expression.
Operand = int | str


def _operand(value: Operand) -> tuple[str, list[Any]]:
    return ("?", [value]) if isinstance(value, int) else (value, [])


def reported_by(person: Operand) -> tuple[str, list[Any]]:
    """Return a subquery of the projects ``person`` reports on now, and its parameters."""
    sql, bound = _operand(person)
    now = now_text()
    return _REPORTED_BY.format(person=sql), [*bound, *bound, now, now]


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
    return may_report(user.telegram_id, f"{alias}.id")


def may_report(person: Operand, project: Operand) -> tuple[str, list[Any]]:
    """Return an SQL condition and its parameters: the active ``person`` reports on ``project``.

    Each operand is an id or an SQL column expression, e.g. ``may_report("d.user_id",
    "d.project_id")`` inside a query of drafts.
    """
    person_sql, person_bound = _operand(person)
    project_sql, project_bound = _operand(project)
    projects, projects_bound = reported_by(person)
    return (
        f"EXISTS ({_ACTIVE.format(person=person_sql)}) AND {project_sql} IN ({projects})",
        [*person_bound, *project_bound, *projects_bound],
    )
