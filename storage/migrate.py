"""Numbered SQL migrations, applied in order and recorded in the database."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from core.names import normal_optional_name
from storage.db import Database, SyncConnection, value_of

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered schema change."""

    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """Return every migration shipped in ``storage/migrations``, oldest first."""
    found = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


async def schema_version(db: Database) -> int:
    """Return the newest migration applied to the database (0 for a new one)."""

    def version(conn: SyncConnection) -> int:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
        )
        return int(value_of(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))

    return await db.write(version)


async def migrate(db: Database, target: int | None = None) -> list[int]:
    """Apply the migrations the database lacks, each in its own transaction."""
    current = await schema_version(db)
    applied = []
    for migration in available_migrations():
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        await db.write(functools.partial(_apply, migration))
        applied.append(migration.version)
    return applied


def _apply(migration: Migration, conn: SyncConnection) -> None:
    # Migrations put stored names in the one normal form of core/names.py with this function.
    conn.create_function("normal_name", 1, normal_optional_name, deterministic=True)
    for statement in _statements(migration.sql):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
        (migration.version, migration.name),
    )


def _statements(sql: str) -> list[str]:
    # executescript would COMMIT our transaction; our migrations keep one statement per ';'.
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
