"""Ordered schema migrations keyed by PRAGMA user_version, with a backup before any upgrade."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kneelog.core import DatabaseError, SchemaTooNewError
from kneelog.persistence.backups import BackupKind, create_backup, write_copy
from kneelog.persistence.db import Database
from kneelog.persistence.health import APPLICATION_ID
from kneelog.persistence.revision import TRIGGER_EVENTS, revision_trigger

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "MigrationResult",
    "backup_copy",
    "migrate",
    "schema_problems",
]

_V1 = """
CREATE TABLE shoe (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    started DATE,
    retired DATE,
    initial_km FLOAT NOT NULL DEFAULT 0,
    retire_at_km FLOAT
);
CREATE TABLE training_session (
    id TEXT PRIMARY KEY,
    date DATE NOT NULL,
    start_time TEXT,
    activity TEXT NOT NULL,
    distance_m FLOAT,
    duration_s FLOAT,
    rpe INTEGER,
    cadence_spm INTEGER,
    surface TEXT,
    shoe_id TEXT REFERENCES shoe(id) ON DELETE SET NULL,
    pain_during INTEGER,
    pain_after INTEGER,
    pain_trend TEXT,
    symptoms JSON NOT NULL DEFAULT '[]',
    source TEXT,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_training_session_date ON training_session(date);
CREATE INDEX ix_training_session_shoe ON training_session(shoe_id);
CREATE TABLE checkin (
    id TEXT PRIMARY KEY,
    date DATE NOT NULL UNIQUE,
    morning_pain INTEGER,
    morning_stiffness INTEGER,
    symptoms JSON NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_checkin_date ON checkin(date);
CREATE TABLE journal_setting (
    key TEXT PRIMARY KEY,
    value JSON NOT NULL
);
"""

# The home-exercise program: the PT's prescriptions, exercises done, and questionnaires.
_V2 = """
CREATE TABLE prescription (
    id TEXT PRIMARY KEY,
    exercise TEXT NOT NULL,
    sets INTEGER,
    reps INTEGER,
    hold_s INTEGER,
    load_kg FLOAT,
    per_week INTEGER NOT NULL DEFAULT 3,
    start DATE NOT NULL,
    "end" DATE,
    paused BOOLEAN NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_prescription_exercise ON prescription(exercise);
CREATE TABLE exercise_log (
    id TEXT PRIMARY KEY,
    date DATE NOT NULL,
    exercise TEXT NOT NULL,
    sets INTEGER,
    reps INTEGER,
    hold_s INTEGER,
    load_kg FLOAT,
    pain INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    prescription_id TEXT REFERENCES prescription(id) ON DELETE SET NULL
);
CREATE INDEX ix_exercise_log_date ON exercise_log(date);
CREATE INDEX ix_exercise_log_exercise ON exercise_log(exercise);
CREATE TABLE assessment (
    id TEXT PRIMARY KEY,
    date DATE NOT NULL,
    instrument TEXT NOT NULL,
    answers JSON,
    score INTEGER NOT NULL
);
CREATE INDEX ix_assessment_date ON assessment(date);
"""

# The plans the app showed, one per day, so the report can show what was advised and what was done.
_V3 = """
CREATE TABLE plan_record (
    for_date DATE PRIMARY KEY,
    plan JSON NOT NULL,
    shown_at TEXT NOT NULL
);
"""

# Journal format 2: clinician visits (a visit that clears running closes a red-flag episode) and
# the runner's profile, a single row that is absent until something is filled in.
_V4 = """
CREATE TABLE visit (
    id TEXT PRIMARY KEY,
    date DATE NOT NULL,
    clinician TEXT NOT NULL DEFAULT '',
    cleared_to_run BOOLEAN NOT NULL DEFAULT 0,
    return_plan TEXT,
    next_visit DATE,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_visit_date ON visit(date);
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CONSTRAINT profile_single_row CHECK (id = 1),
    knee TEXT,
    condition TEXT,
    pain_location JSON NOT NULL DEFAULT '[]',
    aggravated_by JSON NOT NULL DEFAULT '[]',
    since DATE,
    goal TEXT NOT NULL DEFAULT '',
    goal_date DATE,
    clinician TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
"""

# A session's speed confirmed by the runner: an implausible speed (kneelog.core.plausibility) is
# left out of the load figures until then. Existing sessions are unconfirmed.
_V5 = """
ALTER TABLE training_session ADD COLUMN speed_confirmed BOOLEAN NOT NULL DEFAULT 0;
"""

# The journal's revision and the plans remembered from it (kneelog.persistence.revision): the
# window shows tomorrow's plan at once when the journal is still at the revision it was made
# from. The tables named here are the journal's data as of this step; a later step that adds a
# table adds its triggers too.
_V6 = """
CREATE TABLE journal_revision (
    id INTEGER PRIMARY KEY CONSTRAINT journal_revision_single_row CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO journal_revision (id, revision) VALUES (1, 0);
CREATE TABLE plan_memo (
    for_date DATE PRIMARY KEY,
    revision INTEGER NOT NULL,
    made_by TEXT NOT NULL,
    plan JSON NOT NULL
);
"""
_V6_REVISED = (
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


def _v6(conn: sqlite3.Connection) -> None:
    _run_script(_V6)(conn)
    for table in _V6_REVISED:
        for event in TRIGGER_EVENTS:
            conn.execute(revision_trigger(table, event))


def _run_script(script: str) -> Callable[[sqlite3.Connection], None]:
    def step(conn: sqlite3.Connection) -> None:
        # Statement by statement: `executescript` would commit first and break the transaction.
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)

    return step


# Append only: each step turns version N into N+1; never edit a released step.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _run_script(_V1),
    _run_script(_V2),
    _run_script(_V3),
    _run_script(_V4),
    _run_script(_V5),
    _v6,
]
SCHEMA_VERSION = len(MIGRATIONS)


Schema = dict[str, tuple[str, ...]]
"""Table name -> its column names, in order."""


def _tables(conn: sqlite3.Connection) -> Schema:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: tuple(str(row[1]) for row in conn.execute(f'PRAGMA table_info("{name}")'))
        for name in names
    }


def _triggers(conn: sqlite3.Connection) -> frozenset[str]:
    return frozenset(
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    )


@cache
def _expected(version: int) -> tuple[Schema, frozenset[str]]:
    conn = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            step(conn)
        return _tables(conn), _triggers(conn)
    finally:
        conn.close()


def expected_schema(version: int) -> Schema:
    """The tables and columns a journal of `version` has: its migrations run on a scratch one."""
    return _expected(version)[0]


def schema_problems(path: Path) -> list[str]:
    """What in the file at `path` contradicts the schema its user_version claims ([] if none).

    Read-only. A file whose version says one thing and whose tables another would open, then
    fail at the first read or migration: a restore checks this before replacing anything.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        actual = _tables(conn)
        triggers = _triggers(conn)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    if not 0 <= version <= SCHEMA_VERSION:
        return [f"schema version {version} is not one this KneeLog knows"]
    expected, expected_triggers = _expected(version)
    problems = [f"table {name} is missing" for name in expected if name not in actual]
    problems += [f"table {name} is not a KneeLog table" for name in actual if name not in expected]
    problems += [
        f"table {name} has columns {', '.join(actual[name])}, not {', '.join(columns)}"
        for name, columns in expected.items()
        if name in actual and actual[name] != columns
    ]
    # Without its triggers a change would leave the journal's revision, and every plan
    # remembered from it, looking current.
    problems += [f"trigger {name} is missing" for name in sorted(expected_triggers - triggers)]
    problems += [
        f"trigger {name} is not KneeLog's" for name in sorted(triggers - expected_triggers)
    ]
    if problems:
        problems[0] = f"it says schema version {version}, but {problems[0]}"
    return problems


@dataclass(frozen=True)
class MigrationResult:
    from_version: int
    to_version: int
    backup: Path | None


def read_version(db: Database) -> tuple[int, int]:
    """(user_version, application_id) of the journal."""
    with db.reading() as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    return int(version), int(app_id)


def _has_tables(db: Database) -> bool:
    with db.reading() as conn:
        count = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return int(count) > 0


def backup_copy(db: Database, target: Path) -> Path:
    """A consistent private copy of the journal through SQLite's online backup API."""
    write_copy(Path(db.path), target)
    return target


def migrate(db: Database, backup_dir: Path | None) -> MigrationResult:
    """Bring the journal to SCHEMA_VERSION; refuse, untouched, a journal from a newer KneeLog."""
    version, app_id = read_version(db)
    if version == 0 and app_id == 0 and _has_tables(db):
        raise DatabaseError(f"{db.path}: an SQLite file, but not a KneeLog journal")
    if version > 0 and app_id != APPLICATION_ID:
        raise DatabaseError(f"{db.path}: an SQLite file, but not a KneeLog journal")
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"{db.path}: written by a newer KneeLog (schema {version}; this version knows up to "
            f"{SCHEMA_VERSION}). Nothing was changed: please update KneeLog."
        )
    if version == SCHEMA_VERSION:
        return MigrationResult(version, version, None)
    backup = None
    if version > 0 and not db.is_memory and backup_dir is not None:
        backup = create_backup(Path(db.path), backup_dir, BackupKind.PRE_MIGRATION)
    for step_version in range(version, SCHEMA_VERSION):
        with db.writing() as conn:
            # Under the write lock: another process opening the same new journal at the same
            # moment may have made this step already.
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) > step_version:
                continue
            MIGRATIONS[step_version](conn)
            conn.execute(f"PRAGMA user_version = {step_version + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return MigrationResult(version, SCHEMA_VERSION, backup)
