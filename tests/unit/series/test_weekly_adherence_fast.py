"""weekly_adherence (one sweep over the weeks) equals adherence_by_exercise week by week."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from hypothesis import given, settings, strategies as st

from kneelog.core.adherence import (
    Adherence,
    adherence_by_exercise,
    adherence_by_prescription,
    is_active,
    logs_for,
    sessions_per_day,
    week_start_of,
    weekly_adherence,
    weekly_totals,
)
from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.core.series import program_series

D0 = dt.date(2026, 1, 5)
EXERCISES = ("step_up", "clamshell", "bridge")


def _prescription(
    ident: str, exercise: str, per_week: int, start: int, length: int | None, paused: bool
) -> PrescriptionRecord:
    """A prescription starting `start` days after D0, lasting `length` more days (None: open)."""
    return PrescriptionRecord.new(
        id=ident,
        exercise=exercise,
        per_week=per_week,
        start=D0 + dt.timedelta(days=start),
        end=None if length is None else D0 + dt.timedelta(days=start + length),
        paused=paused,
    )


prescription_strategy = st.builds(
    _prescription,
    st.sampled_from(("p1", "p2", "p3", "p4")),
    st.sampled_from(EXERCISES),
    st.integers(1, 14),
    st.integers(0, 40),
    st.none() | st.integers(0, 30),
    st.booleans(),
)
log_strategy = st.builds(
    lambda offset, exercise, link: ExerciseLogRecord.new(
        date=D0 + dt.timedelta(days=offset), exercise=exercise, prescription_id=link
    ),
    st.integers(-5, 60),
    st.sampled_from(EXERCISES),
    st.none() | st.sampled_from(("p1", "p2", "gone")),
)
# For the sweep: a month of days, so that logs often fall on a prescription's first or last day
# or on a week's edge, mostly linked, some entered two or three times a day (the daily cap).
month_programs = st.lists(
    st.builds(
        _prescription,
        st.sampled_from(("p1", "p2", "p3", "p4")),
        st.sampled_from(EXERCISES),
        st.integers(1, 14),
        st.integers(0, 20),
        st.none() | st.integers(0, 14),
        st.sampled_from((False, False, True)),  # mostly running, so their logs count
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda p: p.id,
)


@st.composite
def busy_days(
    draw: st.DrawFn, program: list[PrescriptionRecord], first: dt.date, last: dt.date
) -> list[ExerciseLogRecord]:
    """Logs of any kind on any day, and of each prescription's exercise (linked to it, or not)
    on or next to its first or last day or the span's, where off-by-one mistakes show; some
    entered two or three times the same day (the daily cap)."""
    logs = draw(
        st.lists(
            st.builds(
                lambda offset, exercise, link: ExerciseLogRecord.new(
                    date=D0 + dt.timedelta(days=offset), exercise=exercise, prescription_id=link
                ),
                st.integers(-3, 30),
                st.sampled_from(EXERCISES),
                st.none() | st.sampled_from(("p1", "p2", "p3", "p4", "gone")),
            ),
            max_size=20,
        )
    )
    for p in program:
        edges = (p.start, p.end or last, first, last)
        near_edges = [edge + dt.timedelta(days=shift) for edge in edges for shift in (-1, 0, 1)]
        for day in draw(st.lists(st.sampled_from(near_edges), max_size=6)):
            link = draw(st.sampled_from((p.id, None, "gone")))
            logs.append(ExerciseLogRecord.new(date=day, exercise=p.exercise, prescription_id=link))
    times = draw(st.lists(st.integers(1, 3), min_size=len(logs), max_size=len(logs)))
    return [log for log, n in zip(logs, times, strict=True) for _ in range(n)]


@settings(max_examples=500)
@given(month_programs, st.data(), st.integers(0, 6), st.integers(0, 10), st.integers(-10, 45))
def test_fast_weeks_match_the_plain_definition(
    program: list[PrescriptionRecord], data: st.DataObject, week_start: int, skip: int, length: int
) -> None:
    first = D0 + dt.timedelta(days=skip)
    last = first + dt.timedelta(days=length)  # before `first` too: no days, or no weeks
    logs = data.draw(busy_days(program, first, last))
    weeks = weekly_adherence(program, logs, first, last, week_start)
    monday = week_start_of(first, week_start)
    starts = []
    while monday <= last:
        starts.append(monday)
        monday += dt.timedelta(days=7)
    assert [week.week_start for week in weeks] == starts
    for week in weeks:
        span_first = max(first, week.week_start)
        span_last = min(last, week.week_start + dt.timedelta(days=6))
        expected = adherence_by_exercise(program, logs, span_first, span_last, week_start)
        assert week.by_exercise == expected
        assert list(week.by_exercise) == list(expected)  # same order, so the same float sums
        assert week.total == sum(expected.values(), Adherence())
    assert weekly_totals(program, logs, first, last, week_start) == [w.total for w in weeks]


@given(month_programs, st.data(), st.integers(0, 6), st.integers(0, 30))
def test_the_chart_series_are_the_weekly_totals(
    program: list[PrescriptionRecord], data: st.DataObject, week_start: int, length: int
) -> None:
    first, last = D0, D0 + dt.timedelta(days=length)
    logs = data.draw(busy_days(program, first, last))
    series = program_series(program, logs, [], first, last, week_start=week_start)
    weeks = weekly_adherence(program, logs, first, last, week_start) if program else []
    assert list(series.adherence_weeks) == [w.week_start.toordinal() for w in weeks]
    expected = [math.nan if w.total.ratio is None else w.total.ratio * 100 for w in weeks]
    np.testing.assert_array_equal(series.adherence_pct, expected)  # exactly, NaN for NaN


def _day_by_day(
    prescription: PrescriptionRecord,
    logs: list[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week: int,
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
    program: list[PrescriptionRecord],
    logs: list[ExerciseLogRecord],
    week_start: int,
    skip: int,
    length: int,
) -> None:
    first = D0 + dt.timedelta(days=skip)
    last = first + dt.timedelta(days=length)
    figures = adherence_by_prescription(program, logs, first, last, week_start)
    known = frozenset(p.id for p in program)
    for prescription in program:
        own = [log for log in logs_for(prescription, logs, known) if first <= log.date <= last]
        assert figures[prescription.id] == _day_by_day(prescription, own, first, last, week_start)


def test_a_week_total_adds_the_exercises_in_their_listed_order() -> None:
    # 1/7 + 1/7 + 4/7 prescribed: a float sum that comes out differently added the other way.
    sunday, thursday = D0 + dt.timedelta(days=6), D0 + dt.timedelta(days=3)
    program = [
        PrescriptionRecord.new(id="p1", exercise="step_up", per_week=1, start=sunday),
        PrescriptionRecord.new(id="p2", exercise="clamshell", per_week=1, start=sunday),
        PrescriptionRecord.new(id="p3", exercise="bridge", per_week=1, start=thursday),
    ]
    (week,) = weekly_adherence(program, [], D0, sunday)
    figures = list(adherence_by_exercise(program, [], D0, sunday).values())
    assert sum(figures, Adherence()) != sum(reversed(figures), Adherence())
    assert week.total == sum(figures, Adherence())
    assert weekly_totals(program, [], D0, sunday) == [week.total]
