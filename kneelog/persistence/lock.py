"""One KneeLog window (or `kneelog restore`) per journal: a lock file beside it, Qt-free.

The lock is the operating system's lock on the file (flock on POSIX, a locked byte on Windows),
not the file's existence or content: the system drops it when the process ends however it ends
(kill -9, a power cut, a crash), so a file left behind never locks the journal out. What the
file holds (process id, host, program) only names the holder in the refusal message; a
zero-length, garbage or foreign file left after a power cut is simply taken over, and a folder
in its place is moved aside (or removed when empty) rather than blamed on another window.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import socket
import sys
from pathlib import Path

from kneelog import APP_NAME
from kneelog.core import DatabaseError, JournalInUseError

log = logging.getLogger(__name__)

# Windows locks a byte range; one byte far beyond the holder's text leaves that readable.
_WINDOWS_LOCK_OFFSET = 1 << 20


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.lock")


def _try_lock(fd: int) -> bool:
    """Take the system lock on `fd` without waiting: False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        # flock, not lockf: a second open in the same process is refused too, as it should be.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def describe_holder(text: str) -> str:
    """Who holds a lock, from the file's text ("pid\\nprogram\\nhost"); vague when unreadable."""
    lines = text.splitlines()
    if len(lines) < 3 or not lines[0].strip().isdigit():
        return "another KneeLog window"
    pid, app, host = (line.strip() for line in lines[:3])
    return f"{app or APP_NAME} (process {pid} on {host or 'this computer'})"


class JournalLock:
    """Held for as long as a window (or `kneelog restore`) works on the journal.

    It never goes stale by age (the app may run for days), and never outlives its process.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path_for(db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now or raise JournalInUseError naming the holder."""
        if self._fd is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # A few rounds at most: each one only repeats after another process removed or
            # replaced the file between our open and our lock.
            for _ in range(20):
                fd = self._open()
                try:
                    if not _try_lock(fd):
                        raise JournalInUseError(
                            f"{self.path.with_suffix('')}: this journal is already open in "
                            f"{describe_holder(self._read_text())}. "
                            "Close it there first; two copies never write to the same journal."
                        )
                    if self._same_file(fd):
                        self._write_holder(fd)
                        self._fd = fd
                        return
                except BaseException:
                    os.close(fd)
                    raise
                os.close(fd)  # we locked a file its holder has just removed: open it afresh
        except OSError as exc:
            raise DatabaseError(
                f"{self.path.parent}: KneeLog cannot write its lock file {self.path.name} in "
                f"this folder ({exc.strerror or exc}); your journal was not changed"
            ) from exc
        raise JournalInUseError(f"{self.path}: the lock file keeps changing; try again")

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            return os.open(self.path, flags, 0o600)
        except IsADirectoryError:
            self._clear_folder()
        except PermissionError:
            # Windows reports a folder in the way as "permission denied".
            if not self.path.is_dir():
                raise
            self._clear_folder()
        return os.open(self.path, flags, 0o600)

    def _clear_folder(self) -> None:
        """A folder where the lock file belongs: no KneeLog made it, so it holds no lock.

        An empty one is removed; one with content is renamed aside, its content untouched.
        """
        try:
            self.path.rmdir()
            log.warning("an empty folder in place of the lock file was removed")
            return
        except OSError:
            pass
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.folder-{stamp}")
        counter = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.folder-{stamp}-{counter}")
            counter += 1
        os.replace(self.path, aside)
        log.warning("a folder in place of the lock file was moved aside as %s", aside.name)

    def _same_file(self, fd: int) -> bool:
        try:
            on_disk = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        if sys.platform == "win32":  # st_ino of an open handle is reliable only from 3.12 on
            return True
        return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)

    def _write_holder(self, fd: int) -> None:
        text = f"{os.getpid()}\n{APP_NAME}\n{socket.gethostname()}\n".encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, text)

    def _read_text(self) -> str:
        try:
            with self.path.open("rb") as handle:
                return handle.read(512).decode("utf-8", "replace")
        except OSError:
            return ""

    def holder(self) -> str:
        return describe_holder(self._read_text())

    def release(self) -> None:
        """Remove the lock file and let go; harmless when not held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform == "win32":
            # Windows cannot remove a file that is open: let go first, then remove it.
            try:
                _unlock(fd)
            finally:
                os.close(fd)
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:  # another window has just opened it: it is theirs now
                log.info("the lock file was left for its next holder: %s", exc)
            return
        try:
            # Removed while still locked, so no other process can lock this file meanwhile;
            # one that opened it just before sees it is no longer the file on disk.
            if self._same_file(fd):
                self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("the lock file could not be removed: %s", exc)
        finally:
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def __enter__(self) -> JournalLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
