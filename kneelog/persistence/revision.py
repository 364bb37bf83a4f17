"""The journal's revision: a counter that every change to the journal's own data moves on.

Derived figures kept in the journal (the remembered plans, `plan_memo`) say which revision they
were made from, and are used only while it is still the journal's. Triggers on every table of
the journal's data move it on within the same transaction as the change, whoever makes it
(KeptHistory's own writes, `kneelog` on the command line, another program), so no write can
leave a remembered figure looking current. Tables of derived data have no trigger.
"""

from __future__ import annotations

import sqlite3

REVISED_TABLES = (
    "shoe",
    "training_session",
    "checkin",
    "journal_setting",
    "prescription",
    "exercise_log",
    "assessment",
    "visit",
    "profile",
)
"""The tables of the journal's own data (schema 6): a change to any row moves the revision on."""

UNREVISED_TABLES = ("plan_record", "plan_memo", "journal_revision")
"""Derived data and the counter itself: writing them changes nothing a plan is made from."""

TRIGGER_EVENTS = ("INSERT", "UPDATE", "DELETE")


def revision_trigger(table: str, event: str) -> str:
    """The trigger that moves the revision on after each `event` on a row of `table`."""
    return (
        f"CREATE TRIGGER revise_after_{event.lower()}_{table} AFTER {event} ON {table} "
        "BEGIN UPDATE journal_revision SET revision = revision + 1 WHERE id = 1; END"
    )


def read_revision(conn: sqlite3.Connection) -> int | None:
    """The journal's revision, or None for a journal without one (a damaged file)."""
    try:
        row = conn.execute("SELECT revision FROM journal_revision WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # no such table
        return None
    return None if row is None else int(row[0])


def outside_commits(conn: sqlite3.Connection) -> tuple[int, int]:
    """Which connection this is and SQLite's count of the commits other connections (other
    processes) made to the file as it saw them: equal pairs mean nobody else wrote in between.
    The connection's own commits leave it as it was (PRAGMA data_version)."""
    return id(conn), int(conn.execute("PRAGMA data_version").fetchone()[0])
