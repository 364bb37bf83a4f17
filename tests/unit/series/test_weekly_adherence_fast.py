"""weekly_adherence (which reads only each week's logs) equals adherence_by_exercise per week."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kneelog.core.adherence import adherence_by_exercise, week_start_of, weekly_adherence
from kneelog.core.rehab import ExerciseLog, Prescription

D0 = dt.date(2026, 1, 5)
EXERCISES = ("step_up", "clamshell")

prescription_strategy = st.builds(
    lambda ident, exercise, per_week, start, length, paused: Prescription(
        id=ident,
        exercise=exercise,
        per_week=per_week,
        start=D0 + dt.timedelta(days=start),
        end=None if length is None else D0 + dt.timedelta(days=start + length),
        paused=paused,
    ),
    st.sampled_from(("p1", "p2", "p3")),
    st.sampled_from(EXERCISES),
    st.integers(1, 14),
    st.integers(0, 40),
    st.none() | st.integers(0, 30),
    st.booleans(),
)
log_strategy = st.builds(
    lambda offset, exercise, link: ExerciseLog(
        date=D0 + dt.timedelta(days=offset), exercise=exercise, prescription_id=link
    ),
    st.integers(-5, 60),
    st.sampled_from(EXERCISES),
    st.none() | st.sampled_from(("p1", "p2", "gone")),
)


@given(
    st.lists(prescription_strategy, max_size=3, unique_by=lambda p: p.id),
    st.lists(log_strategy, max_size=40),
    st.integers(0, 6),
    st.integers(0, 20),
)
def test_fast_weeks_match_the_plain_definition(
    program: list[Prescription], logs: list[ExerciseLog], week_start: int, skip: int
) -> None:
    first = D0 + dt.timedelta(days=skip)
    last = D0 + dt.timedelta(days=55)
    weeks = weekly_adherence(program, logs, first, last, week_start)
    monday = week_start_of(first, week_start)
    assert weeks[0].week_start == monday
    for week in weeks:
        span_first = max(first, week.week_start)
        span_last = min(last, week.week_start + dt.timedelta(days=6))
        expected = adherence_by_exercise(program, logs, span_first, span_last, week_start)
        assert week.by_exercise == expected
