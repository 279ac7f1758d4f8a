"""Numbered migrations."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database, SyncConnection, value_of
from storage.migrate import available_migrations, migrate, schema_version


async def test_migrations_are_numbered_without_gaps() -> None:
    """Migration files are numbered 1, 2, 3… with no gap or duplicate."""
    versions = [migration.version for migration in available_migrations()]
    assert versions == list(range(1, len(versions) + 1))


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
