"""Running-load figures (daily km, weekly ratios, spikes, ACWR, sRPE) for rules and charts.

Running means the activities `run` and `walk_run`. All windows are inclusive calendar-date ranges. A
`RunningHistory` indexes the running sessions once (sorted dates plus prefix sums), so any window
sum is two binary searches, which keeps a 20-year journal fast. The `*_many` methods answer the same
questions for many days at once with NumPy over the very same prefix sums, so a chart's daily series
holds exactly the numbers the rules compute one day at a time. NumPy is imported by those
alone: tomorrow's plan, made at start-up, does not wait for it.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from kneelog.core.codes import Activity
from kneelog.core.session_records import SessionRecord

RUNNING_ACTIVITIES: frozenset[str] = frozenset({Activity.RUN.value, Activity.WALK_RUN.value})

DAY = dt.timedelta(days=1)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]


def __getattr__(name: str) -> Any:
    # FloatArray and IntArray for the modules that import them at run time (the charts),
    # made on first use so that importing this module does not import NumPy.
    if name in ("FloatArray", "IntArray"):
        import numpy as np
        import numpy.typing as npt

        return npt.NDArray[np.float64] if name == "FloatArray" else npt.NDArray[np.int64]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ordinals(days: Sequence[dt.date]) -> IntArray:
    """Proleptic Gregorian ordinals (`date.toordinal()`) as an int64 array."""
    import numpy as np

    return np.fromiter((d.toordinal() for d in days), dtype=np.int64, count=len(days))


def day_range(start: dt.date, end: dt.date) -> IntArray:
    """The ordinals of every day start..end (both included); empty when end < start."""
    import numpy as np

    return np.arange(start.toordinal(), end.toordinal() + 1, dtype=np.int64)


class DatedTotals:
    """Values on sorted dates, summed over many inclusive date windows at once.

    A window sum is `prefix[hi] - prefix[lo]` with `lo`/`hi` from a binary search, the same
    arithmetic as `RunningHistory.km_between`, so both give bit-identical floats.
    """

    def __init__(self, dates: Sequence[dt.date], prefix: Sequence[float]) -> None:
        if len(prefix) != len(dates) + 1:
            raise ValueError("prefix must hold one more value than dates")
        import numpy as np

        self.ordinals = ordinals(dates)
        self.prefix = np.asarray(prefix, dtype=np.float64)

    @classmethod
    def of(cls, dates: Sequence[dt.date], values: Sequence[float]) -> DatedTotals:
        """From per-item values (dates sorted ascending)."""
        return cls(dates, [0.0, *accumulate(values)])

    def between(self, starts: IntArray, ends: IntArray) -> FloatArray:
        """Sum of the values dated starts[i]..ends[i] (ordinals, both included) for every i."""
        import numpy as np

        lo = np.searchsorted(self.ordinals, starts, side="left")
        hi = np.searchsorted(self.ordinals, ends, side="right")
        return self.prefix[hi] - self.prefix[lo]

    def trailing(self, days: IntArray, window: int) -> FloatArray:
        """Sum over the `window` days ending on each day (day-window+1..day)."""
        return self.between(days - (window - 1), days)


def is_running(session: SessionRecord) -> bool:
    """Whether the session counts towards running distance (a run or a walk-run)."""
    return session.activity in RUNNING_ACTIVITIES


def session_km(session: SessionRecord) -> float:
    """The session's distance in km; a session without a distance counts as 0 km."""
    return 0.0 if session.distance_m is None else session.distance_m / 1000.0


def session_minutes(session: SessionRecord) -> float:
    """The session's moving time in minutes; 0 when it was not logged."""
    return 0.0 if session.duration_s is None else session.duration_s / 60.0


def session_rpe_load(session: SessionRecord) -> float | None:
    """Foster's session-RPE load: RPE (0-10) x minutes; None when either is missing."""
    if session.rpe is None or session.duration_s is None:
        return None
    return session.rpe * session.duration_s / 60.0


@dataclass(frozen=True)
class TypicalRun:
    """The usual recent run: median distance and duration, and how many runs it rests on."""

    km: float
    minutes: float | None
    runs: int


@dataclass(frozen=True)
class LongestRun:
    date: dt.date
    km: float
    minutes: float | None


class RunningHistory:
    """Running sessions indexed by date for window sums and maxima in O(log n)."""

    def __init__(self, sessions: Iterable[SessionRecord]) -> None:
        runs = sorted((s for s in sessions if is_running(s)), key=lambda s: s.date)
        self._index(
            runs,
            [s.date for s in runs],
            [session_km(s) for s in runs],
            [session_minutes(s) for s in runs],
            [session_rpe_load(s) or 0.0 for s in runs],
        )

    def _index(
        self,
        runs: list[SessionRecord],
        dates: list[dt.date],
        km: list[float],
        minutes: list[float],
        loads: list[float],
    ) -> None:
        self.runs: tuple[SessionRecord, ...] = tuple(runs)
        self.dates: list[dt.date] = dates
        self.km: list[float] = km
        self.minutes: list[float] = minutes
        self._loads = loads
        # Summed afresh (not patched) so the floats are those a new history would give.
        self._km_prefix: list[float] = [0.0, *accumulate(km)]
        self._load_prefix: list[float] = [0.0, *accumulate(loads)]

    def replaced(
        self,
        old: SessionRecord | None,
        new: SessionRecord | None,
        position: Callable[[Sequence[SessionRecord], SessionRecord], int],
    ) -> RunningHistory:
        """This history with `old` taken out and `new` put in (either may be None), without
        re-reading every run: saving one session on a twenty-year journal stays quick.

        `position(runs, session)` says where `new` goes among the runs, as the caller's own
        order of same-day sessions would place it; `old` is found by its id.
        """
        runs, dates = list(self.runs), list(self.dates)
        km, minutes, loads = list(self.km), list(self.minutes), list(self._loads)
        if old is not None and is_running(old):
            start, stop = bisect_left(dates, old.date), bisect_right(dates, old.date)
            found = next((i for i in range(start, stop) if runs[i].id == old.id), None)
            if found is not None:
                for values in (runs, dates, km, minutes, loads):
                    del values[found]
        if new is not None and is_running(new):
            at = position(runs, new)
            runs.insert(at, new)
            dates.insert(at, new.date)
            km.insert(at, session_km(new))
            minutes.insert(at, session_minutes(new))
            loads.insert(at, session_rpe_load(new) or 0.0)
        history = RunningHistory.__new__(RunningHistory)
        history._index(runs, dates, km, minutes, loads)
        return history

    def __len__(self) -> int:
        return len(self.runs)

    @cached_property
    def km_totals(self) -> DatedTotals:
        """The running km as `DatedTotals` over the same prefix sums as `km_between`."""
        return DatedTotals(self.dates, self._km_prefix)

    @cached_property
    def srpe_totals(self) -> DatedTotals:
        return DatedTotals(self.dates, self._load_prefix)

    def index_range(self, start: dt.date, end: dt.date) -> range:
        """Indices of the runs dated start..end (both included)."""
        return range(bisect_left(self.dates, start), bisect_right(self.dates, end))

    def sessions_between(self, start: dt.date, end: dt.date) -> Sequence[SessionRecord]:
        window = self.index_range(start, end)
        return self.runs[window.start : window.stop]

    def km_between(self, start: dt.date, end: dt.date) -> float:
        window = self.index_range(start, end)
        return self._km_prefix[window.stop] - self._km_prefix[window.start]

    def srpe_load_between(self, start: dt.date, end: dt.date) -> float:
        window = self.index_range(start, end)
        return self._load_prefix[window.stop] - self._load_prefix[window.start]

    def last_run_before(self, day: dt.date) -> SessionRecord | None:
        """The latest run dated before `day`."""
        index = bisect_left(self.dates, day)
        return self.runs[index - 1] if index else None

    def longest_between(self, start: dt.date, end: dt.date) -> LongestRun | None:
        """The longest run (by distance) dated start..end; the later one wins a tie."""
        best: int | None = None
        for index in self.index_range(start, end):
            if best is None or self.km[index] >= self.km[best]:
                best = index
        if best is None or self.km[best] <= 0:
            return None
        minutes = self.minutes[best] or None
        return LongestRun(self.dates[best], self.km[best], minutes)

    def daily_km(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, float]]:
        """Running km for every day start..end, zero on days without a run (for charts)."""
        totals: dict[dt.date, float] = {}
        for index in self.index_range(start, end):
            totals[self.dates[index]] = totals.get(self.dates[index], 0.0) + self.km[index]
        days = (end - start).days + 1
        return [(start + k * DAY, totals.get(start + k * DAY, 0.0)) for k in range(max(days, 0))]

    def weekly_ratio(self, day: dt.date) -> float | None:
        """L2: km of sessions dated D-7..D-1 over km dated D-14..D-8; None when the latter is 0."""
        previous = self.km_between(day - 14 * DAY, day - 8 * DAY)
        if previous <= 0:
            return None
        return self.km_between(day - 7 * DAY, day - DAY) / previous

    def week_over_week_percent(self, day: dt.date) -> float | None:
        """L3: the same two weeks as a percentage change (+10.0 means 10 % more)."""
        ratio = self.weekly_ratio(day)
        return None if ratio is None else (ratio - 1.0) * 100.0

    def acwr(self, day: dt.date) -> float | None:
        """L4 (coupled, information only): km D-7..D-1 / (km D-28..D-1 / 4); None if no chronic."""
        chronic = self.km_between(day - 28 * DAY, day - DAY) / 4.0
        if chronic <= 0:
            return None
        return self.km_between(day - 7 * DAY, day - DAY) / chronic

    def weekly_ratio_many(self, days: IntArray) -> FloatArray:
        """`weekly_ratio(day)` for every ordinal in `days`, NaN where it is None."""
        import numpy as np

        previous = self.km_totals.between(days - 14, days - 8)
        current = self.km_totals.between(days - 7, days - 1)
        out = np.full(days.shape, np.nan)
        defined = previous > 0
        # A vanishingly small earlier week gives an infinite ratio, as the rules' own float
        # division does (Python's gives inf too): not worth a warning.
        with np.errstate(over="ignore"):
            out[defined] = current[defined] / previous[defined]
        return out

    def acwr_many(self, days: IntArray) -> FloatArray:
        """`acwr(day)` for every ordinal in `days`, NaN where it is None."""
        import numpy as np

        chronic = self.km_totals.between(days - 28, days - 1) / 4.0
        acute = self.km_totals.between(days - 7, days - 1)
        out = np.full(days.shape, np.nan)
        defined = chronic > 0
        with np.errstate(over="ignore"):  # as in weekly_ratio_many
            out[defined] = acute[defined] / chronic[defined]
        return out

    def spike_ratios(self) -> FloatArray:
        """`spike_ratio(i)` for every run in date order, NaN where it is None (rule L1)."""
        # The windows of all runs found by two array searches instead of two bisects a run:
        # on twenty years this is the charts' largest single figure otherwise.
        import numpy as np

        days = self.km_totals.ordinals
        starts = np.searchsorted(days, days - 30, side="left").tolist()
        stops = np.searchsorted(days, days - 1, side="right").tolist()
        km = self.km
        ratios = [math.nan] * len(km)
        for index, (start, stop) in enumerate(zip(starts, stops, strict=True)):
            if start < stop and (longest := max(km[start:stop])) > 0:
                ratios[index] = km[index] / longest
        return np.array(ratios, dtype=np.float64)

    def spike_ratio(self, index: int) -> float | None:
        """L1: the run's km over the longest run of the 30 days before it; None without one."""
        date = self.dates[index]
        longest = self.longest_between(date - 30 * DAY, date - DAY)
        if longest is None:
            return None
        return self.km[index] / longest.km

    def typical_run(self, day: dt.date, days: int = 28) -> TypicalRun | None:
        """Median distance and duration of the runs dated in the `days` days before `day`."""
        window = self.index_range(day - days * DAY, day - DAY)
        distances = [self.km[i] for i in window if self.km[i] > 0]
        if not distances:
            return None
        durations = [self.minutes[i] for i in window if self.minutes[i] > 0]
        minutes = statistics.median(durations) if durations else None
        return TypicalRun(statistics.median(distances), minutes, len(distances))


def daily_running_km(
    sessions: Iterable[SessionRecord], start: dt.date, end: dt.date
) -> list[tuple[dt.date, float]]:
    """Running km per day over start..end (both included), zero-filled."""
    return RunningHistory(sessions).daily_km(start, end)
