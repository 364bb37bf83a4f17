"""Next-day plans from the journal: the rules' view of the data, the PT's overrides, plan history.

`PlanningService(db).plan_for(day)` is what the Tomorrow panel, `kneelog suggest` and the report
show; all three go through it, so they agree. The journal's sessions and check-ins are read once
and then kept up to date change by change (`apply` takes each change set), because re-reading
twenty years of history on every save would take longer than the save itself; a change of the
whole journal (an import) says `everything`.

The PT's changes to the rule defaults live in the journal setting `"rules"` (exported with the
journal as `settings.rules`). The plans the app showed are kept in `plan_record`, one per day; that
history is derived data and is not exported (the journal format has no key for it).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kneelog.core import (
    AKPS_INSTRUMENT,
    OVERRIDE_DURATION,
    OVERRIDE_ENABLED,
    DistanceUnit,
    ExerciseDue,
    ExerciseLibrary,
    ExerciseLogRecord,
    ExerciseStatus,
    OverrideDifference,
    OverrideError,
    ParamValue,
    Plan,
    PrescriptionRecord,
    Rule,
    RuleInputs,
    RuleSet,
    SessionRecord,
    ShownPlan,
    VisitRecord,
    active_on,
    default_library,
    default_rules,
    differences,
    due_on as program_due_on,
    validate_overrides,
    week_start_of,
)
from kneelog.persistence import (
    CHECKINS,
    SESSIONS,
    SETTINGS,
    SHOWN_PLANS,
    Database,
    read_assessments,
    read_program,
    read_settings,
    read_visits,
)
from kneelog.services.changes import PROGRAM_KINDS, Changes, RecordKind, settings_changed
from kneelog.services.kept_history import KeptHistory, session_key
from kneelog.services.rehab import read_log_records, read_week_start

RULES_SETTING = "rules"
UNITS_SETTING = "units"
ADHERENCE_DAYS = 14  # rule E1 reads the 14 days before the plan day
DAY = dt.timedelta(days=1)

Overrides = dict[str, dict[str, ParamValue]]


def _run_position(runs: Sequence[SessionRecord], session: SessionRecord) -> int:
    # Runs keep the order of the sessions they come from: by `session_key`.
    return bisect_left(runs, session_key(session), key=session_key)


def prescription_dose(prescription: PrescriptionRecord, library: ExerciseLibrary) -> str:
    """The prescribed dose in words, e.g. "2 x 10 per leg", "3 x 45 s hold", "3 x 12, 5 kg"."""
    parts = [str(value) for value in (prescription.sets, prescription.reps) if value is not None]
    if prescription.hold_s is not None:
        parts.append(f"{prescription.hold_s} s hold")
    text = " x ".join(parts)
    if (
        text
        and prescription.exercise in library
        and library.get(prescription.exercise).dose.per_leg
    ):
        text += " per leg"
    if prescription.load_kg:
        text = f"{text}, {prescription.load_kg:g} kg" if text else f"{prescription.load_kg:g} kg"
    return text or "as prescribed"


def exercise_status(
    day: dt.date,
    program: Sequence[PrescriptionRecord],
    logs: Sequence[ExerciseLogRecord],
    library: ExerciseLibrary,
    week_start: int,
) -> ExerciseStatus | None:
    """What rule E1 and the plan's `exercises` read for the plan of `day`; None without a program.

    A "session" is a day with at least one exercise logged. Done and prescribed sessions per week
    are averaged over the 14 days before `day` (D-14..D-1); prescribed per day is the most
    `per_week` among the prescriptions active that day (at most 7: one session a day).
    """
    if not program:
        return None
    first, last = day - ADHERENCE_DAYS * DAY, day - DAY
    # The days with a log (what `recent_adherence` counts as sessions), without the per-
    # prescription figures it also works out, which nothing here reads.
    exercise_days = len({log.date for log in logs if first <= log.date <= last})
    # Only prescriptions overlapping the 14 days can be active on one of them: a long journal
    # has hundreds of ended ones, each otherwise asked about every day.
    recent = [p for p in program if p.start <= last and (p.end is None or p.end >= first)]
    prescribed_days = 0.0
    current = first
    while current <= last:
        active = active_on(recent, current)
        prescribed_days += max((min(p.per_week, 7) for p in active), default=0) / 7
        current += DAY
    due = tuple(
        ExerciseDue(item.prescription.exercise, prescription_dose(item.prescription, library))
        for item in program_due_on(day, program, logs, week_start)
        if item.is_due
    )
    return ExerciseStatus(
        sessions_per_week_done=round(exercise_days * 7 / ADHERENCE_DAYS, 2),
        sessions_per_week_prescribed=round(prescribed_days * 7 / ADHERENCE_DAYS, 2),
        due=due,
    )


@dataclass(frozen=True)
class OverrideReading:
    """The stored overrides that can be used, and a message for each stored entry that cannot."""

    overrides: Overrides
    problems: tuple[str, ...] = ()


class PlanningService:
    """Plans for any day, the PT's rule settings, and the history of plans shown."""

    def __init__(
        self,
        db: Database,
        rules: RuleSet | None = None,
        library: ExerciseLibrary | None = None,
        records: KeptHistory | None = None,
    ) -> None:
        self.db = db
        # KneeLog's own table is read on first use: showing a remembered plan needs no rules
        # (reading the table checks its conditions, which loads the engine's).
        self._rules = rules
        self._library = library
        # Shared with the table and the trend charts when given: then its owner keeps it
        # current; otherwise this service does, in `apply`.
        self._owns_records = records is None
        self.records = records if records is not None else KeptHistory(db)
        self._view: RuleInputs | None = None
        self._seen = (0, 0, 0)  # the history's versions `_view` was made from or caught up to
        self._program: tuple[list[PrescriptionRecord], int] | None = None
        self._statuses: dict[dt.date, ExerciseStatus | None] = {}
        self._overrides: OverrideReading | None = None

    @property
    def rules(self) -> RuleSet:
        if self._rules is None:
            self._rules = default_rules()
        return self._rules

    @property
    def remembers_plans(self) -> bool:
        """Whether its plans can be remembered in the journal (`remembered_plans`): made with
        KneeLog's own rule table and exercise library, as the remembered ones were."""
        own_rules = self._rules is None or self._rules is default_rules()
        return own_rules and (self._library is None or self._library is default_library())

    @property
    def library(self) -> ExerciseLibrary:
        if self._library is None:
            self._library = default_library()
        return self._library

    # --- keeping the rules' view of the journal current ----------------------------------

    def invalidate(self) -> None:
        """Forget everything read: the journal may have changed in any way (an import)."""
        self.records.invalidate()
        self._forget()

    def _forget(self) -> None:
        self._view = None
        self._overrides = None
        self.program_changed()

    def apply(self, changes: Changes[Any]) -> None:
        """Take in one change to the journal. The kept history (`records`) is brought up to
        date by its owner before anyone hears of a change (the window's change feed); a service
        with a history of its own applies the change to it here."""
        if self._owns_records:
            self.records.apply(changes)
        if changes.everything:
            self._forget()
            return
        if changes.setting_changed(RULES_SETTING):
            self._overrides = None
        if changes.setting_changed("week_start"):
            self.program_changed()
        if changes.touches(RecordKind.VISIT):
            self.visits_changed()
        if any(changes.touches(kind) for kind in PROGRAM_KINDS):
            self.program_changed()
        # Saved or deleted sessions and check-ins are caught up with when next needed
        # (`_base_view`), from the history itself.

    def program_changed(self) -> None:
        """Prescriptions, exercise logs or assessments changed: re-read them when next needed."""
        self._program = None
        self._statuses.clear()
        if self._view is not None:
            self._view = self._view.updated(
                akps_scores=self._akps_scores(), exercise_logs=self._painful_logs()
            )

    def visits_changed(self) -> None:
        """A clinician visit was saved or deleted: the view gets the visits read afresh (a
        journal has a handful), keeping its date indexes of the sessions and check-ins."""
        if self._view is not None:
            view = replace(self._view, visits=self._visits())
            view.adopt_indexes(self._view)
            self._view = view

    def _visits(self) -> tuple[VisitRecord, ...]:
        with self.db.reading() as connection:
            return tuple(read_visits(connection))  # by date, as RuleInputs.visits wants them

    def _caught_up(self, view: RuleInputs) -> RuleInputs | None:
        """`view` with the sessions and check-ins changed in the history since it was made, or
        None when it must be made again (the history was read afresh, or it is too far behind)."""
        records = self.records
        generation, session_version, checkin_version = self._seen
        if generation != records.generation:
            return None
        replacements = records.replacements_since(session_version)
        if replacements is None:
            return None
        if replacements:
            sessions = records.sessions()
            for old, new in replacements:
                view = view.with_session_replaced(old, new, sessions, _run_position)
        if checkin_version != records.checkin_version:
            view = view.updated(checkins=records.checkins())
        return view

    def _akps_scores(self) -> tuple[tuple[dt.date, float], ...]:
        with self.db.reading() as connection:
            history = read_assessments(connection, AKPS_INSTRUMENT)
        return tuple((a.date, float(a.score)) for a in history)

    def _painful_logs(self) -> tuple[ExerciseLogRecord, ...]:
        """The exercise logs with a pain score: the pain rules read them (spec "Pain from every
        loading activity"); a log without one says nothing to them."""
        # From the kept history, which the trend charts share: one read of every log, kept
        # current by the change sets, instead of one here and one there after each change.
        return tuple(log for log in self.records.exercise_logs() if log.pain is not None)

    def _base_view(self) -> RuleInputs:
        view = None if self._view is None else self._caught_up(self._view)
        if view is None:
            view = RuleInputs(
                sessions=self.records.sessions(),
                checkins=self.records.checkins(),
                akps_scores=self._akps_scores(),
                exercise_logs=self._painful_logs(),
                visits=self._visits(),
            )
        records = self.records
        self._seen = (records.generation, records.session_version, records.checkin_version)
        self._view = view
        return view

    def has_entries(self) -> bool:
        """Whether a session or a check-in is logged (asked of the journal itself while the
        history is not read: at start-up a remembered plan needs nothing else)."""
        if self.records.is_read:
            return bool(self.records.sessions() or self.records.checkins())
        with self.db.reading() as connection:
            return not (SESSIONS.is_empty(connection) and CHECKINS.is_empty(connection))

    def unit(self) -> DistanceUnit:
        """The runner's distance unit: the plan's words give caps in it."""
        with self.db.reading() as connection:
            stored = read_settings(connection, UNITS_SETTING).get(UNITS_SETTING)
        try:
            return DistanceUnit(stored or DistanceUnit.KM.value)
        except ValueError:
            return DistanceUnit.KM

    def _exercise_status(self, day: dt.date) -> ExerciseStatus | None:
        if day in self._statuses:
            return self._statuses[day]
        if self._program is None:
            with self.db.reading() as connection:
                self._program = (read_program(connection), read_week_start(connection))
        program, week_start = self._program
        status = None
        if program:
            # Only the logs the two calculations look at: this week so far and the 14 days before.
            first = min(day - ADHERENCE_DAYS * DAY, week_start_of(day, week_start))
            with self.db.reading() as connection:
                logs = read_log_records(connection, first, day)
            status = exercise_status(day, program, logs, self.library, week_start)
        self._statuses[day] = status
        return status

    def rule_inputs(self, day: dt.date) -> RuleInputs:
        """What the rules read for the plan of `day` (the whole journal; the rules pick dates)."""
        return self._base_view().updated(exercise=self._exercise_status(day))

    def plan_for(
        self, day: dt.date, overrides: Mapping[str, Mapping[str, object]] | None = None
    ) -> Plan:
        """The plan for `day` with the stored overrides, or with `overrides` (a preview)."""
        chosen = self.overrides() if overrides is None else overrides
        view = self.rule_inputs(day)
        from kneelog.core import suggest  # the engine: not needed to show a remembered plan

        plan = suggest(view, day, chosen or None, self.rules, self.unit())
        self._base_view().adopt_indexes(view)
        return plan

    def plans_between(self, first: dt.date, last: dt.date) -> list[Plan]:
        """The plan for every day `first`..`last` with the stored overrides, each equal to
        `plan_for(day)`: the plan of a past day is recomputed from the journal, whether or not
        the app showed it then. The journal is read once and the days share their rule work."""
        if last < first:
            return []
        base = self._base_view()
        # Build the indexes on the base view, so that each day's copy shares them.
        _ = (
            base.session_dates,
            base.running,
            base.checkin_dates,
            base.sorted_visits,
            base.exercise_log_dates,
            base.episode_cache,
        )
        days = [first + offset * DAY for offset in range((last - first).days + 1)]
        statuses = self._exercise_statuses(first, last)
        views = ((day, base.updated(exercise=statuses.get(day))) for day in days)
        from kneelog.core import suggest_days

        return suggest_days(views, self.overrides() or None, self.rules, self.unit())

    def _exercise_statuses(
        self, first: dt.date, last: dt.date
    ) -> dict[dt.date, ExerciseStatus | None]:
        """`_exercise_status` for every day first..last from one read of the logs."""
        with self.db.reading() as connection:
            program, week_start = read_program(connection), read_week_start(connection)
            if not program:
                return {}
            since = min(first - ADHERENCE_DAYS * DAY, week_start_of(first, week_start))
            logs = read_log_records(connection, since, last)
        dates = [log.date for log in logs]
        statuses: dict[dt.date, ExerciseStatus | None] = {}
        day = first
        while day <= last:
            # The logs `_exercise_status` reads for `day`, in the same order.
            start = min(day - ADHERENCE_DAYS * DAY, week_start_of(day, week_start))
            window = logs[bisect_left(dates, start) : bisect_right(dates, day)]
            statuses[day] = exercise_status(day, program, window, self.library, week_start)
            day += DAY
        return statuses

    # --- the PT's overrides --------------------------------------------------------------

    def read_overrides(self) -> OverrideReading:
        """The stored overrides, each entry checked on its own so one bad value (from an edited
        or older file) leaves the others working; the bad ones are named in `problems`."""
        if self._overrides is not None:
            return self._overrides
        with self.db.reading() as connection:
            stored: Any = read_settings(connection, RULES_SETTING).get(RULES_SETTING)
        usable: Overrides = {}
        problems: list[str] = []
        if stored is not None and not isinstance(stored, Mapping):
            problems.append(f"{RULES_SETTING}: the stored rule settings are not an object")
            stored = None
        for rule_id, changes in (stored or {}).items():
            if not isinstance(changes, Mapping):
                problems.append(f"{rule_id}: must map setting names to values")
                continue
            for name, value in changes.items():
                try:
                    clean = validate_overrides(self.rules, {rule_id: {name: value}})
                except OverrideError as exc:
                    problems.append(str(exc))
                    continue
                usable.setdefault(rule_id, {}).update(clean[rule_id])
        self._overrides = OverrideReading(usable, tuple(problems))
        return self._overrides

    def overrides(self) -> Overrides:
        return self.read_overrides().overrides

    def set_overrides(self, overrides: Mapping[str, Mapping[str, object]]) -> Changes[Overrides]:
        """Check and store the PT's overrides (replacing the stored ones); `OverrideError` names
        the first bad entry and nothing is stored. Values equal to the default are dropped."""
        clean = validate_overrides(self.rules, overrides)
        kept: Overrides = {}
        for rule in self.rules:
            for name, value in clean.get(rule.id, {}).items():
                if value != _default_of(rule, name):
                    kept.setdefault(rule.id, {})[name] = value
        with self.db.writing() as connection:
            SETTINGS.write(connection, RULES_SETTING, kept or None)
        self._overrides = OverrideReading(kept)
        return settings_changed([RULES_SETTING]).with_result(kept)

    def reset_overrides(self) -> Changes[Overrides]:
        """Back to the rule defaults for every rule."""
        return self.set_overrides({})

    def override_differences(self) -> list[OverrideDifference]:
        """Every setting that differs from its default, in rule-table order (for the report)."""
        return differences(self.rules, self.overrides())

    # --- the plans shown -----------------------------------------------------------------

    def keep_shown_plan(
        self, day: dt.date, plan: Plan, shown_at: dt.datetime | None = None
    ) -> None:
        """Remember that `plan` was shown as the plan for `day`; the last one shown wins, and the
        same plan shown again keeps the time it was first shown."""
        if plan.for_date != day:
            raise ValueError(f"the plan is for {plan.for_date}, not {day}")
        shown = plan.to_json()
        with self.db.reading() as connection:
            kept = SHOWN_PLANS.first(connection, "for_date = ?", (day.isoformat(),))
        if kept is not None and kept.plan == shown:
            # Every start shows the plan again: a write (and its disk sync) would only move the
            # time, and cost a tenth of a twenty-year journal's start.
            return
        moment = (shown_at or dt.datetime.now()).astimezone().isoformat(timespec="seconds")
        with self.db.writing() as connection:
            SHOWN_PLANS.put(connection, ShownPlan(plan.for_date, shown, moment))

    def shown_plans(self, first: dt.date, last: dt.date) -> list[ShownPlan]:
        """The plans shown for the days `first`..`last` (inclusive), oldest first."""
        with self.db.reading() as connection:
            return SHOWN_PLANS.between(connection, first, last, column="for_date")


def _default_of(rule: Rule, name: str) -> ParamValue:
    if name == OVERRIDE_DURATION:
        return rule.duration_days
    if name == OVERRIDE_ENABLED:
        return rule.enabled
    return rule.param(name).default
