"""The journal's SQLite connections: plain ones for reads and migrations, SQLAlchemy's for writes.

Every connection has WAL, foreign keys and durable commits. SQLAlchemy and SQLModel load only
when the first unit of work starts: the start-up path reads with plain SQL, and importing them
costs more than everything else KneeLog does before its window is ready.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kneelog.core.errors import DatabaseError, WriteFailedError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

MEMORY = ":memory:"


def create_private_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) so no other user can read health data."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def configure_connection(connection: sqlite3.Connection, *, durable: bool = True) -> None:
    """KneeLog's settings for a new connection to a journal."""
    # We issue BEGIN ourselves, so DDL in migrations is transactional too (for SQLAlchemy's
    # connections this is its documented recipe for pysqlite).
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "memory":
            cursor.execute("PRAGMA journal_mode = WAL")
        # FULL makes a committed transaction survive a power cut, not only an app crash; a
        # throw-away journal (the demo) skips the syncs.
        cursor.execute(f"PRAGMA synchronous = {'FULL' if durable else 'OFF'}")
    finally:
        cursor.close()


def connect(path: Path | str, *, durable: bool = True) -> sqlite3.Connection:
    """A configured connection to the journal at `path` (or `:memory:`); DatabaseError if it is
    not SQLite."""
    if str(path) != MEMORY:
        create_private_file(Path(path))
    # Not tied to one thread: an in-memory journal has this one connection for every thread.
    connection = sqlite3.connect(str(path), timeout=5, check_same_thread=False)
    try:
        configure_connection(connection, durable=durable)
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as exc:  # "file is not a database" and similar
        connection.close()
        raise DatabaseError(f"{path}: not a KneeLog journal or damaged ({_reason(exc)})") from exc
    return connection


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).splitlines()[0]


class Database:
    """A journal file: its path, plain connections for reads, and short sessions for writes."""

    def __init__(self, path: Path | str, *, durable: bool = True) -> None:
        self.path = path
        self.durable = durable
        self._lock = threading.Lock()
        self._connections: dict[int, sqlite3.Connection] = {}
        self.connection()  # a file that is not SQLite is refused here, before anything else

    @property
    def is_memory(self) -> bool:
        return str(self.path) == MEMORY

    def connection(self) -> sqlite3.Connection:
        """This thread's plain connection (an in-memory journal has only one)."""
        key = 0 if self.is_memory else threading.get_ident()
        with self._lock:
            found = self._connections.get(key)
            if found is None:
                found = self._connections[key] = connect(self.path, durable=self.durable)
            return found

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A plain connection inside one read transaction, so several queries see the same
        journal: for the reads at start-up and of thousands of rows, where SQLAlchemy's mapping
        costs as much as the read itself."""
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
        rolled back if it raises; for the few writes made before SQLAlchemy is loaded."""
        connection = self.connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise self._write_failed(exc) from exc
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    @cached_property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, made the first time a unit of work needs it."""
        from kneelog.persistence.engine import make_engine

        return make_engine(self)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        from sqlalchemy import event
        from sqlalchemy.exc import OperationalError
        from sqlmodel import Session

        from kneelog.persistence.guard import refuse_bad_dates

        with Session(self.engine, expire_on_commit=False) as session:
            event.listen(session, "before_flush", refuse_bad_dates)
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                raise self._write_failed(exc) from exc
            except BaseException:
                session.rollback()
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
        if "engine" in self.__dict__:
            self.engine.dispose()
        self._close_plain()

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        self._close_plain()

    def _close_plain(self) -> None:
        with self._lock:
            connections, self._connections = list(self._connections.values()), {}
        for connection in connections:
            connection.close()
