"""KPIs of imported project pages, with their quarterly rows and detail pages."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

from core.bma import Kpi, KpiDetail, KpiQuarter, KpiReport, ProjectRef
from storage.db import SyncConnection, row_of, rows_of


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
        same = tuple(found[0][1:]) == (position, *fields)
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
            " achieved_text, kpi_type, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (project_id, position, kpi.code, *fields),
        )
        kpi_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO kpi_quarters (kpi_id, position, quarter, result_text, evaluation_a,"
        " evaluation_b) VALUES (?, ?, ?, ?, ?, ?)",
        [(kpi_id, *row) for row in quarters],
    )
    return True


def _detail_row(detail: KpiDetail) -> tuple[Any, ...]:
    """Return the stored columns of a KPI detail page."""
    return (
        detail.agency,
        detail.fiscal_year,
        detail.definition,
        detail.calculation,
        detail.sources,
        json.dumps(list(detail.strategy), ensure_ascii=False),
    )


def save_detail(conn: SyncConnection, kpi_id: int, detail: KpiDetail) -> bool:
    """Attach a detail page to a stored KPI, replacing an older one; say if it changed."""
    row = _detail_row(detail)
    reports = [(i, r.quarter, r.text) for i, r in enumerate(detail.reports)]
    projects = [(i, p.name, p.code) for i, p in enumerate(detail.projects)]
    old = rows_of(
        conn,
        "SELECT agency, fiscal_year, definition, calculation, sources, strategy_json"
        " FROM kpi_details WHERE kpi_id = ?",
        (kpi_id,),
    )
    old_reports = rows_of(
        conn,
        "SELECT position, quarter, body FROM kpi_reports WHERE kpi_id = ? ORDER BY position",
        (kpi_id,),
    )
    old_projects = rows_of(
        conn,
        "SELECT position, name, code FROM kpi_projects WHERE kpi_id = ? ORDER BY position",
        (kpi_id,),
    )
    if (
        old
        and tuple(old[0]) == row
        and [tuple(r) for r in old_reports] == reports
        and [tuple(p) for p in old_projects] == projects
    ):
        return False
    for table in ("kpi_details", "kpi_reports", "kpi_projects"):
        conn.execute(f"DELETE FROM {table} WHERE kpi_id = ?", (kpi_id,))
    conn.execute(
        "INSERT INTO kpi_details (kpi_id, agency, fiscal_year, definition, calculation,"
        " sources, strategy_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kpi_id, *row),
    )
    conn.executemany(
        "INSERT INTO kpi_reports (kpi_id, position, quarter, body) VALUES (?, ?, ?, ?)",
        [(kpi_id, *r) for r in reports],
    )
    conn.executemany(
        "INSERT INTO kpi_projects (kpi_id, position, name, code) VALUES (?, ?, ?, ?)",
        [(kpi_id, *p) for p in projects],
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


def _detail_of(conn: SyncConnection, kpi_id: int, kpi: Kpi) -> KpiDetail | None:
    """Return the detail page attached to a KPI, if any."""
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
