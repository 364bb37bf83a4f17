"""The NumPy window sums in kneelog.core.load give exactly the rules' one-day figures."""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from kneelog.core.load import DatedTotals, RunningHistory, day_range, ordinals
from kneelog.core.session_records import SessionRecord

D0 = dt.date(2025, 1, 1)

runs_strategy = st.lists(
    st.tuples(st.integers(0, 120), st.floats(0, 50, allow_nan=False)), max_size=60
)


def history_of(items: list[tuple[int, float]]) -> RunningHistory:
    return RunningHistory(
        SessionRecord.new(date=D0 + dt.timedelta(days=d), activity="run", distance_m=km * 1000)
        for d, km in items
    )


def test_dated_totals_sum_inclusive_windows() -> None:
    dates = [D0, D0, D0 + dt.timedelta(days=2), D0 + dt.timedelta(days=9)]
    totals = DatedTotals.of(dates, [1.0, 2.0, 4.0, 8.0])
    start = np.array([D0.toordinal(), D0.toordinal() + 1, D0.toordinal() + 3])
    end = start + 6
    assert list(totals.between(start, end)) == [7.0, 4.0, 8.0]
    days = day_range(D0, D0 + dt.timedelta(days=2))
    assert list(totals.trailing(days, 2)) == [3.0, 3.0, 4.0]


def test_prefix_must_match_dates() -> None:
    with pytest.raises(ValueError, match="prefix"):
        DatedTotals([D0], [0.0])


@given(runs_strategy)
# A window of 0 km runs only (no spike reference), and the 30-day window's two edges.
@example([(0, 0.0), (3, 5.0)])
@example([(0, 4.0), (30, 8.0), (31, 8.0), (61, 2.0)])
def test_many_equals_one_at_a_time(items: list[tuple[int, float]]) -> None:
    history = history_of(items)
    days = day_range(D0, D0 + dt.timedelta(days=130))
    ratios = history.weekly_ratio_many(days)
    acwr = history.acwr_many(days)
    km7 = history.km_totals.trailing(days, 7)
    for k, ordinal in enumerate(days):
        day = dt.date.fromordinal(int(ordinal))
        expected_ratio = history.weekly_ratio(day)
        expected_acwr = history.acwr(day)
        # Bit-identical, not approximately equal: the same prefix sums and the same division.
        assert (math.isnan(ratios[k]) and expected_ratio is None) or ratios[k] == expected_ratio
        assert (math.isnan(acwr[k]) and expected_acwr is None) or acwr[k] == expected_acwr
        assert km7[k] == history.km_between(day - dt.timedelta(days=6), day)
    spikes = history.spike_ratios()
    for index in range(len(history)):
        expected = history.spike_ratio(index)
        assert (math.isnan(spikes[index]) and expected is None) or spikes[index] == expected


def test_ordinals_and_day_range() -> None:
    assert list(ordinals([D0])) == [D0.toordinal()]
    assert len(day_range(D0, D0 - dt.timedelta(days=1))) == 0


def test_a_vanishing_earlier_week_gives_an_infinite_ratio_quietly() -> None:
    history = history_of([(0, 5e-320), (8, 40.0), (30, 5e-320), (37, 40.0)])
    days = day_range(D0, D0 + dt.timedelta(days=60))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warning would raise here
        ratios = history.weekly_ratio_many(days)
        acwr = history.acwr_many(days)
    assert np.isinf(ratios).any() and not np.isnan(acwr).all()
    # Plan day 10: the week before holds 40 km, the week before that a vanishing distance.
    assert ratios[10] == history.weekly_ratio(D0 + dt.timedelta(days=10)) == math.inf
