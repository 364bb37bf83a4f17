"""read_log_records: the exercise logs as plain rows, field for field what the mapped rows hold."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from kneelog.core.program import ExerciseLogRecord
from kneelog.persistence.db import MEMORY
from kneelog.persistence.repositories import EXERCISE_LOGS, PRESCRIPTIONS
from kneelog.persistence.tables import ExerciseLog, Prescription
from kneelog.services.opening import open_journal
from kneelog.services.rehab import RehabService, read_log_records

PRESCRIPTION_IDS = ("p1", "p2")
dates = st.dates(dt.date(2026, 5, 1), dt.date(2026, 5, 10))
"""Ten days: several logs a day, so the order within a day counts."""
logs = st.builds(
    ExerciseLog,
    date=dates,
    exercise=st.sampled_from(("step_up", "clamshell", "glute_bridge")),
    sets=st.none() | st.integers(1, 20),
    reps=st.none() | st.integers(1, 500),
    hold_s=st.none() | st.integers(1, 3600),
    load_kg=st.none() | st.floats(0, 500).map(lambda kg: round(kg, 2)),
    pain=st.none() | st.integers(0, 10),
    notes=st.text(max_size=10),
    prescription_id=st.none() | st.sampled_from(PRESCRIPTION_IDS),
)


@settings(max_examples=60)
@given(st.lists(logs, max_size=20), st.none() | dates, st.none() | dates)
def test_the_plain_rows_are_the_stored_logs_in_the_same_order(
    entered: list[ExerciseLog], first: dt.date | None, last: dt.date | None
) -> None:
    db = open_journal(MEMORY)
    with db.writing() as connection:
        for ident in PRESCRIPTION_IDS:
            PRESCRIPTIONS.put(
                connection, Prescription(id=ident, exercise="step_up", start=dt.date(2000, 1, 1))
            )
        for log in entered:
            EXERCISE_LOGS.put(connection, log)
    expected = [
        ExerciseLogRecord(
            log.id,
            log.date,
            log.exercise,
            log.sets,
            log.reps,
            log.hold_s,
            log.load_kg,
            log.pain,
            log.notes,
            log.prescription_id,
        )
        for log in RehabService(db).exercise_logs(first, last)
    ]
    with db.reading() as connection:
        records = read_log_records(connection, first, last)
    assert records == expected
    assert all(type(record) is ExerciseLogRecord for record in records)
    # Equal is not enough (3 == 3.0): the types must be those of the mapped rows too.
    assert [[type(value) for value in record] for record in records] == [
        [type(value) for value in record] for record in expected
    ]
    db.close()
