"""Numbered migrations."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database, SyncConnection, rows_of, value_of
from storage.migrate import available_migrations, migrate, schema_version


async def test_migrations_are_numbered_without_gaps() -> None:
    """Migration files are numbered 1, 2, 3… with no gap or duplicate, for both databases."""
    versions = [migration.version for migration in available_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert [m.version for m in available_migrations("postgresql")] == versions


async def test_a_postgresql_file_replaces_its_migration_on_postgresql_only() -> None:
    """NNNN_name.postgresql.sql is PostgreSQL's migration NNNN; SQLite keeps NNNN_name.sql."""
    sqlite = {m.version: m for m in available_migrations("sqlite")}
    postgresql = {m.version: m for m in available_migrations("postgresql")}
    assert "IDENTITY" in postgresql[1].sql and "IDENTITY" not in sqlite[1].sql
    assert postgresql[1].name == sqlite[1].name == "initial"
    # Without a PostgreSQL file, both run the same migration.
    assert postgresql[5].sql == sqlite[5].sql


async def test_migrate_applies_once_and_records_versions(tmp_path: Path) -> None:
    """A new database gets every migration; a second run applies nothing."""
    db = Database(tmp_path / "m.sqlite3")
    await db.open()
    try:
        applied = await migrate(db)
        assert applied == [m.version for m in available_migrations()]
        assert await migrate(db) == []
        assert await schema_version(db) == applied[-1]
        mode = await db.read(lambda conn: value_of(conn, "PRAGMA journal_mode"))
        assert mode == "wal"
        assert await db.read(lambda conn: value_of(conn, "PRAGMA foreign_keys")) == 1
    finally:
        await db.close()


async def test_every_earlier_version_upgrades_with_data_in_place(tmp_path: Path) -> None:
    """A database stopped at any earlier version upgrades and keeps its rows."""
    for migration in available_migrations():
        db = Database(tmp_path / f"v{migration.version}.sqlite3")
        await db.open()
        try:
            await migrate(db, target=migration.version)

            def work(conn: SyncConnection) -> None:
                conn.execute("INSERT INTO agencies (name) VALUES ('สำนักงานเขตพญาไท')")

            await db.write(work)
            await migrate(db)
            assert await db.read(lambda conn: value_of(conn, "SELECT COUNT(*) FROM agencies")) == 1
            assert await schema_version(db) == available_migrations()[-1].version
        finally:
            await db.close()


async def test_look_alike_agencies_are_merged(tmp_path: Path) -> None:
    """Agencies stored with ํ + า, zero-width or doubled spaces merge into one, with their rows."""
    db = Database(tmp_path / "agencies.sqlite3")
    await db.open()
    try:
        await migrate(db, target=5)
        names = [
            "สำนักงานเลขานุการสภากรุงเทพมหานคร",
            "สํานักงานเลขานุการสภากรุงเทพมหานคร",  # ํ + า, as the BMA page writes it
            "สำนักงาน\u200bเลขานุการ  สภากรุงเทพมหานคร ",
            "สำนักงานเขตพญาไท",
        ]

        def look_alikes(conn: SyncConnection) -> None:
            for index, name in enumerate(names, start=1):
                conn.execute("INSERT INTO agencies (id, name) VALUES (?, ?)", (index, name))
                conn.execute(
                    "INSERT INTO projects (code, name, agency_id, fiscal_year)"
                    " VALUES (?, ?, ?, 2569)",
                    (f"P-{index}", "x", index),
                )
            conn.execute(
                "INSERT INTO users (telegram_id, name, role, agency_id)"
                " VALUES (7, 'ก', 'supervisor', 2)"
            )

        await db.write(look_alikes)
        await migrate(db)
        agencies = await db.read(
            lambda conn: rows_of(conn, "SELECT id, name FROM agencies ORDER BY id")
        )
        assert [(row["id"], row["name"]) for row in agencies] == [
            (1, "สำนักงานเลขานุการสภากรุงเทพมหานคร"),
            (3, "สำนักงานเลขานุการ สภากรุงเทพมหานคร"),
            (4, "สำนักงานเขตพญาไท"),
        ]
        projects = await db.read(
            lambda conn: rows_of(conn, "SELECT code, agency_id FROM projects ORDER BY code")
        )
        assert [(row["code"], row["agency_id"]) for row in projects] == [
            ("P-1", 1),
            ("P-2", 1),
            ("P-3", 3),
            ("P-4", 4),
        ]
        sql = "SELECT agency_id FROM users WHERE telegram_id = 7"
        assert await db.read(lambda conn: value_of(conn, sql)) == 1
    finally:
        await db.close()


async def test_people_names_are_put_in_normal_form(tmp_path: Path) -> None:
    """Registered names, reporter names and responsible people stored before become normal."""
    db = Database(tmp_path / "people.sqlite3")
    await db.open()
    try:
        await migrate(db, target=6)
        typed = "นางสาวสํารวย\u200b  ใจดี "  # ํ + า, a zero-width space, doubled spaces

        def stored_before(conn: SyncConnection) -> None:
            conn.execute("INSERT INTO agencies (id, name) VALUES (1, 'สำนักงานเขตพญาไท')")
            conn.execute(
                "INSERT INTO projects (id, code, name, agency_id, fiscal_year, responsible)"
                " VALUES (1, 'P-1', 'x', 1, 2569, ?)",
                (typed,),
            )
            conn.execute(
                "INSERT INTO users (telegram_id, name, role) VALUES (7, ?, 'officer')", (typed,)
            )
            conn.execute(
                "INSERT INTO reports (project_id, month, revision, percent_hundredths,"
                " reported_on, work_done, reporter_name) VALUES (1, '2026-11', 1, 0,"
                " '2026-11-20', 'งาน', ?)",
                (typed,),
            )

        await db.write(stored_before)
        await migrate(db)

        def names(conn: SyncConnection) -> list[str]:
            return [
                value_of(conn, "SELECT name FROM users WHERE telegram_id = 7"),
                value_of(conn, "SELECT reporter_name FROM reports"),
                value_of(conn, "SELECT responsible FROM projects"),
            ]

        assert await db.read(names) == ["นางสาวสำรวย ใจดี"] * 3
    finally:
        await db.close()
