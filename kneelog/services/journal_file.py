"""Opening a journal file: connect, refuse what cannot be used, migrate with a backup first."""

from __future__ import annotations

from pathlib import Path

from kneelog.paths import backup_dir_for
from kneelog.persistence.db import MEMORY, Database
from kneelog.persistence.migrations import migrate


def open_journal(path: Path | str, *, durable: bool = True) -> Database:
    """A ready-to-use journal; raises DatabaseError (nothing touched) when the file is unusable.

    `durable=False` is for throw-away journals only (the demo): commits skip the disk syncs.
    """
    db = Database(path, durable=durable)
    try:
        backups = None if str(path) == MEMORY else backup_dir_for(Path(path))
        migrate(db, backups)
    except BaseException:
        db.close()
        raise
    return db
