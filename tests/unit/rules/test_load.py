"""Load statistics against hand-computed values."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core.load import RunningHistory, daily_running_km, session_rpe_load
from kneelog.core.session_records import SessionRecord

D = dt.date(2026, 5, 15)


def run(
    days_before: int,
    km: float,
    minutes: float = 30.0,
    activity: str = "run",
    rpe: int | None = None,
):
    return SessionRecord.new(
        date=D - dt.timedelta(days=days_before),
        activity=activity,
        distance_m=km * 1000,
        duration_s=minutes * 60,
        rpe=rpe,
    )


def test_only_runs_and_walk_runs_count() -> None:
    history = RunningHistory(
        [run(1, 5), run(2, 20, activity="cycle"), run(3, 2, activity="walk_run")]
    )
    assert len(history) == 2
    assert history.km_between(D - dt.timedelta(days=7), D) == pytest.approx(7.0)


def test_weekly_ratio_uses_the_spec_windows() -> None:
    # D-7..D-1: 4 + 6 = 10 km; D-14..D-8: 5 + 3 = 8 km (the D-15 and D runs are outside both).
    history = RunningHistory([run(15, 50), run(14, 5), run(8, 3), run(7, 4), run(1, 6), run(0, 99)])
    assert history.weekly_ratio(D) == pytest.approx(10 / 8)
    assert history.week_over_week_percent(D) == pytest.approx(25.0)


def test_weekly_ratio_undefined_without_a_previous_week() -> None:
    assert RunningHistory([run(1, 5)]).weekly_ratio(D) is None


def test_spike_against_longest_of_the_30_days_before() -> None:
    # The 31-day-old 20 km run is outside the window; the longest inside is 8 km.
    history = RunningHistory([run(32, 20), run(20, 8), run(10, 6), run(1, 10)])
    assert history.spike_ratio(3) == pytest.approx(10 / 8)
    assert history.spike_ratio(0) is None


def test_acwr_coupled() -> None:
    # acute (D-7..D-1) = 10; chronic (D-28..D-1) = 10 + 6 + 4 = 20 -> 20 / 4 = 5 -> 2.0
    history = RunningHistory([run(27, 6), run(20, 4), run(3, 10)])
    assert history.acwr(D) == pytest.approx(2.0)
    assert RunningHistory([]).acwr(D) is None


def test_typical_run_is_median_of_recent_runs() -> None:
    history = RunningHistory([run(40, 30, 200), run(10, 4, 24), run(6, 6, 40), run(2, 8, 50)])
    typical = history.typical_run(D, days=28)
    assert typical is not None
    assert (typical.km, typical.minutes, typical.runs) == (6.0, 40.0, 3)
    assert history.typical_run(D - dt.timedelta(days=60)) is None


def test_daily_km_zero_fills() -> None:
    days = daily_running_km([run(2, 5), run(2, 1), run(0, 3)], D - dt.timedelta(days=3), D)
    assert [km for _, km in days] == [0.0, 6.0, 0.0, 3.0]


def test_session_rpe_load_and_window_sum() -> None:
    assert session_rpe_load(run(1, 5, 30, rpe=4)) == pytest.approx(120)
    assert session_rpe_load(run(1, 5, 30)) is None
    history = RunningHistory([run(1, 5, 30, rpe=4), run(2, 5, 20, rpe=5)])
    assert history.srpe_load_between(D - dt.timedelta(days=7), D) == pytest.approx(220)


def test_longest_and_last_run() -> None:
    history = RunningHistory([run(5, 7, 45), run(3, 7, 40), run(1, 2)])
    longest = history.longest_between(D - dt.timedelta(days=14), D)
    assert longest is not None
    assert longest.date == D - dt.timedelta(days=3)
    last = history.last_run_before(D)
    assert last is not None
    assert last.date == D - dt.timedelta(days=1)
