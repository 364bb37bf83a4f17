"""Trends use case: read the journal once and compute the chart series (for the UI and the report).

The records are read in two parts that change independently: the training journal (sessions,
check-ins, settings) and the exercise program (prescriptions, logs, assessments), so a caller
that knows only one part changed re-reads only that part (`TrendInputs.with_journal` /
`with_program`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from kneelog.core import (
    AssessmentRecord,
    CheckInRecord,
    DistanceUnit,
    ExerciseLogRecord,
    OverrideError,
    PrescriptionRecord,
    ProgramSeries,
    SessionRecord,
    Thresholds,
    TrendSeries,
    apply_overrides,
    compute_trends,
    default_rules,
    journal_span,
)
from kneelog.persistence import Database, read_assessments, read_program, read_settings
from kneelog.services.kept_history import KeptHistory
from kneelog.services.rehab import week_start_index


@dataclass(frozen=True)
class TrendInputs:
    """Every record the trend series read, detached from the database."""

    sessions: tuple[SessionRecord, ...] = ()
    checkins: tuple[CheckInRecord, ...] = ()
    prescriptions: tuple[PrescriptionRecord, ...] = ()
    exercise_logs: tuple[ExerciseLogRecord, ...] = ()
    assessments: tuple[AssessmentRecord, ...] = ()
    week_start: int = 0
    thresholds: Thresholds = field(default_factory=Thresholds)
    threshold_note: str = ""
    """Why the default thresholds are used although the PT changed some (invalid overrides)."""

    @property
    def is_empty(self) -> bool:
        return not (
            self.sessions
            or self.checkins
            or self.prescriptions
            or self.exercise_logs
            or self.assessments
        )


def thresholds_for(overrides: object) -> tuple[Thresholds, str]:
    """The charted thresholds with the PT's overrides; the defaults and a note if they are bad."""
    rules = default_rules()
    if not overrides:
        return Thresholds.from_rules(rules), ""
    try:
        merged = apply_overrides(rules, overrides)  # type: ignore[arg-type]
    except (OverrideError, AttributeError, TypeError) as exc:
        return Thresholds.from_rules(rules), f"default thresholds shown: {exc}"
    return Thresholds.from_rules(merged), ""


class TrendsService:
    """Reads what the trend charts need; every read is one transaction."""

    def __init__(self, db: Database, records: KeptHistory | None = None) -> None:
        self.db = db
        # The sessions and check-ins the planning service keeps current, when shared.
        self.records = records

    def unit(self) -> DistanceUnit:
        with self.db.reading() as connection:
            unit = read_settings(connection, "units").get("units")
        return DistanceUnit(unit or "km")

    def read_journal(self, inputs: TrendInputs | None = None) -> TrendInputs:
        """`inputs` with the sessions, check-ins and journal settings read afresh."""
        with self.db.reading() as connection:
            settings = read_settings(connection)
        # Without a shared copy, one read afresh for this call.
        records = self.records or KeptHistory(self.db)
        sessions, checkins = records.sessions(), records.checkins()
        thresholds, note = thresholds_for(settings.get("rules"))
        return replace(
            inputs or TrendInputs(),
            sessions=sessions,
            checkins=checkins,
            week_start=week_start_index(settings.get("week_start")),
            thresholds=thresholds,
            threshold_note=note,
        )

    def read_program(self, inputs: TrendInputs | None = None) -> TrendInputs:
        """`inputs` with the prescriptions, assessments (read afresh) and exercise logs."""
        with self.db.reading() as connection:
            prescriptions = tuple(read_program(connection))
            assessments = tuple(read_assessments(connection))
        # The logs kept current for the rules too, when shared; else read for this call.
        logs = (self.records or KeptHistory(self.db)).exercise_logs()
        return replace(
            inputs or TrendInputs(),
            prescriptions=prescriptions,
            exercise_logs=logs,
            assessments=assessments,
        )

    def read(self) -> TrendInputs:
        return self.read_program(self.read_journal())

    def trends(
        self,
        today: dt.date,
        first: dt.date | None = None,
        last: dt.date | None = None,
        inputs: TrendInputs | None = None,
    ) -> TrendSeries:
        """The series for first..last (default: the whole journal up to today)."""
        return trend_series(inputs or self.read(), today, first, last)


def trend_series(
    inputs: TrendInputs,
    today: dt.date,
    first: dt.date | None = None,
    last: dt.date | None = None,
    program: ProgramSeries | None = None,
) -> TrendSeries:
    """`compute_trends` over `inputs`; first/last default to the journal's span.

    `program` (from an earlier result's days and week start) is reused when still valid.
    """
    span_first, span_last = journal_span(
        inputs.sessions,
        inputs.checkins,
        today,
        exercise_logs=inputs.exercise_logs,
        assessments=inputs.assessments,
    )
    first = first or span_first
    last = last or span_last
    trends = compute_trends(
        inputs.sessions,
        inputs.checkins,
        first,
        max(first, last),
        prescriptions=inputs.prescriptions,
        exercise_logs=inputs.exercise_logs,
        assessments=inputs.assessments,
        week_start=inputs.week_start,
        thresholds=inputs.thresholds,
        program=program,
    )
    if inputs.threshold_note:
        trends = replace(trends, notes=(*trends.notes, inputs.threshold_note))
    return trends
