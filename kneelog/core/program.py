"""The home-exercise program: its records (prescription, exercise log, questionnaire result),
field ranges and checks, and dose wording; adherence and progression read these records."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from kneelog.core.formatting import long_date
from kneelog.core.ids import new_id
from kneelog.core.validation import PAIN_SCALE

PER_WEEK_RANGE = (1, 14)
SETS_RANGE = (1, 20)
REPS_RANGE = (1, 500)
HOLD_S_RANGE = (1, 3600)
LOAD_KG_RANGE = (0.0, 500.0)
PAIN_RANGE = (PAIN_SCALE.low, PAIN_SCALE.high)  # the one pain scale, 0-10
SCORE_RANGE = (0, 100)

AKPS_INSTRUMENT = "akps"
INSTRUMENTS: tuple[str, ...] = (AKPS_INSTRUMENT,)

FieldProblem = tuple[str, str]
"""A problem with one field: (field name, message), e.g. ("per_week", "15 is outside 1-14")."""


class PrescriptionRecord(NamedTuple):
    """One prescription of the home program as stored (table `prescription`), read-only."""

    id: str
    exercise: str
    sets: int | None
    reps: int | None
    hold_s: int | None
    load_kg: float | None
    per_week: int
    start: dt.date
    end: dt.date | None
    paused: bool
    notes: str

    @classmethod
    def new(cls, **fields: Any) -> PrescriptionRecord:
        """A prescription with these fields (`exercise` and `start` at least), the others at
        their defaults (3 days a week, no dose, no end), and a fresh id unless one is given."""
        defaults: dict[str, Any] = dict.fromkeys(("sets", "reps", "hold_s", "load_kg", "end"))
        return cls(
            **{**defaults, "per_week": 3, "paused": False, "notes": "", "id": new_id(), **fields}
        )


class AssessmentRecord(NamedTuple):
    """A questionnaire result as a read-only row, read with plain SQL (table `assessment`)."""

    id: str
    date: dt.date
    instrument: str
    answers: dict[str, int] | None
    score: int

    @classmethod
    def new(cls, **fields: Any) -> AssessmentRecord:
        """A result with these fields (`date` and `score` at least), an AKPS without answers
        unless told otherwise, and a fresh id unless one is given."""
        return cls(**{"instrument": AKPS_INSTRUMENT, "answers": None, "id": new_id(), **fields})


class ExerciseLogRecord(NamedTuple):
    """An exercise log as a read-only row: a twentieth of the memory of an `ExerciseLog` and
    many times quicker to read, for the charts and figures that read every log."""

    id: str
    date: dt.date
    exercise: str
    sets: int | None
    reps: int | None
    hold_s: int | None
    load_kg: float | None
    pain: int | None
    notes: str
    prescription_id: str | None

    @classmethod
    def new(cls, **fields: Any) -> ExerciseLogRecord:
        """A log with these fields (`date` and `exercise` at least), the others empty, and a
        fresh id unless one is given."""
        defaults: dict[str, Any] = dict.fromkeys(
            ("sets", "reps", "hold_s", "load_kg", "pain", "prescription_id")
        )
        return cls(**{**defaults, "notes": "", "id": new_id(), **fields})


def dose_text(sets: int | None, reps: int | None, hold_s: int | None, load_kg: float | None) -> str:
    """A dose as the exercise screens show it, e.g. "3 × 10, 2.5 kg" or "4 × 45 s"; "" if none."""
    text = " × ".join(str(value) for value in (sets, reps) if value is not None)
    if hold_s is not None:
        text = f"{text} × {hold_s} s" if text else f"{hold_s} s"
    if load_kg:
        text = f"{text}, {load_kg:g} kg" if text else f"{load_kg:g} kg"
    return text


def _range_problem(
    field: str, value: float | None, bounds: tuple[float, float]
) -> FieldProblem | None:
    if value is None:
        return None
    low, high = bounds
    if not low <= value <= high:
        return field, f"{value:g} is outside {low:g}-{high:g}"
    return None


def _dose_problems(
    sets: int | None, reps: int | None, hold_s: int | None, load_kg: float | None
) -> list[FieldProblem]:
    checks = (
        _range_problem("sets", sets, SETS_RANGE),
        _range_problem("reps", reps, REPS_RANGE),
        _range_problem("hold_s", hold_s, HOLD_S_RANGE),
        _range_problem("load_kg", load_kg, LOAD_KG_RANGE),
    )
    return [problem for problem in checks if problem is not None]


def prescription_problems(
    prescription: PrescriptionRecord, exercise_ids: frozenset[str] | None = None
) -> list[FieldProblem]:
    """Every rule the prescription breaks; `exercise_ids` (the library's ids) enables that check."""
    problems: list[FieldProblem] = []
    if exercise_ids is not None and prescription.exercise not in exercise_ids:
        problems.append(("exercise", f"{prescription.exercise!r} is not in the exercise library"))
    problems += _dose_problems(
        prescription.sets, prescription.reps, prescription.hold_s, prescription.load_kg
    )
    per_week = _range_problem("per_week", prescription.per_week, PER_WEEK_RANGE)
    if per_week is not None:
        problems.append(per_week)
    if prescription.end is not None and prescription.end < prescription.start:
        problems.append(
            (
                "end",
                f"{long_date(prescription.end)} is before the start, "
                f"{long_date(prescription.start)}",
            )
        )
    return problems


def exercise_log_problems(
    log: ExerciseLogRecord, exercise_ids: frozenset[str] | None = None
) -> list[FieldProblem]:
    """Every rule the exercise log breaks; `exercise_ids` (the library's ids) enables that check."""
    problems: list[FieldProblem] = []
    if exercise_ids is not None and log.exercise not in exercise_ids:
        problems.append(("exercise", f"{log.exercise!r} is not in the exercise library"))
    problems += _dose_problems(log.sets, log.reps, log.hold_s, log.load_kg)
    pain = _range_problem("pain", log.pain, PAIN_RANGE)
    if pain is not None:
        problems.append(pain)
    return problems
