"""Keeping the runner's data safe: daily and pre-import backups, manual backups, restore.

The command line and the window call these same functions, so every path backs up the same way:
- `ensure_daily_backup` on the first start of a day (a weekly one once per ISO week),
- `backup_before_import` once before a batch of imports, whatever the file format,
- `restore_backup`, which first backs up the current journal and never deletes a file.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kneelog.core import BackupError, DatabaseError, JournalMissingError
from kneelog.paths import backup_dir_for
from kneelog.persistence import (
    SCHEMA_VERSION,
    BackupInfo,
    BackupKind,
    Database,
    check_journal_file,
    check_output,
    copy_database,
    create_backup,
    list_backups,
    record_counts,
    rotate,
    schema_problems,
    verify_backup,
    write_copy,
)

log = logging.getLogger(__name__)
SIDECARS = ("-wal", "-shm")


def _path_of(db: Database | Path) -> Path | None:
    if isinstance(db, Database):
        return None if db.is_memory else Path(db.path)
    return db


def _has_records(path: Path) -> bool:
    try:
        return sum(record_counts(path).values()) > 0
    except BackupError:
        return True  # unsure: back it up rather than skip it


def backups_of(db_path: Path) -> list[BackupInfo]:
    """Every backup of this journal, newest first, with its record counts."""
    return list_backups(backup_dir_for(db_path), db_path.stem)


def missing_journal(db_path: Path, used_before: bool = False) -> JournalMissingError | None:
    """Why a journal that is not there should not silently become a new, empty one.

    It is missing for a reason worth a word when backups of it sit beside its place, or when
    the caller knows it was opened before (the window remembers the last journal it opened).
    """
    if db_path.exists():
        return None
    found = backups_of(db_path)
    if not found and not used_before:
        return None
    where = "it was deleted or moved since KneeLog last opened it"
    if not found:
        return JournalMissingError(f"{db_path}: the journal is not there any more ({where})")
    newest = found[0]
    return JournalMissingError(
        f"{db_path}: the journal is not there any more ({where}); its newest backup is "
        f"{newest.path} ({newest.created:%Y-%m-%d %H:%M}, {newest.describe_counts()})"
    )


def make_backup(db: Database | Path, kind: BackupKind, now: dt.datetime | None = None) -> Path:
    """A backup of the journal in its backup folder, then rotation of the automatic ones."""
    path = _path_of(db)
    if path is None:
        raise BackupError("an in-memory journal has nothing to back up")
    folder = backup_dir_for(path)
    target = create_backup(path, folder, kind, now)
    # "Now" is never before the time the backup is named after (tests name their own times).
    moment = max(dt.datetime.now(), now) if now is not None else None
    rotate(folder, path.stem, now=moment, just_made=target)
    log.info("backup made: %s (%s)", target.name, kind.value)
    return target


def backup_to(db: Database | Path, output: Path) -> int:
    """`kneelog backup -o FILE`: a private, consistent copy at `output`; returns its record count.

    An existing `output` is replaced only once the new copy is complete.
    """
    path = _path_of(db)
    if path is None:
        raise BackupError("an in-memory journal has nothing to back up")
    check_output(output)
    if output.resolve() == path.resolve():
        raise BackupError(f"{output}: that is the journal itself; choose another file")
    write_copy(path, output)
    log.info("backup written to a chosen file")
    return sum(record_counts(output).values())


def _automatic(db: Database | Path, kind: BackupKind, now: dt.datetime | None) -> Path | None:
    path = _path_of(db)
    if path is None or not path.exists() or not _has_records(path):
        return None  # nothing to lose yet
    return make_backup(path, kind, now)


def backup_before_import(db: Database | Path, now: dt.datetime | None = None) -> Path | None:
    """Call once before importing any files; None when the journal is empty or in memory."""
    return _automatic(db, BackupKind.PRE_IMPORT, now)


def ensure_daily_backup(db: Database | Path, now: dt.datetime | None = None) -> Path | None:
    """On the first start of a day, back up (weekly once per ISO week, daily otherwise)."""
    path = _path_of(db)
    if path is None:
        return None
    moment = now or dt.datetime.now()
    regular = [
        info
        for info in list_backups(backup_dir_for(path), path.stem, with_counts=False)
        if info.kind in (BackupKind.DAILY, BackupKind.WEEKLY)
    ]
    if any(info.created.date() == moment.date() for info in regular):
        return None
    this_week = moment.isocalendar()[:2]
    has_weekly = any(
        info.kind is BackupKind.WEEKLY and info.created.isocalendar()[:2] == this_week
        for info in regular
    )
    return _automatic(path, BackupKind.DAILY if has_weekly else BackupKind.WEEKLY, moment)


def set_aside(db_path: Path, now: dt.datetime | None = None) -> Path:
    """Rename an unusable journal (and its -wal/-shm) out of the way, its bytes untouched."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.unusable-{stamp}")
    counter = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.name}.unusable-{stamp}-{counter}")
        counter += 1
    for sidecar in SIDECARS:
        companion = Path(f"{db_path}{sidecar}")
        if companion.exists():
            os.replace(companion, f"{aside}{sidecar}")
    os.replace(db_path, aside)
    log.info("unusable journal set aside as %s", aside.name)
    return aside


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: Path | None  # the journal as it was, when it could be read
    set_aside: Path | None  # the unusable journal, renamed, when it could not
    records: int


def restore_backup(db_path: Path, backup: Path, now: dt.datetime | None = None) -> RestoreResult:
    """Put `backup`'s content in the journal at `db_path`; the caller has closed its connection.

    A usable journal is first backed up (pre-restore), then the backup is copied into it in one
    SQLite transaction. An unusable one (damaged, not SQLite, too new) is renamed aside, never
    changed or deleted, and the backup becomes a new file in its place. An older backup is
    upgraded by the next `open_journal`, with its own pre-migration backup.
    """
    verify_backup(backup, SCHEMA_VERSION)
    # Whole and sound is not enough: tables that contradict the version would replace the
    # journal with one that cannot be opened or upgraded. Checked before anything changes.
    problems = schema_problems(backup)
    if problems:
        raise BackupError(
            f"{backup}: cannot restore from it: {problems[0]}; the journal is unchanged"
        )
    if backup.resolve() == db_path.resolve():
        raise BackupError(f"{backup}: that is the journal itself")
    safety: Path | None = None
    aside: Path | None = None
    present = db_path.exists() and db_path.stat().st_size > 0
    usable = present
    if present:
        try:
            check_journal_file(db_path, SCHEMA_VERSION)
        except DatabaseError:
            usable = False
    if usable:
        safety = make_backup(db_path, BackupKind.PRE_RESTORE, now)
        copy_database(backup, db_path)
    else:
        if present:
            aside = set_aside(db_path, now)
        write_copy(backup, db_path)
    log.info("journal restored from %s", backup.name)
    return RestoreResult(
        restored_from=backup,
        safety_backup=safety,
        set_aside=aside,
        records=sum(record_counts(db_path).values()),
    )
