"""Backups: online copies that are private and whole, listing with counts, rotation, restore."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from kneelog.core.errors import (
    BackupError,
    DamagedDatabaseError,
    NotAJournalError,
    OutputError,
    SchemaTooNewError,
)
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.paths import backup_dir_for
from kneelog.persistence.backups import BackupKind, create_backup, list_backups, rotate
from kneelog.persistence.db import Database
from kneelog.persistence.health import check_journal_file, integrity_problems
from kneelog.persistence.migrations import SCHEMA_VERSION
from kneelog.services import safety
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal

MONDAY = dt.datetime(2026, 5, 4, 8, 0)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(db: Database, sessions: int = 3, checkins: int = 2) -> None:
    journal = EntryService(db)
    for number in range(sessions):
        journal.save_session(
            SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", distance_m=1000 + number)
        )
    for number in range(checkins):
        journal.save_checkin(
            CheckInRecord.new(date=dt.date(2026, 4, 1) + dt.timedelta(days=number))
        )


def test_a_backup_is_a_private_whole_copy_with_its_counts(db: Database, db_path: Path) -> None:
    _fill(db)
    path = safety.make_backup(db, BackupKind.MANUAL, MONDAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.parent == backup_dir_for(db_path)
    assert integrity_problems(path) == []
    [info] = safety.backups_of(db_path)
    assert info.kind is BackupKind.MANUAL and info.created == MONDAY
    assert info.counts["training_session"] == 3 and info.counts["checkin"] == 2
    assert info.describe_counts().startswith("3 sessions, 2 check-ins")
    # A standalone file: reading it leaves no -wal/-shm companions in the backup folder.
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_backup_sees_committed_data_still_in_the_wal(db: Database, db_path: Path) -> None:
    _fill(db, sessions=5, checkins=0)
    assert Path(f"{db_path}-wal").stat().st_size > 0  # not yet checkpointed
    path = safety.make_backup(db, BackupKind.MANUAL)
    assert safety.backups_of(db_path)[0].counts["training_session"] == 5
    assert path.exists()


def test_rotation_keeps_seven_daily_eight_weekly_and_every_manual(tmp_path: Path) -> None:
    source = tmp_path / "kneelog.sqlite3"
    open_journal(source).close()
    folder = tmp_path / "backups"
    for day in range(20):
        when = MONDAY + dt.timedelta(days=day)
        create_backup(source, folder, BackupKind.DAILY, when)
        create_backup(source, folder, BackupKind.WEEKLY, when)
        create_backup(source, folder, BackupKind.MANUAL, when)
        create_backup(source, folder, BackupKind.PRE_IMPORT, when)
        create_backup(source, folder, BackupKind.PRE_MIGRATION, when)
    rotate(folder, source.stem)
    kept = list_backups(folder, source.stem, with_counts=False)
    by_kind = {kind: [b for b in kept if b.kind is kind] for kind in BackupKind}
    assert len(by_kind[BackupKind.DAILY]) == 7
    assert len(by_kind[BackupKind.WEEKLY]) == 8
    assert len(by_kind[BackupKind.MANUAL]) == 20
    assert len(by_kind[BackupKind.PRE_MIGRATION]) == 20
    assert len(by_kind[BackupKind.PRE_IMPORT]) == 10
    # The newest are the ones kept.
    assert by_kind[BackupKind.DAILY][0].created == MONDAY + dt.timedelta(days=19)
    assert by_kind[BackupKind.DAILY][-1].created == MONDAY + dt.timedelta(days=13)


def test_daily_backup_once_a_day_weekly_once_a_week(db: Database, db_path: Path) -> None:
    _fill(db)
    first = safety.ensure_daily_backup(db, MONDAY)
    assert first is not None and first.name.endswith("-weekly.sqlite3")
    assert safety.ensure_daily_backup(db, MONDAY + dt.timedelta(hours=5)) is None
    tuesday = safety.ensure_daily_backup(db, MONDAY + dt.timedelta(days=1))
    assert tuesday is not None and tuesday.name.endswith("-daily.sqlite3")
    next_monday = safety.ensure_daily_backup(db, MONDAY + dt.timedelta(days=7))
    assert next_monday is not None and next_monday.name.endswith("-weekly.sqlite3")


def test_an_empty_journal_is_not_backed_up_automatically(db: Database) -> None:
    assert safety.ensure_daily_backup(db, MONDAY) is None
    assert safety.backup_before_import(db, MONDAY) is None


def test_restore_backs_up_the_current_journal_first(db: Database, db_path: Path) -> None:
    _fill(db, sessions=2, checkins=0)
    chosen = safety.make_backup(db, BackupKind.MANUAL, MONDAY)
    _fill(db, sessions=4, checkins=1)
    db.close()
    result = safety.restore_backup(db_path, chosen, MONDAY + dt.timedelta(hours=1))
    assert result.safety_backup is not None and result.set_aside is None
    assert result.records == 2
    assert chosen.exists()  # the backup itself is never consumed
    reopened = open_journal(db_path)
    try:
        assert len(EntryService(reopened).sessions()) == 2
    finally:
        reopened.close()
    counts = {info.kind: info.counts for info in safety.backups_of(db_path)}
    assert counts[BackupKind.PRE_RESTORE]["training_session"] == 6


def test_restore_over_a_damaged_journal_sets_it_aside_unchanged(
    db: Database, db_path: Path
) -> None:
    _fill(db)
    chosen = safety.make_backup(db, BackupKind.MANUAL, MONDAY)
    db.close()
    db_path.write_bytes(b"garbage " * 1000)
    before = _digest(db_path)
    result = safety.restore_backup(db_path, chosen, MONDAY)
    assert result.set_aside is not None and _digest(result.set_aside) == before
    assert result.records == 5
    open_journal(db_path).close()


def test_a_damaged_backup_is_refused_and_nothing_changes(db: Database, db_path: Path) -> None:
    _fill(db)
    db.close()
    bad = db_path.parent / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    before = _digest(db_path)
    with pytest.raises(BackupError):
        safety.restore_backup(db_path, bad)
    assert _digest(db_path) == before
    assert safety.backups_of(db_path) == []


def test_backup_to_a_chosen_file_is_private(db: Database, tmp_path: Path) -> None:
    _fill(db)
    output = tmp_path / "elsewhere" / "copy.sqlite3"
    with pytest.raises(OutputError, match="elsewhere does not exist"):
        safety.backup_to(db, output)  # a mistyped folder is said, not made
    output.parent.mkdir()
    assert safety.backup_to(db, output) == 5
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    with pytest.raises(BackupError, match="the journal itself"):
        safety.backup_to(db, Path(db.path))


# --- opening checks: every bad file gets its own message and stays byte for byte ------------


def _journal_with_data(db_path: Path) -> None:
    db = open_journal(db_path)
    _fill(db, sessions=200, checkins=50)
    db.close()


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _flip_pages(path: Path) -> None:
    # Scribble over the b-tree pages after the schema page: a classic damaged file.
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page * 2, len(data), page):
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    sqlite3.connect(path).close()


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 a zip file, maybe" * 100)


def _tiny(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:60])


@pytest.mark.parametrize(
    ("damage", "error", "message"),
    [
        (_not_sqlite, NotAJournalError, "not an SQLite database"),
        (_tiny, DamagedDatabaseError, "truncated"),
        (_truncate, DamagedDatabaseError, "truncated"),
        (_flip_pages, DamagedDatabaseError, "damaged|integrity check"),
        (_newer, SchemaTooNewError, "newer KneeLog"),
    ],
)
def test_a_bad_journal_is_refused_with_its_own_message_and_left_as_it_was(
    db_path: Path, damage: object, error: type[Exception], message: str
) -> None:
    _journal_with_data(db_path)
    damage(db_path)  # type: ignore[operator]
    before = _digest(db_path)
    with pytest.raises(error, match=message):
        open_journal(db_path)
    assert _digest(db_path) == before
    with pytest.raises(error):
        check_journal_file(db_path, SCHEMA_VERSION)
    assert _digest(db_path) == before


def test_a_clock_set_back_never_costs_the_backup_just_made(db: Database, db_path: Path) -> None:
    """Backups dated in the future (the clock was set back since) are kept, and so is each new
    one: the newest by the order they were really made survive rotation."""
    _fill(db, sessions=2, checkins=0)
    future = dt.datetime.now() + dt.timedelta(days=400)
    for day in range(12):
        safety.make_backup(db, BackupKind.PRE_IMPORT, future + dt.timedelta(days=day))
    # make_backup's own rotation ran with the future as "now": ten are left, as the limit says.
    assert len(safety.backups_of(db_path)) == 10
    made = [safety.make_backup(db, BackupKind.PRE_IMPORT) for _ in range(3)]  # today's clock
    left = {info.path for info in safety.backups_of(db_path)}
    assert set(made) <= left
    assert len(left) == 13  # the ten from "the future" are not deleted for being "newest"
    for _ in range(11):
        made.append(safety.make_backup(db, BackupKind.PRE_IMPORT))
    left = {info.path for info in safety.backups_of(db_path)}
    assert set(made[-10:]) <= left and not set(made[:-10]) & left
