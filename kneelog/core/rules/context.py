"""What a condition sees for one plan day: the spec's journal windows, baselines, evidence text."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kneelog.core.codes import ACTIVITY_LABELS, Activity, Symptom
from kneelog.core.load import is_running, session_km, session_minutes
from kneelog.core.rules.definitions import ParamValue
from kneelog.core.rules.journal import JournalView
from kneelog.core.session_records import LoggedCheckIn, LoggedSession, is_checkin

DAY = dt.timedelta(days=1)

Entry = LoggedSession | LoggedCheckIn


@dataclass(frozen=True)
class Match:
    """A condition that fired: the dated facts behind it, and whether it escalates."""

    evidence: tuple[str, ...]
    escalate: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Params:
    """A rule's effective thresholds (`values`) and fixed arguments (`args`)."""

    values: Mapping[str, ParamValue]
    args: Mapping[str, Any]

    def int(self, name: str) -> int:
        return int(self.values[name])

    def float(self, name: str) -> float:
        return float(self.values[name])

    def flag(self, name: str) -> bool:
        return bool(self.values[name])

    def arg(self, name: str) -> Any:
        return self.args[name]


# --------------------------------------------------------------------- evidence text


def activity_label(session: LoggedSession) -> str:
    try:
        return ACTIVITY_LABELS[Activity(session.activity)].lower()
    except ValueError:
        return session.activity


def describe_session(session: LoggedSession) -> str:
    """'2026-05-03 run 5.0 km' (distance, else minutes)."""
    label = f"{session.date.isoformat()} {activity_label(session)}"
    if session.distance_m:
        return f"{label} {session_km(session):.1f} km"
    if session.duration_s:
        return f"{label} {session_minutes(session):.0f} min"
    return label


def symptom_label(code: str) -> str:
    try:
        return Symptom(code).label.lower()
    except ValueError:
        return code


def fact(entry: Entry, what: str) -> str:
    """'2026-05-04 check-in: morning stiffness 3/10' or '2026-05-03 run 5.0 km: sharp pain'."""
    if is_checkin(entry):
        return f"{entry.date.isoformat()} check-in: {what}"
    return f"{describe_session(entry)}: {what}"


def visible_day(entry: Entry) -> dt.date:
    """The first plan day that sees the entry: a session the day after, a check-in the same day."""
    return entry.date + DAY if not is_checkin(entry) else entry.date


def _order(entry: Entry) -> tuple[dt.date, int]:
    # A morning check-in comes before the sessions of the same date.
    return (entry.date, 1 if not is_checkin(entry) else 0)


# --------------------------------------------------------------------- the per-day context


@dataclass
class DayContext:
    """The data visible for the plan of `day`: sessions dated before it, check-ins up to it."""

    journal: JournalView
    day: dt.date
    no_run: Callable[[dt.date], bool] = field(default=lambda _day: False)

    # Windows as defined in spec/suggestion.md: "the last N days" of sessions are D-N..D-1 and of
    # check-ins D-N+1..D.
    def sessions_last(self, days: int) -> Sequence[LoggedSession]:
        return self.journal.sessions_between(self.day - days * DAY, self.day - DAY)

    def runs_last(self, days: int) -> list[LoggedSession]:
        return [s for s in self.sessions_last(days) if is_running(s)]

    def checkins_last(self, days: int) -> Sequence[LoggedCheckIn]:
        return self.journal.checkins_between(self.day - (days - 1) * DAY, self.day)

    def entries_last(self, days: int) -> list[Entry]:
        """Sessions and check-ins of the last `days` days in the order they happened."""
        entries: list[Entry] = [*self.checkins_last(days), *self.sessions_last(days)]
        entries.sort(key=_order)
        return entries

    def checkin_today(self) -> LoggedCheckIn | None:
        return self.journal.checkin_on(self.day)

    def last_run(self, lookback_days: int) -> LoggedSession | None:
        """The latest run visible today, if it is within `lookback_days`."""
        run = self.journal.running.last_run_before(self.day)
        if run is None or run.date < self.day - lookback_days * DAY:
            return None
        return run

    # ----------------------------------------------------------------- baselines

    def baseline_checkins(
        self, before: dt.date, count: int, exclude_after_pain: int = 5
    ) -> list[LoggedCheckIn]:
        """The `count` check-ins before `before` that do not follow a run with pain above 5/10."""
        chosen: list[LoggedCheckIn] = []
        candidates = self.journal.checkins_before(before, count * 3)
        for checkin in reversed(candidates):
            if not self._after_painful_run(checkin.date, exclude_after_pain):
                chosen.append(checkin)
                if len(chosen) == count:
                    break
        chosen.reverse()
        return chosen

    def _after_painful_run(self, morning: dt.date, above: int) -> bool:
        previous_day = self.journal.sessions_between(morning - DAY, morning - DAY)
        return any(
            is_running(s) and s.pain_during is not None and s.pain_during > above
            for s in previous_day
        )

    def baseline(self, before: dt.date, count: int, attribute: str) -> float | None:
        """Median morning pain (or stiffness) of the baseline check-ins; None without any value."""
        values = [
            getattr(c, attribute)
            for c in self.baseline_checkins(before, count)
            if getattr(c, attribute) is not None
        ]
        return float(statistics.median(values)) if values else None

    # ----------------------------------------------------------------- symptom episodes

    def entries_visible(self, lookback_days: int) -> list[Entry]:
        return self.entries_last(lookback_days)

    def episode(self, symptom: str, lookback_days: int) -> list[Entry]:
        """The current episode of `symptom`: the latest entries with it, back to one without it.

        Empty when the latest visible entry (within the look-back) does not report it: a symptom
        counts as gone when a later check-in or session is logged without it.
        """
        entries = self.entries_visible(lookback_days)
        episode: list[Entry] = []
        for entry in reversed(entries):
            if symptom not in entry.symptoms:
                break
            episode.append(entry)
        episode.reverse()
        return episode


def symptoms_in(entries: Iterable[Entry]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        found.update(entry.symptoms)
    return found
