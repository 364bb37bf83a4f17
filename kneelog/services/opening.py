"""Opening a journal file: check it, connect, refuse what cannot be used, migrate with a backup."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path

from kneelog.core import DatabaseError, WriteFailedError
from kneelog.paths import backup_dir_for
from kneelog.persistence import (
    MEMORY,
    SCHEMA_VERSION,
    Database,
    check_journal_file,
    migrate,
    read_version,
    remove_stale_copies,
)

log = logging.getLogger(__name__)


class FileCheck:
    """The read-only checks of a journal file (`check_journal_file`), started now in a thread of
    their own: SQLite reads the file without holding Python's lock, so the window's start-up
    goes on with its imports meanwhile. Whoever holds the journal's lock starts it, so nothing
    else writes the file before it is opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._problem: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="journal check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            check_journal_file(self.path, SCHEMA_VERSION)
        except BaseException as exc:  # raised again in the opening thread, by `wait`
            self._problem = exc

    def wait(self) -> None:
        """Wait for the checks; raise what they raised (DatabaseError and its kinds)."""
        self._thread.join()
        if self._problem is not None:
            raise self._problem


def open_journal(
    path: Path | str, *, durable: bool = True, checked: FileCheck | None = None
) -> Database:
    """A ready-to-use journal; raises DatabaseError (nothing touched) when the file is unusable.

    The checks (SQLite header, whole file, quick_check, schema not newer) run read-only before
    KneeLog opens the file for writing, so a bad file is never changed: see persistence.health.
    `checked`: those checks, started earlier for this file. `durable=False` is for throw-away
    journals only (the demo): commits skip the disk syncs.
    """
    if str(path) != MEMORY:
        ensure_writable_folder(Path(path).parent)
        if checked is not None and checked.path == Path(path):
            checked.wait()
        else:
            check_journal_file(Path(path), SCHEMA_VERSION)
        # Copies a backup or restore killed midway left behind, each the journal's size.
        for folder in (Path(path).parent, backup_dir_for(Path(path))):
            for stale in remove_stale_copies(folder):
                log.info("removed a copy left by an interrupted backup: %s", stale.name)
    try:
        db = Database(path, durable=durable)
    except OSError as exc:
        raise WriteFailedError(
            f"{path}: KneeLog cannot create the journal ({exc.strerror or exc})"
        ) from exc
    try:
        backups = None if str(path) == MEMORY else backup_dir_for(Path(path))
        migrate(db, backups)
    except BaseException:
        db.close()
        raise
    return db


def may_write(path: Path) -> bool:
    """Whether KneeLog could write the journal at `path` (and the -wal/-shm files beside it)."""
    folder = path.parent
    return (not path.exists() or os.access(path, os.W_OK)) and os.access(folder, os.W_OK)


def open_journal_read_only(path: Path) -> Database:
    """A journal KneeLog may not write (a read-only file, folder or disk), opened to be read:
    exported or copied. Nothing is written to it, so it is not upgraded: one from an older
    KneeLog is refused with a word on how to make it writable."""
    if not path.is_file():
        raise DatabaseError(f"{path}: there is no journal here")
    check_journal_file(path, SCHEMA_VERSION)
    db = Database(path, read_only=True)
    try:
        version = read_version(db)[0]
    except BaseException:
        db.close()
        raise
    if version != SCHEMA_VERSION:
        db.close()
        raise DatabaseError(
            f"{path}: this journal is read-only and from an older KneeLog; it must be upgraded "
            "before it can be read. Make the file and its folder writable, then try again"
        )
    return db


def ensure_writable_folder(folder: Path) -> None:
    """Refuse, with one clear message, a journal whose folder cannot take a new file.

    SQLite needs to create its -wal and -shm files beside the journal; finding out now beats
    failing at the first save. A folder that does not exist yet is created later (0700).
    """
    if not folder.exists():
        return
    try:
        fd, probe = tempfile.mkstemp(prefix=".kneelog-write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise WriteFailedError(
            f"{folder}: KneeLog cannot write in this folder ({exc.strerror or exc}); "
            "your journal was not changed. Check that the disk is not full or read-only."
        ) from exc
