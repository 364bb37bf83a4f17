"""ReportData: the report's figures for a period, computed with the app's own core functions."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core.adherence import adherence
from kneelog.core.entities import CheckIn, TrainingSession
from kneelog.core.series import compute_trends
from kneelog.core.units import DistanceUnit
from kneelog.persistence.db import Database
from kneelog.services.journal import JournalService
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService
from kneelog.services.report import (
    LAST_REPORT_SETTING,
    PainChange,
    Paper,
    ReportOptions,
    build_report,
    default_period,
    followed_advice,
    journal_rows,
    paper_for_territory,
    period_span,
    remember_report,
)
from tests.report_journals import SMALL_FIRST, SMALL_LAST, fill_small

TODAY = dt.date(2026, 4, 28)


@pytest.fixture
def small(db: Database) -> Database:
    fill_small(db)
    return db


def test_summary_figures_of_the_small_journal(small: Database) -> None:
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    assert data.runs == 14
    assert data.running_km == pytest.approx(13 * 5 + 9.5)
    assert data.weekly_km == pytest.approx((13 * 5 + 9.5) / 4)
    assert data.longest_run is not None and data.longest_run.date == dt.date(2026, 4, 20)
    assert data.cross_training_sessions == 2
    assert data.cross_training_km == pytest.approx(3.0)
    assert data.runner_name == "Test Runner" and data.pt_name == "Dr Pat Therapist"
    assert [d.date for d in data.symptom_days] == [dt.date(2026, 4, 10)]
    assert data.symptom_days[0].red_flags == ("swelling",)
    assert data.akps is not None and (data.akps.first_score, data.akps.latest_score) == (60, 72)
    assert data.akps.improved_by_mcid
    assert [a.score for a in data.akps_scores] == [72]
    assert data.shoes[0].km == pytest.approx(100 + 74.5)
    assert data.plan.for_date == SMALL_LAST + dt.timedelta(days=1)
    assert data.override_differences == ()


def test_pain_is_compared_over_the_first_and_last_two_weeks(small: Database) -> None:
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    during, after, morning = data.pain
    assert data.compare_days == 14
    assert (during.first_mean, during.last_mean, during.first_days) == (4.0, 1.0, 7)
    assert during.direction == "better" and during.clinically_important
    assert during.verdict() == "better by 3.0: clinically important"
    assert after.change == pytest.approx(-1.0) and not after.clinically_important
    assert morning.direction == "no change" and morning.verdict() == "no change"


def test_the_figures_are_the_charts_and_the_exercise_tabs(small: Database) -> None:
    """The same core functions, the same inputs: the same numbers as the app shows."""
    journal, rehab = JournalService(small), RehabService(small)
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    trends = compute_trends(journal.sessions(), journal.checkins(), SMALL_FIRST, SMALL_LAST)
    assert list(data.trends.week_running_km) == list(trends.week_running_km)
    assert data.adherence == rehab.adherence(SMALL_FIRST, SMALL_LAST).ratio
    assert data.plan == PlanningService(small).plan_for(SMALL_LAST + dt.timedelta(days=1))


def test_adherence_and_program_rows(db: Database) -> None:
    rehab = RehabService(db)
    program = rehab.apply_preset("hip_knee_strength_early", dt.date(2026, 4, 6))
    for prescription in program[:2]:
        for day in (6, 8, 10):
            rehab.log_exercise(_log(prescription.exercise, prescription.id, dt.date(2026, 4, day)))
    first, last = dt.date(2026, 4, 6), dt.date(2026, 4, 12)
    data = build_report(db, ReportOptions(first, last), last)
    expected = adherence(rehab.prescriptions(), rehab.exercise_logs(), first, last)
    assert data.adherence == expected.ratio
    assert {row.exercise for row in data.exercise_adherence} == {p.exercise for p in program}
    done = {row.exercise: row.done for row in data.exercise_adherence}
    assert done[program[0].exercise] == 3


def test_an_exercise_prescribed_again_has_a_row_for_each_prescription(db: Database) -> None:
    """Each row is one prescription with its own dates and its own adherence, not the exercise's
    figure repeated (the exercise count in the summary counts the exercise once)."""
    from kneelog.core.rehab import Prescription

    rehab = RehabService(db)
    earlier = rehab.save_prescription(
        Prescription(
            exercise="step_up",
            sets=3,
            reps=10,
            per_week=7,
            start=dt.date(2026, 4, 6),
            end=dt.date(2026, 4, 12),
        )
    )
    again = rehab.save_prescription(
        Prescription(exercise="step_up", sets=3, reps=12, per_week=7, start=dt.date(2026, 4, 13))
    )
    for day in range(6, 13):  # every day of the first week
        rehab.log_exercise(_log("step_up", earlier.id, dt.date(2026, 4, day)))
    rehab.log_exercise(_log("step_up", again.id, dt.date(2026, 4, 13)))
    first, last = dt.date(2026, 4, 6), dt.date(2026, 4, 19)
    data = build_report(db, ReportOptions(first, last), last)
    rows = {row.dates: (row.done, row.prescribed) for row in data.exercise_adherence}
    assert rows == {
        "Mon 6 Apr – Sun 12 Apr 2026": (7, 7.0),
        "since Mon 13 Apr 2026": (1, 7.0),
    }
    assert [row.status for row in data.exercise_adherence] == ["Ended", "Active"]


def _log(exercise: str, prescription_id: str, day: dt.date):  # type: ignore[no-untyped-def]
    from kneelog.core.rehab import ExerciseLog

    return ExerciseLog(date=day, exercise=exercise, prescription_id=prescription_id, sets=1)


def test_an_empty_period_is_a_sensible_report(db: Database) -> None:
    day = dt.date(2026, 4, 28)
    data = build_report(db, ReportOptions(day, day), day)
    assert data.is_empty and data.runs == 0 and data.longest_run is None
    assert data.compare_days == 0
    assert all(p.verdict() == "not enough scores to compare" for p in data.pain)
    assert data.adherence is None and data.akps is None and data.journal == ()


def test_default_period_is_since_the_last_report_or_four_weeks(journal: JournalService) -> None:
    today = dt.date(2026, 5, 6)
    assert default_period(journal, today) == (dt.date(2026, 4, 9), today)
    options = ReportOptions(dt.date(2026, 4, 1), dt.date(2026, 4, 20))
    remember_report(journal, options)
    assert journal.setting(LAST_REPORT_SETTING) == "2026-04-20"
    assert default_period(journal, today) == (dt.date(2026, 4, 21), today)
    # An older period printed again does not move the mark back.
    remember_report(journal, ReportOptions(dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
    assert journal.setting(LAST_REPORT_SETTING) == "2026-04-20"
    journal.set_setting(LAST_REPORT_SETTING, "not a date")
    assert default_period(journal, today) == (dt.date(2026, 4, 9), today)


@pytest.mark.parametrize(
    ("plan", "km", "minutes", "expected"),
    [
        ({"run_allowed": True, "max_run_km": 3.0, "max_run_min": 20}, 2.9, 19, "yes"),
        (
            {"run_allowed": True, "max_run_km": 3.0, "max_run_min": 20},
            6.0,
            36,
            "over: 6.0 km (cap 3.0)",
        ),
        (
            {"run_allowed": True, "max_run_km": None, "max_run_min": 20},
            6.0,
            36,
            "over: 36 min (cap 20)",
        ),
        ({"run_allowed": False}, 5.0, 30, "ran although no running was advised"),
        ({"run_allowed": False}, None, None, "yes"),
        ({"run_allowed": True}, None, None, "no run"),
    ],
)
def test_whether_the_advice_was_kept(
    plan: dict[str, object], km: float | None, minutes: float | None, expected: str
) -> None:
    sessions = (
        []
        if km is None
        else [
            TrainingSession(
                date=SMALL_FIRST,
                activity="run",
                distance_m=km * 1000,
                duration_s=(minutes or 0) * 60,
            ),
            TrainingSession(date=SMALL_FIRST, activity="swim", distance_m=2000),
        ]
    )
    assert followed_advice(plan, sessions) == expected


def test_journal_rows_put_a_day_on_one_row() -> None:
    day = dt.date(2026, 4, 2)
    rows = journal_rows(
        [
            TrainingSession(
                date=day, start_time="18:00", activity="swim", duration_s=1800, notes="Pool"
            ),
            TrainingSession(
                date=day,
                start_time="07:00",
                activity="run",
                distance_m=5000,
                duration_s=1800,
                pain_during=3,
                pain_after=4,
                pain_trend="worse",
                symptoms=["sharp_pain"],
            ),
        ],
        [
            CheckIn(
                date=day, morning_pain=2, morning_stiffness=1, symptoms=["stiffness"], notes="Stiff"
            )
        ],
        DistanceUnit.KM,
    )
    (row,) = rows
    assert row.morning == "M2 S1"
    assert row.activity == "Run\nSwim"
    assert row.distance == "5.00 km\n–"
    assert row.pain == "D3 A4 ↑\n–"
    assert row.symptoms == "Stiffness, Sharp pain"
    assert row.notes == "Morning: Stiff\nSwim: Pool"


def test_pain_change_rounds_as_printed() -> None:
    assert PainChange("x", 3.0, 1.04, 5, 5).clinically_important  # printed as 2.0
    assert not PainChange("x", 3.0, 1.06, 5, 5).clinically_important
    assert PainChange("x", None, 1.0, 0, 5).direction == ""


def test_paper_by_territory_and_period_text() -> None:
    assert paper_for_territory("US") is Paper.LETTER and paper_for_territory("ca") is Paper.LETTER
    assert paper_for_territory("DE") is Paper.A4
    assert period_span(dt.date(2026, 4, 1), dt.date(2026, 4, 28)) == "Wed 1 Apr to Tue 28 Apr 2026"
    assert (
        period_span(dt.date(2025, 5, 7), dt.date(2026, 5, 6)) == "Wed 7 May 2025 to Wed 6 May 2026"
    )
    with pytest.raises(ValueError, match="before it starts"):
        ReportOptions(dt.date(2026, 4, 2), dt.date(2026, 4, 1))
