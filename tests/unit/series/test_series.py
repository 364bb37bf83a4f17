"""Trend series against hand-computed values for a small two-week journal."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, strategies as st

from kneelog.core.akps import MCID
from kneelog.core.load import day_range
from kneelog.core.program import AssessmentRecord, ExerciseLogRecord, PrescriptionRecord
from kneelog.core.rules import apply_overrides, default_rules
from kneelog.core.series import (
    EntryRef,
    Thresholds,
    _daily_pain,
    compute_trends,
    epoch_days,
    journal_span,
    program_series,
)
from kneelog.core.session_records import CheckInRecord, SessionRecord

MON = dt.date(2026, 3, 2)  # a Monday
SUNDAY = 6


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def session(
    offset: int,
    km: float,
    activity: str = "run",
    minutes: float = 30,
    rpe: int | None = None,
    during: int | None = None,
    after: int | None = None,
    symptoms: list[str] | None = None,
    ident: str | None = None,
) -> SessionRecord:
    return SessionRecord.new(
        id=ident or f"s{offset}{activity}",
        date=day(offset),
        activity=activity,
        distance_m=km * 1000,
        duration_s=minutes * 60,
        rpe=rpe,
        pain_during=during,
        pain_after=after,
        symptoms=symptoms or [],
    )


SESSIONS = [
    session(0, 5, rpe=4, during=2, after=3),  # Mon wk1
    session(2, 5, during=4, after=1),  # Wed wk1
    session(2, 20, "cycle", minutes=60, rpe=3, during=1, after=5),  # same Wed, cross-training
    session(5, 8, during=6, symptoms=["swelling", "clicking"]),  # Sat wk1: 8 / 5 = 1.6 -> L1
    session(7, 10),  # Mon wk2: 10 / 8 = 1.25 x the 30-day longest -> L1 spike
    session(8, 6),  # Tue wk2
]
CHECKINS = [
    CheckInRecord.new(id="c1", date=day(1), morning_pain=2),
    CheckInRecord.new(id="c6", date=day(6), morning_pain=5, symptoms=["giving_way", "stiffness"]),
    CheckInRecord.new(id="c7", date=day(7), morning_pain=3, symptoms=["stiffness"]),
]


def trends(**kwargs):  # type: ignore[no-untyped-def]
    return compute_trends(SESSIONS, CHECKINS, day(0), day(13), **kwargs)


def test_daily_pain_takes_the_worst_session_and_leaves_gaps() -> None:
    t = trends()
    assert len(t.days) == 14
    assert t.days[0] == MON.toordinal()
    assert t.pain_during[0] == 2
    assert t.pain_during[2] == 4  # the run's 4 beats the ride's 1
    assert t.pain_after[2] == 5  # but the ride's 5 beats the run's 1 afterwards
    assert t.pain_during_entry[2] == EntryRef("session", "s2run")
    assert t.pain_after_entry[2] == EntryRef("session", "s2cycle")
    assert math.isnan(t.pain_during[1])
    assert t.pain_morning[6] == 5
    assert t.pain_morning_entry[6] == EntryRef("checkin", "c6")
    assert np.isnan(t.pain_morning).sum() == 11
    assert t.has_pain


class _Scored(NamedTuple):
    date: dt.date
    pain: int | None
    id: str


@given(
    st.lists(st.tuples(st.integers(-3, 12), st.one_of(st.none(), st.integers(0, 10))), max_size=40)
)
def test_daily_pain_keeps_each_days_worst_score_and_its_first_entry(
    items: list[tuple[int, int | None]],
) -> None:
    days = day_range(day(0), day(9))
    entries = [_Scored(day(offset), score, f"e{k}") for k, (offset, score) in enumerate(items)]
    values, refs = _daily_pain(days, "session", entries, "pain")
    for index in range(10):
        scored = [(s, f"e{k}") for k, (o, s) in enumerate(items) if o == index and s is not None]
        if not scored:
            assert math.isnan(values[index]) and refs[index] is None
            continue
        worst = max(s for s, _ in scored)
        assert values[index] == worst
        assert refs[index] == EntryRef("session", next(e for s, e in scored if s == worst))


def test_symptom_markers_are_red_flags_and_seed_symptoms_only() -> None:
    t = trends()
    # Clicking and stiffness are no markers; swelling (day 5) and giving way (day 6) are.
    assert [(m.day - MON.toordinal(), m.symptoms) for m in t.symptom_marks] == [
        (5, ("swelling",)),
        (6, ("giving_way",)),
    ]
    assert t.symptom_marks[0].entry == EntryRef("session", "s5run")


def test_weekly_distance_running_and_cross_training() -> None:
    t = trends()
    assert list(t.weeks) == [MON.toordinal(), day(7).toordinal()]
    assert list(t.week_running_km) == [18.0, 16.0]  # 5 + 5 + 8; 10 + 6
    assert list(t.week_cross_km) == [20.0, 0.0]
    assert t.has_distance


def test_sunday_weeks_start_on_the_sunday_before() -> None:
    t = trends(week_start=SUNDAY)
    assert t.weeks[0] == day(-1).toordinal()
    # Sun 1 Mar..Sat 7 Mar holds all of week 1; Sun 8..Sat 14 the rest.
    assert list(t.week_running_km) == [18.0, 16.0, 0.0]


def test_four_week_mean_reads_weeks_before_the_range() -> None:
    # At 6:00 /km: 50 km in the default 30 minutes would be an implausible speed, left out.
    runs = [session(7 * w, km, minutes=6 * km) for w, km in enumerate([10, 20, 30, 40, 50])]
    whole = compute_trends(runs, [], day(0), day(34))
    assert math.isnan(whole.week_running_mean4[2])  # the journal is 3 weeks old
    assert whole.week_running_mean4[3] == pytest.approx(25.0)  # (10+20+30+40)/4
    assert whole.week_running_mean4[4] == pytest.approx(35.0)
    # A range starting in week 5 still averages weeks 2-5.
    late = compute_trends(runs, [], day(28), day(34))
    assert list(late.week_running_km) == [50.0]
    assert late.week_running_mean4[0] == pytest.approx(35.0)


def test_spike_runs_marked_with_the_l1_ratio() -> None:
    t = trends()
    assert list(t.spike_days) == [day(5).toordinal(), day(7).toordinal()]
    assert list(t.spike_km) == [8, 10]
    assert list(t.spike_ratio) == pytest.approx([8 / 5, 10 / 8])
    assert t.spike_entries == (EntryRef("session", "s5run"), EntryRef("session", "s7run"))


def test_l2_days_and_weeks() -> None:
    t = trends()
    # Day t: km of t-6..t over t-13..t-7. Day 7: (5 + 8 + 10) / 5 (Mon wk1 only) = 4.6.
    assert t.weekly_ratio[7] == pytest.approx(23 / 5)
    # Day 6: the 7 days before day 0 are empty, so the ratio is undefined.
    assert math.isnan(t.weekly_ratio[6])
    # Day 9: days 3..9 = 8 + 10 + 6 = 24 over days -4..2 = 5 + 5 = 10.
    assert t.weekly_ratio[9] == pytest.approx(2.4)
    assert list(t.l2_days - MON.toordinal()) == [7, 8, 9, 10, 11]
    assert list(t.week_l2) == [False, True]


def test_rolling_loads() -> None:
    t = trends()
    assert t.load7_km[6] == 18  # days 0..6
    assert t.load7_km[8] == 29  # days 2..8: 5 + 8 + 10 + 6
    assert t.load28_km[13] == 34
    # sRPE: 4 x 30 = 120 (day 0) and 3 x 60 = 180 (the ride, day 2); runs without RPE add 0.
    assert t.load7_srpe[2] == pytest.approx(300)
    assert t.load7_srpe[7] == pytest.approx(180)
    assert t.load28_srpe[13] == pytest.approx(300)


def test_acwr_waits_for_four_weeks_of_running_like_rule_l4() -> None:
    runs = [session(k, 5) for k in range(0, 42, 2)]  # 5 km every other day for six weeks
    runs.append(session(42, 20, minutes=120))  # 6:00 /km, a plausible long run
    t = compute_trends(runs, [], day(0), day(42))
    # Plan day t+1 needs a first run on or before t+1-28: t >= 27.
    assert np.isnan(t.acwr[:27]).all()
    # Day 27: acute days 21..27 = runs on 22, 24, 26 = 15 km;
    # chronic days 0..27 = 14 runs = 70 km, / 4 = 17.5.
    assert t.acwr[27] == pytest.approx(15 / 17.5)
    # Day 42: acute days 36..42 = 36, 38, 40 (15 km) + the 20 km = 35; chronic days 15..42 =
    # runs 16..40 (13 runs, 65 km) + 20 = 85, / 4 = 21.25.
    assert t.acwr[42] == pytest.approx(35 / 21.25)


def test_thresholds_follow_the_pt_overrides() -> None:
    rules = apply_overrides(default_rules(), {"P3": {"min_pain": 5}, "L1": {"ratio": 1.3}})
    limits = Thresholds.from_rules(rules)
    assert limits.acceptable_pain == 4
    assert limits.spike_ratio == 1.3
    assert Thresholds.from_rules(default_rules()) == Thresholds()
    t = trends(thresholds=limits)
    assert list(t.spike_days) == [day(5).toordinal()]  # 1.25 is no longer a spike; 1.6 is


def test_weekly_adherence_and_akps() -> None:
    program = [PrescriptionRecord.new(id="p", exercise="step_up", per_week=3, start=MON)]
    logs = [
        ExerciseLogRecord.new(date=day(d), exercise="step_up", prescription_id="p")
        for d in (0, 2, 7, 8, 9, 10)
    ]
    scores = [
        AssessmentRecord.new(id="a0", date=day(-1), score=60),
        AssessmentRecord.new(id="a1", date=day(9), score=72),
    ]
    t = trends(prescriptions=program, exercise_logs=logs, assessments=scores)
    assert list(t.adherence_weeks) == [MON.toordinal(), day(7).toordinal()]
    assert t.adherence_pct[0] == pytest.approx(200 / 3)
    assert t.adherence_pct[1] == pytest.approx(100.0)  # 4 done, 3 prescribed: capped
    # The score before the range is the baseline but not drawn.
    assert list(t.akps_scores) == [72]
    assert list(t.akps_change) == [12]
    assert t.akps_baseline == 60
    assert t.akps_entries == ("a1",)
    assert t.mcid == MCID == 10
    assert t.has_program


def test_empty_journal_gives_empty_but_well_formed_series() -> None:
    t = compute_trends([], [], MON, MON)
    assert len(t.days) == 1
    assert not t.has_pain and not t.has_distance and not t.has_program
    assert np.isnan(t.acwr).all()
    assert len(t.spike_days) == 0 and len(t.l2_days) == 0
    assert t.akps_baseline is None


def test_range_must_not_be_reversed() -> None:
    with pytest.raises(ValueError, match="before"):
        compute_trends([], [], day(1), day(0))


def test_span_and_epoch_helpers() -> None:
    assert journal_span([], [], MON) == (MON, MON)
    assert journal_span(SESSIONS, CHECKINS, day(30)) == (day(0), day(30))
    assert journal_span(SESSIONS, CHECKINS, day(3)) == (day(0), day(8))
    assert epoch_days(np.array([dt.date(1970, 1, 2).toordinal()]))[0] == 1
    t = trends()
    assert t.day_index(day(3)) == 3
    assert t.day_index(day(20)) is None


def test_a_program_series_for_the_same_days_is_reused() -> None:
    program = [PrescriptionRecord.new(id="p", exercise="step_up", per_week=3, start=MON)]
    logs = [ExerciseLogRecord.new(date=day(0), exercise="step_up", prescription_id="p")]
    part = program_series(program, logs, [], day(0), day(13))
    # Reused: the (empty) program passed alongside is not read.
    reused = trends(program=part)
    assert reused.adherence_pct[0] == pytest.approx(100 / 3)
    # A part for other days is recomputed from what is passed (nothing here).
    other = program_series(program, logs, [], day(0), day(6))
    assert len(trends(program=other).adherence_weeks) == 0
    assert trends(program=reused.program).adherence_pct[0] == reused.adherence_pct[0]
