"""The SQLite engine: one per journal, with WAL, foreign keys and durable commits everywhere."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from kneelog.core.errors import DatabaseError, WriteFailedError

MEMORY = ":memory:"


def create_private_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) so no other user can read health data."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _configure_connection(
    dbapi_connection: sqlite3.Connection, _record: Any, *, durable: bool = True
) -> None:
    # We issue BEGIN ourselves (see _begin) so DDL in migrations is transactional too; this is
    # SQLAlchemy's documented recipe for pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
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


def make_engine(path: Path | str, *, durable: bool = True) -> Engine:
    """An engine for the journal at `path` (or `:memory:`); DatabaseError if it is not SQLite."""
    if str(path) == MEMORY:
        engine = create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        file = Path(path)
        create_private_file(file)
        engine = create_engine(
            f"sqlite:///{file}", connect_args={"check_same_thread": False, "timeout": 5}
        )
    event.listen(engine, "connect", partial(_configure_connection, durable=durable))
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA schema_version").fetchone()
    except Exception as exc:  # sqlite3 says "file is not a database" and similar
        engine.dispose()
        raise DatabaseError(f"{path}: not a KneeLog journal or damaged ({_reason(exc)})") from exc
    return engine


def plain_rows(
    connection: Connection, sql: str, parameters: tuple[Any, ...] = ()
) -> sqlite3.Cursor:
    """The rows of `sql`, as tuples straight from SQLite's own cursor, in `connection`'s
    transaction: for reads of thousands of rows, where SQLAlchemy's per-row wrapping took as
    long as the read itself."""
    driver: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
    return driver.execute(sql, parameters)


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).splitlines()[0]


class Database:
    """A journal file: its path and engine, and short sessions for one operation each."""

    def __init__(self, path: Path | str, *, durable: bool = True) -> None:
        self.path = path
        self.engine = make_engine(path, durable=durable)

    @property
    def is_memory(self) -> bool:
        return str(self.path) == MEMORY

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                # A full disk, a file size limit, a read-only folder or a locked file: SQLite
                # has rolled the transaction back, so the journal is as it was before.
                raise WriteFailedError(
                    f"{self.path}: the change could not be saved ({_reason(exc)}); "
                    "the journal is unchanged"
                ) from exc
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()
