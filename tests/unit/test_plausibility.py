"""Plausible speeds per activity (and what is left out of the load until confirmed), and which
runs still lack their pain an hour after."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, strategies as st

from kneelog.core.completeness import lacks_pain_after, pain_after_to_ask, runs_missing_pain_after
from kneelog.core.plausibility import (
    counts_in_load,
    is_implausible,
    load_sessions,
    speed_problem,
    unconfirmed_speed_problem,
)
from kneelog.core.series import compute_trends
from kneelog.core.session_records import SessionRecord
from kneelog.core.values import EntryKind, EntryRow
from kneelog.core.weeks import week_totals

D = dt.date(2026, 5, 6)


def _session(day: dt.date, activity: str = "run", after: int | None = 2) -> SessionRecord:
    return SessionRecord(
        f"{activity}-{day}",
        day,
        None,
        activity,
        5000.0,
        1800.0,
        None,
        None,
        None,
        None,
        2,
        after,
        None,
        (),
        None,
        "",
    )


def test_typical_sessions_are_plausible_and_typos_are_not() -> None:
    assert speed_problem("run", 10_100, 10.1 * 344) == ""  # 5:44 /km
    assert speed_problem("swim", 1500, 45 * 60) == ""
    assert speed_problem("cycle", 18_000, 45 * 60) == ""
    assert "faster than 2:30 /km" in speed_problem("run", 50_000, 25 * 60)
    assert "slower than 15:00 /km" in speed_problem("run", 1000, 20 * 60)
    assert "faster than 1:00 /100 m" in speed_problem("swim", 15_000, 40 * 60)
    assert is_implausible("elliptical", 16_000, 40 * 60)
    assert "not plausible for an elliptical" in speed_problem("elliptical", 16_000, 40 * 60)


def test_unknown_figures_and_activities_without_a_range_are_never_flagged() -> None:
    assert speed_problem("run", None, 1800) == ""
    assert speed_problem("run", 5000, None) == ""
    assert speed_problem("strength", 5000, 1) == ""
    assert speed_problem("something new", 5000, 1) == ""


@given(st.floats(min_value=60, max_value=1800))
def test_a_run_is_flagged_exactly_outside_2_30_to_15_00_per_km(pace_s_per_km: float) -> None:
    assume(abs(pace_s_per_km - 150) > 1e-6 and abs(pace_s_per_km - 900) > 1e-6)
    flagged = is_implausible("run", 10_000, pace_s_per_km * 10)
    assert flagged == (pace_s_per_km < 150 or pace_s_per_km > 900)


@given(
    st.sampled_from(
        ["run", "walk_run", "walk", "swim", "cycle", "elliptical", "pool_run", "other"]
    ),
    st.one_of(st.none(), st.floats(min_value=-1, max_value=300_000)),
    st.one_of(st.none(), st.floats(min_value=-1, max_value=100_000)),
    st.booleans(),
)
def test_the_quick_checks_agree_with_the_worded_one(
    activity: str, metres: float | None, seconds: float | None, confirmed: bool
) -> None:
    worded = speed_problem(activity, metres, seconds)
    assert is_implausible(activity, metres, seconds) == bool(worded)
    record = _session(D, activity)._replace(
        distance_m=metres, duration_s=seconds, speed_confirmed=confirmed
    )
    assert counts_in_load(record) == (confirmed or not worded)


def test_runs_without_pain_after_are_found_and_the_latest_recent_one_is_asked_for() -> None:
    sessions = [
        _session(D - dt.timedelta(days=5), after=None),
        _session(D - dt.timedelta(days=1), "swim", after=None),
        _session(D - dt.timedelta(days=1), "walk_run", after=None),
        _session(D, after=3),
    ]
    assert [s.activity for s in runs_missing_pain_after(sessions)] == ["run", "walk_run"]
    assert not lacks_pain_after(sessions[1])  # a swim: the rules read pain after runs
    asked = pain_after_to_ask(sessions, D)
    assert asked is not None and asked.activity == "walk_run"
    # Five days back is too long ago to remember an hour after.
    assert pain_after_to_ask(sessions[:1], D) is None
    assert pain_after_to_ask([], D) is None


def _measured(
    activity: str, km: float, minutes: float, *, confirmed: bool = False, day: dt.date = D
) -> SessionRecord:
    return _session(day, activity)._replace(
        id=f"{activity}-{km}-{day}",
        distance_m=km * 1000,
        duration_s=minutes * 60,
        rpe=5,
        speed_confirmed=confirmed,
    )


def test_only_an_implausible_speed_not_confirmed_is_left_out_of_the_load() -> None:
    typo = _measured("run", 50.0, 25.0)
    confirmed = _measured("run", 50.0, 25.0, confirmed=True)
    easy = _measured("run", 5.0, 30.0)
    assert "faster than 2:30 /km" in unconfirmed_speed_problem(typo)
    assert not counts_in_load(typo)
    assert unconfirmed_speed_problem(confirmed) == "" and counts_in_load(confirmed)
    assert counts_in_load(easy) and counts_in_load(_measured("strength", 0.0, 30.0))
    assert load_sessions([easy, typo, confirmed]) == [easy, confirmed]


def test_the_charts_load_series_leave_out_an_unconfirmed_typo() -> None:
    monday = D - dt.timedelta(days=D.weekday())
    sessions = [
        _measured("run", 5.0, 30.0, day=monday),
        _measured("run", 50.0, 25.0, day=monday + dt.timedelta(days=1)),  # typed for 5 km
        _measured("swim", 15.0, 40.0, day=monday + dt.timedelta(days=1)),  # 0:16 /100 m
        _measured("cycle", 20.0, 45.0, day=monday + dt.timedelta(days=1)),
    ]
    trends = compute_trends(sessions, [], monday, monday + dt.timedelta(days=6))
    assert list(trends.week_running_km) == [5.0]
    assert list(trends.week_cross_km) == [20.0]
    assert trends.load7_km[-1] == 5.0
    assert trends.load7_srpe[-1] == 5 * 30 + 5 * 45  # RPE x minutes of the counted sessions
    assert len(trends.spike_days) == 0  # the 50 km "run" is no spike
    # Pain scores stay: the knee hurt whatever the distance typed.
    assert trends.pain_during[1] == 2
    sessions[1] = sessions[1]._replace(speed_confirmed=True)
    sessions[2] = sessions[2]._replace(speed_confirmed=True)
    confirmed = compute_trends(sessions, [], monday, monday + dt.timedelta(days=6))
    assert list(confirmed.week_running_km) == [55.0]
    assert list(confirmed.week_cross_km) == [35.0]
    assert len(confirmed.spike_days) == 1


def test_the_weeks_totals_count_a_confirmed_speed() -> None:
    rows = [
        EntryRow(
            EntryKind.SESSION,
            ident,
            D,
            activity="run",
            distance_m=50_000,
            duration_s=1500,
            speed_confirmed=confirmed,
        )
        for ident, confirmed in (("typo", False), ("race", True))
    ]
    totals = week_totals(rows)
    assert (totals.running_m, totals.left_out, totals.sessions) == (50_000, 1, 2)
