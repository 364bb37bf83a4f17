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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from kneelog.core import (
    ACTIVITY_LABELS,
    CROSS_TRAINING,
    RED_FLAG_SYMPTOMS,
    RUNNING_ACTIVITIES,
    SYMPTOM_LABELS,
    Action,
    Activity,
    Adherence,
    AkpsChange,
    DistanceUnit,
    ExerciseLibrary,
    OverrideDifference,
    Plan,
    Symptom,
    Thresholds,
    TrendSeries,
    adherence_by_prescription,
    akps_history,
    apply_overrides,
    compute_trends,
    counts_in_load,
    date_span as period_span,
    format_duration,
    load_sessions,
    long_date,
    percent,
    plural,
    short_date,
)
from kneelog.persistence import Database, read_assessments, read_profile, read_program, read_visits
from kneelog.services.entries import EntryService
from kneelog.services.plan_text import ACTION_WORDS
from kneelog.services.planning import PlanningService, prescription_dose
from kneelog.services.profile_text import visit_text
from kneelog.services.rehab import (
    RehabService,
    program_status,
    read_log_records,
    read_week_start,
)

if TYPE_CHECKING:
    from kneelog.core import (
        AssessmentRecord as Assessment,
        CheckInRecord as CheckIn,
        PrescriptionRecord as Prescription,
        ProfileRecord,
        SessionRecord as TrainingSession,
        ShownPlan,
        VisitRecord,
    )

DEFAULT_WEEKS = 4
LONGEST_DEFAULT_WEEKS = 12
"""Without a visit, the default period starts at the first entry, but at most 12 weeks back."""
PAIN_MCID = 2.0
"""Clinically important change on the 0-10 pain scale: 2 points (Crossley 2004, VAS; used for the
NPRS in clinical-rules.md b.4). Piva 2009 found 1.16 NPRS points in patellofemoral pain; the report
names both and judges by the more conservative 2."""
PAIN_MCID_SOURCE = (
    "pain: a change of 2 points or more is clinically important (Crossley 2004; Piva 2009 found "
    "1.16 for the NPRS in patellofemoral pain)"
)
AKPS_MCID_SOURCE = "AKPS: 10 points or more (Crossley 2004)"
SAME_KM_FRACTION = 0.10
"""Weekly distance within 10 % of the previous period reads as "about the same" (the 10 % weekly
step of the load rules; a description, not a clinical judgement)."""
SAME_ADHERENCE_POINTS = 10.0
MIN_WEEK_DAYS = 4
"""A partial week with fewer days than this in the period gets no adherence bar: too few days
to judge (a 2-day stub would otherwise print as a "0" week)."""
SUMMARY_SYMPTOM_DAYS = 8
"""Symptom days listed in the summary; a longer list gets its own table further on."""
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


def default_period(
    today: dt.date, last_visit: dt.date | None, first_entry: dt.date | None
) -> tuple[dt.date, dt.date]:
    """From the last clinician visit to today; without one, from the first entry but at most
    12 weeks back; with an empty journal, the last 4 weeks."""
    if last_visit is not None and last_visit <= today:
        return last_visit, today
    if first_entry is not None and first_entry <= today:
        return max(first_entry, today - dt.timedelta(weeks=LONGEST_DEFAULT_WEEKS) + DAY), today
    return today - dt.timedelta(weeks=DEFAULT_WEEKS) + DAY, today


def last_visit_date(db: Database, today: dt.date) -> dt.date | None:
    """The date of the latest clinician visit on or before today."""
    _profile, visits = read_profile_and_visits(db)
    return max((v.date for v in visits if v.date <= today), default=None)


def report_period(db: Database, today: dt.date) -> tuple[dt.date, dt.date]:
    """The report's default period for this journal (see `default_period`)."""
    return default_period(today, last_visit_date(db, today), first_entry_date(db))


def first_entry_date(db: Database) -> dt.date | None:
    """The date of the first session or check-in in the journal."""
    with db.reading() as connection:
        row = connection.execute(
            "SELECT min(d) FROM (SELECT min(date) AS d FROM training_session "
            "UNION ALL SELECT min(date) FROM checkin)"
        ).fetchone()
    return _parse_date(row[0]) if row else None


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- the figures --------------------------------------------------------------------------


class Tone(StrEnum):
    """How a change reads for the knee: coloured on paper, worded in the text."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class PainChange:
    """One pain measure (the mean of the daily worst scores) in the period and the one before."""

    label: str
    before_mean: float | None
    now_mean: float | None
    before_days: int
    """Days with a score in the previous period (the mean's sample size)."""
    now_days: int

    @property
    def change(self) -> float | None:
        if self.before_mean is None or self.now_mean is None:
            return None
        return self.now_mean - self.before_mean

    @property
    def clinically_important(self) -> bool:
        change = self.change
        # Rounded as printed, so "2.0 points" is never called unimportant.
        return change is not None and abs(round(change, 1)) >= PAIN_MCID

    @property
    def tone(self) -> Tone:
        """Lower pain is better; a change smaller than the MCID is no meaningful change."""
        change = self.change
        if change is None:
            return Tone.NEUTRAL
        if not self.clinically_important:
            return Tone.SAME
        return Tone.BETTER if change < 0 else Tone.WORSE

    def verdict(self) -> str:
        """E.g. "better: down 2.3 points" or "no meaningful change (up 0.3 points)"."""
        change = self.change
        if change is None:
            return "not enough scores to compare"
        rounded = round(change, 1)
        if rounded == 0:
            return "no change"
        size = f"{'down' if rounded < 0 else 'up'} {abs(rounded):.1f} point{_s(abs(rounded))}"
        if self.tone is Tone.SAME:
            return f"no meaningful change ({size})"
        return f"{self.tone.value}: {size}"


@dataclass(frozen=True)
class Comparison:
    """One headline figure of page 1: the period against the same number of days before it."""

    label: str
    now: str
    before: str
    change: str
    tone: Tone = Tone.NEUTRAL


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
class RedFlagEpisode:
    """A red-flag episode: the day it opened, and the last plan day of the period it was open."""

    first: dt.date
    last: dt.date
    rules: tuple[str, ...]
    """The red-flag rules' titles, in the order they first fired."""
    advice: str
    """The most serious advice of the episode, in words."""

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


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

    @property
    def done_text(self) -> str:
        """E.g. "9 of 12": sessions are whole, so the pro-rated number due is rounded."""
        return f"{self.done} of {round(self.prescribed)}"


@dataclass(frozen=True)
class DayAdvice:
    """One day of the period: the plan recomputed for it, and what the runner logged."""

    date: dt.date
    action: str
    advice: str
    """The plan's summary after its action ("Run less: ..."), or its headline (which names the
    action itself) while plans have no summary."""
    limit: str
    """The running limit alone ("at most 3.4 km or 22 minutes", "no running"), so a day whose
    plan repeats the day before with other numbers can say just that."""
    shown: str
    """"yes" when the app showed this day's plan (with what it said if that differed), else ""."""
    logged: str
    kept: str
    over: bool
    """The runner ran more than advised (or ran when no running was advised)."""


@dataclass(frozen=True)
class ReportWeek:
    """One calendar week of the charts, clipped to the period."""

    start: dt.date
    first: dt.date
    last: dt.date
    running_km: float
    adherence_pct: float | None
    """Exercise sessions done, % of those prescribed; None when nothing was prescribed or the
    week has fewer than MIN_WEEK_DAYS days in the period."""

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def partial(self) -> bool:
        return self.days < 7


@dataclass(frozen=True)
class PrintedDay:
    """One day of the report's journal table, in words: a day of sessions and a check-in,
    printed (the sessions themselves are `SessionRecord`s; this is their text on paper).

    A day with several sessions has one line per session in the session columns (activity,
    distance, time, RPE, pain), joined with newlines so the lines stay aligned across columns.
    """

    date: dt.date
    morning_pain: str
    stiffness: str
    activity: str
    distance: str
    time: str
    rpe: str
    pain_during: str
    pain_after: str
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
    comparisons: tuple[Comparison, ...]
    previous_first: dt.date
    previous_last: dt.date
    symptom_days: tuple[SymptomDay, ...]
    red_flag_episodes: tuple[RedFlagEpisode, ...]
    adherence: float | None
    previous_adherence: float | None
    exercise_adherence: tuple[ExerciseAdherence, ...]
    akps_scores: tuple[Assessment, ...]
    """AKPS scores dated in the period."""
    akps: AkpsChange | None
    """The latest score before the period (or its first score) against its latest."""
    shoes: tuple[ShoeLine, ...]
    plan: Plan
    """The plan in force today (or on the period's last day when it ended earlier)."""
    override_differences: tuple[OverrideDifference, ...]
    override_problems: tuple[str, ...]
    advice: tuple[DayAdvice, ...]
    weeks: tuple[ReportWeek, ...]
    journal: tuple[PrintedDay, ...]
    sessions: tuple[TrainingSession, ...] = field(repr=False)
    checkins: tuple[CheckIn, ...] = field(repr=False)
    profile: ProfileRecord | None = None
    visits: tuple[VisitRecord, ...] = ()
    """The clinician visits in the period, oldest first."""
    last_visit: VisitRecord | None = None
    """The latest visit on or before the period's last day (it may be before the period)."""
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
    def weeks_count(self) -> float:
        return self.days / 7

    @property
    def weekly_km(self) -> float:
        """Mean running km per week of the period."""
        return self.running_km / self.weeks_count

    @property
    def is_empty(self) -> bool:
        """Nothing at all was logged in the period."""
        return not self.sessions and not self.checkins

    @property
    def previous_days(self) -> int:
        return (self.previous_last - self.previous_first).days + 1

    @property
    def over_days(self) -> tuple[DayAdvice, ...]:
        return tuple(day for day in self.advice if day.over)

    def distance(self, km: float, decimals: int = 1) -> str:
        return self.unit.format_distance(km * 1000.0, decimals)

    def row_date(self, day: dt.date) -> str:
        """A table row's date: "Tue 5 May", or "Tue 5 May 2026" when the period crosses a year."""
        return short_date(day) if self.first.year == self.last.year else long_date(day)

    def period_text(self) -> str:
        return f"{long_date(self.first)} to {long_date(self.last)} ({plural(self.days, 'day')})"

    def previous_text(self) -> str:
        """E.g. "the 28 days before (Sat 10 Oct to Fri 6 Nov)"."""
        return (
            f"the {plural(self.previous_days, 'day')} before "
            f"({period_span(self.previous_first, self.previous_last)})"
        )


def _s(count: float) -> str:
    return "" if count == 1 else "s"


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


def action_label(action: Action) -> str:
    words = ACTION_WORDS[action]
    return words[:1].upper() + words[1:]


# --- pain, distance, adherence and AKPS against the previous period ------------------------


def _daily_worst(
    items: Iterable[tuple[dt.date, int | None]], first: dt.date, last: dt.date
) -> dict[dt.date, int]:
    """Per day first..last, the highest score (the charts' daily value)."""
    worst: dict[dt.date, int] = {}
    for day, score in items:
        if score is None or not first <= day <= last:
            continue
        if score > worst.get(day, -1):
            worst[day] = score
    return worst


def _mean_of(values: Iterable[int]) -> tuple[float | None, int]:
    kept = list(values)
    return (sum(kept) / len(kept), len(kept)) if kept else (None, 0)


def pain_changes(
    sessions: Sequence[TrainingSession],
    checkins: Sequence[CheckIn],
    previous: tuple[dt.date, dt.date],
    period: tuple[dt.date, dt.date],
) -> tuple[PainChange, ...]:
    """Mean daily pain during runs, after runs and in the morning: period against previous."""
    runs = [s for s in sessions if s.activity in RUNNING_ACTIVITIES]
    measures = (
        ("Pain during runs", [(s.date, s.pain_during) for s in runs]),
        ("Pain after runs", [(s.date, s.pain_after) for s in runs]),
        ("Morning pain", [(c.date, c.morning_pain) for c in checkins]),
    )
    changes = []
    for label, items in measures:
        before, before_n = _mean_of(_daily_worst(items, *previous).values())
        now, now_n = _mean_of(_daily_worst(items, *period).values())
        changes.append(PainChange(label, before, now, before_n, now_n))
    return tuple(changes)


def _pain_comparison(change: PainChange) -> Comparison:
    def text(mean: float | None, days: int) -> str:
        return "no scores" if mean is None else f"{mean:.1f} ({plural(days, 'day')})"

    return Comparison(
        f"{change.label} (0-10)",
        text(change.now_mean, change.now_days),
        text(change.before_mean, change.before_days),
        change.verdict(),
        change.tone,
    )


def km_comparison(now_km: float, before_km: float, unit: DistanceUnit) -> Comparison:
    """Weekly running distance: more, less or about the same (within 10 %), not better or worse:
    more running is not in itself better for a sore knee."""

    def text(km: float) -> str:
        return unit.format_distance(km * 1000.0) + " a week"

    if before_km <= 0 and now_km <= 0:
        change = "no running in either"
    elif before_km <= 0:
        change = "running again (none before)"
    else:
        ratio = now_km / before_km - 1.0
        if abs(ratio) < SAME_KM_FRACTION:
            change = f"about the same ({'up' if ratio >= 0 else 'down'} {abs(ratio):.0%})"
        else:
            more = ratio > 0
            change = f"{'more' if more else 'less'}: {'up' if more else 'down'} {abs(ratio):.0%}"
    return Comparison("Running distance", text(now_km), text(before_km), change)


def adherence_comparison(now: float | None, before: float | None) -> Comparison:
    if now is None and before is None:
        return Comparison("Home exercises done", "no program", "no program", "")
    change = ""
    if now is not None and before is not None:
        points = round((now - before) * 100)
        if abs(points) < SAME_ADHERENCE_POINTS:
            change = "about the same" + (
                f" ({'up' if points > 0 else 'down'} {abs(points)} points)" if points else ""
            )
        else:
            higher = points > 0
            word, way = ("higher", "up") if higher else ("lower", "down")
            change = f"{word}: {way} {abs(points)} points"
    return Comparison(
        "Home exercises done",
        percent(now) if now is not None else "no program",
        percent(before) if before is not None else "no program",
        change,
        Tone.NEUTRAL,
    )


def akps_period_change(
    history: Sequence[Assessment], first: dt.date, last: dt.date
) -> AkpsChange | None:
    """The latest AKPS before the period (else the period's first) against the latest by its end."""
    upto = [a for a in history if a.date <= last]
    before = [a for a in upto if a.date < first]
    inside = [a for a in upto if a.date >= first]
    if not inside:
        return None
    start = before[-1] if before else inside[0]
    latest = inside[-1]
    if start is latest:
        return None
    return AkpsChange(start.date, start.score, latest.date, latest.score)


def akps_comparison(change: AkpsChange | None, scores: Sequence[Assessment]) -> Comparison:
    label = "Kujala AKPS (0-100, higher is better)"
    if change is None:
        if scores:
            only = scores[-1]
            return Comparison(
                label,
                f"{only.score} on {short_date(only.date)}",
                "no earlier score",
                "the first score: nothing to compare yet",
            )
        return Comparison(label, "no score in this period", "", "")
    points = change.change
    size = f"{'up' if points > 0 else 'down'} {abs(points)} point{_s(abs(points))}"
    if change.improved_by_mcid:
        verdict, tone = f"better: {size}", Tone.BETTER
    elif change.worsened_by_mcid:
        verdict, tone = f"worse: {size}", Tone.WORSE
    elif points == 0:
        verdict, tone = "no change", Tone.SAME
    else:
        verdict, tone = f"no meaningful change ({size})", Tone.SAME
    return Comparison(
        label,
        f"{change.latest_score} on {short_date(change.latest_date)}",
        f"{change.first_score} on {short_date(change.first_date)}",
        verdict,
        tone,
    )


# --- the days: advice recomputed, what was logged, whether it was kept -----------------------


def _session_words(session: TrainingSession, unit: DistanceUnit) -> str:
    parts = [activity_label(session.activity)]
    if session.distance_m:
        parts.append(unit.format_distance(session.distance_m))
    if session.duration_s:
        parts.append(format_duration(session.duration_s))
    pains = []
    if session.pain_during is not None:
        pains.append(f"{session.pain_during} during")
    if session.pain_after is not None:
        pains.append(f"{session.pain_after} after")
    text = " ".join(parts)
    if pains:
        text += f", pain {', '.join(pains)}"
    if session.pain_trend == "worse":
        text += ", worse as it went on"
    return text


def _morning_words(checkin: CheckIn) -> str:
    parts = []
    if checkin.morning_pain is not None:
        parts.append(f"pain {checkin.morning_pain}")
    if checkin.morning_stiffness is not None:
        parts.append(f"stiffness {checkin.morning_stiffness}")
    symptoms = [
        symptom_label(code).lower()
        for code in checkin.symptoms
        # A stiffness score already says it.
        if not (code == Symptom.STIFFNESS.value and checkin.morning_stiffness is not None)
    ]
    parts += symptoms
    return "Morning: " + ", ".join(parts) if parts else "Morning check-in"


def followed_advice(
    run_allowed: bool,
    max_run_km: float | None,
    max_run_min: float | None,
    sessions: Sequence[TrainingSession],
    unit: DistanceUnit = DistanceUnit.KM,
) -> tuple[str, bool]:
    """Whether the day's running kept to the advice, in words, and whether it went over.

    Only running is judged (the advice is about running); cross-training is always allowed.
    """
    runs = [s for s in sessions if s.activity in RUNNING_ACTIVITIES]
    if not runs:
        return ("no run" if run_allowed else "yes"), False
    km = sum((s.distance_m or 0.0) for s in runs) / 1000.0
    minutes = sum((s.duration_s or 0.0) for s in runs) / 60.0
    ran = unit.format_distance(km * 1000.0) if km else f"{minutes:.0f} min"
    if not run_allowed:
        return f"no: ran {ran}, no running was advised", True
    # "At most 3 km or 20 minutes": whichever limit comes first, so going past either is over.
    if max_run_km is not None and km > max_run_km + 0.05:
        cap = unit.format_distance(max_run_km * 1000.0)
        return f"over: ran {ran}, at most {cap} advised", True
    if max_run_min is not None and minutes > max_run_min + 0.5:
        return f"over: ran {minutes:.0f} min, at most {max_run_min:.0f} min advised", True
    return "yes", False


def limit_words(plan: Plan, unit: DistanceUnit) -> str:
    """The plan's running limit in words."""
    if not plan.run_allowed:
        return "no running"
    parts = []
    if plan.max_run_km is not None:
        parts.append(unit.format_distance(plan.max_run_km * 1000.0))
    if plan.max_run_min is not None:
        parts.append(f"{plan.max_run_min} minutes")
    return f"at most {' or '.join(parts)}" if parts else ""


def _shown_words(record: ShownPlan | None, plan: Plan) -> str:
    if record is None:
        return ""
    try:
        shown = Action(str(record.plan.get("action")))
    except ValueError:
        return "yes"
    if shown is plan.action:
        return "yes"
    # Entries logged or changed after the plan was shown change the recomputed plan.
    return f"yes, then: {ACTION_WORDS[shown]}"


def day_advice(
    plans: Sequence[Plan],
    shown: Sequence[ShownPlan],
    sessions: Sequence[TrainingSession],
    checkins: Sequence[CheckIn],
    unit: DistanceUnit,
    visits: Sequence[VisitRecord] = (),
) -> tuple[DayAdvice, ...]:
    """Every day's recomputed plan next to what was logged that day (visits included) and
    whether it was kept."""
    by_day: dict[dt.date, list[TrainingSession]] = {}
    for session in sorted(sessions, key=lambda s: (s.date, s.start_time or "", s.id)):
        by_day.setdefault(session.date, []).append(session)
    mornings = {c.date: c for c in checkins}
    records = {r.for_date: r for r in shown}
    rows = []
    for plan in plans:
        day = plan.for_date
        day_sessions = by_day.get(day, [])
        logged = [_morning_words(mornings[day])] if day in mornings else []
        logged += [_session_words(s, unit) for s in day_sessions]
        logged += [f"Visit: {visit_text(v)}" for v in visits if v.date == day]
        kept, over = followed_advice(
            plan.run_allowed, plan.max_run_km, plan.max_run_min, day_sessions, unit
        )
        rows.append(
            DayAdvice(
                date=day,
                action=action_label(plan.action),
                advice=f"{action_label(plan.action)}: {plan.summary}"
                if plan.summary
                else plan.headline,
                limit=limit_words(plan, unit),
                shown=_shown_words(records.get(day), plan),
                logged="; ".join(logged) or "nothing logged",
                kept=kept,
                over=over,
            )
        )
    return tuple(rows)


def red_flag_episodes(
    plans: Sequence[Plan], titles: Mapping[str, str]
) -> tuple[RedFlagEpisode, ...]:
    """The red-flag episodes open on some day of the period: opened by a red-flag rule, closed
    only by a clinician visit clearing running (the plans carry them)."""
    found: dict[tuple[dt.date, str], list[Plan]] = {}
    for plan in plans:
        if plan.episode is not None:
            found.setdefault((plan.episode.since, plan.episode.rule), []).append(plan)
    episodes = []
    for (since, rule), days in found.items():
        worst = min((p.action for p in days), key=lambda a: a.rank)
        episodes.append(
            RedFlagEpisode(
                since,
                days[-1].for_date,
                (titles.get(rule, rule),),
                ACTION_WORDS[worst],
            )
        )
    return tuple(sorted(episodes, key=lambda e: e.first))


def report_weeks(
    trends: TrendSeries, sessions: Sequence[TrainingSession], first: dt.date, last: dt.date
) -> tuple[ReportWeek, ...]:
    """The charts' weeks clipped to the period, their running km counted inside it only."""
    km_by_day: dict[dt.date, float] = {}
    for s in sessions:
        if s.activity in RUNNING_ACTIVITIES and s.distance_m and counts_in_load(s):
            km_by_day[s.date] = km_by_day.get(s.date, 0.0) + s.distance_m / 1000.0
    adherence_by_week = {
        int(week): float(pct)
        for week, pct in zip(trends.adherence_weeks, trends.adherence_pct, strict=True)
        if np.isfinite(pct)
    }
    weeks = []
    for ordinal in trends.weeks:
        start = dt.date.fromordinal(int(ordinal))
        lo, hi = max(start, first), min(start + 6 * DAY, last)
        km = sum(v for d, v in km_by_day.items() if lo <= d <= hi)
        pct = adherence_by_week.get(int(ordinal))
        if (hi - lo).days + 1 < MIN_WEEK_DAYS:
            pct = None
        weeks.append(ReportWeek(start, lo, hi, km, pct))
    return tuple(weeks)


def _lines(values: Iterable[str]) -> str:
    return "\n".join(values)


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def journal_rows(
    sessions: Iterable[TrainingSession],
    checkins: Iterable[CheckIn],
    unit: DistanceUnit,
) -> tuple[PrintedDay, ...]:
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
        if any(s.pain_trend == "worse" for s in day_sessions):
            symptoms.append("worse as it went on")

        rows.append(
            PrintedDay(
                date=day,
                morning_pain="" if checkin is None else _score(checkin.morning_pain),
                stiffness="" if checkin is None else _score(checkin.morning_stiffness),
                activity=_lines(activity_label(s.activity) for s in day_sessions),
                distance=_lines(
                    unit.format_distance(s.distance_m, 2) if s.distance_m else "–"
                    for s in day_sessions
                ),
                time=_lines(format_duration(s.duration_s) or "–" for s in day_sessions),
                rpe=_lines("–" if s.rpe is None else str(s.rpe) for s in day_sessions),
                pain_during=_lines(_score(s.pain_during) or "–" for s in day_sessions),
                pain_after=_lines(_score(s.pain_after) or "–" for s in day_sessions),
                symptoms=", ".join(
                    symptom_label(code)
                    if code != "worse as it went on"
                    else "pain worse as the run went on"
                    for code in dict.fromkeys(symptoms)
                ),
                notes="\n".join(notes),
            )
        )
    return tuple(rows)


def exercise_rows(
    program: Sequence[Prescription],
    by_prescription: Mapping[str, Adherence],
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
        figure = by_prescription.get(p.id, Adherence())
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


def read_profile_and_visits(db: Database) -> tuple[ProfileRecord | None, tuple[VisitRecord, ...]]:
    """The runner's profile (None while empty) and every clinician visit, oldest first."""
    with db.reading() as connection:
        profile = read_profile(connection)
        visits = tuple(read_visits(connection))
    return (None if profile.is_empty else profile), visits


def build_report(
    db: Database,
    options: ReportOptions,
    today: dt.date,
    planning: PlanningService | None = None,
) -> ReportData:
    """Read the journal and compute the report for `options` (printed on `today`).

    `planning`: the window's planning service, whose view of the journal is already read (a
    new one is made otherwise)."""
    journal = EntryService(db)
    rehab = RehabService(db)
    if planning is None:
        planning = PlanningService(db, library=rehab.library)
    settings = journal.settings()
    unit = DistanceUnit(settings.get("units") or "km")
    first, last = options.first, options.last
    previous_last = first - DAY
    previous_first = first - (last - first) - DAY
    # The days before the journal began are not "nothing logged": the comparison starts with it.
    started = first_entry_date(db)
    if started is not None and previous_first < started <= previous_last:
        previous_first = started
    has_previous = started is not None and started <= previous_last

    # Every figure looks back at most a few weeks before the period (28-day load, 30-day spike,
    # 4-week mean, the week `first` falls in) or over the previous period of the same length:
    # no need to read twenty years of history.
    since = min(first - REPORT_LOOKBACK, previous_first)
    # The plain records the plans are computed from (read once): mapped objects for two years
    # of a heavy journal would take longer to make than the whole report.
    records = planning.records
    all_sessions = _between(records.sessions(), since, last)
    all_checkins = _between(records.checkins(), since, last)
    with db.reading() as connection:
        program = read_program(connection)
        assessments = read_assessments(connection)
        week_start = read_week_start(connection)
        logs = read_log_records(connection, since, last)
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
    previous_sessions = [s for s in all_sessions if previous_first <= s.date <= previous_last]
    runs = [s for s in sessions if s.activity in RUNNING_ACTIVITIES]
    previous_runs = [s for s in previous_sessions if s.activity in RUNNING_ACTIVITIES]
    cross_codes = {a.value for a in CROSS_TRAINING}
    cross = [s for s in sessions if s.activity in cross_codes]
    # The distances leave out the sessions whose implausible speed was not confirmed (typos).
    counted_runs = load_sessions(runs)
    longest = max(counted_runs, key=lambda s: (s.distance_m or 0.0, s.date), default=None)
    if longest is not None and not longest.distance_m:
        longest = None
    pain = pain_changes(all_sessions, all_checkins, (previous_first, previous_last), (first, last))

    by_prescription = adherence_by_prescription(program, logs, first, last, week_start)
    # The overall figures add the prescriptions' up, as core.adherence.adherence() does (which
    # the core's face cannot give: it shares its module's name); this period's worked out once.
    overall = sum(by_prescription.values(), Adherence())
    previous_overall = sum(
        adherence_by_prescription(
            program, logs, previous_first, previous_last, week_start
        ).values(),
        Adherence(),
    )
    history = akps_history(a for a in assessments if a.date <= last)
    akps_scores = tuple(a for a in history if first <= a.date)
    akps = akps_period_change(history, first, last)

    plans = planning.plans_between(first, last)
    plan_day = last if last < today else today
    plan = plans[-1] if plan_day == last else planning.plan_for(plan_day)
    titles = {r.id: r.title for r in rules}
    profile, all_visits = read_profile_and_visits(db)
    visits = tuple(v for v in all_visits if first <= v.date <= last)
    last_visit = next((v for v in reversed(all_visits) if v.date <= last), None)

    running_km = sum((s.distance_m or 0.0) for s in counted_runs) / 1000.0
    previous_km = sum((s.distance_m or 0.0) for s in load_sessions(previous_runs)) / 1000.0
    weeks = ((last - first).days + 1) / 7
    previous_weeks = ((previous_last - previous_first).days + 1) / 7
    comparisons: tuple[Comparison, ...] = (
        *(_pain_comparison(change) for change in pain),
        km_comparison(running_km / weeks, previous_km / previous_weeks, unit),
        adherence_comparison(overall.ratio, previous_overall.ratio),
    )
    if not has_previous:
        # The journal starts in the period: there is nothing to compare with, not "zero".
        comparisons = tuple(
            replace(c, before="–", change="nothing logged before this period", tone=Tone.NEUTRAL)
            for c in comparisons
        )
    comparisons += (akps_comparison(akps, akps_scores),)

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
        running_km=running_km,
        cross_training_sessions=len(cross),
        cross_training_km=sum((s.distance_m or 0.0) for s in load_sessions(cross)) / 1000.0,
        other_sessions=len(sessions) - len(runs) - len(cross),
        longest_run=longest,
        pain=pain,
        comparisons=comparisons,
        previous_first=previous_first,
        previous_last=previous_last,
        symptom_days=tuple(
            SymptomDay(dt.date.fromordinal(mark.day), mark.symptoms)
            for mark in trends.symptom_marks
        ),
        red_flag_episodes=red_flag_episodes(plans, titles),
        adherence=overall.ratio,
        previous_adherence=previous_overall.ratio,
        exercise_adherence=exercise_rows(program, by_prescription, rehab.library, first, last),
        akps_scores=akps_scores,
        akps=akps,
        shoes=shoes,
        plan=plan,
        override_differences=tuple(planning.override_differences()),
        override_problems=reading.problems,
        advice=day_advice(
            plans, planning.shown_plans(first, last), sessions, checkins, unit, visits
        ),
        weeks=report_weeks(trends, sessions, first, last),
        journal=journal_rows(sessions, checkins, unit),
        sessions=sessions,
        checkins=checkins,
        profile=profile,
        visits=visits,
        last_visit=last_visit,
        exercise_names={p.exercise: rehab.library.name_of(p.exercise) for p in program},
    )


def _between(
    entries: Sequence[TrainingSession] | Sequence[CheckIn], first: dt.date, last: dt.date
) -> list[Any]:
    """The date-sorted entries dated first..last."""
    dates = [e.date for e in entries]
    return list(entries[bisect_left(dates, first) : bisect_right(dates, last)])
