"""SQLAlchemy's engine over a journal, with the same settings as KneeLog's plain connections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from kneelog.persistence.db import configure_connection

if TYPE_CHECKING:
    from kneelog.persistence.db import Database

IMMEDIATE = "kneelog_immediate"
"""The execution option that makes a unit of work begin with the write lock held."""
WROTE = "kneelog_wrote"
"""Set in a session's `info` once it has flushed a change: the commit will write."""


def _mark_written(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


event.listen(Session, "after_flush", _mark_written)


def make_engine(db: Database) -> Engine:
    """The engine for `db`; an in-memory journal shares its one plain connection with it."""
    if db.is_memory or db.read_only:
        # One connection for all (a read-only journal is read by one command, in one thread).
        engine = create_engine("sqlite://", creator=db.connection, poolclass=StaticPool)
    else:
        engine = create_engine(
            f"sqlite:///{db.path}", connect_args={"check_same_thread": False, "timeout": 5}
        )

    def configure(dbapi_connection: Any, _record: Any) -> None:
        configure_connection(dbapi_connection, durable=db.durable, read_only=db.read_only)

    event.listen(engine, "connect", configure)

    def begin(conn: Any) -> None:
        # Imports take the write lock at once (BEGIN IMMEDIATE), so the duplicate check they
        # make inside the transaction sees every other process's committed sessions and no
        # other writer can slip in before their insert; other units of work begin deferred.
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    event.listen(engine, "begin", begin)
    return engine
