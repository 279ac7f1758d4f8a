"""Backups of a PostgreSQL database with pg_dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.backup import take_backup
from storage import Storage
from tests.pg_support import fresh_database


async def test_postgresql_backup_is_a_custom_format_dump(tmp_path: Path) -> None:
    """take_backup on a PostgreSQL URL writes pg_dump's custom format and leaves no partial."""
    async with fresh_database() as url:
        store = await Storage.open(url)
        try:
            await store.meta.put("kept", "yes")
            written = await take_backup(url, tmp_path / "backups" / "fieldreport.dump")
        finally:
            await store.close()
    assert written.read_bytes()[:5] == b"PGDMP"
    assert [path.name for path in written.parent.iterdir()] == ["fieldreport.dump"]


async def test_missing_pg_dump_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pg_dump on PATH the backup fails saying so, and writes nothing."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(RuntimeError, match="pg_dump is not installed"):
        await take_backup("postgresql://u:p@127.0.0.1/x", tmp_path / "b.dump")
    assert not (tmp_path / "b.dump").exists()
