"""One KneeLog window per journal: a QLockFile beside the journal, naming whoever holds it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from kneelog.core.errors import DatabaseError, JournalInUseError


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.lock")


class JournalLock:
    """Held for as long as a window (or `kneelog restore`) works on the journal.

    The lock never goes stale by age (the app may run for days); Qt still takes over a lock whose
    process no longer runs on this host, so a crash does not lock the journal for ever.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path_for(db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)

    def acquire(self) -> None:
        """Take the lock now or raise JournalInUseError naming the holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self._lock.tryLock(0):
            return
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            raise JournalInUseError(
                f"{self.path.with_suffix('')}: this journal is already open in {self.holder()}. "
                "Close it there first; two copies never write to the same journal."
            )
        raise DatabaseError(
            f"{self.path.parent}: KneeLog cannot write in this folder "
            "(read-only or full); your journal was not changed"
        )

    def holder(self) -> str:
        info = self._lock.getLockInfo()
        if not isinstance(info, tuple) or len(info) != 3 or not info[0]:
            return "another KneeLog window"
        pid, host, app = info
        return f"{app or 'KneeLog'} (process {pid} on {host or 'this computer'})"

    def release(self) -> None:
        self._lock.unlock()

    def __enter__(self) -> JournalLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
