"""Running-load figures (daily km, weekly ratios, spikes, ACWR, sRPE) for rules and charts.

Running means the activities `run` and `walk_run`. All windows are inclusive calendar-date ranges. A
`RunningHistory` indexes the running sessions once (sorted dates plus prefix sums), so any window
sum is two binary searches, which keeps a 20-year journal fast.
"""

from __future__ import annotations

import datetime as dt
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from kneelog.core.codes import Activity
from kneelog.core.entities import TrainingSession

RUNNING_ACTIVITIES: frozenset[str] = frozenset({Activity.RUN.value, Activity.WALK_RUN.value})

DAY = dt.timedelta(days=1)


def is_running(session: TrainingSession) -> bool:
    """Whether the session counts towards running distance (a run or a walk-run)."""
    return session.activity in RUNNING_ACTIVITIES


def session_km(session: TrainingSession) -> float:
    """The session's distance in km; a session without a distance counts as 0 km."""
    return 0.0 if session.distance_m is None else session.distance_m / 1000.0


def session_minutes(session: TrainingSession) -> float:
    """The session's moving time in minutes; 0 when it was not logged."""
    return 0.0 if session.duration_s is None else session.duration_s / 60.0


def session_rpe_load(session: TrainingSession) -> float | None:
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

    def __init__(self, sessions: Iterable[TrainingSession]) -> None:
        runs = sorted((s for s in sessions if is_running(s)), key=lambda s: s.date)
        self.runs: tuple[TrainingSession, ...] = tuple(runs)
        self.dates: list[dt.date] = [s.date for s in runs]
        self.km: list[float] = [session_km(s) for s in runs]
        self.minutes: list[float] = [session_minutes(s) for s in runs]
        self._km_prefix: list[float] = [0.0, *accumulate(self.km)]
        loads = [session_rpe_load(s) or 0.0 for s in runs]
        self._load_prefix: list[float] = [0.0, *accumulate(loads)]

    def __len__(self) -> int:
        return len(self.runs)

    def index_range(self, start: dt.date, end: dt.date) -> range:
        """Indices of the runs dated start..end (both included)."""
        return range(bisect_left(self.dates, start), bisect_right(self.dates, end))

    def sessions_between(self, start: dt.date, end: dt.date) -> Sequence[TrainingSession]:
        window = self.index_range(start, end)
        return self.runs[window.start : window.stop]

    def km_between(self, start: dt.date, end: dt.date) -> float:
        window = self.index_range(start, end)
        return self._km_prefix[window.stop] - self._km_prefix[window.start]

    def srpe_load_between(self, start: dt.date, end: dt.date) -> float:
        window = self.index_range(start, end)
        return self._load_prefix[window.stop] - self._load_prefix[window.start]

    def last_run_before(self, day: dt.date) -> TrainingSession | None:
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
    sessions: Iterable[TrainingSession], start: dt.date, end: dt.date
) -> list[tuple[dt.date, float]]:
    """Running km per day over start..end (both included), zero-filled."""
    return RunningHistory(sessions).daily_km(start, end)
