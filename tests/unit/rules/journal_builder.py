"""Small journal fixtures for rule scenarios, built from entity objects (no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kneelog.core.program import ExerciseLogRecord
from kneelog.core.rules import ExerciseStatus, RuleInputs
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.visits import ReturnPlan, VisitRecord

D = dt.date(2026, 5, 4)


def day(offset: int) -> dt.date:
    """The date `offset` days from the plan day D (negative = before)."""
    return D + dt.timedelta(days=offset)


def run(offset: int, km: float = 6.0, minutes: float = 40.0, **fields: Any) -> SessionRecord:
    fields.setdefault("activity", "run")
    fields.setdefault("pain_during", 1)
    fields.setdefault("pain_after", 1)
    fields.setdefault("pain_trend", "same")
    return SessionRecord.new(
        date=day(offset), distance_m=km * 1000, duration_s=minutes * 60, **fields
    )


def checkin(
    offset: int, pain: int | None = 1, stiffness: int | None = 0, symptoms: list[str] | None = None
) -> CheckInRecord:
    return CheckInRecord.new(
        date=day(offset), morning_pain=pain, morning_stiffness=stiffness, symptoms=symptoms or []
    )


def base_runs() -> list[SessionRecord]:
    """A settled runner: 6 km every other day from D-28 to D-2."""
    return [run(-k) for k in range(28, 1, -2)]


def base_checkins() -> list[CheckInRecord]:
    """Morning pain 1, stiffness 0 from D-20 to D-1."""
    return [checkin(-k) for k in range(20, 0, -1)]


def journal(
    runs: list[SessionRecord] | None = None,
    checkins: list[CheckInRecord] | None = None,
    *,
    base: bool = True,
    exercise: ExerciseStatus | None = None,
    akps: list[tuple[dt.date, float]] | None = None,
    visits: list[VisitRecord] | None = None,
    exercise_logs: list[ExerciseLogRecord] | None = None,
) -> RuleInputs:
    """The base history plus `runs`; `checkins` replace base check-ins of the same date."""
    sessions = (base_runs() if base else []) + list(runs or [])
    by_date = {c.date: c for c in (base_checkins() if base else [])}
    by_date.update({c.date: c for c in checkins or []})
    return RuleInputs(
        sorted(sessions, key=lambda s: s.date),
        sorted(by_date.values(), key=lambda c: c.date),
        exercise,
        tuple(akps or ()),
        tuple(visits or ()),
        tuple(exercise_logs or ()),
    )


def visit(offset: int, cleared: bool = True, return_plan: ReturnPlan | None = None) -> VisitRecord:
    return VisitRecord(
        id=f"v{offset}", date=day(offset), cleared_to_run=cleared, return_plan=return_plan
    )


def exercise_log(offset: int, pain: int, exercise: str = "step_up") -> ExerciseLogRecord:
    return ExerciseLogRecord(f"x{offset}", day(offset), exercise, 2, 10, None, None, pain, "", None)
