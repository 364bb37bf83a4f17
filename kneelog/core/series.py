"""The trend series behind the charts and the PT report, as plain NumPy arrays (no Qt).

One `compute_trends` call turns the journal into every series the Trends view and the report
draw: daily knee pain, symptom markers, weekly distance with its 4-week mean, the load-rule
marks (L1 spikes, L2 weekly ratio), 7- and 28-day load, the acute:chronic ratio (information
only), weekly exercise adherence and the AKPS scores. Every load figure comes from
`kneelog.core.load` (the functions the rules use) and adherence from `kneelog.core.adherence`,
so the chart, the plan and the report show the same numbers. One exception: a session whose
speed is implausible and not confirmed (`kneelog.core.plausibility`) is left out of the load
series here, while the plan, by the suggestion spec, uses every session.

Conventions:

* Days are int64 proleptic ordinals (`date.toordinal()`); `epoch_days` converts for plotting.
* Distances are km; the UI converts to miles.
* A daily load value on day t covers the window *ending on t* (t-6..t); the rules evaluate a
  plan day D over the days before it, so the chart's value on t is the rules' value for D = t+1.
* NaN marks a missing value (no entry, an undefined ratio, nothing prescribed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from kneelog.core import adherence as adherence_rules
from kneelog.core.akps import MCID, akps_history
from kneelog.core.codes import CROSS_TRAINING, RED_FLAG_SYMPTOMS, Symptom
from kneelog.core.load import (
    DatedTotals,
    FloatArray,
    IntArray,
    RunningHistory,
    day_range,
    ordinals,
    session_km,
    session_rpe_load,
)
from kneelog.core.plausibility import load_sessions
from kneelog.core.program import AssessmentRecord, ExerciseLogRecord, PrescriptionRecord
from kneelog.core.rules.definitions import RuleSet
from kneelog.core.session_records import CheckInRecord, SessionRecord

BoolArray = npt.NDArray[np.bool_]

# 1970-01-01 as an ordinal: ordinal - EPOCH_ORDINAL = days since the Unix epoch.
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
ROLLING_WEEKS = 4
CROSS_TRAINING_ACTIVITIES: frozenset[str] = frozenset(a.value for a in CROSS_TRAINING)

# Red flags plus the seed-table symptoms that change the plan on their own (W3 reduced range of
# motion, R4 night pain). Stiffness and clicking are left out: common, and charted as scores.
MARKER_SYMPTOMS: frozenset[str] = frozenset(
    {s.value for s in RED_FLAG_SYMPTOMS} | {Symptom.REDUCED_ROM.value, Symptom.NIGHT_PAIN.value}
)


def epoch_days(days: IntArray) -> IntArray:
    """Ordinals as days since 1970-01-01 (multiply by 86 400 for Unix seconds)."""
    return days - EPOCH_ORDINAL


def to_date(ordinal: float) -> dt.date:
    return dt.date.fromordinal(int(ordinal))


@dataclass(frozen=True)
class Thresholds:
    """The rule thresholds the charts mark, with the PT's overrides already applied."""

    acceptable_pain: float = 5.0
    """Top of the pain-monitoring model's acceptable zone: P2's band ends below P3's threshold."""
    spike_ratio: float = 1.1
    """L1 `ratio`: a run longer than this multiple of the 30-day longest is a spike."""
    weekly_ratio: float = 1.3
    """L2 `ratio`: 7 days over the 7 before above this."""
    acwr_low: float = 0.8
    acwr_high: float = 1.3
    """L4's information band."""

    @classmethod
    def from_rules(cls, rules: RuleSet) -> Thresholds:
        """Read from an effective rule set (`apply_overrides(default_rules(), overrides)`)."""
        p3, l1, l2, l4 = (rules.get(rule_id) for rule_id in ("P3", "L1", "L2", "L4"))
        return cls(
            acceptable_pain=float(p3.values["min_pain"]) - 1,
            spike_ratio=float(l1.values["ratio"]),
            weekly_ratio=float(l2.values["ratio"]),
            acwr_low=float(l4.values["low"]),
            acwr_high=float(l4.values["high"]),
        )


@dataclass(frozen=True)
class EntryRef:
    """The journal entry a chart point comes from: kind is "session" or "checkin"."""

    kind: str
    id: str


ObjectArray = npt.NDArray[np.object_]


@dataclass(frozen=True, eq=False)
class EntryRefs:
    """Entry references by position (None where a point has none), each made when it is looked
    at: twenty years of chart points are thousands, and only the one clicked needs its own."""

    kinds: ObjectArray
    ids: ObjectArray

    @classmethod
    def of(cls, refs: Iterable[EntryRef]) -> EntryRefs:
        listed = list(refs)
        return cls(_objects([r.kind for r in listed]), _objects([r.id for r in listed]))

    @classmethod
    def joined(cls, parts: Sequence[EntryRefs]) -> EntryRefs:
        if not parts:
            return cls.of(())
        return cls(np.concatenate([p.kinds for p in parts]), np.concatenate([p.ids for p in parts]))

    def take(self, positions: IntArray) -> EntryRefs:
        return EntryRefs(self.kinds[positions], self.ids[positions])

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, position: int) -> EntryRef | None:
        entry_id = self.ids[position]
        return None if entry_id is None else EntryRef(str(self.kinds[position]), str(entry_id))


def _objects(values: Sequence[object]) -> ObjectArray:
    # Filled rather than converted: numpy would read a list of sequences as more dimensions.
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


@dataclass(frozen=True)
class SymptomMark:
    """A day with a red-flag or seed symptom, and the first entry that reported it."""

    day: int
    symptoms: tuple[str, ...]
    entry: EntryRef


@dataclass(frozen=True)
class TrendSeries:
    """Every chart series for the days `first`..`last`; see the module notes for conventions.

    Daily arrays have one value per day of `days`; weekly arrays one per week of `weeks` (the
    first day of each calendar week touching the range, `week_start` 0 = Monday, 6 = Sunday).
    """

    first: dt.date
    last: dt.date
    week_start: int
    thresholds: Thresholds
    days: IntArray
    pain_during: FloatArray
    """Worst pain during any session of the day (0-10)."""
    pain_after: FloatArray
    pain_morning: FloatArray
    pain_during_entry: EntryRefs
    pain_after_entry: EntryRefs
    pain_morning_entry: EntryRefs
    symptom_marks: tuple[SymptomMark, ...]
    weeks: IntArray
    week_running_km: FloatArray
    week_cross_km: FloatArray
    week_running_mean4: FloatArray
    """Mean running km of this week and the 3 before; NaN until the journal has 4 weeks."""
    week_l2: BoolArray
    """The week holds a day whose 7-day ratio was above the L2 threshold."""
    spike_days: IntArray
    spike_km: FloatArray
    spike_ratio: FloatArray
    spike_entries: tuple[EntryRef, ...]
    weekly_ratio: FloatArray
    """Daily: km of t-6..t over km of t-13..t-7 (the L2 figure for plan day t+1)."""
    l2_days: IntArray
    load7_km: FloatArray
    load28_km: FloatArray
    load7_srpe: FloatArray
    load28_srpe: FloatArray
    """Session-RPE x minutes of every session (running and cross-training) in the window."""
    acwr: FloatArray
    """Coupled acute:chronic running-km ratio (L4, information only); NaN before 4 weeks."""
    adherence_weeks: IntArray
    adherence_pct: FloatArray
    akps_days: IntArray
    akps_scores: FloatArray
    akps_change: FloatArray
    """Score minus the first AKPS score ever recorded (positive = better)."""
    akps_entries: tuple[str, ...]
    mcid: int = MCID
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def akps_baseline(self) -> float | None:
        """The first AKPS score in the range (the reference for the MCID lines), if any."""
        if not len(self.akps_scores):
            return None
        return float(self.akps_scores[0] - self.akps_change[0])

    @property
    def has_pain(self) -> bool:
        return bool(
            np.isfinite(self.pain_during).any()
            or np.isfinite(self.pain_after).any()
            or np.isfinite(self.pain_morning).any()
        )

    @property
    def has_distance(self) -> bool:
        return bool((self.week_running_km > 0).any() or (self.week_cross_km > 0).any())

    @property
    def has_program(self) -> bool:
        return bool(np.isfinite(self.adherence_pct).any() or len(self.akps_scores))

    @property
    def program(self) -> ProgramSeries:
        """The exercise-program part, to pass back to `compute_trends` when it did not change."""
        return ProgramSeries(
            self.first,
            self.last,
            self.week_start,
            self.adherence_weeks,
            self.adherence_pct,
            self.akps_days,
            self.akps_scores,
            self.akps_change,
            self.akps_entries,
        )

    def day_index(self, day: dt.date) -> int | None:
        """The position of `day` in the daily arrays, or None outside the range."""
        index = day.toordinal() - self.first.toordinal()
        return index if 0 <= index < len(self.days) else None


def _daily_pain(
    days: IntArray, kind: str, entries: Sequence[Any], field_name: str
) -> tuple[FloatArray, EntryRefs]:
    """Per day, the highest `field_name` score of `entries` (records with a date and an id) and
    the entry (`kind`, id) it came from: the first of them on a tie."""
    count = len(days)
    values = np.full(count, np.nan)
    ids = np.full(count, None, dtype=object)
    refs = EntryRefs(np.full(count, kind, dtype=object), ids)
    if not count or not entries:
        return values, refs
    # Whole arrays, from C-level maps rather than a Python loop over twenty years of entries.
    ordinals = np.fromiter(
        map(dt.date.toordinal, map(attrgetter("date"), entries)), np.int64, len(entries)
    )
    scores = np.array(list(map(attrgetter(field_name), entries)), dtype=np.float64)  # None: NaN
    index = ordinals - int(days[0])
    kept = np.flatnonzero(~np.isnan(scores) & (index >= 0) & (index < count))
    if not len(kept):
        return values, refs
    # By day, the highest score first, then the earliest entry: each day's first row is its own.
    order = kept[np.lexsort((kept, -scores[kept], index[kept]))]
    ordered_days = index[order]
    firsts = order[np.r_[True, ordered_days[1:] != ordered_days[:-1]]]
    values[index[firsts]] = scores[firsts]
    ids[index[firsts]] = [entries[position].id for position in firsts.tolist()]
    return values, refs


def _symptom_marks(
    sessions: Sequence[SessionRecord], checkins: Sequence[CheckInRecord], first: int, last: int
) -> tuple[SymptomMark, ...]:
    found: dict[int, tuple[set[str], EntryRef]] = {}
    entries: list[tuple[dt.date, Iterable[str], str, str]] = [
        (c.date, c.symptoms, "checkin", c.id) for c in checkins
    ]
    entries += [(s.date, s.symptoms, "session", s.id) for s in sessions]
    for day, symptoms, kind, entry_id in entries:
        if not symptoms:
            continue  # most entries: nothing to mark
        ordinal = day.toordinal()
        marked = MARKER_SYMPTOMS.intersection(symptoms)
        if not marked or not first <= ordinal <= last:
            continue
        if ordinal in found:
            found[ordinal][0].update(marked)
        else:
            found[ordinal] = (set(marked), EntryRef(kind, entry_id))
    return tuple(
        SymptomMark(day, tuple(sorted(codes)), ref) for day, (codes, ref) in sorted(found.items())
    )


def _rolling_mean(values: FloatArray, window: int, valid_from: int) -> FloatArray:
    """Mean of each value and the window-1 before it; NaN where that reaches before valid_from."""
    out = np.full(values.shape, np.nan)
    if len(values) == 0:
        return out
    sums = np.concatenate(([0.0], np.cumsum(values)))
    index = np.arange(len(values))
    full = index - (window - 1) >= valid_from
    out[full] = (sums[index[full] + 1] - sums[index[full] + 1 - window]) / window
    return out


def compute_trends(
    sessions: Sequence[SessionRecord],
    checkins: Sequence[CheckInRecord],
    first: dt.date,
    last: dt.date,
    *,
    prescriptions: Sequence[PrescriptionRecord] = (),
    exercise_logs: Sequence[ExerciseLogRecord] = (),
    assessments: Sequence[AssessmentRecord] = (),
    week_start: int = adherence_rules.MONDAY,
    thresholds: Thresholds | None = None,
    program: ProgramSeries | None = None,
) -> TrendSeries:
    """Every trend series for the days `first`..`last` (both included).

    Pass the whole journal, not only the range: windows that reach back before `first` (the
    28-day load, the 30-day spike reference, the 4-week mean) use the earlier entries. A
    `program` from `program_series` for the same days and week start is reused as it is (the
    program records are then not read), so a caller that knows the program did not change
    skips its cost.
    """
    if last < first:
        raise ValueError(f"last ({last}) is before first ({first})")
    limits = thresholds or Thresholds()
    days = day_range(first, last)
    first_ord, last_ord = int(days[0]), int(days[-1])

    # --- pain and symptoms
    in_range = [s for s in sessions if first <= s.date <= last]
    during, during_refs = _daily_pain(days, "session", in_range, "pain_during")
    after, after_refs = _daily_pain(days, "session", in_range, "pain_after")
    morning, morning_refs = _daily_pain(days, "checkin", checkins, "morning_pain")
    marks = _symptom_marks(sessions, checkins, first_ord, last_ord)

    # --- running load (the rules' own figures), without the sessions whose implausible speed
    # the runner has not confirmed: a 50 km typo would otherwise tower over every chart.
    counted = load_sessions(sessions)
    history = RunningHistory(counted)
    load7 = history.km_totals.trailing(days, 7)
    load28 = history.km_totals.trailing(days, 28)
    # The chart's day t is the rules' plan day t+1 (the rules look at the days before).
    ratio = history.weekly_ratio_many(days + 1)
    acwr = history.acwr_many(days + 1)
    if history.dates:
        # As rule L4: fewer than 4 weeks of running history leave the chronic load meaningless.
        acwr[days + 1 - 28 < history.dates[0].toordinal()] = np.nan
    else:
        acwr[:] = np.nan
    l2_days = days[ratio > limits.weekly_ratio]

    everything = sorted(counted, key=lambda s: s.date)
    srpe = DatedTotals.of(
        [s.date for s in everything], [session_rpe_load(s) or 0.0 for s in everything]
    )
    load7_srpe = srpe.trailing(days, 7)
    load28_srpe = srpe.trailing(days, 28)

    # --- spikes (L1), runs dated in the range
    spike_all = history.spike_ratios()
    run_days = ordinals(history.dates)
    spiked = (spike_all > limits.spike_ratio) & (run_days >= first_ord) & (run_days <= last_ord)
    spike_index = np.flatnonzero(spiked)

    # --- weeks
    first_week = adherence_rules.week_start_of(first, week_start)
    weeks = np.arange(first_week.toordinal(), last_ord + 1, 7, dtype=np.int64)
    week_running = history.km_totals.between(weeks, weeks + 6)
    cross = [s for s in everything if s.activity in CROSS_TRAINING_ACTIVITIES]
    cross_totals = DatedTotals.of([s.date for s in cross], [session_km(s) for s in cross])
    week_cross = cross_totals.between(weeks, weeks + 6)
    # Weeks before the 4-week window are read from the journal too, so the mean is not cut
    # short at the range's start; it is NaN only where the journal itself is younger.
    lead = np.arange(int(weeks[0]) - 7 * (ROLLING_WEEKS - 1), int(weeks[0]), 7, dtype=np.int64)
    lead_km = history.km_totals.between(lead, lead + 6)
    journal_start = min((d.toordinal() for d in history.dates), default=first_ord)
    journal_start_week = adherence_rules.week_start_of(
        dt.date.fromordinal(journal_start), week_start
    ).toordinal()
    extended = np.concatenate((lead_km, week_running))
    extended_weeks = np.concatenate((lead, weeks))
    valid_from = int(np.searchsorted(extended_weeks, journal_start_week))
    mean4 = _rolling_mean(extended, ROLLING_WEEKS, valid_from)[len(lead) :]
    l2_week_index = (l2_days - int(weeks[0])) // 7
    week_l2 = np.zeros(weeks.shape, dtype=bool)
    week_l2[l2_week_index] = True

    # --- exercise adherence and AKPS
    if program is None or (program.first, program.last, program.week_start) != (
        first,
        last,
        week_start,
    ):
        program = program_series(
            prescriptions, exercise_logs, assessments, first, last, week_start=week_start
        )

    return TrendSeries(
        first=first,
        last=last,
        week_start=week_start,
        thresholds=limits,
        days=days,
        pain_during=during,
        pain_after=after,
        pain_morning=morning,
        pain_during_entry=during_refs,
        pain_after_entry=after_refs,
        pain_morning_entry=morning_refs,
        symptom_marks=marks,
        weeks=weeks,
        week_running_km=week_running,
        week_cross_km=week_cross,
        week_running_mean4=mean4,
        week_l2=week_l2,
        spike_days=run_days[spike_index],
        spike_km=np.asarray([history.km[i] for i in spike_index], dtype=np.float64),
        spike_ratio=spike_all[spike_index],
        spike_entries=tuple(EntryRef("session", history.runs[i].id) for i in spike_index),
        weekly_ratio=ratio,
        l2_days=l2_days,
        load7_km=load7,
        load28_km=load28,
        load7_srpe=load7_srpe,
        load28_srpe=load28_srpe,
        acwr=acwr,
        adherence_weeks=program.adherence_weeks,
        adherence_pct=program.adherence_pct,
        akps_days=program.akps_days,
        akps_scores=program.akps_scores,
        akps_change=program.akps_change,
        akps_entries=program.akps_entries,
    )


@dataclass(frozen=True)
class ProgramSeries:
    """The exercise-program part of `TrendSeries`, computable on its own (it changes apart)."""

    first: dt.date
    last: dt.date
    week_start: int
    adherence_weeks: IntArray
    adherence_pct: FloatArray
    akps_days: IntArray
    akps_scores: FloatArray
    akps_change: FloatArray
    akps_entries: tuple[str, ...]


def program_series(
    prescriptions: Sequence[PrescriptionRecord],
    exercise_logs: Sequence[ExerciseLogRecord],
    assessments: Sequence[AssessmentRecord],
    first: dt.date,
    last: dt.date,
    *,
    week_start: int = adherence_rules.MONDAY,
) -> ProgramSeries:
    """Weekly adherence (%, NaN where nothing was prescribed) and the AKPS scores in range."""
    weeks: list[int] = []
    percent: list[float] = []
    if prescriptions:
        monday = adherence_rules.week_start_of(first, week_start).toordinal()
        for week, total in enumerate(
            adherence_rules.weekly_totals(prescriptions, exercise_logs, first, last, week_start)
        ):
            weeks.append(monday + 7 * week)
            figure = total.ratio
            percent.append(np.nan if figure is None else figure * 100.0)
    history = akps_history(assessments)
    baseline = history[0].score if history else 0
    shown = [a for a in history if first <= a.date <= last]
    return ProgramSeries(
        first=first,
        last=last,
        week_start=week_start,
        adherence_weeks=np.asarray(weeks, dtype=np.int64),
        adherence_pct=np.asarray(percent, dtype=np.float64),
        akps_days=ordinals([a.date for a in shown]),
        akps_scores=np.asarray([a.score for a in shown], dtype=np.float64),
        akps_change=np.asarray([a.score - baseline for a in shown], dtype=np.float64),
        akps_entries=tuple(a.id for a in shown),
    )


def journal_span(
    sessions: Sequence[SessionRecord],
    checkins: Sequence[CheckInRecord],
    today: dt.date,
    *,
    exercise_logs: Sequence[ExerciseLogRecord] = (),
    assessments: Sequence[AssessmentRecord] = (),
) -> tuple[dt.date, dt.date]:
    """The days a chart of the whole journal covers: the first entry to today (or the last)."""
    dates = [s.date for s in sessions] + [c.date for c in checkins]
    dates += [log.date for log in exercise_logs] + [a.date for a in assessments]
    if not dates:
        return today, today
    return min(dates), max(max(dates), today)
