"""Numbered SQL migrations, applied in order and recorded in the database.

``NNNN_name.sql`` applies to every database unless ``NNNN_name.postgresql.sql`` lies beside it,
which replaces it on PostgreSQL.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from storage.clock import now_text
from storage.db import Database, SyncConnection, value_of

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)(?:\.([a-z]+))?\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered schema change."""

    version: int
    name: str
    sql: str


def available_migrations(dialect: str = "sqlite") -> list[Migration]:
    """Return every migration shipped in ``storage/migrations`` for a dialect, oldest first."""
    common: dict[int, Migration] = {}
    own: dict[int, Migration] = {}
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match and match[3] in (None, dialect):
            migration = Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8"))
            (common if match[3] is None else own)[migration.version] = migration
    return sorted({**common, **own}.values(), key=lambda migration: migration.version)


# Created the same way on both databases (the applied time is written by Python).
_SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)"
)


async def schema_version(db: Database) -> int:
    """Return the newest migration applied to the database (0 for a new one)."""
    return await db.write_alone(_version)


async def migrate(db: Database, target: int | None = None) -> list[int]:
    """Apply the migrations the database lacks, each in its own transaction.

    Each is checked and applied under ``write_alone``: processes starting at once apply it once.
    """
    current = await schema_version(db)
    applied = []
    for migration in available_migrations(db.dialect):
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        if await db.write_alone(functools.partial(_apply, migration)):
            applied.append(migration.version)
    return applied


def _version(conn: SyncConnection) -> int:
    conn.execute(_SCHEMA_MIGRATIONS)
    return int(value_of(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))


def _apply(migration: Migration, conn: SyncConnection) -> bool:
    # Another process may have applied it since our first look.
    if _version(conn) >= migration.version:
        return False
    for statement in _statements(migration.sql):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        (migration.version, migration.name, now_text()),
    )
    return True


def _statements(sql: str) -> list[str]:
    # executescript would COMMIT our transaction; our migrations keep one statement per ';'.
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
