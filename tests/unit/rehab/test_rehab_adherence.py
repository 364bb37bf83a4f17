"""Adherence and due-today rules with hand-computed numbers (week of Monday 2026-05-04)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from kneelog.core.adherence import (
    SUNDAY,
    active_on,
    adherence_by_exercise,
    due_on,
    logs_for,
    overall_adherence,
    progression_by_exercise,
    progression_series,
    recent_adherence,
    week_start_of,
    weekly_adherence,
)
from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord


def day(n: int) -> dt.date:
    """May 2026: day(4) is Monday 2026-05-04."""
    return dt.date(2026, 5, n)


def log(n: int, exercise: str, **fields: Any) -> ExerciseLogRecord:
    return ExerciseLogRecord.new(date=day(n), exercise=exercise, **fields)


@pytest.fixture
def clamshell() -> PrescriptionRecord:
    # 3 a week from Monday 4 May, ending Wednesday 13 May.
    return PrescriptionRecord.new(
        id="p1", exercise="clamshell", per_week=3, start=day(4), end=day(13)
    )


@pytest.fixture
def step_up() -> PrescriptionRecord:
    # 3 a week from Thursday 7 May: active 4 of the first week's 7 days.
    return PrescriptionRecord.new(id="p2", exercise="step_up", per_week=3, start=day(7))


@pytest.fixture
def logs() -> list[ExerciseLogRecord]:
    return [
        log(4, "clamshell"),
        log(6, "clamshell"),
        log(6, "clamshell"),  # a second entry the same day counts once
        log(9, "clamshell"),
        log(10, "clamshell"),
        log(8, "step_up"),
        log(12, "clamshell"),
        log(20, "clamshell"),  # after the end date: belongs to nothing
    ]


def approx(value: Fraction) -> object:
    return pytest.approx(float(value))


def test_week_start() -> None:
    assert week_start_of(day(7)) == day(4)
    assert week_start_of(day(4)) == day(4)
    assert week_start_of(day(10)) == day(4)
    assert week_start_of(day(7), SUNDAY) == day(3)
    assert week_start_of(day(3), SUNDAY) == day(3)


def test_active_on(clamshell: PrescriptionRecord, step_up: PrescriptionRecord) -> None:
    assert active_on([clamshell, step_up], day(3)) == []
    assert active_on([clamshell, step_up], day(6)) == [clamshell]
    assert active_on([clamshell, step_up], day(13)) == [clamshell, step_up]
    assert active_on([clamshell, step_up], day(14)) == [step_up]
    paused = step_up._replace(paused=True)
    assert active_on([clamshell, paused], day(13)) == [clamshell]


def test_first_week_by_hand(
    clamshell: PrescriptionRecord, step_up: PrescriptionRecord, logs: list[ExerciseLogRecord]
) -> None:
    by_exercise = adherence_by_exercise([clamshell, step_up], logs, day(4), day(10))
    # clamshell: 4 counted days (Mon, Wed, Sat, Sun), 3 prescribed, 3 credited.
    assert by_exercise["clamshell"].done == 4
    assert by_exercise["clamshell"].prescribed == pytest.approx(3)
    assert by_exercise["clamshell"].ratio == pytest.approx(1.0)
    # step_up: 3 × 4/7 = 12/7 prescribed, 1 done: 7/12.
    assert by_exercise["step_up"].prescribed == approx(Fraction(12, 7))
    assert by_exercise["step_up"].ratio == approx(Fraction(7, 12))
    total = overall_adherence([clamshell, step_up], logs, day(4), day(10))
    # (3 + 1) / (3 + 12/7) = 28/33
    assert total.ratio == approx(Fraction(28, 33))


def test_weekly_adherence_by_hand(
    clamshell: PrescriptionRecord, step_up: PrescriptionRecord, logs: list[ExerciseLogRecord]
) -> None:
    weeks = weekly_adherence([clamshell, step_up], logs, day(4), day(17))
    assert [week.week_start for week in weeks] == [day(4), day(11)]
    assert weeks[0].total.ratio == approx(Fraction(28, 33))
    second = weeks[1]
    # clamshell active Mon-Wed: 9/7 prescribed, Tuesday done: 7/9.
    assert second.by_exercise["clamshell"].prescribed == approx(Fraction(9, 7))
    assert second.by_exercise["clamshell"].ratio == approx(Fraction(7, 9))
    assert second.by_exercise["step_up"].ratio == 0
    # 1 / (9/7 + 3) = 7/30
    assert second.total.ratio == approx(Fraction(7, 30))


def test_current_week_is_pro_rated_to_today(
    clamshell: PrescriptionRecord, logs: list[ExerciseLogRecord]
) -> None:
    # Through Wednesday 6 May: 3 × 3/7 = 9/7 prescribed, Mon and Wed done (2 ≥ 9/7): full.
    (week,) = weekly_adherence([clamshell], logs, day(4), day(6))
    assert week.total.prescribed == approx(Fraction(9, 7))
    assert week.total.done == 2
    assert week.total.ratio == pytest.approx(1.0)


def test_overdoing_one_week_does_not_cover_another(clamshell: PrescriptionRecord) -> None:
    clamshell = clamshell._replace(end=None)
    heavy_then_nothing = [log(n, "clamshell") for n in range(4, 11)]  # 7 in week one, 0 in two
    figure = overall_adherence([clamshell], heavy_then_nothing, day(4), day(17))
    assert figure.done == 7
    assert figure.prescribed == pytest.approx(6)
    assert figure.ratio == pytest.approx(0.5)


def test_fourteen_day_adherence_for_rule_e1(
    clamshell: PrescriptionRecord, step_up: PrescriptionRecord, logs: list[ExerciseLogRecord]
) -> None:
    recent = recent_adherence([clamshell, step_up], logs, day(17))
    assert (recent.first, recent.last) == (day(4), day(17))
    # credited 4 + 1 = 5 of 33/7 + 30/7 = 9 prescribed; done counts each day once: 4 + 1 + 1.
    assert recent.adherence.prescribed == pytest.approx(9)
    assert recent.adherence.credited == pytest.approx(5)
    assert recent.adherence.ratio == approx(Fraction(5, 9))
    assert recent.adherence.done == 6
    # Distinct exercise days 4, 6, 8, 9, 10, 12: 6 in 14 days = 3 a week.
    assert recent.exercise_days == 6
    assert recent.sessions_per_week == pytest.approx(3.0)


def test_nothing_prescribed_has_no_ratio() -> None:
    assert overall_adherence([], [log(4, "squat")], day(4), day(10)).ratio is None


def test_paused_prescription_expects_nothing(clamshell: PrescriptionRecord) -> None:
    clamshell = clamshell._replace(paused=True)
    assert overall_adherence([clamshell], [], day(4), day(10)).prescribed == 0
    assert due_on(day(5), [clamshell], []) == []


def test_due_on_a_day(clamshell: PrescriptionRecord, logs: list[ExerciseLogRecord]) -> None:
    (wednesday,) = due_on(day(6), [clamshell], logs)
    assert (wednesday.due_today, wednesday.done_this_week, wednesday.done_today) == (1, 1, 2)
    assert wednesday.is_due
    assert wednesday.remaining_today == 0
    (thursday,) = due_on(day(7), [clamshell], logs)
    assert (thursday.due_today, thursday.done_this_week, thursday.remaining_today) == (1, 2, 1)
    # Sunday: Mon, Wed, Sat already done this week: the week's 3 are complete.
    (sunday,) = due_on(day(10), [clamshell], logs)
    assert (sunday.due_today, sunday.done_this_week, sunday.done_today) == (0, 3, 1)
    assert not sunday.is_due
    # A new week starts fresh.
    (monday,) = due_on(day(11), [clamshell], logs)
    assert (monday.due_today, monday.done_this_week) == (1, 0)


def test_missed_days_do_not_pile_up() -> None:
    daily = PrescriptionRecord.new(exercise="quad_set_isometric", per_week=7, start=day(4))
    (item,) = due_on(day(10), [daily], [])
    assert item.due_today == 1  # six missed days stay missed: one session due, not seven


def test_twice_daily_prescription() -> None:
    twice = PrescriptionRecord.new(exercise="quad_set_isometric", per_week=14, start=day(4))
    (item,) = due_on(day(4), [twice], [log(4, "quad_set_isometric")])
    assert (item.due_today, item.done_today, item.remaining_today) == (2, 1, 1)
    three_a_day = [log(4, "quad_set_isometric") for _ in range(3)]
    figure = overall_adherence([twice], three_a_day, day(4), day(4))
    assert (figure.done, figure.prescribed, figure.ratio) == (2, pytest.approx(2), 1.0)


def test_ten_a_week_allows_two_a_day() -> None:
    ten = PrescriptionRecord.new(exercise="clamshell", per_week=10, start=day(4))
    done = [log(n, "clamshell") for n in range(4, 9) for _ in range(2)]  # Mon-Fri twice
    (saturday,) = due_on(day(9), [ten], done)
    assert (saturday.due_today, saturday.done_this_week) == (0, 10)
    (friday,) = due_on(day(8), [ten], done)
    assert (friday.due_today, friday.done_this_week) == (2, 8)


def test_week_start_changes_what_is_due(
    clamshell: PrescriptionRecord, logs: list[ExerciseLogRecord]
) -> None:
    # Week from Sunday 10 May: Sunday's log is in the new week, so Monday 11 has 1 done.
    (monday,) = due_on(day(11), [clamshell], logs, week_start=SUNDAY)
    assert monday.done_this_week == 1


def test_logs_match_by_prescription_id_before_exercise() -> None:
    morning = PrescriptionRecord.new(id="a", exercise="wall_sit", per_week=7, start=day(4))
    evening = PrescriptionRecord.new(id="b", exercise="wall_sit", per_week=7, start=day(4))
    tagged = log(4, "wall_sit", prescription_id="b")
    untagged = log(5, "wall_sit")
    orphan = log(6, "wall_sit", prescription_id="deleted")
    known = frozenset({"a", "b"})
    assert logs_for(morning, [tagged, untagged, orphan], known) == [untagged, orphan]
    assert logs_for(evening, [tagged, untagged, orphan], known) == [tagged, untagged, orphan]


def test_progression_series() -> None:
    logs = [
        log(11, "step_up", sets=3, reps=12, load_kg=2.0, pain=1),
        log(4, "step_up", sets=3, reps=10, pain=3),
        log(6, "wall_sit", sets=4, hold_s=30),
        log(8, "step_up", sets=3, reps=10, load_kg=None, pain=2),
    ]
    series = progression_series(logs, "step_up")
    assert [point.date for point in series] == [day(4), day(8), day(11)]
    assert [point.total_reps for point in series] == [30, 30, 36]
    assert [point.load_kg for point in series] == [None, None, 2.0]
    assert [point.pain for point in series] == [3, 2, 1]
    by_exercise = progression_by_exercise(logs)
    assert list(by_exercise) == ["step_up", "wall_sit"]
    assert by_exercise["wall_sit"][0].hold_s == 30
    assert by_exercise["wall_sit"][0].total_reps is None
