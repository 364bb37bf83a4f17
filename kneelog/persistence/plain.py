"""Plain-SQL reads of the small tables the start-up path needs: settings, the program, scores,
clinician visits and the runner's profile.

They give the same values as the ORM (JSON decoded, dates parsed) without loading it; see
`kneelog.persistence.orm` for why. Each takes a connection from `Database.reading()`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from kneelog.core.program import AssessmentRecord, ProgramRecord
from kneelog.core.visits import (
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    ReturnPlan,
    VisitRecord,
)
from kneelog.persistence.repositories import SETTINGS

PROGRAM_SQL = (
    'SELECT id, exercise, sets, reps, hold_s, load_kg, per_week, start, "end", paused, notes '
    "FROM prescription ORDER BY start, exercise, id"
)
ASSESSMENTS_SQL = "SELECT id, date, instrument, answers, score FROM assessment"
VISITS_SQL = "SELECT id, date, clinician, cleared_to_run, return_plan, next_visit, notes FROM visit"
PROFILE_SQL = (
    "SELECT knee, condition, pain_location, aggravated_by, since, goal, goal_date, clinician, "
    "notes FROM profile"
)


def read_settings(connection: sqlite3.Connection, *keys: str) -> dict[str, Any]:
    """The stored journal settings (only `keys`, when given), their JSON values decoded."""
    return SETTINGS.read(connection, *keys)


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


def visit_record(row: tuple[Any, ...]) -> VisitRecord:
    """The record of one `VISITS_SQL` row."""
    ident, date, clinician, cleared, return_plan, next_visit, notes = row
    return VisitRecord(
        ident,
        dt.date.fromisoformat(date),
        clinician,
        bool(cleared),
        None if return_plan is None else ReturnPlan(return_plan),
        optional_date(next_visit),
        notes,
    )


def read_visits(connection: sqlite3.Connection) -> list[VisitRecord]:
    """Every clinician visit, by date and id (the order the rules and the journal read them)."""
    return [visit_record(row) for row in connection.execute(f"{VISITS_SQL} ORDER BY date, id")]


def read_visit(connection: sqlite3.Connection, visit_id: str) -> VisitRecord | None:
    """The visit `visit_id`, or None when there is no such visit."""
    row = connection.execute(f"{VISITS_SQL} WHERE id = ?", (visit_id,)).fetchone()
    return None if row is None else visit_record(row)


def read_profile(connection: sqlite3.Connection) -> ProfileRecord:
    """The runner's profile; an empty one while nothing has been filled in."""
    row = connection.execute(PROFILE_SQL).fetchone()
    if row is None:
        return ProfileRecord()
    knee, condition, locations, aggravators, since, goal, goal_date, clinician, notes = row
    return ProfileRecord(
        knee=None if knee is None else Knee(knee),
        condition=None if condition is None else Condition(condition),
        pain_location=tuple(PainLocation(p) for p in json.loads(locations)),
        aggravated_by=tuple(Aggravator(a) for a in json.loads(aggravators)),
        since=optional_date(since),
        goal=goal,
        goal_date=optional_date(goal_date),
        clinician=clinician,
        notes=notes,
    )
