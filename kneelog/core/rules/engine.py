"""The rules engine: `suggest(journal, day)` turns the journal into the plan for that day.

The plan is a pure function of (journal, rule settings, day). Each rule is evaluated on the plan
days its duration reaches back over, so a restriction that started earlier is still in force; the
most severe action wins and every fired rule is a reason. Only the days a duration, R7 or the
walk-run replay needs are ever evaluated, each once (memoised), and every window is a bisect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kneelog.core.rules.conditions import LATE_CONDITIONS, REGISTRY
from kneelog.core.rules.context import DAY, DayContext, Match, Params
from kneelog.core.rules.definitions import Action, CapBasis, Category, Rule, RuleSet, default_rules
from kneelog.core.rules.journal import JournalView
from kneelog.core.rules.overrides import apply_overrides
from kneelog.core.rules.plan import Plan, Reason, Restriction
from kneelog.core.rules.walk_run import WalkRunState

# How far back a restriction's start is traced when firings chain into each other: a bound so that a
# symptom logged every day for years does not make one plan replay years.
MAX_TRACE_DAYS = 28
TYPICAL_RUN_DAYS = 28
RECENT_LEVEL_DAYS = 14
SPIKE_DAYS = 30
# L1's default: a run above this multiple of the 30-day longest is a spike (for rules without it).
SPIKE_RATIO = 1.1
ACCEPTABLE_PAIN = 5
# Conditions that read the plan day's program status (`JournalView.exercise`), the one part of
# the view that differs from one plan day to the next.
PLAN_DAY_CONDITIONS = frozenset({"exercise_adherence"})

# Rules whose no-running verdict is "a symptom rule did not allow running" (R7, walk-run entry).
_SYMPTOM_CATEGORIES = frozenset(
    {Category.SEED, Category.SYMPTOM, Category.RED_FLAG, Category.PROFILE}
)


@dataclass(frozen=True)
class _Fired:
    rule: Rule
    action: Action
    evidence: tuple[str, ...]
    start: dt.date
    until: dt.date
    today: Match | None


@dataclass(frozen=True)
class _Caps:
    km: float | None = None
    minutes: float | None = None
    intensity: float | None = None


class _Evaluator:
    """Memoised rule firings per plan day for one journal and rule set."""

    def __init__(self, journal: JournalView, rules: RuleSet) -> None:
        self.journal = journal
        self.rules = tuple(rule for rule in rules if rule.enabled)
        self.params = {rule.id: Params(rule.values, rule.args) for rule in self.rules}
        self._contexts: dict[dt.date, DayContext] = {}
        self._fired: dict[tuple[str, dt.date], Match | None] = {}
        self._no_run: dict[dt.date, bool] = {}
        # Rules that read the plan day's program status, which the other days do not share.
        self.plan_day_rules = frozenset(
            rule.id for rule in self.rules if rule.condition in PLAN_DAY_CONDITIONS
        )
        self._plan_day_keys: list[tuple[str, dt.date]] = []
        self.symptom_rules = tuple(
            rule
            for rule in self.rules
            if rule.category in _SYMPTOM_CATEGORIES and rule.condition not in LATE_CONDITIONS
        )
        # A symptom rule matters for "no running" only if one of its actions forbids running.
        self.blocking_rules = tuple(
            rule
            for rule in self.symptom_rules
            if not rule.running_allowed_by(rule.action)
            or (rule.escalate_to is not None and not rule.running_allowed_by(rule.escalate_to))
        )

    def context(self, day: dt.date) -> DayContext:
        ctx = self._contexts.get(day)
        if ctx is None:
            ctx = self._contexts[day] = DayContext(self.journal, day, self.no_run)
        return ctx

    def fired(self, rule: Rule, day: dt.date) -> Match | None:
        key = (rule.id, day)
        if key not in self._fired:
            context = self.context(day)
            if rule.id in self.plan_day_rules:
                context = DayContext(self.journal, day, self.no_run)
                self._plan_day_keys.append(key)
            self._fired[key] = REGISTRY[rule.condition](context, self.params[rule.id])
        return self._fired[key]

    def for_plan_day(self, journal: JournalView) -> None:
        """Switch to the view of another plan day, which differs from the current one only in
        its program status: what the other rules found stays memoised, those reading the
        program status are asked again."""
        self.journal = journal
        for key in self._plan_day_keys:
            self._fired.pop(key, None)
        self._plan_day_keys.clear()

    def action_of(self, rule: Rule, match: Match) -> Action:
        if match.escalate and rule.escalate_to is not None:
            return rule.escalate_to
        return rule.action

    def no_run(self, day: dt.date) -> bool:
        """Whether a symptom rule forbade running on `day` (by a firing that day or earlier)."""
        cached = self._no_run.get(day)
        if cached is not None:
            return cached
        verdict = False
        for rule in self.blocking_rules:
            for offset in range(rule.duration_days):
                match = self.fired(rule, day - offset * DAY)
                if match is not None and not rule.running_allowed_by(self.action_of(rule, match)):
                    verdict = True
                    break
            if verdict:
                break
        self._no_run[day] = verdict
        return verdict

    def evaluate(self, rule: Rule, day: dt.date) -> _Fired | None:
        """The rule's firing in force on `day`: fired today or within its duration before."""
        fires = [
            (day - offset * DAY, match)
            for offset in range(rule.duration_days - 1, -1, -1)
            if (match := self.fired(rule, day - offset * DAY)) is not None
        ]
        if not fires:
            return None
        actions = [self.action_of(rule, match) for _, match in fires]
        action = min(actions, key=lambda a: a.rank)
        start = fires[0][0]
        earliest = day - MAX_TRACE_DAYS * DAY
        if action.rank > Action.HOLD.rank or rule.condition in LATE_CONDITIONS:
            earliest = start  # not a restriction, or its start is known otherwise (walk-run entry)
        while start > earliest:
            earlier = [
                start - back * DAY
                for back in range(1, rule.duration_days + 1)
                if self.fired(rule, start - back * DAY) is not None
            ]
            if not earlier:
                break
            start = max(min(earlier), earliest)
        evidence: list[str] = []
        for _, match in fires:
            evidence += [line for line in match.evidence if line not in evidence]
        until = fires[-1][0] + (rule.duration_days - 1) * DAY
        today = fires[-1][1] if fires[-1][0] == day else None
        state = today.detail.get("state") if today is not None else None
        if isinstance(state, WalkRunState):
            start = min(start, state.entered)
        return _Fired(rule, action, tuple(evidence), start, until, today)


# --------------------------------------------------------------------- caps and wording


def _rounded_caps(caps: _Caps) -> _Caps:
    return _Caps(
        None if caps.km is None else round(caps.km, 1),
        None if caps.minutes is None else float(round(caps.minutes)),
        None if caps.intensity is None else round(caps.intensity, 2),
    )


def _caps_for(fired: _Fired, journal: JournalView, day: dt.date) -> _Caps:
    rule, history = fired.rule, journal.running
    values = rule.values
    if rule.cap is CapBasis.TYPICAL:
        typical = history.typical_run(day, TYPICAL_RUN_DAYS)
        factor = float(values.get("distance_factor", 1.0))
        intensity = values.get("intensity_factor")
        return _Caps(
            None if typical is None else typical.km * factor,
            None if typical is None or typical.minutes is None else typical.minutes * factor,
            None if intensity is None else float(intensity),
        )
    if rule.cap is CapBasis.RECENT:
        longest = history.longest_between(day - RECENT_LEVEL_DAYS * DAY, day - DAY)
        if longest is None:
            return _Caps()
        return _Caps(longest.km, longest.minutes)
    if rule.cap is CapBasis.SPIKE:
        # A spike must not raise its own ceiling: build on the longest run that was not one.
        limit = float(values.get("ratio", SPIKE_RATIO))
        steady = [
            i
            for i in history.index_range(day - SPIKE_DAYS * DAY, day - DAY)
            if (ratio := history.spike_ratio(i)) is None or ratio <= limit
        ]
        if not steady:
            return _Caps()
        best = max(steady, key=lambda i: (history.km[i], i))
        if history.km[best] <= 0:
            return _Caps()
        factor = float(values.get("progress_factor", 1.1))
        minutes = history.minutes[best] or None
        return _Caps(history.km[best] * factor, None if minutes is None else minutes * factor)
    if rule.cap is CapBasis.LAST_OK:
        for run in reversed(history.sessions_between(day - TYPICAL_RUN_DAYS * DAY, day - DAY)):
            if (
                run.pain_during is not None
                and run.pain_during <= ACCEPTABLE_PAIN
                and run.distance_m
            ):
                minutes = None if run.duration_s is None else run.duration_s / 60
                return _Caps(run.distance_m / 1000, minutes)
        typical = history.typical_run(day, TYPICAL_RUN_DAYS)
        if typical is None:
            return _Caps()
        return _Caps(typical.km * 0.5, None if typical.minutes is None else typical.minutes * 0.5)
    if rule.cap is CapBasis.WALK_RUN and fired.today is not None:
        state = fired.today.detail.get("state")
        if isinstance(state, WalkRunState):
            return _Caps(None, state.phase.total_minutes)
    return _Caps()


def _combine(caps: list[_Caps]) -> _Caps:
    def smallest(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return min(present) if present else None

    return _Caps(
        smallest([c.km for c in caps]),
        smallest([c.minutes for c in caps]),
        smallest([c.intensity for c in caps]),
    )


def _limits(caps: _Caps) -> str:
    parts = []
    if caps.km is not None:
        parts.append(f"{caps.km:.1f} km")
    if caps.minutes is not None:
        parts.append(f"{caps.minutes:.0f} minutes")
    return " or ".join(parts)


def _effort(caps: _Caps) -> str:
    if caps.intensity is None or caps.intensity >= 1:
        return ""
    if abs(caps.intensity - 0.5) < 1e-9:
        return " at half your usual effort"
    return f" at {caps.intensity:.0%} of your usual effort"


def _headline(
    action: Action, run_allowed: bool, caps: _Caps, fired: list[_Fired], empty: bool
) -> str:
    if empty:
        return (
            "Log a few runs and morning check-ins to get personal suggestions; "
            "until then run as planned."
        )
    cross = next(
        (f for f in fired if f.action is Action.CROSS_TRAIN and f.rule.cross_training), None
    )
    limits = _limits(caps)
    walk_run = next(
        (f for f in fired if f.rule.cap is CapBasis.WALK_RUN and f.today is not None), None
    )
    if action is Action.URGENT_CARE:
        return "Seek care today and do not run."
    if action is Action.SEE_SPECIALIST and not run_allowed:
        return "See a physical therapist or sports-medicine doctor; no running until then."
    if action is Action.REST:
        return "No running today: walk and do your exercise program as far as it stays pain-free."
    if action is Action.CROSS_TRAIN:
        options = cross.rule.cross_training if cross else ("swim", "cycle")
        names = " or ".join(code.replace("_", "-") for code in options[:2])
        return f"No running today: {names} instead, if it stays pain-free."
    prefix = ""
    if action is Action.SEE_SPECIALIST:
        prefix = "Book a physical therapist or sports-medicine doctor. Meanwhile: "
    state = walk_run.today.detail.get("state") if walk_run and walk_run.today else None
    if isinstance(state, WalkRunState):
        sentence = f"walk-run phase {state.phase.number}: {state.phase.describe()}."
    elif action is Action.REDUCE or (prefix and caps.intensity is not None):
        sentence = (
            f"easy run, at most {limits}{_effort(caps)}."
            if limits
            else "an easy, shorter run than usual."
        )
    elif action is Action.HOLD or prefix:
        sentence = (
            f"run as recently, no more than {limits}."
            if limits
            else "run as recently, no increase."
        )
    elif action is Action.PROGRESS:
        sentence = (
            f"you may increase a little, to at most {limits}."
            if limits
            else "you may increase a little."
        )
    else:
        sentence = "run as planned."
    text = prefix + sentence
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------- the entry point


def suggest(
    journal: JournalView,
    day: dt.date,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    rules: RuleSet | None = None,
) -> Plan:
    """The plan for `day`: sessions dated before it and check-ins dated up to it are used."""
    base = rules if rules is not None else default_rules()
    effective = apply_overrides(base, overrides) if overrides else base
    return _plan(_Evaluator(journal, effective), journal, day)


def suggest_days(
    views: Iterable[tuple[dt.date, JournalView]],
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    rules: RuleSet | None = None,
) -> list[Plan]:
    """The plan for each `(day, view)`, each equal to `suggest(view, day, ...)`.

    The views must share their sessions, check-ins, scores and visits and differ only in the
    program status (`JournalView.exercise`): the rule firings of every day are then worked out
    once for all the plans, so a year of daily plans costs a little more than one plan replaying
    its walk-run history, not 365 times that.
    """
    base = rules if rules is not None else default_rules()
    effective = apply_overrides(base, overrides) if overrides else base
    evaluator: _Evaluator | None = None
    plans = []
    for day, view in views:
        if evaluator is None:
            evaluator = _Evaluator(view, effective)
        else:
            evaluator.for_plan_day(view)
        plans.append(_plan(evaluator, view, day))
    return plans


def _plan(evaluator: _Evaluator, journal: JournalView, day: dt.date) -> Plan:
    ordered = [r for r in evaluator.rules if r.condition not in LATE_CONDITIONS]
    ordered += [r for r in evaluator.rules if r.condition in LATE_CONDITIONS]
    fired = [f for rule in ordered if (f := evaluator.evaluate(rule, day)) is not None]
    fired.sort(key=lambda f: f.action.rank)  # stable: file order within one action

    empty = not journal.session_dates[:1] or journal.session_dates[0] >= day
    empty = empty and (not journal.checkin_dates[:1] or journal.checkin_dates[0] > day)
    action = fired[0].action if fired else Action.CONTINUE
    run_allowed = all(f.rule.running_allowed_by(f.action) for f in fired)
    caps = _Caps()
    if run_allowed:
        caps = _rounded_caps(_combine([_caps_for(f, journal, day) for f in fired]))
    cross_training: list[str] = []
    if not run_allowed:
        for f in fired:
            if not f.rule.running_allowed_by(f.action):
                cross_training += [c for c in f.rule.cross_training if c not in cross_training]
    reasons = tuple(
        Reason(
            rule=f.rule.id,
            title=f.rule.title,
            action=f.action,
            evidence=f.evidence,
            source=f.rule.source,
            severity=f.rule.severity,
            explanation=f.rule.explanation,
        )
        for f in fired
    )
    restrictions = tuple(
        Restriction(f.rule.id, f.action, f.start, f.until)
        for f in fired
        if f.action.rank <= Action.HOLD.rank
    )
    exercises = journal.exercise.due if journal.exercise is not None else ()
    return Plan(
        for_date=day,
        action=action,
        run_allowed=run_allowed,
        max_run_km=caps.km,
        max_run_min=None if caps.minutes is None else int(caps.minutes),
        intensity_factor=caps.intensity,
        cross_training=tuple(cross_training),
        headline=_headline(action, run_allowed, caps, fired, empty),
        reasons=reasons,
        restrictions=restrictions,
        exercises=tuple(exercises),
    )
