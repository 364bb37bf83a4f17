"""The home-exercise tables: prescriptions from the PT, exercises done, and questionnaire scores.

Like `kneelog.core.entities`, these SQLModel tables are plain objects outside a database session,
so the adherence and scoring code takes them directly. Their field ranges, checks and the plain
rows read at start-up live in `kneelog.core.program`, which needs no ORM; they are re-exported
here for the code that works with the tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from kneelog.core.entities import new_id
from kneelog.core.program import (
    AKPS_INSTRUMENT,
    HOLD_S_RANGE,
    INSTRUMENTS,
    LOAD_KG_RANGE,
    PAIN_RANGE,
    PER_WEEK_RANGE,
    REPS_RANGE,
    SCORE_RANGE,
    SETS_RANGE,
    AssessmentRecord,
    ExerciseLogRecord,
    FieldProblem,
    LoggedExercise,
    Prescribed,
    PrescriptionRecord,
    ProgramRecord,
    dose_text,
    exercise_log_problems,
    prescription_problems,
)

__all__ = [
    "AKPS_INSTRUMENT",
    "HOLD_S_RANGE",
    "INSTRUMENTS",
    "LOAD_KG_RANGE",
    "PAIN_RANGE",
    "PER_WEEK_RANGE",
    "REPS_RANGE",
    "SCORE_RANGE",
    "SETS_RANGE",
    "Assessment",
    "AssessmentRecord",
    "ExerciseLog",
    "ExerciseLogRecord",
    "FieldProblem",
    "LoggedExercise",
    "Prescribed",
    "Prescription",
    "PrescriptionRecord",
    "ProgramRecord",
    "dose_text",
    "exercise_log_problems",
    "prescription_problems",
]


class Prescription(SQLModel, table=True):
    """One exercise of the home program: its dose, how many days a week, and for how long."""

    __tablename__ = "prescription"

    id: str = Field(default_factory=new_id, primary_key=True)
    exercise: str = Field(index=True)
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    load_kg: float | None = None
    per_week: int = 3
    start: dt.date
    end: dt.date | None = None
    paused: bool = False
    notes: str = ""


class ExerciseLog(SQLModel, table=True):
    """One exercise done on one day, with the dose actually done and any knee pain."""

    __tablename__ = "exercise_log"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True)
    exercise: str = Field(index=True)
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    load_kg: float | None = None
    pain: int | None = None
    notes: str = ""
    prescription_id: str | None = Field(
        default=None, foreign_key="prescription.id", ondelete="SET NULL"
    )


class Assessment(SQLModel, table=True):
    """A questionnaire result, such as the Kujala Anterior Knee Pain Scale (AKPS)."""

    __tablename__ = "assessment"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True)
    instrument: str = AKPS_INSTRUMENT
    # Item number "1".."13" -> chosen option index (0 = first option); None when only a score
    # was recorded (e.g. copied from a clinic's paper form).
    answers: dict[str, int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    score: int
