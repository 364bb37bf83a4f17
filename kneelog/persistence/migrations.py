"""Ordered schema migrations keyed by PRAGMA user_version, with a backup before any upgrade."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from kneelog.core.errors import DatabaseError, SchemaTooNewError
from kneelog.persistence.db import Database

# "KNEE" in ASCII: marks the file as a KneeLog journal for `file(1)` and for our own checks.
APPLICATION_ID = 0x4B4E4545

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


def _run_script(script: str) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        for statement in script.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)

    return step


# Append only: each step turns version N into N+1; never edit a released step.
MIGRATIONS: list[Callable[[Connection], None]] = [
    _run_script(_V1),
    _run_script(_V2),
    _run_script(_V3),
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class MigrationResult:
    from_version: int
    to_version: int
    backup: Path | None


def read_version(db: Database) -> tuple[int, int]:
    """(user_version, application_id) of the journal."""
    with db.engine.connect() as conn:
        version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar_one()
    return int(version), int(app_id)


def _has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    return int(count) > 0


def backup_copy(db: Database, target: Path) -> Path:
    """A consistent copy of the journal through SQLite's online backup API (safe under WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    source = sqlite3.connect(str(db.path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    target.chmod(0o600)
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
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_copy(db, backup_dir / f"kneelog-before-v{SCHEMA_VERSION}-{stamp}.sqlite3")
    for step_version in range(version, SCHEMA_VERSION):
        with db.engine.begin() as conn:
            MIGRATIONS[step_version](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {step_version + 1}")
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    return MigrationResult(version, SCHEMA_VERSION, backup)
