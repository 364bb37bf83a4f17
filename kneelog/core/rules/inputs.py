"""What the rules read: a date-sorted, read-only view of sessions, check-ins and exercises."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from kneelog.core.program import ExerciseLogRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.visits import VisitRecord

if TYPE_CHECKING:
    from kneelog.core.load import RunningHistory


@dataclass(frozen=True)
class ExerciseDue:
    """One exercise of the program due on the plan's day, with its dose as the PT wrote it."""

    exercise: str
    dose: str


@dataclass(frozen=True)
class ExerciseStatus:
    """The home-exercise program as the rules see it (built by the exercise-program service).

    `sessions_per_week_done` and `sessions_per_week_prescribed` are averaged over the last 14 days;
    `due` lists the exercises due on the plan's day.
    """

    sessions_per_week_done: float
    sessions_per_week_prescribed: float
    due: tuple[ExerciseDue, ...] = ()

    @property
    def adherence(self) -> float | None:
        """Done / prescribed over the last 14 days (None when nothing is prescribed)."""
        if self.sessions_per_week_prescribed <= 0:
            return None
        return self.sessions_per_week_done / self.sessions_per_week_prescribed


class _Keep:
    """The "leave it as it is" marker of `RuleInputs.updated` (None is a valid program status)."""


KEEP = _Keep()
_SESSION_INDEXES = ("sorted_sessions", "session_dates", "running")
_CHECKIN_INDEXES = ("sorted_checkins", "checkin_dates")


@dataclass(frozen=True)
class RuleInputs:
    """Sessions and check-ins sorted by date, plus optional program status and AKPS scores.

    The date indexes are built once per view (cached), so a view can be reused for many plans.
    """

    sessions: Sequence[SessionRecord] = ()
    checkins: Sequence[CheckInRecord] = ()
    exercise: ExerciseStatus | None = None
    akps_scores: Sequence[tuple[dt.date, float]] = field(default_factory=tuple)
    # Clinician visits, sorted by date: a visit that clears running closes a red-flag episode.
    visits: Sequence[VisitRecord] = ()
    # Home-exercise logs with a pain score (the others say nothing to the pain rules), by date.
    exercise_logs: Sequence[ExerciseLogRecord] = ()

    @cached_property
    def sorted_visits(self) -> tuple[VisitRecord, ...]:
        return tuple(sorted(self.visits, key=lambda v: v.date))

    @cached_property
    def sorted_exercise_logs(self) -> tuple[ExerciseLogRecord, ...]:
        return tuple(sorted(self.exercise_logs, key=lambda log: log.date))

    @cached_property
    def exercise_log_dates(self) -> list[dt.date]:
        return [log.date for log in self.sorted_exercise_logs]

    def exercise_logs_between(self, start: dt.date, end: dt.date) -> Sequence[ExerciseLogRecord]:
        """Exercise logs dated start..end, both included."""
        dates = self.exercise_log_dates
        return self.sorted_exercise_logs[bisect_left(dates, start) : bisect_right(dates, end)]

    def visits_before(self, day: dt.date) -> Sequence[VisitRecord]:
        """The visits dated before `day` (a plan sees visits up to the day before it)."""
        return [v for v in self.sorted_visits if v.date < day]

    @cached_property
    def episode_cache(self) -> dict[object, object]:
        """Red-flag openings found so far, keyed by the engine (they depend only on the entries,
        so they stay valid while this view's sessions and check-ins do)."""
        return {}

    @cached_property
    def sorted_sessions(self) -> tuple[SessionRecord, ...]:
        # Sorting an already sorted list is linear (Timsort), so this only guards against misuse.
        return tuple(sorted(self.sessions, key=lambda s: s.date))

    @cached_property
    def session_dates(self) -> list[dt.date]:
        return [s.date for s in self.sorted_sessions]

    @cached_property
    def sorted_checkins(self) -> tuple[CheckInRecord, ...]:
        return tuple(sorted(self.checkins, key=lambda c: c.date))

    @cached_property
    def checkin_dates(self) -> list[dt.date]:
        return [c.date for c in self.sorted_checkins]

    @cached_property
    def running(self) -> RunningHistory:
        # Here, not at the top: a remembered plan's exercises are shown without the load
        # figures (and the statistics module they bring).
        from kneelog.core.load import RunningHistory

        return RunningHistory(self.sorted_sessions)

    def updated(
        self,
        *,
        sessions: Sequence[SessionRecord] | None = None,
        checkins: Sequence[CheckInRecord] | None = None,
        exercise: ExerciseStatus | _Keep | None = KEEP,
        akps_scores: Sequence[tuple[dt.date, float]] | None = None,
        visits: Sequence[VisitRecord] | None = None,
        exercise_logs: Sequence[ExerciseLogRecord] | None = None,
    ) -> RuleInputs:
        """A copy with some parts replaced that reuses the date indexes of the parts kept.

        So a new check-in does not re-index years of sessions, and a plan for another day (another
        program status) re-indexes nothing.
        """
        view = replace(
            self,
            sessions=self.sessions if sessions is None else sessions,
            checkins=self.checkins if checkins is None else checkins,
            exercise=self.exercise if isinstance(exercise, _Keep) else exercise,
            akps_scores=self.akps_scores if akps_scores is None else akps_scores,
            visits=self.visits if visits is None else visits,
            exercise_logs=self.exercise_logs if exercise_logs is None else exercise_logs,
        )
        kept = (_SESSION_INDEXES if sessions is None else ()) + (
            _CHECKIN_INDEXES if checkins is None else ()
        )
        if sessions is None and checkins is None and exercise_logs is None and visits is None:
            kept += ("episode_cache",)
        if visits is None:
            kept += ("sorted_visits",)
        if exercise_logs is None:
            kept += ("sorted_exercise_logs", "exercise_log_dates")
        for name in kept:
            if name in self.__dict__:
                # cached_property stores its value in the instance dict, frozen or not.
                view.__dict__[name] = self.__dict__[name]
        return view

    def with_session_replaced(
        self,
        old: SessionRecord | None,
        new: SessionRecord | None,
        sessions: Sequence[SessionRecord],
        position: Callable[[Sequence[SessionRecord], SessionRecord], int],
    ) -> RuleInputs:
        """A copy whose sessions are `sessions`, which are this view's with `old` replaced by
        `new` (either may be None), already in date order.

        The running history is updated for that one session rather than rebuilt, so a plan
        right after a save costs what a plan costs; `position` places `new` among the runs.
        """
        view = self.updated(sessions=sessions)
        ordered = tuple(sessions)
        view.__dict__["sorted_sessions"] = ordered
        view.__dict__["session_dates"] = [s.date for s in ordered]
        if "running" in self.__dict__:
            view.__dict__["running"] = self.running.replaced(old, new, position)
        return view

    def adopt_indexes(self, other: RuleInputs) -> None:
        """Keep the date indexes `other` built over the same sessions or check-ins as this view.

        A plan is computed on a copy (`updated`) that carries that day's exercise status; the
        indexes it builds along the way stay valid here, so the next plan re-indexes nothing.
        """
        same_entries = self.sessions is other.sessions and self.checkins is other.checkins
        same_logs = self.exercise_logs is other.exercise_logs
        groups: tuple[tuple[bool, tuple[str, ...]], ...] = (
            (self.sessions is other.sessions, _SESSION_INDEXES),
            (self.checkins is other.checkins, _CHECKIN_INDEXES),
            (same_logs, ("sorted_exercise_logs", "exercise_log_dates")),
            (self.visits is other.visits, ("sorted_visits",)),
            # Red-flag openings depend on sessions, check-ins, exercise-log pain and the visits
            # that cleared running (what a visit saw does not count again).
            (same_entries and same_logs and self.visits is other.visits, ("episode_cache",)),
        )
        for same, names in groups:
            if same:
                for name in names:
                    if name in other.__dict__:
                        self.__dict__.setdefault(name, other.__dict__[name])

    @property
    def is_empty(self) -> bool:
        return not self.sessions and not self.checkins

    def sessions_between(self, start: dt.date, end: dt.date) -> Sequence[SessionRecord]:
        """Sessions dated start..end, both included."""
        dates = self.session_dates
        return self.sorted_sessions[bisect_left(dates, start) : bisect_right(dates, end)]

    def checkins_between(self, start: dt.date, end: dt.date) -> Sequence[CheckInRecord]:
        dates = self.checkin_dates
        return self.sorted_checkins[bisect_left(dates, start) : bisect_right(dates, end)]

    def checkin_on(self, day: dt.date) -> CheckInRecord | None:
        dates = self.checkin_dates
        index = bisect_left(dates, day)
        if index < len(dates) and dates[index] == day:
            return self.sorted_checkins[index]
        return None

    def checkins_before(self, day: dt.date, count: int) -> Sequence[CheckInRecord]:
        """Up to `count` check-ins dated before `day`, latest last."""
        index = bisect_left(self.checkin_dates, day)
        return self.sorted_checkins[max(0, index - count) : index]
