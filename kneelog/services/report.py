"""The PT-visit progress report's content: every figure for a period, computed once (no Qt).

`build_report(db, options, today)` reads the journal through the services and computes each figure
with the core functions the app itself uses (the trend series behind the charts, the adherence and
AKPS functions behind the Exercises tab, the planning service behind the Tomorrow panel), so the
printout and the screen never disagree. `kneelog.ui.printing` lays the result out on paper; this
module also turns the records into the table rows the printout shows, so tests can check them
without Qt.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from kneelog.core import adherence as adherence_rules
from kneelog.core.akps import AkpsChange, akps_history, change_from_first
from kneelog.core.codes import (
    ACTIVITY_LABELS,
    CROSS_TRAINING,
    RED_FLAG_SYMPTOMS,
    SYMPTOM_LABELS,
    Activity,
    Symptom,
)
from kneelog.core.exercises import ExerciseLibrary
from kneelog.core.formatting import date_span as period_span  # noqa: F401 (the report pages use it)
from kneelog.core.formatting import long_date, short_date
from kneelog.core.load import RUNNING_ACTIVITIES
from kneelog.core.rules import Action, OverrideDifference, Plan, apply_overrides
from kneelog.core.series import Thresholds, TrendSeries, compute_trends
from kneelog.core.units import DistanceUnit, format_duration
from kneelog.persistence.db import Database
from kneelog.services.journal import JournalService
from kneelog.services.plan_text import ACTION_WORDS
from kneelog.services.planning import PlanningService, prescription_dose
from kneelog.services.rehab import RehabService, program_status

if TYPE_CHECKING:
    from kneelog.core.entities import CheckIn, TrainingSession
    from kneelog.core.plan_record import PlanRecord
    from kneelog.core.rehab import Assessment, Prescription

LAST_REPORT_SETTING = "last_report_to"
"""Journal setting: the last day covered by the latest report printed or saved (ISO date)."""
DEFAULT_WEEKS = 4
COMPARE_DAYS = 14
"""Pain is compared between the first and the last two weeks of the period."""
PAIN_MCID = 2.0
"""Clinically important change on the 0-10 pain scale: 2 points (Crossley 2004, VAS; used for the
NPRS in clinical-rules.md b.4). Piva 2009 found 1.16 NPRS points in patellofemoral pain; the report
names both and judges by the more conservative 2."""
PAIN_MCID_SOURCE = (
    "clinically important: a change of 2 points or more (Crossley 2004; Piva 2009 found 1.16 "
    "for the NPRS in patellofemoral pain)"
)
AKPS_MCID_SOURCE = "clinically important: 10 points (Crossley 2004)"
SUMMARY_SYMPTOM_DAYS = 8
"""Symptom days listed on page 1; a longer list gets its own table further on."""
SEED_SYMPTOMS: frozenset[str] = frozenset({Symptom.REDUCED_ROM.value, Symptom.NIGHT_PAIN.value})
DAY = dt.timedelta(days=1)


class ReportSection(StrEnum):
    """The parts of the report a runner can leave out (the header and footer always print)."""

    SUMMARY = "summary"
    NOTES = "notes"
    CHARTS = "charts"
    ADVICE = "advice"
    PROGRAM = "program"
    JOURNAL = "journal"

    @property
    def heading(self) -> str:
        return SECTION_TITLES[self]


SECTION_TITLES: dict[ReportSection, str] = {
    ReportSection.SUMMARY: "Summary",
    ReportSection.NOTES: "Notes and questions for the physical therapist",
    ReportSection.CHARTS: "Pain, distance and exercise adherence",
    ReportSection.ADVICE: "What was advised and what was done",
    ReportSection.PROGRAM: "Home exercise program",
    ReportSection.JOURNAL: "Journal",
}


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return "A4" if self is Paper.A4 else "US Letter"


LETTER_TERRITORIES = frozenset({"US", "CA"})


def paper_for_territory(code: str) -> Paper:
    """US and Canada print on Letter, the rest of the world on A4 (ISO 216)."""
    return Paper.LETTER if code.upper() in LETTER_TERRITORIES else Paper.A4


@dataclass(frozen=True)
class ReportOptions:
    """What the runner picked in the report dialog (or on the command line)."""

    first: dt.date
    last: dt.date
    sections: frozenset[ReportSection] = frozenset(ReportSection)
    notes: str = ""
    paper: Paper = Paper.A4

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"the period ends ({self.last}) before it starts ({self.first})")

    def has(self, section: ReportSection) -> bool:
        return section in self.sections


def default_period(journal: JournalService, today: dt.date) -> tuple[dt.date, dt.date]:
    """Since the last report (the day after its last day) up to today, or the last 4 weeks."""
    stored = journal.setting(LAST_REPORT_SETTING)
    last_report = _parse_date(stored)
    if last_report is not None and last_report < today:
        return last_report + DAY, today
    return today - dt.timedelta(weeks=DEFAULT_WEEKS) + DAY, today


def remember_report(journal: JournalService, options: ReportOptions) -> None:
    """Note a printed or saved report, so the next one starts the day after it (never earlier)."""
    previous = _parse_date(journal.setting(LAST_REPORT_SETTING))
    if previous is None or options.last > previous:
        journal.set_setting(LAST_REPORT_SETTING, options.last.isoformat())


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# --- the figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class PainChange:
    """One pain measure, averaged over the first and the last weeks of the period."""

    label: str
    first_mean: float | None
    last_mean: float | None
    first_days: int
    """Days with a score in the first window (the mean's sample size)."""
    last_days: int

    @property
    def change(self) -> float | None:
        if self.first_mean is None or self.last_mean is None:
            return None
        return self.last_mean - self.first_mean

    @property
    def clinically_important(self) -> bool:
        change = self.change
        # Rounded as printed, so "2.0 points" is never called unimportant.
        return change is not None and abs(round(change, 1)) >= PAIN_MCID

    @property
    def direction(self) -> str:
        """Lower pain is better: "better", "worse", "no change" or "" when it cannot be said."""
        change = self.change
        if change is None:
            return ""
        rounded = round(change, 1)
        if rounded < 0:
            return "better"
        if rounded > 0:
            return "worse"
        return "no change"

    def verdict(self) -> str:
        """E.g. "better by 2.3: clinically important" or "worse by 0.5: below 2 points"."""
        change = self.change
        if change is None:
            return "not enough scores to compare"
        if self.direction == "no change":
            return "no change"
        size = f"{self.direction} by {abs(change):.1f}"
        if self.clinically_important:
            return f"{size}: clinically important"
        return f"{size}: less than {PAIN_MCID:g} points"


@dataclass(frozen=True)
class SymptomDay:
    """A day with a red-flag or seed symptom (the charts' markers), with its symptom labels."""

    date: dt.date
    codes: tuple[str, ...]

    @property
    def red_flags(self) -> tuple[str, ...]:
        return tuple(code for code in self.codes if code in RED_FLAG_CODES)

    def describe(self) -> str:
        return ", ".join(symptom_label(code) for code in self.codes)


RED_FLAG_CODES: frozenset[str] = frozenset(s.value for s in RED_FLAG_SYMPTOMS)


@dataclass(frozen=True)
class ExerciseAdherence:
    """One exercise of the program in the period: its dose and how much of it was done."""

    exercise: str
    name: str
    dose: str
    per_week: int
    dates: str
    status: str
    done: int
    prescribed: float
    ratio: float | None


@dataclass(frozen=True)
class AdviceRow:
    """A day's advice as the app showed it, and what the runner then logged that day."""

    date: dt.date
    advice: str
    detail: str
    done: str
    followed: str


@dataclass(frozen=True)
class JournalRow:
    """One day of the journal table, already in words.

    A day with several sessions has one line per session in the session columns (activity,
    distance, time, RPE, pain), joined with newlines so the lines stay aligned across columns.
    """

    date: dt.date
    morning: str
    activity: str
    distance: str
    time: str
    rpe: str
    pain: str
    symptoms: str
    notes: str


@dataclass(frozen=True)
class ShoeLine:
    name: str
    km: float
    retire_at_km: float | None
    past_retirement: bool


@dataclass
class ReportData:
    """Everything the report prints for one period: figures, table rows and the chart series."""

    options: ReportOptions
    printed: dt.date
    runner_name: str
    pt_name: str
    unit: DistanceUnit
    trends: TrendSeries
    runs: int
    running_km: float
    cross_training_sessions: int
    cross_training_km: float
    other_sessions: int
    longest_run: TrainingSession | None
    pain: tuple[PainChange, ...]
    compare_days: int
    symptom_days: tuple[SymptomDay, ...]
    adherence: float | None
    exercise_adherence: tuple[ExerciseAdherence, ...]
    akps_scores: tuple[Assessment, ...]
    """AKPS scores dated in the period."""
    akps: AkpsChange | None
    """The first score ever against the latest on or before the period's end."""
    shoes: tuple[ShoeLine, ...]
    plan: Plan
    override_differences: tuple[OverrideDifference, ...]
    override_problems: tuple[str, ...]
    advice: tuple[AdviceRow, ...]
    journal: tuple[JournalRow, ...]
    sessions: tuple[TrainingSession, ...] = field(repr=False)
    checkins: tuple[CheckIn, ...] = field(repr=False)
    exercise_names: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def first(self) -> dt.date:
        return self.options.first

    @property
    def last(self) -> dt.date:
        return self.options.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7

    @property
    def weekly_km(self) -> float:
        """Mean running km per week of the period."""
        return self.running_km / self.weeks

    @property
    def is_empty(self) -> bool:
        """Nothing at all was logged in the period."""
        return not self.sessions and not self.checkins

    def distance(self, km: float, decimals: int = 1) -> str:
        return self.unit.format_distance(km * 1000.0, decimals)

    def row_date(self, day: dt.date) -> str:
        """A table row's date: "Tue 5 May", or "Tue 5 May 2026" when the period crosses a year."""
        return short_date(day) if self.first.year == self.last.year else long_date(day)

    def period_text(self) -> str:
        return f"{long_date(self.first)} to {long_date(self.last)} ({self.days} days)"


def symptom_label(code: str) -> str:
    try:
        return SYMPTOM_LABELS[Symptom(code)]
    except ValueError:
        return code.replace("_", " ")


def activity_label(code: str) -> str:
    try:
        return ACTIVITY_LABELS[Activity(code)]
    except ValueError:
        return code.replace("_", " ").capitalize()


def _mean(values: np.ndarray) -> tuple[float | None, int]:
    finite = values[np.isfinite(values)]
    if not len(finite):
        return None, 0
    return float(finite.mean()), len(finite)


def pain_changes(trends: TrendSeries) -> tuple[tuple[PainChange, ...], int]:
    """Mean daily pain (the charts' daily values) over the first and the last two weeks.

    A period shorter than four weeks is split in halves; one shorter than two days is not
    compared (the means are None). Returns the changes and the window length in days.
    """
    days = len(trends.days)
    window = min(COMPARE_DAYS, days // 2)
    series = (
        ("During runs", trends.pain_during),
        ("After runs", trends.pain_after),
        ("Next morning", trends.pain_morning),
    )
    changes = []
    for label, values in series:
        if window == 0:
            changes.append(PainChange(label, None, None, 0, 0))
            continue
        first_mean, first_n = _mean(values[:window])
        last_mean, last_n = _mean(values[-window:])
        changes.append(PainChange(label, first_mean, last_mean, first_n, last_n))
    return tuple(changes), window


def _session_words(session: TrainingSession, unit: DistanceUnit) -> str:
    parts = [activity_label(session.activity)]
    if session.distance_m:
        parts.append(unit.format_distance(session.distance_m))
    elif session.duration_s:
        parts.append(format_duration(session.duration_s))
    pains = []
    if session.pain_during is not None:
        pains.append(f"during {session.pain_during}")
    if session.pain_after is not None:
        pains.append(f"after {session.pain_after}")
    text = " ".join(parts)
    return f"{text} (pain {', '.join(pains)})" if pains else text


def followed_advice(plan: Mapping[str, Any], sessions: Sequence[TrainingSession]) -> str:
    """Whether the day's running kept to the advice: a short verdict for the PT.

    Only running is judged (the advice is about running); cross-training is always allowed.
    """
    runs = [s for s in sessions if s.activity in RUNNING_ACTIVITIES]
    if not runs:
        return "no run" if plan.get("run_allowed") else "yes"
    if not plan.get("run_allowed"):
        return "ran although no running was advised"
    km = sum((s.distance_m or 0.0) for s in runs) / 1000.0
    minutes = sum((s.duration_s or 0.0) for s in runs) / 60.0
    # "At most 3 km or 20 minutes": whichever limit comes first, so going past either is over.
    cap_km = plan.get("max_run_km")
    cap_min = plan.get("max_run_min")
    if cap_km is not None and km > cap_km + 0.05:
        return f"over: {km:.1f} km (cap {cap_km:.1f})"
    if cap_min is not None and minutes > cap_min + 0.5:
        return f"over: {minutes:.0f} min (cap {cap_min})"
    return "yes"


def advice_rows(
    shown: Sequence[PlanRecord],
    sessions: Sequence[TrainingSession],
    unit: DistanceUnit,
) -> tuple[AdviceRow, ...]:
    """Each shown plan next to the sessions logged on the day it was for."""
    by_day: dict[dt.date, list[TrainingSession]] = {}
    for session in sessions:
        by_day.setdefault(session.date, []).append(session)
    rows = []
    for record in shown:
        plan = record.plan
        day_sessions = by_day.get(record.for_date, [])
        try:
            action = ACTION_WORDS[Action(str(plan.get("action")))]
        except ValueError:
            action = str(plan.get("action", ""))
        detail = str(plan.get("headline", ""))
        done = "; ".join(_session_words(s, unit) for s in day_sessions) or "nothing logged"
        rows.append(
            AdviceRow(
                record.for_date,
                action[:1].upper() + action[1:],
                detail,
                done,
                followed_advice(plan, day_sessions),
            )
        )
    return tuple(rows)


def _pain_text(*values: tuple[str, int | None]) -> str:
    return " ".join(f"{label}{value}" for label, value in values if value is not None)


def _lines(values: Iterable[str]) -> str:
    return "\n".join(values)


def journal_rows(
    sessions: Iterable[TrainingSession],
    checkins: Iterable[CheckIn],
    unit: DistanceUnit,
) -> tuple[JournalRow, ...]:
    """One row per day with an entry: the morning check-in, then the day's sessions in order."""
    mornings = {c.date: c for c in checkins}
    by_day: dict[dt.date, list[TrainingSession]] = {}
    for s in sorted(sessions, key=lambda s: (s.date, s.start_time or "", s.id)):
        by_day.setdefault(s.date, []).append(s)
    rows = []
    for day in sorted(set(mornings) | set(by_day)):
        checkin = mornings.get(day)
        day_sessions = by_day.get(day, [])
        symptoms: list[str] = list(checkin.symptoms) if checkin is not None else []
        for s in day_sessions:
            symptoms += s.symptoms
        # Each note names its entry when the day has notes from more than one entry.
        sourced = [("Morning", checkin.notes)] if checkin is not None and checkin.notes else []
        sourced += [(activity_label(s.activity), s.notes) for s in day_sessions if s.notes]
        notes = [text if len(sourced) == 1 else f"{source}: {text}" for source, text in sourced]

        rows.append(
            JournalRow(
                date=day,
                morning=""
                if checkin is None
                else _pain_text(("M", checkin.morning_pain), ("S", checkin.morning_stiffness)),
                activity=_lines(activity_label(s.activity) for s in day_sessions),
                distance=_lines(
                    unit.format_distance(s.distance_m, 2) if s.distance_m else "–"
                    for s in day_sessions
                ),
                time=_lines(format_duration(s.duration_s) or "–" for s in day_sessions),
                rpe=_lines("–" if s.rpe is None else str(s.rpe) for s in day_sessions),
                pain=_lines(
                    (_pain_text(("D", s.pain_during), ("A", s.pain_after)) or "–")
                    + (" ↑" if s.pain_trend == "worse" else "")
                    for s in day_sessions
                ),
                symptoms=", ".join(symptom_label(code) for code in dict.fromkeys(symptoms)),
                notes="\n".join(notes),
            )
        )
    return tuple(rows)


def exercise_rows(
    program: Sequence[Prescription],
    by_prescription: Mapping[str, adherence_rules.Adherence],
    library: ExerciseLibrary,
    first: dt.date,
    last: dt.date,
) -> tuple[ExerciseAdherence, ...]:
    """The prescriptions that overlap the period, each with its own adherence in it (an
    exercise prescribed again after an earlier prescription ended has a row for each)."""
    rows = []
    for p in program:
        if p.start > last or (p.end is not None and p.end < first):
            continue
        figure = by_prescription.get(p.id, adherence_rules.Adherence())
        if p.end is None:
            dates = f"since {long_date(p.start)}"
        elif p.end.year == p.start.year:
            dates = f"{short_date(p.start)} – {long_date(p.end)}"
        else:
            dates = f"{long_date(p.start)} – {long_date(p.end)}"
        rows.append(
            ExerciseAdherence(
                exercise=p.exercise,
                name=library.name_of(p.exercise),
                dose=prescription_dose(p, library),
                per_week=p.per_week,
                dates=dates,
                status=program_status(p, last).label,
                done=figure.done,
                prescribed=figure.prescribed,
                ratio=figure.ratio,
            )
        )
    return tuple(rows)


REPORT_LOOKBACK = dt.timedelta(days=70)


def build_report(db: Database, options: ReportOptions, today: dt.date) -> ReportData:
    """Read the journal and compute the report for `options` (printed on `today`)."""
    journal = JournalService(db)
    rehab = RehabService(db)
    planning = PlanningService(db, library=rehab.library)
    settings = journal.settings()
    unit = DistanceUnit(settings.get("units") or "km")
    first, last = options.first, options.last

    # Every figure looks back at most a few weeks before the period (28-day load, 30-day spike,
    # 4-week mean, the week `first` falls in): no need to read twenty years of history.
    since = first - REPORT_LOOKBACK
    all_sessions = journal.sessions(until=last, since=since)
    all_checkins = journal.checkins(until=last, since=since)
    program = rehab.prescriptions()
    week_start = rehab.week_start()
    logs = rehab.exercise_logs(since, last)
    assessments = rehab.assessments()
    overrides = planning.overrides()
    rules = apply_overrides(planning.rules, overrides) if overrides else planning.rules
    trends = compute_trends(
        all_sessions,
        all_checkins,
        first,
        last,
        prescriptions=program,
        exercise_logs=logs,
        assessments=assessments,
        week_start=week_start,
        thresholds=Thresholds.from_rules(rules),
    )

    sessions = tuple(s for s in all_sessions if first <= s.date <= last)
    checkins = tuple(c for c in all_checkins if first <= c.date <= last)
    runs = [s for s in sessions if s.activity in RUNNING_ACTIVITIES]
    cross_codes = {a.value for a in CROSS_TRAINING}
    cross = [s for s in sessions if s.activity in cross_codes]
    longest = max(runs, key=lambda s: (s.distance_m or 0.0, s.date), default=None)
    if longest is not None and not longest.distance_m:
        longest = None
    pain, window = pain_changes(trends)

    overall = adherence_rules.adherence(program, logs, first, last, week_start)
    by_prescription = adherence_rules.adherence_by_prescription(
        program, logs, first, last, week_start
    )
    history = akps_history(a for a in assessments if a.date <= last)

    reading = planning.read_overrides()
    shoes = tuple(
        ShoeLine(m.name, m.km, m.retire_at_km, m.past_retirement)
        for m in journal.shoes()
        if m.retired is None or m.retired >= first
    )
    return ReportData(
        options=options,
        printed=today,
        runner_name=str(settings.get("runner_name") or ""),
        pt_name=str(settings.get("pt_name") or ""),
        unit=unit,
        trends=trends,
        runs=len(runs),
        running_km=sum((s.distance_m or 0.0) for s in runs) / 1000.0,
        cross_training_sessions=len(cross),
        cross_training_km=sum((s.distance_m or 0.0) for s in cross) / 1000.0,
        other_sessions=len(sessions) - len(runs) - len(cross),
        longest_run=longest,
        pain=pain,
        compare_days=window,
        symptom_days=tuple(
            SymptomDay(dt.date.fromordinal(mark.day), mark.symptoms)
            for mark in trends.symptom_marks
        ),
        adherence=overall.ratio,
        exercise_adherence=exercise_rows(program, by_prescription, rehab.library, first, last),
        akps_scores=tuple(a for a in history if first <= a.date),
        akps=change_from_first(history),
        shoes=shoes,
        plan=planning.plan_for(last + DAY),
        override_differences=tuple(planning.override_differences()),
        override_problems=reading.problems,
        advice=advice_rows(planning.shown_plans(first, last), sessions, unit),
        journal=journal_rows(sessions, checkins, unit),
        sessions=sessions,
        checkins=checkins,
        exercise_names={p.exercise: rehab.library.name_of(p.exercise) for p in program},
    )


def percent(ratio: float | None) -> str:
    return "–" if ratio is None or math.isnan(ratio) else f"{ratio * 100:.0f} %"
