"""The journal file: pragmas on every connection, private files, refusals, migrations with backups."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

from kneelog.core.errors import DatabaseError, SchemaTooNewError
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.persistence import migrations
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_connection_has_wal_foreign_keys_and_full_sync(db: Database) -> None:
    found: list[tuple[Any, ...]] = []

    def pragmas() -> None:
        conn = db.connection()
        found.append(
            tuple(
                conn.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "foreign_keys", "synchronous")
            )
        )

    pragmas()
    for _ in range(2):  # every thread's connection, not only the first
        worker = threading.Thread(target=pragmas)
        worker.start()
        worker.join()
    assert found == [("wal", 1, 2)] * 3


def test_files_and_folder_are_private(db: Database, db_path: Path) -> None:
    EntryService(db).save_checkin(CheckInRecord.new(date=dt.date(2026, 5, 1), morning_pain=2))
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_new_journal_is_at_current_schema(db: Database) -> None:
    assert migrations.read_version(db) == (migrations.SCHEMA_VERSION, migrations.APPLICATION_ID)


def test_schema_matches_the_entities(db: Database) -> None:
    conn = db.connection()
    for table in SQLModel.metadata.sorted_tables:
        rows = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
        assert {r[1] for r in rows} == set(table.columns.keys()), table.name


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("my training notes, not a database\n" * 200)
    before = _digest(path)
    with pytest.raises(DatabaseError, match="not an SQLite database"):
        open_journal(path)
    assert _digest(path) == before


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (x)")
    with pytest.raises(DatabaseError, match="not a KneeLog journal"):
        open_journal(path)


def test_a_journal_from_a_newer_kneelog_is_refused_untouched(db_path: Path) -> None:
    open_journal(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    before = _digest(db_path)
    with pytest.raises(SchemaTooNewError, match="newer KneeLog"):
        open_journal(db_path)
    assert _digest(db_path) == before


def test_upgrading_backs_up_first_and_keeps_every_record(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_journal(db_path)
    EntryService(db).save_session(
        SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", distance_m=5000)
    )
    db.close()

    def add_weather_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE training_session ADD COLUMN weather TEXT")

    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_weather_column])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    upgraded = Database(db_path)
    result = migrations.migrate(upgraded, db_path.parent / "backups")
    assert (result.from_version, result.to_version) == (current, current + 1)
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == current
        assert old.execute("SELECT count(*) FROM training_session").fetchone()[0] == 1
    conn = upgraded.connection()
    columns = {r[1] for r in conn.execute("PRAGMA table_info(training_session)")}
    assert "weather" in columns
    assert conn.execute("SELECT distance_m FROM training_session").fetchone()[0] == 5000
    upgraded.close()


def test_a_failing_migration_step_leaves_the_journal_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_journal(db_path).close()
    current = migrations.SCHEMA_VERSION

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    db = Database(db_path)
    with pytest.raises(Exception, match="syntax error"):
        migrations.migrate(db, db_path.parent / "backups")
    conn = db.connection()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    db.close()


def test_only_throwaway_journals_skip_disk_syncs(tmp_path: Path) -> None:
    demo = open_journal(tmp_path / "demo.sqlite3", durable=False)
    assert demo.connection().execute("PRAGMA synchronous").fetchone()[0] == 0
    demo.close()
