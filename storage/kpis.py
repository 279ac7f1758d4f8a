"""KPIs of imported project pages, with their quarterly rows and detail pages."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from core.bma import Kpi, KpiDetail, KpiQuarter, KpiReport, ProjectRef, parse_kpi_page
from core.domain import Role, User
from storage.db import Database, SyncConnection, row_of, rows_of
from storage.scope import project_scope


def num_text(value: Decimal) -> str:
    """Write a decimal with the digits it was parsed with (never in exponent form)."""
    return format(value, "f")


def _opt_num(value: Decimal | None) -> str | None:
    """Write an optional decimal as text."""
    return None if value is None else num_text(value)


def _opt_dec(text: str | None) -> Decimal | None:
    """Read an optional decimal written by ``_opt_num``."""
    return None if text is None else Decimal(text)


def _kpi_fields(kpi: Kpi) -> tuple[Any, ...]:
    """Return the stored columns of a KPI's own line items."""
    if kpi.target is None:
        # Project pages are read strictly: a KPI whose target cannot be read is skipped whole.
        raise ValueError(f"KPI {kpi.code} of a project page has no target")
    return (
        kpi.name,
        kpi.unit,
        num_text(kpi.target),
        _opt_num(kpi.achieved),
        kpi.kpi_type,
        kpi.level,
    )


def _quarter_rows(kpi: Kpi) -> list[tuple[Any, ...]]:
    """Return the stored columns of a KPI's quarterly table."""
    return [
        (i, q.quarter, _opt_num(q.result), num_text(q.evaluation[0]), num_text(q.evaluation[1]))
        for i, q in enumerate(kpi.quarters)
    ]


def kpi_ids(conn: SyncConnection, project_id: int) -> dict[str, int]:
    """Return the stored KPI ids of a project by code."""
    rows = rows_of(conn, "SELECT code, id FROM kpis WHERE project_id = ?", (project_id,))
    return {str(row[0]): int(row[1]) for row in rows}


def save_kpi(conn: SyncConnection, project_id: int, position: int, kpi: Kpi) -> bool:
    """Insert or update one KPI of a project; return whether anything changed."""
    found = rows_of(
        conn,
        "SELECT id, position, name, unit, target_text, achieved_text, kpi_type, level"
        " FROM kpis WHERE project_id = ? AND code = ?",
        (project_id, kpi.code),
    )
    fields = _kpi_fields(kpi)
    quarters = _quarter_rows(kpi)
    if found:
        kpi_id = int(found[0][0])
        stored = rows_of(
            conn,
            "SELECT position, quarter, result_text, evaluation_a, evaluation_b"
            " FROM kpi_quarters WHERE kpi_id = ? ORDER BY position",
            (kpi_id,),
        )
        same = tuple(found[0])[1:] == (position, *fields)
        if same and [tuple(row) for row in stored] == quarters:
            return False
        conn.execute(
            "UPDATE kpis SET position = ?, name = ?, unit = ?, target_text = ?,"
            " achieved_text = ?, kpi_type = ?, level = ? WHERE id = ?",
            (position, *fields, kpi_id),
        )
        conn.execute("DELETE FROM kpi_quarters WHERE kpi_id = ?", (kpi_id,))
    else:
        cursor = conn.execute(
            "INSERT INTO kpis (project_id, position, code, name, unit, target_text,"
            " achieved_text, kpi_type, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (project_id, position, kpi.code, *fields),
        )
        kpi_id = int(cursor.fetchone()[0])
    conn.executemany(
        "INSERT INTO kpi_quarters (kpi_id, position, quarter, result_text, evaluation_a,"
        " evaluation_b) VALUES (?, ?, ?, ?, ?, ?)",
        [(kpi_id, *row) for row in quarters],
    )
    return True


def kpis_in(conn: SyncConnection, project_id: int) -> tuple[Kpi, ...]:
    """Return the stored KPIs of a project in page order, details attached (in a read)."""
    rows = rows_of(
        conn,
        "SELECT id, code, name, unit, target_text, achieved_text, kpi_type, level"
        " FROM kpis WHERE project_id = ? ORDER BY position",
        (project_id,),
    )
    found: list[Kpi] = []
    for row in rows:
        quarters = rows_of(
            conn,
            "SELECT quarter, result_text, evaluation_a, evaluation_b FROM kpi_quarters"
            " WHERE kpi_id = ? ORDER BY position",
            (row["id"],),
        )
        kpi = Kpi(
            code=row["code"],
            name=row["name"],
            unit=row["unit"],
            target=Decimal(row["target_text"]),
            achieved=_opt_dec(row["achieved_text"]),
            kpi_type=row["kpi_type"],
            level=row["level"],
            quarters=tuple(
                KpiQuarter(
                    q["quarter"],
                    _opt_dec(q["result_text"]),
                    (Decimal(q["evaluation_a"]), Decimal(q["evaluation_b"])),
                )
                for q in quarters
            ),
        )
        found.append(replace(kpi, detail=_detail_of(conn, int(row["id"]), kpi)))
    return tuple(found)


def kpi_page_in(conn: SyncConnection, code: str) -> KpiDetail | None:
    """Return the imported detail page of a KPI by code, None when none was imported."""
    row = row_of(conn, "SELECT body FROM kpi_pages WHERE code = ?", (code,))
    return parse_kpi_page(str(row["body"])) if row else None


def _detail_of(conn: SyncConnection, kpi_id: int, kpi: Kpi) -> KpiDetail | None:
    """Return the detail page of a KPI: the one imported on its own, else an older one."""
    if (page := kpi_page_in(conn, kpi.code)) is not None:
        return page
    row = row_of(conn, "SELECT * FROM kpi_details WHERE kpi_id = ?", (kpi_id,))
    if row is None:
        return None
    reports = rows_of(
        conn, "SELECT quarter, body FROM kpi_reports WHERE kpi_id = ? ORDER BY position", (kpi_id,)
    )
    projects = rows_of(
        conn, "SELECT name, code FROM kpi_projects WHERE kpi_id = ? ORDER BY position", (kpi_id,)
    )
    return KpiDetail(
        kpi=kpi,
        agency=row["agency"],
        fiscal_year=row["fiscal_year"],
        definition=row["definition"],
        calculation=row["calculation"],
        sources=row["sources"],
        strategy=tuple(json.loads(row["strategy_json"])),
        reports=tuple(KpiReport(r["quarter"], r["body"]) for r in reports),
        projects=tuple(ProjectRef(p["name"], p["code"]) for p in projects),
    )


@dataclass(frozen=True)
class KpiView:
    """A KPI as a person may see it: its numbers, its detail page and their projects naming it."""

    kpi: Kpi
    detail: KpiDetail | None
    projects: tuple[tuple[str, str], ...]  # (code, name) of the projects in scope naming it


def _kpi_in_scope(conn: SyncConnection, user: User, code: str) -> KpiView | None:
    where, params = project_scope(user)
    rows = rows_of(
        conn,
        "SELECT p.id, p.code, p.name FROM kpis k JOIN projects p ON p.id = k.project_id"
        f" WHERE k.code = ? AND {where} ORDER BY p.code",
        [code, *params],
    )
    detail = kpi_page_in(conn, code)
    projects = tuple((str(row["code"]), str(row["name"])) for row in rows)
    if rows:
        named = [k for k in kpis_in(conn, int(rows[0]["id"])) if k.code == code]
        kpi = detail.kpi if detail is not None else named[0]
        return KpiView(kpi, detail, projects)
    if detail is not None and user.role is Role.ADMIN:
        return KpiView(detail.kpi, detail, ())
    return None


class KpiStore:
    """Read the KPIs of projects and the KPI detail pages imported on their own."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def kpis_of(self, project_id: int) -> tuple[Kpi, ...]:
        """Return the stored KPIs of a project in page order, details attached."""
        return await self.db.read(lambda conn: kpis_in(conn, project_id))

    async def kpi_in_scope(self, user: User, code: str) -> KpiView | None:
        """Return a KPI for a person: one their projects name (admins: any imported KPI)."""
        return await self.db.read(lambda conn: _kpi_in_scope(conn, user, code))
