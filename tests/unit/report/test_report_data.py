"""ReportData: the report's figures for a period, computed with the app's own core functions."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core.adherence import overall_adherence
from kneelog.core.series import compute_trends
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.units import DistanceUnit
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService
from kneelog.services.report import (
    MIN_WEEK_DAYS,
    PainChange,
    Paper,
    ReportOptions,
    Tone,
    action_label,
    build_report,
    default_period,
    first_entry_date,
    followed_advice,
    journal_rows,
    km_comparison,
    paper_for_territory,
    period_span,
    report_period,
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
    # The plan in force on the day the report is printed (the period's last day).
    assert data.plan.for_date == SMALL_LAST
    assert data.override_differences == ()


def test_pain_is_compared_with_the_days_before_the_period(small: Database) -> None:
    """The last two weeks against the two before: the mean of each day's worst score, worded
    better / no meaningful change / worse by the 2-point threshold."""
    first = SMALL_FIRST + dt.timedelta(days=14)
    data = build_report(small, ReportOptions(first, SMALL_LAST), TODAY)
    assert (data.previous_first, data.previous_last) == (SMALL_FIRST, first - dt.timedelta(1))
    during, after, morning = data.pain
    assert (during.before_mean, during.now_mean, during.before_days) == (4.0, 1.0, 7)
    assert during.tone is Tone.BETTER and during.clinically_important
    assert during.verdict() == "better: down 3.0 points"
    assert after.change == pytest.approx(-1.0) and after.tone is Tone.SAME
    assert after.verdict() == "no meaningful change (down 1.0 point)"
    assert morning.verdict() == "no change"
    labels = [c.label for c in data.comparisons]
    assert labels[:3] == [
        "Pain during runs (0-10)",
        "Pain after runs (0-10)",
        "Morning pain (0-10)",
    ]
    assert "Running distance" in labels and "Home exercises done" in labels


def test_the_previous_period_starts_no_earlier_than_the_journal(small: Database) -> None:
    """Days before the first entry are not "nothing logged": the comparison is clipped."""
    first = SMALL_FIRST + dt.timedelta(days=7)
    data = build_report(small, ReportOptions(first, SMALL_LAST), TODAY)
    assert data.previous_first == SMALL_FIRST
    assert first_entry_date(small) == SMALL_FIRST


def test_the_figures_are_the_charts_and_the_exercise_tabs(small: Database) -> None:
    """The same core functions, the same inputs: the same numbers as the app shows."""
    journal, rehab = EntryService(small), RehabService(small)
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    trends = compute_trends(journal.sessions(), journal.checkins(), SMALL_FIRST, SMALL_LAST)
    assert list(data.trends.week_running_km) == list(trends.week_running_km)
    assert data.adherence == rehab.adherence(SMALL_FIRST, SMALL_LAST).ratio
    assert data.plan == PlanningService(small).plan_for(SMALL_LAST)


def test_adherence_and_program_rows(db: Database) -> None:
    rehab = RehabService(db)
    program = rehab.apply_preset("hip_knee_strength_early", dt.date(2026, 4, 6)).record
    for prescription in program[:2]:
        for day in (6, 8, 10):
            rehab.log_exercise(_log(prescription.exercise, prescription.id, dt.date(2026, 4, day)))
    first, last = dt.date(2026, 4, 6), dt.date(2026, 4, 12)
    data = build_report(db, ReportOptions(first, last), last)
    expected = overall_adherence(rehab.prescriptions(), rehab.exercise_logs(), first, last)
    assert data.adherence == expected.ratio
    assert {row.exercise for row in data.exercise_adherence} == {p.exercise for p in program}
    done = {row.exercise: row.done for row in data.exercise_adherence}
    assert done[program[0].exercise] == 3


def test_an_exercise_prescribed_again_has_a_row_for_each_prescription(db: Database) -> None:
    """Each row is one prescription with its own dates and its own adherence, not the exercise's
    figure repeated (the exercise count in the summary counts the exercise once)."""
    from kneelog.core.program import PrescriptionRecord

    rehab = RehabService(db)
    earlier = rehab.save_prescription(
        PrescriptionRecord.new(
            exercise="step_up",
            sets=3,
            reps=10,
            per_week=7,
            start=dt.date(2026, 4, 6),
            end=dt.date(2026, 4, 12),
        )
    ).record
    again = rehab.save_prescription(
        PrescriptionRecord.new(
            exercise="step_up", sets=3, reps=12, per_week=7, start=dt.date(2026, 4, 13)
        )
    ).record
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
    from kneelog.core.program import ExerciseLogRecord

    return ExerciseLogRecord.new(
        date=day, exercise=exercise, prescription_id=prescription_id, sets=1
    )


def test_an_empty_period_is_a_sensible_report(db: Database) -> None:
    day = dt.date(2026, 4, 28)
    data = build_report(db, ReportOptions(day, day), day)
    assert data.is_empty and data.runs == 0 and data.longest_run is None
    assert all(p.verdict() == "not enough scores to compare" for p in data.pain)
    assert [a.date for a in data.advice] == [day]
    assert data.adherence is None and data.akps is None and data.journal == ()


def test_default_period_runs_from_the_last_visit_or_the_first_entry() -> None:
    today = dt.date(2026, 5, 6)
    visit, started = dt.date(2026, 4, 20), dt.date(2026, 3, 30)
    assert default_period(today, visit, started) == (visit, today)
    # No visit: from the first entry, but at most 12 weeks back.
    assert default_period(today, None, started) == (started, today)
    assert default_period(today, None, dt.date(2020, 1, 1)) == (dt.date(2026, 2, 12), today)
    # An empty journal: the last 4 weeks.
    assert default_period(today, None, None) == (dt.date(2026, 4, 9), today)


def test_the_journal_s_default_period(small: Database) -> None:
    assert report_period(small, dt.date(2026, 5, 6)) == (SMALL_FIRST, dt.date(2026, 5, 6))


@pytest.mark.parametrize(
    ("allowed", "cap_km", "cap_min", "km", "minutes", "expected"),
    [
        (True, 3.0, 20, 2.9, 19, ("yes", False)),
        (True, 3.0, 20, 6.0, 36, ("over: ran 6.0 km, at most 3.0 km advised", True)),
        (True, None, 20, 6.0, 36, ("over: ran 36 min, at most 20 min advised", True)),
        (False, None, None, 5.0, 30, ("no: ran 5.0 km, no running was advised", True)),
        (False, None, None, None, None, ("yes", False)),
        (True, None, None, None, None, ("no run", False)),
    ],
)
def test_whether_the_advice_was_kept(
    allowed: bool,
    cap_km: float | None,
    cap_min: int | None,
    km: float | None,
    minutes: float | None,
    expected: tuple[str, bool],
) -> None:
    sessions = (
        []
        if km is None
        else [
            SessionRecord.new(
                date=SMALL_FIRST,
                activity="run",
                distance_m=km * 1000,
                duration_s=(minutes or 0) * 60,
            ),
            SessionRecord.new(date=SMALL_FIRST, activity="swim", distance_m=2000),
        ]
    )
    assert followed_advice(allowed, cap_km, cap_min, sessions) == expected


def test_journal_rows_put_a_day_on_one_row() -> None:
    day = dt.date(2026, 4, 2)
    rows = journal_rows(
        [
            SessionRecord.new(
                date=day, start_time="18:00", activity="swim", duration_s=1800, notes="Pool"
            ),
            SessionRecord.new(
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
            CheckInRecord.new(
                date=day, morning_pain=2, morning_stiffness=1, symptoms=["stiffness"], notes="Stiff"
            )
        ],
        DistanceUnit.KM,
    )
    (row,) = rows
    assert (row.morning_pain, row.stiffness) == ("2", "1")
    assert row.activity == "Run\nSwim"
    assert row.distance == "5.00 km\n–"
    assert (row.pain_during, row.pain_after) == ("3\n–", "4\n–")
    assert row.symptoms == "Stiffness, Sharp pain, pain worse as the run went on"
    assert row.notes == "Morning: Stiff\nSwim: Pool"


def test_pain_change_rounds_as_printed() -> None:
    assert PainChange("x", 3.0, 1.04, 5, 5).clinically_important  # printed as 2.0
    assert not PainChange("x", 3.0, 1.06, 5, 5).clinically_important
    assert PainChange("x", 1.0, 3.2, 5, 5).verdict() == "worse: up 2.2 points"
    assert PainChange("x", 1.0, 1.3, 5, 5).verdict() == "no meaningful change (up 0.3 points)"
    assert PainChange("x", None, 1.0, 0, 5).tone is Tone.NEUTRAL


def test_distance_is_described_not_judged() -> None:
    assert km_comparison(20.0, 10.0, DistanceUnit.KM).change == "more: up 100%"
    assert km_comparison(9.5, 10.0, DistanceUnit.KM).change == "about the same (down 5%)"
    assert km_comparison(5.0, 0.0, DistanceUnit.KM).change == "running again (none before)"
    assert km_comparison(5.0, 10.0, DistanceUnit.KM).tone is Tone.NEUTRAL


def test_paper_by_territory_and_period_text() -> None:
    assert paper_for_territory("US") is Paper.LETTER and paper_for_territory("ca") is Paper.LETTER
    assert paper_for_territory("DE") is Paper.A4
    assert period_span(dt.date(2026, 4, 1), dt.date(2026, 4, 28)) == "Wed 1 Apr to Tue 28 Apr 2026"
    assert (
        period_span(dt.date(2025, 5, 7), dt.date(2026, 5, 6)) == "Wed 7 May 2025 to Wed 6 May 2026"
    )
    with pytest.raises(ValueError, match="before it starts"):
        ReportOptions(dt.date(2026, 4, 2), dt.date(2026, 4, 1))


def test_every_day_of_the_period_has_its_recomputed_plan(small: Database) -> None:
    """Plans never shown in the window are recomputed: the period has one row per day, each the
    plan `plan_for` gives, with the day's entries and whether more was run than advised."""
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    days = [SMALL_FIRST + dt.timedelta(days=k) for k in range(28)]
    assert [row.date for row in data.advice] == days
    plans = PlanningService(small).plans_between(SMALL_FIRST, SMALL_LAST)
    assert [row.advice for row in data.advice] == [
        f"{action_label(p.action)}: {p.summary}" if p.summary else p.headline for p in plans
    ]
    assert all(row.shown == "" for row in data.advice)
    tenth = data.advice[9]
    assert tenth.logged.startswith("Morning: pain 2, stiffness 1, swelling")
    second = data.advice[1]
    assert "Run 5.0 km 30:00, pain 4 during, 3 after" in second.logged
    for row, plan in zip(data.advice, plans, strict=True):
        assert row.over == row.kept.startswith(("over", "no: ran"))
        if row.over and plan.run_allowed and plan.max_run_km is not None:
            assert f"at most {plan.max_run_km:.1f} km advised" in row.kept


def test_shown_plans_are_marked(small: Database) -> None:
    planning = PlanningService(small)
    day = SMALL_FIRST + dt.timedelta(days=3)
    planning.keep_shown_plan(day, planning.plan_for(day))
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    assert [row.date for row in data.advice if row.shown] == [day]
    assert data.advice[3].shown == "yes"


def test_partial_weeks_are_marked_and_a_stub_has_no_adherence(db: Database) -> None:
    """A period from a Saturday to a Tuesday: a 2-day stub, a full week, a 3-day end. Neither
    partial week is drawn as a full one, and the stubs get no (misleading "0") adherence."""
    rehab = RehabService(db)
    rehab.apply_preset("hip_knee_strength_early", dt.date(2026, 3, 1))
    first, last = dt.date(2026, 4, 4), dt.date(2026, 4, 14)  # Sat .. Tue
    EntryService(db).save_session(
        SessionRecord.new(date=dt.date(2026, 4, 8), activity="run", distance_m=5000.0)
    )
    data = build_report(db, ReportOptions(first, last), last)
    assert [(w.first, w.last, w.partial) for w in data.weeks] == [
        (dt.date(2026, 4, 4), dt.date(2026, 4, 5), True),
        (dt.date(2026, 4, 6), dt.date(2026, 4, 12), False),
        (dt.date(2026, 4, 13), dt.date(2026, 4, 14), True),
    ]
    assert [w.running_km for w in data.weeks] == [0.0, 5.0, 0.0]
    for week in data.weeks:
        if week.days < MIN_WEEK_DAYS:
            assert week.adherence_pct is None
    assert data.weeks[1].adherence_pct == 0.0


def test_red_flag_days_make_episodes(small: Database) -> None:
    journal = EntryService(small)
    for day in (dt.date(2026, 4, 15), dt.date(2026, 4, 16)):
        checkin = journal.checkin_on(day)
        assert checkin is not None
        journal.save_checkin(checkin._replace(symptoms=("locking",)))
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    assert data.red_flag_episodes
    episode = data.red_flag_episodes[0]
    assert episode.first == dt.date(2026, 4, 15)
    assert "Locking or giving way" in episode.rules


def test_a_session_with_an_unconfirmed_implausible_speed_is_left_out_of_the_distances(
    small: Database,
) -> None:
    journal = EntryService(small)
    day = SMALL_LAST - dt.timedelta(days=1)
    typo = journal.save_session(  # 50 km in 25 minutes: typed for 5 km
        SessionRecord.new(date=day, activity="run", distance_m=50_000, duration_s=1500)
    ).record
    journal.save_session(  # 15 km of swimming in 40 minutes
        SessionRecord.new(date=day, activity="swim", distance_m=15_000, duration_s=2400)
    )
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY)
    assert data.runs == 15 and data.cross_training_sessions == 3  # still listed
    assert data.running_km == pytest.approx(13 * 5 + 9.5)
    assert sum(w.running_km for w in data.weeks) == pytest.approx(13 * 5 + 9.5)
    assert data.longest_run is not None and data.longest_run.id != typo.id
    assert data.cross_training_km == pytest.approx(3.0)
    journal.save_session(typo._replace(speed_confirmed=True))
    planning = PlanningService(small)
    data = build_report(small, ReportOptions(SMALL_FIRST, SMALL_LAST), TODAY, planning=planning)
    assert data.running_km == pytest.approx(13 * 5 + 9.5 + 50)
    assert data.longest_run is not None and data.longest_run.id == typo.id
