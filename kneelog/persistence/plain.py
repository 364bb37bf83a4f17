"""Plain-SQL reads of the small tables the start-up path needs: settings, the program, scores.

They give the same values as the ORM (JSON decoded, dates parsed) without loading it; see
`kneelog.persistence.orm` for why. Each takes a connection from `Database.reading()`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from kneelog.core.program import AssessmentRecord, ProgramRecord

PROGRAM_SQL = (
    'SELECT id, exercise, sets, reps, hold_s, load_kg, per_week, start, "end", paused, notes '
    "FROM prescription ORDER BY start, exercise, id"
)
ASSESSMENTS_SQL = "SELECT id, date, instrument, answers, score FROM assessment"


def read_settings(connection: sqlite3.Connection, *keys: str) -> dict[str, Any]:
    """The stored journal settings (only `keys`, when given), their JSON values decoded."""
    sql = "SELECT key, value FROM journal_setting"
    if keys:
        sql += f" WHERE key IN ({', '.join('?' * len(keys))})"
    return {key: json.loads(value) for key, value in connection.execute(sql, keys)}


def optional_date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def read_program(connection: sqlite3.Connection) -> list[ProgramRecord]:
    """Every prescription, by start date, exercise and id (as the exercise screens list them)."""
    return [
        ProgramRecord(
            ident,
            exercise,
            sets,
            reps,
            hold_s,
            load_kg,
            per_week,
            dt.date.fromisoformat(start),
            optional_date(end),
            bool(paused),
            notes,
        )
        for ident, exercise, sets, reps, hold_s, load_kg, per_week, start, end, paused, notes in (
            connection.execute(PROGRAM_SQL)
        )
    ]


def read_assessments(
    connection: sqlite3.Connection, instrument: str | None = None
) -> list[AssessmentRecord]:
    """The questionnaire results (of one `instrument`, when given), by date and id."""
    where, parameters = ("", ()) if instrument is None else (" WHERE instrument = ?", (instrument,))
    rows = connection.execute(f"{ASSESSMENTS_SQL}{where} ORDER BY date, id", parameters)
    return [
        AssessmentRecord(
            ident,
            dt.date.fromisoformat(date),
            kind,
            None if answers is None else json.loads(answers),
            score,
        )
        for ident, date, kind, answers, score in rows
    ]
