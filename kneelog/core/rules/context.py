"""What a condition sees for one plan day: the spec's journal windows, baselines, evidence text."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kneelog.core.codes import ACTIVITY_LABELS, Activity, Symptom
from kneelog.core.load import is_running, session_km, session_minutes
from kneelog.core.program import ExerciseLogRecord
from kneelog.core.rules.definitions import ParamValue
from kneelog.core.rules.inputs import RuleInputs
from kneelog.core.session_records import CheckInRecord, SessionRecord, is_checkin
from kneelog.core.visits import VisitRecord

DAY = dt.timedelta(days=1)

Entry = SessionRecord | CheckInRecord


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


def activity_label(session: SessionRecord) -> str:
    try:
        return ACTIVITY_LABELS[Activity(session.activity)].lower()
    except ValueError:
        return session.activity


def describe_session(session: SessionRecord) -> str:
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


# --------------------------------------------------------------------- entries


def says_nothing(entry: Entry) -> bool:
    """Whether an entry says nothing about symptoms: an imported session without any symptom.

    An activity file has no symptoms field, so its empty list means "not asked", not "none";
    the spec counts such an entry as no entry for consecutive days and symptom ends.
    """
    return not is_checkin(entry) and bool(entry.source) and not entry.symptoms


def worst_pain(entry: Entry) -> int | None:
    """The highest pain an entry reports: morning pain, or pain during / an hour after."""
    if is_checkin(entry):
        return entry.morning_pain
    values = [v for v in (entry.pain_during, entry.pain_after) if v is not None]
    return max(values) if values else None


class PainFact:
    """One pain score from a loading activity: a session (any activity) or an exercise log.

    Its evidence text is made only when asked for: the walk-run replay reads thousands of
    these for their numbers alone.
    """

    __slots__ = ("_log", "_session", "activity", "date", "label", "pain", "sharp")

    def __init__(
        self,
        session: SessionRecord | None,
        log: ExerciseLogRecord | None,
        pain: int,
        label: str = "",
    ) -> None:
        self._session, self._log = session, log
        source = session if session is not None else log
        assert source is not None
        self.date: dt.date = source.date
        self.pain = pain
        self.activity = session.activity if session is not None else "exercise"
        self.label = label
        self.sharp = session is not None and Symptom.SHARP_PAIN in session.symptoms

    @property
    def text(self) -> str:
        if self._session is not None:
            return fact(self._session, f"pain {self.label} {self.pain}/10")
        what = self._log.exercise.replace("_", " ") if self._log is not None else "exercise"
        return f"{self.date.isoformat()} {what}: pain {self.pain}/10"


def session_pain(session: SessionRecord) -> PainFact | None:
    """The worst of pain during and an hour after a session, with how to cite it."""
    during, after = session.pain_during, session.pain_after
    if during is None and after is None:
        return None
    if after is None or (during is not None and during >= after):
        pain, label = during, "during"
    else:
        pain, label = after, "an hour after"
    assert pain is not None
    return PainFact(session, None, pain, label)


def exercise_pain(log: ExerciseLogRecord) -> PainFact | None:
    if log.pain is None:
        return None
    return PainFact(None, log, log.pain)


# --------------------------------------------------------------------- the per-day context


@dataclass
class DayContext:
    """The data visible for the plan of `day`: sessions dated before it, check-ins up to it."""

    journal: RuleInputs
    day: dt.date
    no_run: Callable[[dt.date], bool] = field(default=lambda _day: False)
    # Every enabled rule's parameters, for conditions whose edges follow another rule (P2).
    rule_params: Mapping[str, Params] = field(default_factory=dict)
    # Whether one of the named rules forbade running on a day (walk-run entry after P3/P10/P11).
    no_run_by: Callable[[dt.date, frozenset[str]], bool] = field(default=lambda _day, _rules: False)
    # The start of the red-flag episode a clearing visit closed (None: it closed none).
    episode_closed_by: Callable[[VisitRecord], dt.date | None] = field(default=lambda _visit: None)
    # Entries dated on or before `floor` are not seen: what a clinician saw at a visit that
    # cleared running does not reopen a red flag (None: everything is seen).
    floor: dt.date | None = None

    def _start(self, start: dt.date) -> dt.date:
        return start if self.floor is None else max(start, self.floor + DAY)

    # Windows as defined in spec/suggestion.md: "the last N days" of sessions are D-N..D-1 and of
    # check-ins D-N..D, so this morning's check-in is inside every window, "last 1 day" included.
    def sessions_last(self, days: int) -> Sequence[SessionRecord]:
        return self.journal.sessions_between(self._start(self.day - days * DAY), self.day - DAY)

    def runs_last(self, days: int) -> list[SessionRecord]:
        return [s for s in self.sessions_last(days) if is_running(s)]

    def checkins_last(self, days: int) -> Sequence[CheckInRecord]:
        return self.journal.checkins_between(self._start(self.day - days * DAY), self.day)

    def entries_last(self, days: int) -> list[Entry]:
        """Sessions and check-ins of the last `days` days in the order they happened."""
        entries: list[Entry] = [*self.checkins_last(days), *self.sessions_last(days)]
        entries.sort(key=_order)
        return entries

    def checkin_today(self) -> CheckInRecord | None:
        return self.journal.checkin_on(self.day)

    def latest_checkin(self, days: int) -> CheckInRecord | None:
        checkins = self.checkins_last(days)
        return checkins[-1] if checkins else None

    def last_run(self, lookback_days: int) -> SessionRecord | None:
        """The latest run visible today, if it is within `lookback_days`."""
        run = self.journal.running.last_run_before(self.day)
        if run is None or run.date < self.day - lookback_days * DAY:
            return None
        return run

    def pain_facts(self, start: dt.date, end: dt.date, at_least: int = 0) -> list[PainFact]:
        """Pain from every loading activity dated start..end (sessions of any activity and
        exercise logs) at `at_least` or more, only what the plan of this day can see."""
        start, end = self._start(start), min(end, self.day - DAY)
        facts = [
            f
            for s in self.journal.sessions_between(start, end)
            if (f := session_pain(s)) is not None and f.pain >= at_least
        ]
        facts += [
            f
            for log in self.journal.exercise_logs_between(start, end)
            if log.pain is not None and log.pain >= at_least and (f := exercise_pain(log))
        ]
        return facts

    def hurting_activities(self, days: int, above: int) -> dict[str, str]:
        """Activities with pain above `above` or sharp pain in the last `days` days: code ->
        the latest fact (an alternative that hurt is never suggested)."""
        found: dict[str, str] = {}
        for session in self.sessions_last(days):
            pain = session_pain(session)
            sharp = Symptom.SHARP_PAIN in session.symptoms
            if sharp:
                found[session.activity] = fact(session, "sharp pain")
            elif pain is not None and pain.pain > above:
                found[session.activity] = pain.text
        return found

    # ----------------------------------------------------------------- baselines

    def baseline_checkins(
        self, before: dt.date, count: int, exclude_after_pain: int = 5
    ) -> list[CheckInRecord]:
        """The `count` check-ins before `before` that do not follow a run with pain above 5/10."""
        chosen: list[CheckInRecord] = []
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

    def ongoing(self, symptom: str, lookback_days: int) -> list[Entry]:
        """The entries of a restricting symptom that has not ended yet, latest last.

        A symptom ends when a later check-in is logged without it, or a later session whose
        symptoms were filled in (an imported session without them says nothing).
        """
        entries = self.entries_last(lookback_days)
        found: list[Entry] = []
        for entry in reversed(entries):
            if symptom in entry.symptoms:
                found.append(entry)
            elif says_nothing(entry):
                continue
            else:
                break
        found.reverse()
        return found

    def consecutive(
        self, symptom: str, lookback_days: int, mornings_only: bool = False
    ) -> list[list[Entry]]:
        """Runs of consecutive days mentioning `symptom` (spec: a day with entries none of which
        mention it breaks the run; a day without entries neither counts nor breaks it)."""
        entries = (
            list(self.checkins_last(lookback_days))
            if mornings_only
            else self.entries_last(lookback_days)
        )
        by_day: dict[dt.date, list[Entry]] = {}
        for entry in entries:
            if says_nothing(entry):
                continue
            by_day.setdefault(entry.date, []).append(entry)
        streaks: list[list[Entry]] = []
        current: list[Entry] = []
        for date in sorted(by_day):
            mentioning = [e for e in by_day[date] if symptom in e.symptoms]
            if mentioning:
                current.extend(mentioning)
            elif current:
                streaks.append(current)
                current = []
        if current:
            streaks.append(current)
        return streaks


def days_in(entries: Iterable[Entry]) -> int:
    return len({entry.date for entry in entries})


def symptoms_in(entries: Iterable[Entry]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        found.update(entry.symptoms)
    return found
