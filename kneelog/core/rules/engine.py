"""The rules engine: `suggest(journal, day)` turns the journal into the plan for that day.

The plan is a pure function of (journal, rule settings, day). Each rule is evaluated on the plan
days its duration reaches back over, so a restriction that started earlier is still in force; the
most severe action wins. Red flags open an episode that only a clinician visit clearing running
closes (spec "Red-flag episodes"). Only the days a duration, R7, the walk-run replay or the
episode search needs are ever evaluated, each once (memoised), and every window is a bisect.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kneelog.core.codes import ACTIVITY_LABELS, Activity, Symptom
from kneelog.core.load import TypicalRun
from kneelog.core.rules.conditions import LATE_CONDITIONS, REGISTRY
from kneelog.core.rules.context import DAY, DayContext, Match, Params
from kneelog.core.rules.definitions import (
    Action,
    CapBasis,
    Rule,
    RuleCategory,
    RuleSet,
    default_rules,
)
from kneelog.core.rules.inputs import RuleInputs
from kneelog.core.rules.overrides import apply_overrides
from kneelog.core.rules.plan import Episode, Plan, Reason, Restriction
from kneelog.core.rules.walk_run import HoldReturn, WalkRunState
from kneelog.core.units import DistanceUnit
from kneelog.core.visits import VisitRecord

# How far back a restriction's start is traced when firings chain into each other: a bound so that a
# symptom logged every day for years does not make one plan replay years.
MAX_TRACE_DAYS = 60
REFERENCE_DAYS = 28
RECENT_LEVEL_DAYS = 14
SPIKE_DAYS = 30
# L1's default: a run above this multiple of the 30-day longest is a spike (for rules without it).
SPIKE_RATIO = 1.1
ACCEPTABLE_PAIN = 5
# An activity that hurt within this many days is never suggested as the alternative.
HURT_DAYS = 7
CLOSES_WITH = "a clinician visit that clears you to run"
# Conditions that read the plan day's program status (`RuleInputs.exercise`), the one part of
# the view that differs from one plan day to the next.
PLAN_DAY_CONDITIONS = frozenset({"exercise_adherence"})

# Rules whose no-running verdict is "a symptom rule did not allow running" (R7, walk-run entry).
_SYMPTOM_CATEGORIES = frozenset(
    {RuleCategory.SEED, RuleCategory.SYMPTOM, RuleCategory.RED_FLAG, RuleCategory.PROFILE}
)
# Symptoms that can open a red-flag episode: the days that see them are the only days searched.
_FLAG_SYMPTOMS = frozenset(
    {
        Symptom.SWELLING,
        Symptom.WARM_RED,
        Symptom.FEVER,
        Symptom.TRAUMA,
        Symptom.CANNOT_BEAR_WEIGHT,
        Symptom.LOCKING,
        Symptom.GIVING_WAY,
        Symptom.NIGHT_PAIN,
        Symptom.REDUCED_ROM,
    }
)


@dataclass(frozen=True)
class _Fired:
    rule: Rule
    action: Action
    evidence: tuple[str, ...]
    start: dt.date
    until: dt.date
    today: Match | None
    # A red-flag episode keeps running forbidden whatever the rule's own action says.
    episode: bool = False

    @property
    def allows_running(self) -> bool:
        return not self.episode and self.rule.running_allowed_by(self.action)


@dataclass(frozen=True)
class _Caps:
    km: float | None = None
    minutes: float | None = None
    intensity: float | None = None


@dataclass(frozen=True)
class _Opening:
    """Where a red-flag episode opened: the first plan day that saw it, the rule and its facts."""

    day: dt.date
    rule: Rule
    evidence: tuple[str, ...]


class _Evaluator:
    """Memoised rule firings per plan day for one journal and rule set."""

    def __init__(self, journal: RuleInputs, rules: RuleSet) -> None:
        self.journal = journal
        self.rules = tuple(rule for rule in rules if rule.enabled)
        self.params = {rule.id: Params(rule.values, rule.args) for rule in self.rules}
        self._contexts: dict[tuple[dt.date, bool], DayContext] = {}
        self._fired: dict[tuple[str, dt.date], Match | None] = {}
        self._no_run: dict[dt.date, bool] = {}
        self._no_run_by: dict[tuple[dt.date, frozenset[str]], bool] = {}
        self.by_id = {rule.id: rule for rule in self.rules}
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
        self.episode_rules = tuple(rule for rule in self.rules if rule.episode)
        # What a clearing visit saw does not count again after it (see DayContext.floor).
        self._floored = frozenset(
            rule.id
            for rule in self.rules
            if rule.episode
            or rule.category is RuleCategory.RED_FLAG
            or rule.condition == "symptom_ongoing"
        )
        self.clearing = [v for v in journal.sorted_visits if v.cleared_to_run]
        self._clear_dates = [v.date for v in self.clearing]
        severe = self.params.get("R9")
        self.severe_pain = severe.int("min_pain") if severe is not None else 8
        self._key = tuple(
            (rule.id, tuple(sorted(rule.values.items())), rule.episode)
            for rule in self.episode_rules
        )

    # ----------------------------------------------------------------- firings

    def floor_for(self, day: dt.date) -> dt.date | None:
        """The date of the last visit clearing running that the plan of `day` sees."""
        index = bisect_right(self._clear_dates, day - DAY)
        return self._clear_dates[index - 1] if index else None

    def context(self, day: dt.date, floored: bool = False) -> DayContext:
        key = (day, floored)
        ctx = self._contexts.get(key)
        if ctx is None:
            ctx = DayContext(
                self.journal,
                day,
                self.no_run,
                self.params,
                self.no_run_by,
                self.episode_closed_by,
                self.floor_for(day) if floored else None,
            )
            self._contexts[key] = ctx
        return ctx

    def fired(self, rule: Rule, day: dt.date) -> Match | None:
        key = (rule.id, day)
        if key not in self._fired:
            ctx = self.context(day, rule.id in self._floored)
            if rule.id in self.plan_day_rules:
                # Read with this plan day's view (its program status), and asked again for the
                # next plan day (see `for_plan_day`).
                ctx = replace(ctx, journal=self.journal)
                self._plan_day_keys.append(key)
            self._fired[key] = REGISTRY[rule.condition](ctx, self.params[rule.id])
        return self._fired[key]

    def for_plan_day(self, journal: RuleInputs) -> None:
        """Switch to the view of another plan day, which differs from the current one only in
        its program status: what the other rules found stays memoised, those reading the
        program status are asked again."""
        self.journal = journal
        for key in self._plan_day_keys:
            self._fired.pop(key, None)
        self._plan_day_keys.clear()

    def action_of(self, rule: Rule, match: Match) -> Action:
        chosen = match.detail.get("action")
        if isinstance(chosen, Action):
            return chosen
        if match.escalate and rule.escalate_to is not None:
            return rule.escalate_to
        return rule.action

    def _blocks(self, rule: Rule, day: dt.date) -> bool:
        for offset in range(rule.duration_days):
            match = self.fired(rule, day - offset * DAY)
            if match is not None and not rule.running_allowed_by(self.action_of(rule, match)):
                return True
        return False

    def no_run(self, day: dt.date) -> bool:
        """Whether a symptom rule forbade running on `day` (by a firing that day or earlier)."""
        cached = self._no_run.get(day)
        if cached is None:
            cached = self._no_run[day] = any(self._blocks(r, day) for r in self.blocking_rules)
        return cached

    def no_run_by(self, day: dt.date, rule_ids: frozenset[str]) -> bool:
        key = (day, rule_ids)
        cached = self._no_run_by.get(key)
        if cached is None:
            cached = self._no_run_by[key] = any(
                self._blocks(self.by_id[i], day) for i in rule_ids if i in self.by_id
            )
        return cached

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
        # Caps need the start of a "run less" or "hold" (the reference run is the runs before
        # it), so those are traced further back than the others.
        trace = MAX_TRACE_DAYS if action in (Action.REDUCE, Action.HOLD) else REFERENCE_DAYS
        earliest = day - trace * DAY
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
        if isinstance(state, WalkRunState | HoldReturn):
            start = min(start, state.entered)
        return _Fired(rule, action, tuple(evidence), start, until, today)

    # ----------------------------------------------------------------- red-flag episodes

    def _candidate_days(self) -> list[dt.date]:
        """The plan days that see an entry able to open an episode, ascending (cached)."""
        key = ("candidates", self.severe_pain)
        cache = self.journal.episode_cache
        found = cache.get(key)
        if found is None:
            days: set[dt.date] = set()
            limit = self.severe_pain
            for session in self.journal.sorted_sessions:
                worst = max(session.pain_during or 0, session.pain_after or 0)
                if worst >= limit or _FLAG_SYMPTOMS.intersection(session.symptoms):
                    days.add(session.date + DAY)
            for checkin in self.journal.sorted_checkins:
                if (checkin.morning_pain or 0) >= limit or _FLAG_SYMPTOMS.intersection(
                    checkin.symptoms
                ):
                    days.add(checkin.date)
            for log in self.journal.sorted_exercise_logs:
                if (log.pain or 0) >= limit:
                    days.add(log.date + DAY)
            found = cache[key] = sorted(days)
        assert isinstance(found, list)
        return found

    def first_opening(self, after: dt.date | None) -> _Opening | None:
        """The first episode opening on a plan day after `after` (a firing on day X depends only
        on what day X sees, so the answer holds for every plan day and is cached)."""
        key = ("opening", self._key, after)
        cache = self.journal.episode_cache
        if key in cache:
            return cache[key]  # type: ignore[return-value]
        days = self._candidate_days()
        start = 0 if after is None else bisect_right(days, after)
        opening: _Opening | None = None
        for day in days[start:]:
            for rule in self.episode_rules:
                match = self.fired(rule, day)
                if match is None or (rule.episode == "escalated" and not match.escalate):
                    continue
                opening = _Opening(day, rule, match.evidence)
                break
            if opening is not None:
                break
        cache[key] = opening
        return opening

    def open_episode(self, day: dt.date) -> _Opening | None:
        opening = self.first_opening(self.floor_for(day))
        return opening if opening is not None and opening.day <= day else None

    def episode_closed_by(self, visit: VisitRecord) -> dt.date | None:
        """The start of the episode a clearing `visit` closed, if one was open."""
        if not visit.cleared_to_run:
            return None
        opening = self.first_opening(self.floor_for(visit.date))
        return opening.day if opening is not None and opening.day <= visit.date else None


# --------------------------------------------------------------------- caps and wording


def _rounded_caps(caps: _Caps) -> _Caps:
    return _Caps(
        None if caps.km is None else round(caps.km, 1),
        None if caps.minutes is None else float(round(caps.minutes)),
        None if caps.intensity is None else round(caps.intensity, 2),
    )


def _smaller(a: float | None, b: float | None) -> float | None:
    present = [v for v in (a, b) if v is not None]
    return min(present) if present else None


def _caps_for(
    fired: _Fired, journal: RuleInputs, reference: TypicalRun | None, day: dt.date
) -> _Caps:
    rule, history = fired.rule, journal.running
    values = rule.values
    ref_km = None if reference is None else reference.km
    ref_min = None if reference is None else reference.minutes
    trigger = fired.today.detail.get("trigger_km") if fired.today is not None else None
    caps = _Caps()
    if rule.cap is CapBasis.TYPICAL:
        factor = float(values.get("distance_factor", 1.0))
        intensity = values.get("intensity_factor")
        caps = _Caps(
            None if ref_km is None else ref_km * factor,
            None if ref_min is None else ref_min * factor,
            None if intensity is None else float(intensity),
        )
    elif rule.cap is CapBasis.RECENT:
        longest = history.longest_between(day - RECENT_LEVEL_DAYS * DAY, day - DAY)
        if longest is None:
            caps = _Caps(ref_km, ref_min)
        else:
            caps = _Caps(_smaller(longest.km, ref_km), _smaller(longest.minutes, ref_min))
    elif rule.cap is CapBasis.SPIKE:
        # A spike must not raise its own ceiling: build on the longest run that was not one.
        limit = float(values.get("ratio", SPIKE_RATIO))
        steady = [
            i
            for i in history.index_range(day - SPIKE_DAYS * DAY, day - DAY)
            if (ratio := history.spike_ratio(i)) is None or ratio <= limit
        ]
        if steady:
            best = max(steady, key=lambda i: (history.km[i], i))
            if history.km[best] > 0:
                factor = float(values.get("progress_factor", 1.1))
                minutes = history.minutes[best] or None
                caps = _Caps(
                    history.km[best] * factor, None if minutes is None else minutes * factor
                )
    elif rule.cap is CapBasis.LAST_OK:
        painful_day = fired.today.detail.get("painful_day") if fired.today else None
        end = painful_day - DAY if isinstance(painful_day, dt.date) else day - DAY
        for run in reversed(history.sessions_between(end - REFERENCE_DAYS * DAY, end)):
            if (
                run.pain_during is not None
                and run.pain_during <= ACCEPTABLE_PAIN
                and run.distance_m
            ):
                minutes = None if run.duration_s is None else run.duration_s / 60
                caps = _Caps(_smaller(run.distance_m / 1000, ref_km), _smaller(minutes, ref_min))
                break
        else:
            if ref_km is not None:
                caps = _Caps(ref_km * 0.5, None if ref_min is None else ref_min * 0.5)
    elif rule.cap is CapBasis.WALK_RUN and fired.today is not None:
        state = fired.today.detail.get("state")
        if isinstance(state, WalkRunState):
            return _Caps(None, state.phase.total_minutes)
        if isinstance(state, HoldReturn):
            before = history.typical_run(state.reference_before, _reference_days(rule))
            if before is not None:
                return _Caps(before.km, before.minutes)
    if fired.action is Action.CONTINUE:
        return _Caps()  # "run as planned": a progress cap does not apply (P1 without its morning)
    if fired.action is Action.HOLD:
        # A hold cap never exceeds the reference run.
        caps = _Caps(_smaller(caps.km, ref_km), _smaller(caps.minutes, ref_min), caps.intensity)
    if fired.action is Action.REDUCE and isinstance(trigger, float) and trigger > 0:
        # A reduce cap is always below the run that triggered it.
        factor = float(values.get("distance_factor", 0.75))
        factor = factor if factor < 1 else 0.75
        caps = _Caps(_smaller(caps.km, trigger * factor), caps.minutes, caps.intensity)
    return caps


def _reference_days(rule: Rule | None) -> int:
    if rule is None:
        return REFERENCE_DAYS
    return int(rule.values.get("reference_days", REFERENCE_DAYS))


def _combine(caps: list[_Caps]) -> _Caps:
    return _Caps(
        min((c.km for c in caps if c.km is not None), default=None),
        min((c.minutes for c in caps if c.minutes is not None), default=None),
        min((c.intensity for c in caps if c.intensity is not None), default=None),
    )


def distance_words(km: float, unit: DistanceUnit) -> str:
    """'3.0 km' or '1.9 mi': a cap in the runner's units."""
    return unit.format_distance(km * 1000)


def _limits(caps: _Caps, unit: DistanceUnit) -> str:
    parts = []
    if caps.km is not None:
        parts.append(distance_words(caps.km, unit))
    if caps.minutes is not None:
        parts.append(f"{caps.minutes:.0f} minutes")
    return " or ".join(parts)


def _effort(caps: _Caps) -> str:
    if caps.intensity is None or caps.intensity >= 1:
        return ""
    if abs(caps.intensity - 0.5) < 1e-9:
        return " at half your usual effort"
    return f" at {caps.intensity:.0%} of your usual effort"


def short_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


_DOING: dict[str, str] = {
    Activity.SWIM: "swimming",
    Activity.CYCLE: "cycling",
    Activity.POOL_RUN: "pool running",
    Activity.ELLIPTICAL: "the elliptical",
    Activity.WALK: "walking",
    Activity.STRENGTH: "strength work",
}


def _activity_words(code: str) -> str:
    """An alternative to running in words: "swimming", "the elliptical"."""
    if code in _DOING:
        return _DOING[code]
    try:
        return ACTIVITY_LABELS[Activity(code)].lower()
    except ValueError:
        return code.replace("_", " ")


def _or_list(codes: list[str] | tuple[str, ...]) -> str:
    words = [_activity_words(code) for code in codes]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _no_run_until(fired: list[_Fired], day: dt.date) -> dt.date:
    """The last day of the no-running restrictions in force (at least the plan's day)."""
    return max([day, *(f.until for f in fired if not f.allows_running)])


def _headline(
    action: Action,
    run_allowed: bool,
    caps: _Caps,
    cross: tuple[str, ...],
    walk: WalkRunState | None,
    episode: _Opening | None,
    until: dt.date,
    day: dt.date,
    empty: bool,
    unit: DistanceUnit,
) -> str:
    if empty:
        return (
            "Log a few runs and morning check-ins to get personal suggestions; "
            "until then run as planned."
        )
    limits = _limits(caps, unit)
    when = (
        f"on {short_date(day)}"
        if until <= day
        else f"from {short_date(day)} to {short_date(until)}"
    )
    if action is Action.URGENT_CARE:
        return "Seek care today and do not run."
    if action is Action.SEE_SPECIALIST and not run_allowed:
        if episode is not None:
            return (
                "See a physical therapist or sports-medicine doctor; "
                "no running until they clear you."
            )
        if cross:
            return (
                "Book a physical therapist or sports-medicine doctor. Meanwhile no running "
                f"{when}: {_or_list(cross[:3])} instead, if it stays pain-free."
            )
        return (
            "Book a physical therapist or sports-medicine doctor. Meanwhile no running "
            f"{when}: walk and do your exercises as far as they stay pain-free."
        )
    if action is Action.REST:
        return f"No running {when}: walk and do your exercises as far as they stay pain-free."
    if action is Action.CROSS_TRAIN:
        return f"No running {when}: {_or_list(cross[:3])} instead, if it stays pain-free."
    prefix = ""
    if action is Action.SEE_SPECIALIST:
        prefix = "Book a physical therapist or sports-medicine doctor. Meanwhile: "
    if walk is not None:
        sentence = f"walk-run phase {walk.phase.number}: {walk.phase.describe()}."
    elif action is Action.REDUCE or (prefix and caps.intensity is not None):
        sentence = (
            f"easy run, at most {limits}{_effort(caps)}."
            if limits
            else f"an easy, shorter run than usual{_effort(caps)}."
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


_ACTION_CLAUSE: dict[Action, str] = {
    Action.URGENT_CARE: "so seek care today and do not run",
    Action.SEE_SPECIALIST: "so please see a physical therapist or sports-medicine doctor",
    Action.REST: "so take a break from running; walking and your exercises are fine if they "
    "do not hurt",
    Action.CROSS_TRAIN: "so swap running for {cross} if it stays pain-free",
    Action.REDUCE: "so keep the run short and easy",
    Action.HOLD: "so run as recently, without increasing",
    Action.CONTINUE: "so run as planned",
    Action.PROGRESS: "so you may increase a little",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _summary(
    action: Action,
    run_allowed: bool,
    shaping: list[_Fired],
    cross: tuple[str, ...],
    walk: WalkRunState | None,
    episode: _Opening | None,
    left_out: dict[str, str],
    empty: bool,
    effort_only: bool = False,
) -> str:
    if empty:
        return "Log a few runs and morning check-ins to get personal suggestions."
    if episode is not None:
        first = episode.rule.because or episode.rule.title.lower()
        clause = _ACTION_CLAUSE[action]
        if action is Action.SEE_SPECIALIST:
            clause = "so please see a physical therapist or sports-medicine doctor and do not run"
        second = (
            f"This has been open since {short_date(episode.day)}; recording {CLOSES_WITH} "
            "closes it."
        )
        return f"{_sentence(f'{first}, {clause}')} {second}"
    main = next((f for f in shaping if f.action is action and f.rule.because), None)
    if main is None:
        main = next((f for f in shaping if f.rule.because), None)
    if main is None:
        return "Nothing in your recent entries calls for a change, so run as planned."
    clause = _ACTION_CLAUSE[action].format(cross=_or_list(cross[:3]) or "another activity")
    if walk is not None:
        clause = f"so follow walk-run phase {walk.phase.number} ({walk.phase.describe()})"
    elif action is Action.REDUCE and effort_only:
        clause = "so keep the run at an easy effort"
    elif action is Action.SEE_SPECIALIST and not run_allowed:
        clause = "so please book a physical therapist or sports-medicine doctor; meanwhile " + (
            "swap running for " + _or_list(cross[:3]) if cross else "do not run"
        )
    elif action is Action.SEE_SPECIALIST and run_allowed:
        clause = (
            "so please book a physical therapist or sports-medicine doctor; "
            "meanwhile keep your runs easy"
        )
    text = _sentence(f"{main.rule.because}, {clause}")
    if left_out:
        names = _or_list(sorted(left_out)).replace(" or ", " and ")
        names = names[0].upper() + names[1:]
        if len(left_out) == 1:
            text += f" {names} is left out: it hurt in the last week."
        else:
            text += f" {names} are left out: they hurt in the last week."
    return text


def _notices(journal: RuleInputs, day: dt.date, fired: list[_Fired]) -> list[str]:
    notices: list[str] = []
    for f in fired:
        notice = f.today.detail.get("notice") if f.today is not None else None
        if isinstance(notice, str) and notice not in notices:
            notices.append(notice)
    if not journal.checkins_between(day - 3 * DAY, day):
        earlier = journal.checkins_before(day - 3 * DAY, 1)
        since = f" since {short_date(earlier[-1].date)}" if earlier else ""
        notices.append(
            f"No morning check-in{since}: log one so the plan can see how your knee settles"
        )
    for run in journal.running.sessions_between(day - DAY, day - DAY):
        missing = [
            words
            for value, words in ((run.pain_during, "during"), (run.pain_after, "an hour after"))
            if value is None
        ]
        if missing:
            notices.append(
                f"The run of {short_date(run.date)} has no pain score for "
                f"{' or '.join(missing)}: add it so the plan can use it"
            )
    return notices


# --------------------------------------------------------------------- the entry point


def _reason(f: _Fired) -> Reason:
    return Reason(
        rule=f.rule.id,
        title=f.rule.title,
        action=f.action,
        evidence=f.evidence,
        source=f.rule.source,
        severity=f.rule.severity,
        explanation=f.rule.explanation,
    )


def suggest(
    journal: RuleInputs,
    day: dt.date,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    rules: RuleSet | None = None,
    unit: DistanceUnit = DistanceUnit.KM,
) -> Plan:
    """The plan for `day`: sessions, exercise logs and visits dated before it and check-ins
    dated up to it are used; caps are worded in `unit` (the JSON numbers stay in km)."""
    base = rules if rules is not None else default_rules()
    effective = apply_overrides(base, overrides) if overrides else base
    return _plan(_Evaluator(journal, effective), journal, day, unit)


def suggest_days(
    views: Iterable[tuple[dt.date, RuleInputs]],
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    rules: RuleSet | None = None,
    unit: DistanceUnit = DistanceUnit.KM,
) -> list[Plan]:
    """The plan for each `(day, view)`, each equal to `suggest(view, day, ...)`.

    The views must share their sessions, check-ins, logs, scores and visits and differ only in
    the program status (`RuleInputs.exercise`): the rule firings of every day are then worked
    out once for all the plans, so a year of daily plans costs a little more than one plan
    replaying its history, not 365 times that.
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
        plans.append(_plan(evaluator, view, day, unit))
    return plans


def _plan(evaluator: _Evaluator, journal: RuleInputs, day: dt.date, unit: DistanceUnit) -> Plan:
    # A red-flag episode: running stays forbidden and the action at least a referral; the
    # return to running cannot start while it is open, so it is not even replayed.
    opening = evaluator.open_episode(day)
    ordered = [r for r in evaluator.rules if r.condition not in LATE_CONDITIONS]
    ordered += [
        r
        for r in evaluator.rules
        if r.condition in LATE_CONDITIONS and not (opening and r.cap is CapBasis.WALK_RUN)
    ]
    fired = [f for rule in ordered if (f := evaluator.evaluate(rule, day)) is not None]

    if opening is not None:
        urgent = any(f.action is Action.URGENT_CARE for f in fired)
        since_line = f"{opening.day.isoformat()}: open since then, no visit clearing running"
        episode_fire = _Fired(
            opening.rule,
            Action.URGENT_CARE if urgent else Action.SEE_SPECIALIST,
            (*opening.evidence, since_line),
            opening.day,
            day,
            None,
            episode=True,
        )
        fired = [
            f
            for f in fired
            if f.rule.id != opening.rule.id or f.action.rank < episode_fire.action.rank
        ]
        fired.append(episode_fire)
    fired.sort(key=lambda f: f.action.rank)  # stable: file order within one action

    empty = not journal.session_dates[:1] or journal.session_dates[0] >= day
    empty = empty and (not journal.checkin_dates[:1] or journal.checkin_dates[0] > day)
    action = fired[0].action if fired else Action.CONTINUE
    run_allowed = all(f.allows_running for f in fired)
    walk_fire = next(
        (
            f
            for f in fired
            if f.today is not None
            and isinstance(f.today.detail.get("state"), WalkRunState)
            and f.action is Action.REDUCE
        ),
        None,
    )
    walk = walk_fire.today.detail["state"] if walk_fire and walk_fire.today else None

    # What shapes the plan goes to `reasons`; advice the plan overrides goes to `overridden`.
    def shapes(f: _Fired) -> bool:
        if not run_allowed:
            # What stops running, and a referral that still applies (R7 beside a week of
            # cross-training): "book a clinician" is not overridden by "do not run".
            return not f.allows_running or f.action.rank <= Action.SEE_SPECIALIST.rank
        if f.action is Action.PROGRESS:
            return action is Action.PROGRESS
        # Under the walk-run the phase replaces the km caps of holds.
        return walk is None or f.action is not Action.HOLD

    shaping = [f for f in fired if shapes(f)]
    overridden = [f for f in fired if not shapes(f)]

    # The reference run: the median of the runs in the days before the current restriction.
    restricted = [f.start for f in shaping if f.action in (Action.REDUCE, Action.HOLD)]
    since = min(restricted, default=day)
    reference = journal.running.typical_run(since, _reference_days(evaluator.by_id.get("L5")))

    caps = _Caps()
    if run_allowed and walk is not None:
        intensity = _combine([_caps_for(f, journal, reference, day) for f in shaping]).intensity
        caps = _rounded_caps(_Caps(None, walk.phase.total_minutes, intensity))
    elif run_allowed:
        caps = _rounded_caps(_combine([_caps_for(f, journal, reference, day) for f in shaping]))

    # Alternatives to running, never an activity that hurt lately.
    cross: list[str] = []
    left_out: dict[str, str] = {}
    # Under a referral without an episode, the strongest no-running advice says what to do
    # meanwhile (cross-training or rest).
    meanwhile = next(
        (
            f.action
            for f in shaping
            if not f.allows_running and f.action.rank > Action.SEE_SPECIALIST.rank
        ),
        None,
    )
    if action is Action.CROSS_TRAIN or (
        action is Action.SEE_SPECIALIST and opening is None and meanwhile is Action.CROSS_TRAIN
    ):
        p1 = evaluator.params.get("P1")
        limit = p1.int("max_pain_during") if p1 is not None else 2
        hurting = evaluator.context(day).hurting_activities(HURT_DAYS, limit)
        for f in shaping:
            if f.action is not Action.CROSS_TRAIN:
                continue
            options = f.today.detail.get("cross_training") if f.today is not None else None
            for code in options or f.rule.cross_training:
                if code in hurting:
                    left_out[code] = hurting[code]
                elif code not in cross:
                    cross.append(code)
        if not cross and action is Action.CROSS_TRAIN:
            action = Action.REST
    until = _no_run_until(fired, day)
    # "Run less" that lowers only the effort (S1) is worded as such, not as a shorter run.
    effort_only = (
        caps.intensity is not None
        and caps.intensity < 1
        and (caps.km is None or reference is None or caps.km >= round(reference.km, 1))
    )
    plan_unit = unit
    reasons = tuple(_reason(f) for f in shaping)
    # Every restriction in force on the day, also one whose advice today's plan overrides (a
    # "run less" still holds after the rest days that cut into it).
    restrictions = tuple(
        Restriction(f.rule.id, f.action, f.start, f.until)
        for f in fired
        if f.action.rank <= Action.HOLD.rank and not f.episode
    )
    exercises = journal.exercise.due if journal.exercise is not None else ()
    episode = None
    if opening is not None:
        episode = Episode(
            opening.rule.id,
            opening.day,
            action is Action.URGENT_CARE,
            CLOSES_WITH,
        )
    return Plan(
        for_date=day,
        action=action,
        run_allowed=run_allowed,
        max_run_km=caps.km,
        max_run_min=None if caps.minutes is None else int(caps.minutes),
        intensity_factor=caps.intensity,
        cross_training=tuple(cross),
        headline=_headline(
            action, run_allowed, caps, tuple(cross), walk, opening, until, day, empty, plan_unit
        ),
        reasons=reasons,
        restrictions=restrictions,
        exercises=tuple(exercises),
        summary=_summary(
            action, run_allowed, shaping, tuple(cross), walk, opening, left_out, empty, effort_only
        ),
        overridden=tuple(_reason(f) for f in overridden),
        notices=tuple(_notices(journal, day, fired)) if not empty else (),
        episode=episode,
    )
