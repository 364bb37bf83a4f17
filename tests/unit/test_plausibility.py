"""Plausible speeds per activity, and which runs still lack their pain an hour after."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from kneelog.core.completeness import lacks_pain_after, pain_after_to_ask, runs_missing_pain_after
from kneelog.core.plausibility import is_implausible, speed_problem
from kneelog.core.session_records import SessionRecord

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
