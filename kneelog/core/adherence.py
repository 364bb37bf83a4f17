"""Home-exercise adherence: what is due on a day, done versus prescribed, and progression series.

Rules (KneeLog's own; no source gives an adherence rule, see clinical-rules.md E1):

* A prescription is *active* on a day when `start <= day`, `end` is empty or `day <= end`, and it
  is not paused. A paused prescription expects nothing, for any day, while the flag is set (the
  flag has no dates; to stop a prescription at a date, set `end`).
* Logs belong to a prescription through `prescription_id`; a log without one belongs to the
  active prescriptions of the same exercise on its date.
* A prescription of `per_week` N allows `ceil(N / 7)` sessions a day (1 for N <= 7, 2 for twice
  daily). Extra logs on the same day do not count: a missed day stays missed and cannot be made
  up by doubling up later (no back-filling).
* *Due* on a day: active, and fewer than N counted sessions in that calendar week before the day.
  It is then due `min(per-day sessions, sessions still owed this week)` times that day.
* *Prescribed* for a span of days inside one week = N × (active days in the span) / 7, so a
  prescription that starts or ends mid-week is pro-rated. *Credited* = counted sessions on active
  days, capped at the prescribed amount, so over-doing one week never hides a missed one.
  Adherence = credited / prescribed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord

MONDAY = 0
SUNDAY = 6
E1_WINDOW_DAYS = 14


def week_start_of(day: dt.date, week_start: int = MONDAY) -> dt.date:
    """The first day of the calendar week holding `day` (week_start: 0 = Monday … 6 = Sunday)."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def is_active(prescription: PrescriptionRecord, day: dt.date) -> bool:
    if prescription.paused or day < prescription.start:
        return False
    return prescription.end is None or day <= prescription.end


def active_on(
    prescriptions: Iterable[PrescriptionRecord], day: dt.date
) -> list[PrescriptionRecord]:
    """The prescriptions active on `day`, in the given order."""
    return [p for p in prescriptions if is_active(p, day)]


def sessions_per_day(prescription: PrescriptionRecord) -> int:
    return max(1, math.ceil(prescription.per_week / 7))


def logs_for(
    prescription: PrescriptionRecord,
    logs: Iterable[ExerciseLogRecord],
    known_prescription_ids: frozenset[str] = frozenset(),
) -> list[ExerciseLogRecord]:
    """The logs that belong to `prescription` (by id, else by exercise on an active day).

    A log whose `prescription_id` names another known prescription is not matched by exercise;
    one naming an unknown (deleted) prescription falls back to matching by exercise.
    """
    matched: list[ExerciseLogRecord] = []
    for log in logs:
        belongs_by_id = log.prescription_id == prescription.id
        belongs_by_exercise = (
            (log.prescription_id is None or log.prescription_id not in known_prescription_ids)
            and log.exercise == prescription.exercise
            and is_active(prescription, log.date)
        )
        if belongs_by_id or belongs_by_exercise:
            matched.append(log)
    return matched


def _counted_by_day(
    prescription: PrescriptionRecord, logs: Iterable[ExerciseLogRecord]
) -> Counter[dt.date]:
    """Sessions counted per day: logs on active days, at most `sessions_per_day` each."""
    cap = sessions_per_day(prescription)
    raw = Counter(log.date for log in logs if is_active(prescription, log.date))
    return Counter({day: min(count, cap) for day, count in raw.items()})


def _ids(prescriptions: Iterable[PrescriptionRecord]) -> frozenset[str]:
    return frozenset(p.id for p in prescriptions)


@dataclass(frozen=True)
class DueItem:
    """One prescription's state on a day, for the daily checklist."""

    prescription: PrescriptionRecord
    due_today: int
    """Sessions due on the day (0 when the week's sessions are already done)."""
    done_today: int
    """Logs already on the day (uncapped, so a second entry shows)."""
    done_this_week: int
    """Sessions counted this week before the day."""

    @property
    def remaining_today(self) -> int:
        return max(0, self.due_today - self.done_today)

    @property
    def is_due(self) -> bool:
        return self.due_today > 0


def due_on(
    day: dt.date,
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    week_start: int = MONDAY,
) -> list[DueItem]:
    """Every prescription active on `day` with how much of it is due and done (see module rules).

    Items whose week is already complete are included with `due_today == 0`, so a checklist can
    show them as done; filter on `is_due` for what is left to do.
    """
    known = _ids(prescriptions)
    first = week_start_of(day, week_start)
    items: list[DueItem] = []
    for prescription in active_on(prescriptions, day):
        own = logs_for(prescription, logs, known)
        counted = _counted_by_day(prescription, own)
        before = sum(n for d, n in counted.items() if first <= d < day)
        owed = max(0, prescription.per_week - before)
        items.append(
            DueItem(
                prescription=prescription,
                due_today=min(sessions_per_day(prescription), owed),
                done_today=sum(1 for log in own if log.date == day),
                done_this_week=before,
            )
        )
    return items


@dataclass(frozen=True)
class Adherence:
    """Done versus prescribed over some days (see module rules for the counting)."""

    done: int = 0
    prescribed: float = 0.0
    credited: float = 0.0

    @property
    def ratio(self) -> float | None:
        """credited / prescribed (0.0-1.0); None when nothing was prescribed."""
        return None if self.prescribed == 0 else self.credited / self.prescribed

    def __add__(self, other: Adherence) -> Adherence:
        return Adherence(
            self.done + other.done,
            self.prescribed + other.prescribed,
            self.credited + other.credited,
        )


def _prescription_adherence(
    prescription: PrescriptionRecord,
    own_logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int,
) -> Adherence:
    counted = _counted_by_day(prescription, own_logs)
    # Done per calendar week, in one pass over the counted days rather than per day.
    done_by_week: Counter[dt.date] = Counter()
    for day, count in counted.items():
        if first <= day <= last:
            done_by_week[week_start_of(day, week_start)] += count
    total = Adherence()
    segment_start = first
    # Split at calendar-week boundaries: the weekly cap must not let one week cover another.
    while segment_start <= last:
        week = week_start_of(segment_start, week_start)
        segment_end = min(last, week + dt.timedelta(days=6))
        active_days = _active_days(prescription, segment_start, segment_end)
        prescribed = prescription.per_week * active_days / 7
        done = done_by_week.get(week, 0)
        total += Adherence(done, prescribed, min(done, prescribed))
        segment_start = segment_end + dt.timedelta(days=1)
    return total


def _active_days(prescription: PrescriptionRecord, first: dt.date, last: dt.date) -> int:
    """How many days of first..last `prescription` is active (as `is_active` counts them)."""
    if prescription.paused:
        return 0
    start = max(first, prescription.start)
    end = last if prescription.end is None else min(last, prescription.end)
    return max(0, (end - start).days + 1)


def adherence_by_prescription(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int = MONDAY,
) -> dict[str, Adherence]:
    """Adherence of each prescription (by id) over the days `first`..`last` inclusive."""
    return _by_prescription(prescriptions, logs, first, last, week_start, _ids(prescriptions))


def _by_prescription(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int,
    known: frozenset[str],
) -> dict[str, Adherence]:
    # The same matching as `logs_for`, but grouped once: a twenty-year journal has tens of
    # thousands of logs and hundreds of prescriptions, and only the period's logs count.
    by_id: dict[str, list[ExerciseLogRecord]] = defaultdict(list)
    by_exercise: dict[str, list[ExerciseLogRecord]] = defaultdict(list)
    for log in logs:
        if not first <= log.date <= last:
            continue
        if log.prescription_id is not None and log.prescription_id in known:
            by_id[log.prescription_id].append(log)
        else:
            by_exercise[log.exercise].append(log)
    result: dict[str, Adherence] = {}
    for p in prescriptions:
        if p.start > last or (p.end is not None and p.end < first):
            result[p.id] = Adherence()
            continue
        own = by_id[p.id] + [log for log in by_exercise[p.exercise] if is_active(p, log.date)]
        result[p.id] = _prescription_adherence(p, own, first, last, week_start)
    return result


def overall_adherence(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int = MONDAY,
) -> Adherence:
    """Overall adherence over the days `first`..`last` inclusive."""
    total = Adherence()
    for figure in adherence_by_prescription(prescriptions, logs, first, last, week_start).values():
        total += figure
    return total


def adherence_by_exercise(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int = MONDAY,
) -> dict[str, Adherence]:
    """Adherence per exercise id over `first`..`last`, for exercises prescribed in that span."""
    return _by_exercise(prescriptions, logs, first, last, week_start, _ids(prescriptions))


def _by_exercise(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int,
    known: frozenset[str],
) -> dict[str, Adherence]:
    per_prescription = _by_prescription(prescriptions, logs, first, last, week_start, known)
    result: dict[str, Adherence] = {}
    for prescription in prescriptions:
        figure = per_prescription[prescription.id]
        if figure.prescribed > 0:
            result[prescription.exercise] = result.get(prescription.exercise, Adherence()) + figure
    return result


@dataclass(frozen=True)
class WeekAdherence:
    week_start: dt.date
    total: Adherence
    by_exercise: dict[str, Adherence] = field(default_factory=dict)


def weekly_adherence(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int = MONDAY,
) -> list[WeekAdherence]:
    """One entry per calendar week touching `first`..`last`, each clipped to that span.

    Pass `last = today` to get the current week pro-rated to the days elapsed so far.
    The figures are those of `adherence_by_exercise` over each week, bit for bit (see
    `_weekly_sums` for how twenty years of weeks stay fast).
    """
    monday = week_start_of(first, week_start)
    return [
        WeekAdherence(
            monday + dt.timedelta(weeks=week),
            _total(sums.values()),
            {exercise: Adherence(*figures) for exercise, figures in sums.items()},
        )
        for week, sums in enumerate(_weekly_sums(prescriptions, logs, first, last, week_start))
    ]


def weekly_totals(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int = MONDAY,
) -> list[Adherence]:
    """The `total` of each week of `weekly_adherence`, without the per-exercise figures (a
    chart of twenty years of weeks draws only the totals)."""
    return [
        _total(sums.values()) for sums in _weekly_sums(prescriptions, logs, first, last, week_start)
    ]


_Sums = tuple[int, float, float]
"""done, prescribed and credited, summed as `Adherence.__add__` sums them."""


def _total(figures: Iterable[_Sums]) -> Adherence:
    """The sum of `figures` from `Adherence()`, in their order (as float sums depend on it)."""
    done, prescribed, credited = 0, 0.0, 0.0
    for figure_done, figure_prescribed, figure_credited in figures:
        done += figure_done
        prescribed += figure_prescribed
        credited += figure_credited
    return Adherence(done, prescribed, credited)


def _weekly_sums(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    first: dt.date,
    last: dt.date,
    week_start: int,
) -> list[dict[str, _Sums]]:
    """Per calendar week touching first..last, the sums of `adherence_by_exercise` over it.

    Found in one sweep instead of week by week: the logs are counted per prescription and day
    once, and each prescription adds its figure to the weeks it is active in, so a week never
    looks at the prescriptions and logs of the other thousand. Prescription ids are taken to be
    unique, as in a journal (they are the table's primary key).
    """
    program = list(prescriptions)
    grid = _WeekGrid.of(first, last, week_start)
    logged = _LoggedDays.count(logs, grid, _ids(program))
    weeks: list[dict[str, _Sums]] = [{} for _ in range(grid.count)]
    # In program order, as `_by_exercise` adds them: the float sums depend on the order.
    for p in program:
        first_day = max(grid.first, p.start.toordinal())
        last_day = grid.last if p.end is None else min(grid.last, p.end.toordinal())
        if p.paused or first_day > last_day:
            continue  # no active day in the span: 0 prescribed in every week, so never listed
        first_week = (first_day - grid.start) // 7
        done = _done_by_week(
            logged.belonging_to(p, first_day, last_day),
            sessions_per_day(p),
            first_day,
            last_day,
            grid.start + 7 * first_week,
        )
        for week, done_in_week in enumerate(done, first_week):
            week_first = grid.start + 7 * week
            active_days = min(last_day, week_first + 6) - max(first_day, week_first) + 1
            _add_figure(weeks[week], p.exercise, done_in_week, p.per_week * active_days / 7)
    return weeks


@dataclass(frozen=True)
class _WeekGrid:
    """The calendar weeks touching first..last, in day ordinals (int sums beat date arithmetic
    over twenty years of weeks)."""

    start: int
    """The first day of the first week."""
    first: int
    last: int
    count: int
    """How many weeks."""

    @classmethod
    def of(cls, first: dt.date, last: dt.date, week_start: int) -> _WeekGrid:
        start = week_start_of(first, week_start).toordinal()
        # As many weeks as first days up to `last`: none when `last` is before the first week.
        count = max(0, (last.toordinal() - start) // 7 + 1)
        return cls(start, first.toordinal(), last.toordinal(), count)


_DayCounts = dict[int, int]
"""Logs per day (day ordinal -> count)."""


@dataclass(frozen=True)
class _LoggedDays:
    """The logs of a span counted per day: those linked to a known prescription by its id, the
    others (unlinked, or naming a deleted prescription) by exercise, as `logs_for` matches them."""

    linked: dict[str, _DayCounts]
    loose: dict[str, _DayCounts]
    loose_days: dict[str, list[int]]
    """The days of `loose`, sorted: a prescription picks its own months out of twenty years."""

    @classmethod
    def count(
        cls, logs: Iterable[ExerciseLogRecord], grid: _WeekGrid, known: frozenset[str]
    ) -> _LoggedDays:
        linked: dict[str, _DayCounts] = {owner: {} for owner in known}
        loose: dict[str, _DayCounts] = {}
        first, last = grid.first, grid.last
        for log in logs:
            day = log.date.toordinal()
            if not first <= day <= last:
                continue
            # One look-up both matches the link and finds its counts (None: no known link).
            counts = linked.get(log.prescription_id)  # type: ignore[arg-type]
            if counts is None:
                counts = loose.get(log.exercise)
                if counts is None:
                    counts = loose[log.exercise] = {}
            counts[day] = counts.get(day, 0) + 1
        return cls(linked, loose, {exercise: sorted(days) for exercise, days in loose.items()})

    def belonging_to(self, prescription: PrescriptionRecord, first: int, last: int) -> _DayCounts:
        """The logs per day that belong to `prescription` if it is active first..last (some
        of its linked days may fall outside: the caller skips them)."""
        counts = self.linked.get(prescription.id, {})
        days = self.loose_days.get(prescription.exercise, [])
        unlinked = days[bisect.bisect_left(days, first) : bisect.bisect_right(days, last)]
        if unlinked:
            # Both kinds of log on one day share that day's cap: add them up first.
            loose = self.loose[prescription.exercise]
            counts = dict(counts)
            for day in unlinked:
                counts[day] = counts.get(day, 0) + loose[day]
        return counts


def _done_by_week(counts: _DayCounts, per_day: int, first: int, last: int, start: int) -> list[int]:
    """Sessions counted in each week from the one starting on `start` to the one holding `last`,
    over the days first..last: each day's logs, at most `per_day` of them (`_counted_by_day`)."""
    done = [0] * ((last - start) // 7 + 1)
    for day, n in counts.items():
        if first <= day <= last:
            done[(day - start) // 7] += n if n < per_day else per_day
    return done


def _add_figure(sums: dict[str, _Sums], exercise: str, done: int, prescribed: float) -> None:
    """Add one prescription's week to its exercise's sums, as `_by_exercise` adds its figure:
    nothing prescribed adds nothing (nor the exercise), credit is capped at what is prescribed."""
    if prescribed > 0:
        so_far_done, so_far_prescribed, so_far_credited = sums.get(exercise, (0, 0.0, 0.0))
        sums[exercise] = (
            so_far_done + done,
            so_far_prescribed + prescribed,
            so_far_credited + min(done, prescribed),
        )


@dataclass(frozen=True)
class RecentAdherence:
    """The figures rule E1 needs for the last 14 days."""

    first: dt.date
    last: dt.date
    adherence: Adherence
    exercise_days: int
    """Distinct days with at least one exercise log, prescribed or not."""

    @property
    def sessions_per_week(self) -> float:
        return self.exercise_days * 7 / ((self.last - self.first).days + 1)


def recent_adherence(
    prescriptions: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    today: dt.date,
    days: int = E1_WINDOW_DAYS,
    week_start: int = MONDAY,
) -> RecentAdherence:
    """Adherence over the `days` days ending on `today` inclusive (rule E1: 14 days)."""
    first = today - dt.timedelta(days=days - 1)
    figure = overall_adherence(prescriptions, logs, first, today, week_start)
    exercise_days = len({log.date for log in logs if first <= log.date <= today})
    return RecentAdherence(first, today, figure, exercise_days)


@dataclass(frozen=True)
class ProgressPoint:
    date: dt.date
    sets: int | None
    reps: int | None
    hold_s: int | None
    load_kg: float | None
    pain: int | None

    @property
    def total_reps(self) -> int | None:
        """sets × reps when both are known (a simple volume measure)."""
        return None if self.sets is None or self.reps is None else self.sets * self.reps


def progression_series(logs: Iterable[ExerciseLogRecord], exercise: str) -> list[ProgressPoint]:
    """The logged dose of one exercise over time, in date order (same-day logs kept in order)."""
    return [
        ProgressPoint(log.date, log.sets, log.reps, log.hold_s, log.load_kg, log.pain)
        for log in sorted(
            (log for log in logs if log.exercise == exercise), key=lambda entry: entry.date
        )
    ]


def progression_by_exercise(logs: Iterable[ExerciseLogRecord]) -> dict[str, list[ProgressPoint]]:
    """`progression_series` for every exercise that has logs, keyed by exercise id."""
    materialised = list(logs)
    return {
        exercise: progression_series(materialised, exercise)
        for exercise in sorted({log.exercise for log in materialised})
    }
