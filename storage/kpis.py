"""KPIs of imported project pages, with their quarterly rows and detail pages."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import aiosqlite

from core.bma import Kpi, KpiDetail, KpiQuarter, KpiReport, ProjectRef, parse_kpi_page
from core.domain import Role, User
from storage.db import Database, all_rows
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


async def kpi_ids(conn: aiosqlite.Connection, project_id: int) -> dict[str, int]:
    """Return the stored KPI ids of a project by code."""
    rows = await all_rows(conn, "SELECT code, id FROM kpis WHERE project_id = ?", (project_id,))
    return {str(row[0]): int(row[1]) for row in rows}


async def save_kpi(conn: aiosqlite.Connection, project_id: int, position: int, kpi: Kpi) -> bool:
    """Insert or update one KPI of a project; return whether anything changed."""
    found = await all_rows(
        conn,
        "SELECT id, position, name, unit, target_text, achieved_text, kpi_type, level"
        " FROM kpis WHERE project_id = ? AND code = ?",
        (project_id, kpi.code),
    )
    fields = _kpi_fields(kpi)
    quarters = _quarter_rows(kpi)
    if found:
        kpi_id = int(found[0][0])
        stored = await all_rows(
            conn,
            "SELECT position, quarter, result_text, evaluation_a, evaluation_b"
            " FROM kpi_quarters WHERE kpi_id = ? ORDER BY position",
            (kpi_id,),
        )
        same = tuple(found[0][1:]) == (position, *fields)
        if same and [tuple(row) for row in stored] == quarters:
            return False
        await conn.execute(
            "UPDATE kpis SET position = ?, name = ?, unit = ?, target_text = ?,"
            " achieved_text = ?, kpi_type = ?, level = ? WHERE id = ?",
            (position, *fields, kpi_id),
        )
        await conn.execute("DELETE FROM kpi_quarters WHERE kpi_id = ?", (kpi_id,))
    else:
        cursor = await conn.execute(
            "INSERT INTO kpis (project_id, position, code, name, unit, target_text,"
            " achieved_text, kpi_type, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (project_id, position, kpi.code, *fields),
        )
        kpi_id = int(cursor.lastrowid or 0)
    await conn.executemany(
        "INSERT INTO kpi_quarters (kpi_id, position, quarter, result_text, evaluation_a,"
        " evaluation_b) VALUES (?, ?, ?, ?, ?, ?)",
        [(kpi_id, *row) for row in quarters],
    )
    return True


async def kpis_of(db: Database, project_id: int) -> tuple[Kpi, ...]:
    """Return the stored KPIs of a project in page order, details attached."""
    rows = await db.fetch_all(
        "SELECT id, code, name, unit, target_text, achieved_text, kpi_type, level"
        " FROM kpis WHERE project_id = ? ORDER BY position",
        (project_id,),
    )
    found: list[Kpi] = []
    for row in rows:
        quarters = await db.fetch_all(
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
        found.append(replace(kpi, detail=await _detail_of(db, int(row["id"]), kpi)))
    return tuple(found)


async def kpi_page(db: Database, code: str) -> KpiDetail | None:
    """Return the imported detail page of a KPI by code, None when none was imported."""
    row = await db.fetch_one("SELECT body FROM kpi_pages WHERE code = ?", (code,))
    return parse_kpi_page(str(row["body"])) if row else None


async def kpi_pages(db: Database, codes: Iterable[str] | None = None) -> list[KpiDetail]:
    """Return the imported KPI detail pages (all, or of the given codes), by code."""
    rows = await db.fetch_all("SELECT code, body FROM kpi_pages ORDER BY code")
    wanted = None if codes is None else set(codes)
    return [
        parse_kpi_page(str(row["body"]))
        for row in rows
        if wanted is None or str(row["code"]) in wanted
    ]


async def _detail_of(db: Database, kpi_id: int, kpi: Kpi) -> KpiDetail | None:
    """Return the detail page of a KPI: the one imported on its own, else an older one."""
    if (page := await kpi_page(db, kpi.code)) is not None:
        return page
    row = await db.fetch_one("SELECT * FROM kpi_details WHERE kpi_id = ?", (kpi_id,))
    if row is None:
        return None
    reports = await db.fetch_all(
        "SELECT quarter, body FROM kpi_reports WHERE kpi_id = ? ORDER BY position", (kpi_id,)
    )
    projects = await db.fetch_all(
        "SELECT name, code FROM kpi_projects WHERE kpi_id = ? ORDER BY position", (kpi_id,)
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


async def kpi_in_scope(db: Database, user: User, code: str) -> KpiView | None:
    """Return a KPI for a person: one their projects name (admins: any imported KPI)."""
    where, params = project_scope(user)
    rows = await db.fetch_all(
        "SELECT p.id, p.code, p.name FROM kpis k JOIN projects p ON p.id = k.project_id"
        f" WHERE k.code = ? AND {where} ORDER BY p.code",
        [code, *params],
    )
    detail = await kpi_page(db, code)
    projects = tuple((str(row["code"]), str(row["name"])) for row in rows)
    if rows:
        named = [k for k in await kpis_of(db, int(rows[0]["id"])) if k.code == code]
        kpi = detail.kpi if detail is not None else named[0]
        return KpiView(kpi, detail, projects)
    if detail is not None and user.role is Role.ADMIN:
        return KpiView(detail.kpi, detail, ())
    return None
