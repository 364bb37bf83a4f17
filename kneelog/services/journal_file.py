"""Opening a journal file: check it, connect, refuse what cannot be used, migrate with a backup."""

from __future__ import annotations

from pathlib import Path

from kneelog.paths import backup_dir_for
from kneelog.persistence.db import MEMORY, Database
from kneelog.persistence.health import check_journal_file
from kneelog.persistence.migrations import SCHEMA_VERSION, migrate


def open_journal(path: Path | str) -> Database:
    """A ready-to-use journal; raises DatabaseError (nothing touched) when the file is unusable.

    The checks (SQLite header, whole file, quick_check, schema not newer) run read-only before
    KneeLog opens the file for writing, so a bad file is never changed: see persistence.health.
    """
    if str(path) != MEMORY:
        check_journal_file(Path(path), SCHEMA_VERSION)
    db = Database(path)
    try:
        backups = None if str(path) == MEMORY else backup_dir_for(Path(path))
        migrate(db, backups)
    except BaseException:
        db.close()
        raise
    return db
