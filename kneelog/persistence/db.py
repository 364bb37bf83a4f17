"""The journal's SQLite connections, one per thread, for read and write transactions.

Every connection has WAL, foreign keys and durable commits. Every read and write goes through
the tables' repositories (`kneelog.persistence.repositories`) in plain SQL; SQLAlchemy and
SQLModel only define the schema (`kneelog.persistence.tables`) and never load at run time:
importing them cost more than everything else KneeLog does before its window is ready.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from kneelog.core import DatabaseError, JournalGoneError, WriteFailedError

MEMORY = ":memory:"
BUSY_WAIT_S = 5.0
"""How long a connection waits for a journal that another process holds (SQLite's busy time)."""
BUSY_RETRY_S = 0.02


def create_private_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) so no other user can read health data."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def configure_connection(
    connection: sqlite3.Connection, *, durable: bool = True, read_only: bool = False
) -> None:
    """KneeLog's settings for a new connection to a journal."""
    # We issue BEGIN ourselves, so DDL in migrations is transactional too (for SQLAlchemy's
    # connections this is its documented recipe for pysqlite).
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_WAIT_S * 1000)}")
        if read_only:
            return  # the journal mode and syncing are the writer's business
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "memory":
            cursor.execute("PRAGMA journal_mode = WAL")
        # FULL makes a committed transaction survive a power cut, not only an app crash; a
        # throw-away journal (the demo) skips the syncs.
        cursor.execute(f"PRAGMA synchronous = {'FULL' if durable else 'OFF'}")
    finally:
        cursor.close()


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can never change the file, for a journal KneeLog may not write.

    `mode=ro` first: it reads what a writer left in the WAL. On a read-only disk without the
    WAL's companion files that cannot open; then, when no WAL holds unsaved pages, the file is
    opened as immutable (nothing can change it there anyway).
    """
    location = f"file:{quote(path.as_posix(), safe='/:')}"
    connection = sqlite3.connect(f"{location}?mode=ro", uri=True, check_same_thread=False)
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError as exc:
        connection.close()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise DatabaseError(
                f"{path}: the journal cannot be read ({_reason(exc)}): its latest changes are "
                f"in {wal.name}, which needs write access to the folder to be read"
            ) from exc
        return sqlite3.connect(f"{location}?immutable=1", uri=True, check_same_thread=False)
    except sqlite3.Error:
        pass  # damaged or not a database: the caller's own queries say so, in its words
    return connection


def connect(
    path: Path | str, *, durable: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """A configured connection to the journal at `path` (or `:memory:`); DatabaseError if it is
    not SQLite."""
    if read_only:
        connection = connect_read_only(Path(path))
    else:
        if str(path) != MEMORY:
            create_private_file(Path(path))
        # Not tied to one thread: an in-memory journal has this one connection for every thread.
        connection = sqlite3.connect(str(path), timeout=5, check_same_thread=False)
    deadline = time.monotonic() + BUSY_WAIT_S
    while True:
        try:
            configure_connection(connection, durable=durable, read_only=read_only)
            connection.execute("PRAGMA schema_version").fetchone()
            return connection
        except sqlite3.OperationalError as exc:
            # Another process making the same new journal holds it for a moment: switching
            # to WAL fails at once then, without SQLite's busy wait. Try again for a while.
            if _is_busy(exc) and time.monotonic() < deadline:
                time.sleep(BUSY_RETRY_S)
                continue
            connection.close()
            raise DatabaseError(
                f"{path}: not a KneeLog journal or damaged ({_reason(exc)})"
            ) from exc
        except sqlite3.Error as exc:  # "file is not a database" and similar
            connection.close()
            raise DatabaseError(
                f"{path}: not a KneeLog journal or damaged ({_reason(exc)})"
            ) from exc


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_BUSY


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).splitlines()[0]


class Database:
    """A journal file: its path and its connections, for read and write transactions."""

    def __init__(
        self,
        path: Path | str,
        *,
        durable: bool = True,
        create: bool = True,
        read_only: bool = False,
    ) -> None:
        """`create=False` refuses a journal that is not there (JournalGoneError) instead of
        starting an empty one: for a second connection to a journal already in use.
        `read_only` never writes to the file (exports of a journal on a read-only disk)."""
        self.path = path
        self.durable = durable
        self.read_only = read_only
        self._lock = threading.Lock()
        self._connections: dict[int, sqlite3.Connection] = {}
        self._identity: tuple[int, int] | None = None
        if not create and not self.is_memory and not Path(path).is_file():
            raise self._gone("is not there any more")
        self.connection()  # a file that is not SQLite is refused here, before anything else
        self.ensure_present()

    def ensure_present(self) -> None:
        """Raise JournalGoneError if the file was deleted or replaced since it was opened.

        SQLite keeps writing into a deleted file's open handle, so without this an import into
        a journal removed from under it would report success and lose everything. A stat per
        commit costs microseconds.
        """
        if self.is_memory:
            return
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            raise self._gone("was deleted") from None
        identity = (status.st_dev, status.st_ino)
        if self._identity is None:  # opened (or reopened after a restore) just now
            self._identity = identity
        elif identity != self._identity:
            raise self._gone("was replaced by another file")

    def _gone(self, what: str) -> JournalGoneError:
        return JournalGoneError(
            f"{self.path}: the journal file {what} while KneeLog was using it; nothing more "
            "was saved to it. Restore it from a backup (kneelog restore, or File → Restore "
            "from backup…)"
        )

    @property
    def is_memory(self) -> bool:
        return str(self.path) == MEMORY

    def connection(self) -> sqlite3.Connection:
        """This thread's plain connection (an in-memory journal has only one)."""
        key = 0 if self.is_memory else threading.get_ident()
        with self._lock:
            found = self._connections.get(key)
            if found is None:
                found = self._connections[key] = connect(
                    self.path, durable=self.durable, read_only=self.read_only
                )
            return found

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A plain connection inside one read transaction, so several queries see the same
        journal."""
        connection = self.connection()
        if connection.in_transaction:  # inside a unit of work on the same (in-memory) journal
            yield connection
            return
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """A plain connection inside one write transaction: committed when the block ends,
        rolled back if it raises. BEGIN IMMEDIATE: a write that first reads (an import's
        duplicate check) sees every other process's commits and no writer slips in between."""
        connection = self.connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            self.ensure_present()
            connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise self._write_failed(exc) from exc
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _write_failed(self, exc: BaseException) -> WriteFailedError:
        # A full disk, a file size limit, a read-only folder or a locked file: SQLite has rolled
        # the transaction back, so the journal is as it was before.
        return WriteFailedError(
            f"{self.path}: the change could not be saved ({_reason(exc)}); the journal is unchanged"
        )

    def disconnect(self) -> None:
        """Close every connection to the file (before the file is replaced); the next use opens
        new ones. An in-memory journal keeps its one connection: closing it would lose it."""
        if self.is_memory:
            return
        self._close_plain()
        self._identity = None  # the file may be replaced now (a restore): take the new one

    def close(self) -> None:
        self._close_plain()

    def _close_plain(self) -> None:
        with self._lock:
            connections, self._connections = list(self._connections.values()), {}
        for connection in connections:
            connection.close()
