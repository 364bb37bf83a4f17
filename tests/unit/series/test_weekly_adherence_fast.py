"""weekly_adherence (which reads only each week's logs) equals adherence_by_exercise per week."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kneelog.core.adherence import (
    Adherence,
    adherence_by_exercise,
    adherence_by_prescription,
    is_active,
    logs_for,
    sessions_per_day,
    week_start_of,
    weekly_adherence,
)
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


def _day_by_day(
    prescription: Prescription, logs: list[ExerciseLog], first: dt.date, last: dt.date, week: int
) -> Adherence:
    """The definition, one day at a time: per calendar week, prescribed = per_week x active
    days / 7 and done = the active days' logs, at most `sessions_per_day` a day."""
    cap = sessions_per_day(prescription)
    total = Adherence()
    start = first
    while start <= last:
        end = min(last, week_start_of(start, week) + dt.timedelta(days=6))
        days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
        active = [day for day in days if is_active(prescription, day)]
        prescribed = prescription.per_week * len(active) / 7
        done = sum(min(cap, sum(1 for log in logs if log.date == day)) for day in active)
        total += Adherence(done, prescribed, min(done, prescribed))
        start = end + dt.timedelta(days=1)
    return total


@given(
    st.lists(prescription_strategy, max_size=3, unique_by=lambda p: p.id),
    st.lists(log_strategy, max_size=40),
    st.integers(0, 6),
    st.integers(-3, 20),
    st.integers(0, 70),
)
def test_adherence_over_any_span_matches_the_day_by_day_definition(
    program: list[Prescription], logs: list[ExerciseLog], week_start: int, skip: int, length: int
) -> None:
    first = D0 + dt.timedelta(days=skip)
    last = first + dt.timedelta(days=length)
    figures = adherence_by_prescription(program, logs, first, last, week_start)
    known = frozenset(p.id for p in program)
    for prescription in program:
        own = [log for log in logs_for(prescription, logs, known) if first <= log.date <= last]
        assert figures[prescription.id] == _day_by_day(prescription, own, first, last, week_start)
