"""The reads of the small tables the start-up path needs, by name: settings, the program,
scores, clinician visits and the runner's profile, through their repositories.

Each takes a connection from `Database.reading()`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from kneelog.core import AssessmentRecord, PrescriptionRecord, ProfileRecord, VisitRecord
from kneelog.persistence.repositories import (
    ASSESSMENTS,
    PRESCRIPTIONS,
    PROFILE,
    SETTINGS,
    VISITS,
)


def read_settings(connection: sqlite3.Connection, *keys: str) -> dict[str, Any]:
    """The stored journal settings (only `keys`, when given), their JSON values decoded."""
    return SETTINGS.read(connection, *keys)


def read_program(connection: sqlite3.Connection) -> list[PrescriptionRecord]:
    """Every prescription, by start date, exercise and id (as the exercise screens list them)."""
    return PRESCRIPTIONS.select(connection, order="start, exercise, id")


def read_assessments(
    connection: sqlite3.Connection, instrument: str | None = None
) -> list[AssessmentRecord]:
    """The questionnaire results (of one `instrument`, when given), by date and id."""
    if instrument is None:
        return ASSESSMENTS.select(connection, order="date, id")
    return ASSESSMENTS.select(connection, "instrument = ?", (instrument,), order="date, id")


def read_visits(connection: sqlite3.Connection) -> list[VisitRecord]:
    """Every clinician visit, by date and id (the order the rules and the journal read them)."""
    return VISITS.select(connection, order="date, id")


def read_visit(connection: sqlite3.Connection, visit_id: str) -> VisitRecord | None:
    """The visit `visit_id`, or None when there is no such visit."""
    return VISITS.get(connection, visit_id)


def read_profile(connection: sqlite3.Connection) -> ProfileRecord:
    """The runner's profile; an empty one while nothing has been filled in."""
    return PROFILE.get(connection) or ProfileRecord()
