"""The condition registry: named, parameterised checks over one plan day's data.

A condition is `fn(ctx, params) -> Match | None`; it returns dated evidence strings when it fires.
Rules in rules.toml refer to these by name, so the rule table stays data.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable

from kneelog.core.codes import PainTrend, Symptom
from kneelog.core.load import is_running
from kneelog.core.rules.context import (
    DAY,
    DayContext,
    Entry,
    Match,
    PainFact,
    Params,
    days_in,
    fact,
    symptom_label,
    symptoms_in,
)
from kneelog.core.rules.definitions import Action
from kneelog.core.rules.walk_run import HoldReturn, return_state
from kneelog.core.session_records import CheckInRecord, SessionRecord, is_checkin

Condition = Callable[[DayContext, Params], Match | None]

REGISTRY: dict[str, Condition] = {}

# Conditions that read other rules' outcomes on earlier days; the engine evaluates them last.
LATE_CONDITIONS: set[str] = set()


def condition(name: str, *, late: bool = False) -> Callable[[Condition], Condition]:
    """Register `fn` under `name` for use in rules.toml."""

    def register(fn: Condition) -> Condition:
        if name in REGISTRY:
            raise ValueError(f"condition {name!r} registered twice")
        REGISTRY[name] = fn
        if late:
            LATE_CONDITIONS.add(name)
        return fn

    return register


def _match(evidence: list[str], escalate: bool = False, **detail: object) -> Match | None:
    return Match(tuple(evidence), escalate, detail) if evidence else None


def _next_morning(ctx: DayContext, run: SessionRecord) -> CheckInRecord | None:
    morning = run.date + DAY
    return ctx.journal.checkin_on(morning) if morning <= ctx.day else None


# --------------------------------------------------------------------- symptoms


@condition("stiffness_reported")
def stiffness_reported(ctx: DayContext, p: Params) -> Match | None:
    """S1: the latest morning's stiffness above the runner's own baseline by more than the
    tolerance, or at `no_baseline_level` or more without a baseline (spec "Tolerances").

    Only this morning's check-in: the restriction starts the day of the check-in and its
    duration carries it over the next plan days."""
    checkin = ctx.checkin_today()
    if checkin is None:
        return None
    baseline = ctx.baseline(checkin.date, p.int("baseline_checkins"), "morning_stiffness")
    level = checkin.morning_stiffness
    if level is None:
        if Symptom.STIFFNESS in checkin.symptoms and (baseline is None or baseline < 1):
            return _match([fact(checkin, "stiffness")])
        return None
    if baseline is None:
        if level >= p.int("no_baseline_level"):
            return _match([fact(checkin, f"morning stiffness {level}/10")])
        return None
    if level > baseline + p.float("tolerance"):
        return _match([fact(checkin, f"morning stiffness {level}/10 (usual {baseline:g}/10)")])
    return None


@condition("symptom_in_session")
def symptom_in_session(ctx: DayContext, p: Params) -> Match | None:
    """A session dated yesterday reported the symptom (optionally runs only)."""
    symptom = p.arg("symptom")
    running_only = bool(p.args.get("running_only", False))
    evidence = [
        fact(s, symptom_label(symptom))
        for s in ctx.sessions_last(1)
        if symptom in s.symptoms and (is_running(s) or not running_only)
    ]
    return _match(evidence)


@condition("symptom_ongoing")
def symptom_ongoing(ctx: DayContext, p: Params) -> Match | None:
    """The symptom was reported and has not ended since (spec "Symptom ends")."""
    symptom = p.arg("symptom")
    found = ctx.ongoing(symptom, p.int("lookback_days"))
    return _match([fact(entry, symptom_label(symptom)) for entry in found])


@condition("symptom_any_recent")
def symptom_any_recent(ctx: DayContext, p: Params) -> Match | None:
    """`symptoms` on any entry of the last `window_days` days (default 1)."""
    watched = set(p.arg("symptoms"))
    days = p.int("window_days") if "window_days" in p.values else 1
    evidence = [
        fact(entry, symptom_label(code))
        for entry in ctx.entries_last(days)
        for code in entry.symptoms
        if code in watched
    ]
    return _match(evidence)


@condition("symptoms_together")
def symptoms_together(ctx: DayContext, p: Params) -> Match | None:
    """One of the `groups` of symptoms all reported within the last `window_days` days, in any
    entries (spec "Same day": the parts count together even in different entries)."""
    entries = ctx.entries_last(p.int("window_days"))
    present = symptoms_in(entries)
    groups = [set(group) for group in p.arg("groups")]
    met = [group for group in groups if group <= present]
    if not met:
        return None
    wanted = set().union(*met)
    return _match([fact(e, symptom_label(c)) for e in entries for c in e.symptoms if c in wanted])


@condition("persistent_swelling")
def persistent_swelling(ctx: DayContext, p: Params) -> Match | None:
    """S3: swelling on `episode_days` consecutive days, lasting beyond `lasting_days`, or after
    `recurrence_runs` runs within `recurrence_window_days` (P12), gone since or not."""
    lookback = p.int("lookback_days")
    for streak in reversed(ctx.consecutive(Symptom.SWELLING, lookback)):
        span = (streak[-1].date - streak[0].date).days
        if days_in(streak) >= p.int("episode_days") or span >= p.int("lasting_days"):
            return _match([fact(entry, "swelling") for entry in streak])
    window = p.int("recurrence_window_days")
    swollen: list[str] = []
    for run in ctx.runs_last(window):
        if Symptom.SWELLING in run.symptoms:
            swollen.append(fact(run, "swelling after the run"))
            continue
        morning = _next_morning(ctx, run)
        if morning is not None and Symptom.SWELLING in morning.symptoms:
            swollen.append(fact(morning, f"swelling after the run of {run.date.isoformat()}"))
    if len(swollen) >= p.int("recurrence_runs"):
        return _match(swollen)
    return None


@condition("locking_or_giving_way")
def locking_or_giving_way(ctx: DayContext, p: Params) -> Match | None:
    """R3: true locking or giving way in the last `window_days` days; escalates (seek care
    today) when the knee was still stuck or could not bear weight the same day."""
    evidence: list[str] = []
    stuck = False
    for entry in ctx.entries_last(p.int("window_days")):
        codes = set(entry.symptoms)
        for code in (Symptom.LOCKING, Symptom.GIVING_WAY):
            if code in codes:
                evidence.append(fact(entry, symptom_label(code)))
        if Symptom.LOCKING in codes:
            same_day = _symptoms_on(ctx, entry.date)
            if Symptom.REDUCED_ROM in same_day or Symptom.CANNOT_BEAR_WEIGHT in same_day:
                stuck = True
                evidence.append(f"{entry.date.isoformat()}: knee still stuck or cannot bear weight")
    return _match(evidence, escalate=stuck)


def _symptoms_on(ctx: DayContext, day: dt.date) -> set[str]:
    entries: list[Entry] = [*ctx.journal.sessions_between(day, min(day, ctx.day - DAY))]
    checkin = ctx.journal.checkin_on(day)
    if checkin is not None and day <= ctx.day:
        entries.append(checkin)
    return symptoms_in(entries)


@condition("acute_injury")
def acute_injury(ctx: DayContext, p: Params) -> Match | None:
    """R2: trauma with swelling, or cannot bear weight, within the last `window_days` days."""
    evidence: list[str] = []
    entries = ctx.entries_last(p.int("window_days"))
    present = symptoms_in(entries)
    if Symptom.TRAUMA in present and Symptom.SWELLING in present:
        wanted = {Symptom.TRAUMA, Symptom.SWELLING}
        evidence += [fact(e, symptom_label(c)) for e in entries for c in e.symptoms if c in wanted]
    for entry in entries:
        if Symptom.CANNOT_BEAR_WEIGHT in entry.symptoms:
            evidence.append(fact(entry, "cannot bear weight"))
    return _match(evidence)


@condition("night_pain_mornings")
def night_pain_mornings(ctx: DayContext, p: Params) -> Match | None:
    """R4: night or rest pain on `mornings` consecutive check-ins (a morning not logged neither
    counts nor breaks the run)."""
    mornings = p.int("mornings")
    for streak in reversed(ctx.consecutive(Symptom.NIGHT_PAIN, p.int("lookback_days"), True)):
        if days_in(streak) >= mornings:
            return _match([fact(c, "pain at night or at rest") for c in streak])
    return None


@condition("reduced_rom_persisting")
def reduced_rom_persisting(ctx: DayContext, p: Params) -> Match | None:
    """R5: reduced range of motion on consecutive check-ins, or together with swelling."""
    needed = p.int("consecutive_checkins")
    for streak in reversed(ctx.consecutive(Symptom.REDUCED_ROM, p.int("lookback_days"), True)):
        if days_in(streak) >= needed:
            return _match([fact(c, "cannot fully bend or straighten") for c in streak])
    evidence: list[str] = []
    for entry in ctx.entries_last(1):
        if Symptom.REDUCED_ROM in entry.symptoms and Symptom.SWELLING in _symptoms_on(
            ctx, entry.date
        ):
            evidence.append(fact(entry, "cannot fully bend or straighten, with swelling"))
    return _match(evidence)


@condition("clicking_alone")
def clicking_alone(ctx: DayContext, p: Params) -> Match | None:
    """R6: clicking without pain, tenderness, swelling or locking on the same entry."""
    worrying = {Symptom.TENDERNESS, Symptom.SWELLING, Symptom.LOCKING, Symptom.SHARP_PAIN}
    evidence: list[str] = []
    for entry in ctx.entries_last(1):
        if Symptom.CLICKING not in entry.symptoms or worrying & set(entry.symptoms):
            continue
        pain = entry.morning_pain if is_checkin(entry) else entry.pain_during
        if pain is None or pain <= 2:
            evidence.append(fact(entry, "clicking without pain"))
    return _match(evidence)


@condition("severe_pain")
def severe_pain(ctx: DayContext, p: Params) -> Match | None:
    """R9: pain at or above `min_pain` in the last day, from a check-in, any session or an
    exercise log. Escalates (a red flag) when it was also that severe on an earlier date within
    `settle_days`: not settling. Rest, or cross-train with an activity that did not hurt."""
    threshold = p.int("min_pain")

    def severe(days: int) -> list[tuple[dt.date, str, bool]]:
        found: list[tuple[dt.date, str, bool]] = []
        for checkin in ctx.checkins_last(days):
            if checkin.morning_pain is not None and checkin.morning_pain >= threshold:
                found.append(
                    (checkin.date, fact(checkin, f"morning pain {checkin.morning_pain}/10"), True)
                )
        for pain in ctx.pain_facts(ctx.day - days * DAY, ctx.day - DAY, threshold):
            if pain.pain >= threshold:
                found.append((pain.date, pain.text, False))
        return found

    today = severe(1)
    if not today:
        return None
    earlier = severe(1 + p.int("settle_days"))
    dates = {date for date, _, _ in earlier}
    lines = [text for _, text, _ in sorted(earlier)]
    not_settling = len(dates) >= 2
    # Pain at rest (a morning check-in) means rest; pain from an activity allows another
    # activity that did not hurt (the engine leaves out those that did).
    at_rest = any(morning for _, _, morning in today)
    if at_rest:
        return _match(lines, escalate=not_settling)
    return _match(lines, escalate=not_settling, action=Action.CROSS_TRAIN)


# --------------------------------------------------------------------- pain monitoring


def _discomfort(ctx: DayContext, day: dt.date, min_pain: int) -> str | None:
    """The first fact showing knee discomfort on `day` (morning or session pain), if any."""
    checkin = ctx.journal.checkin_on(day)
    if checkin is not None and day <= ctx.day and (checkin.morning_pain or 0) >= min_pain:
        return fact(checkin, f"morning pain {checkin.morning_pain}/10")
    if day < ctx.day:
        for session in ctx.journal.sessions_between(day, day):
            worst = max(
                (v for v in (session.pain_during, session.pain_after) if v is not None), default=0
            )
            if worst >= min_pain:
                return fact(session, f"pain {worst}/10")
    return None


@condition("discomfort_days")
def discomfort_days(ctx: DayContext, p: Params) -> Match | None:
    """W4/W5: discomfort on `days` consecutive dates ending today (or yesterday, if not today)."""
    days, min_pain = p.int("days"), p.int("min_pain")
    end = ctx.day if _discomfort(ctx, ctx.day, min_pain) else ctx.day - DAY
    evidence: list[str] = []
    for offset in range(days):
        line = _discomfort(ctx, end - offset * DAY, min_pain)
        if line is None:
            return None
        evidence.append(line)
    evidence.reverse()
    return _match(evidence)


@condition("pain_trend_worse")
def pain_trend_worse(ctx: DayContext, p: Params) -> Match | None:
    """W1/P7: a session of any loading activity, yesterday, whose pain got worse as it went on."""
    evidence = [
        fact(s, "pain got worse as it went on")
        for s in ctx.sessions_last(1)
        if s.pain_trend == PainTrend.WORSE
    ]
    return _match(evidence)


def _p1_limit(ctx: DayContext) -> int:
    params = ctx.rule_params.get("P1")
    return params.int("max_pain_during") if params is not None else 2


def _p3_threshold(ctx: DayContext) -> int:
    params = ctx.rule_params.get("P3")
    return params.int("min_pain") if params is not None else 6


def _back_to_baseline(
    ctx: DayContext, morning: CheckInRecord, tolerance: float = 0.0
) -> tuple[bool, list[str]]:
    """Whether a morning's pain and stiffness are at most the baseline (+ `tolerance`)."""
    evidence: list[str] = []
    for attribute, label in (
        ("morning_pain", "morning pain"),
        ("morning_stiffness", "morning stiffness"),
    ):
        value = getattr(morning, attribute)
        if value is None:
            continue
        baseline = ctx.baseline(morning.date, 7, attribute)
        if baseline is not None and value > baseline + tolerance:
            return False, [fact(morning, f"{label} {value}/10 (usual {baseline:g}/10)")]
        evidence.append(fact(morning, f"{label} {value}/10"))
    return bool(evidence), evidence


def _since_last_run(ctx: DayContext, lookback: int) -> tuple[SessionRecord | None, list[PainFact]]:
    """The last run within `lookback` days and the pain of every loading activity from its day
    on (without a run: the last 7 days), so cycling or exercise pain after it counts too."""
    run = ctx.last_run(lookback)
    start = run.date if run is not None else ctx.day - 7 * DAY
    return run, ctx.pain_facts(start, ctx.day - DAY)


@condition("last_run_settled")
def last_run_settled(ctx: DayContext, p: Params) -> Match | None:
    """P1: the last run's pain during and an hour after within the limit, nothing since above
    it, and the next morning's check-in back to baseline. Without that check-in: at most
    "continue", with a notice that a morning check-in would allow progress."""
    limit = p.int("max_pain_during")
    run, pains = _since_last_run(ctx, p.int("lookback_days"))
    if run is None or run.pain_during is None or run.pain_after is None:
        return None
    if run.pain_during > limit or run.pain_after > limit:
        return None
    if any(pain.pain > limit or pain.sharp for pain in pains):
        return None
    if (
        set(run.symptoms) & {Symptom.SHARP_PAIN, Symptom.SWELLING, Symptom.LIMP}
        or run.pain_trend == PainTrend.WORSE
    ):
        return None
    evidence = [fact(run, f"pain during {run.pain_during}/10, an hour after {run.pain_after}/10")]
    morning = _next_morning(ctx, run)
    if morning is None:
        return _match(
            evidence,
            action=Action.CONTINUE,
            notice=(
                f"Log your morning check-in on {run.date + DAY:%a} {(run.date + DAY).day} "
                f"{run.date + DAY:%b}: if your knee is back to usual after the run, "
                "the plan can let you increase a little"
            ),
        )
    settled, lines = _back_to_baseline(ctx, morning)
    if not settled:
        return None
    return _match([*evidence, *lines])


@condition("last_run_acceptable")
def last_run_acceptable(ctx: DayContext, p: Params) -> Match | None:
    """P2: the worst pain since the last run (any loading activity) is above P1's limit and
    below P3's threshold, and the next morning is not worse than usual."""
    run, pains = _since_last_run(ctx, p.int("lookback_days"))
    if run is None or not pains:
        return None
    worst = max(pains, key=lambda pain: pain.pain)
    if not _p1_limit(ctx) < worst.pain < _p3_threshold(ctx):
        return None
    evidence = [worst.text]
    morning = _next_morning(ctx, run)
    if morning is not None and morning.morning_pain is not None:
        baseline = ctx.baseline(morning.date, 7, "morning_pain")
        if baseline is not None and morning.morning_pain > baseline + 1:
            return None  # P4 speaks for a morning worse than usual
        evidence.append(fact(morning, f"morning pain {morning.morning_pain}/10"))
    return _match(evidence)


def _morning_fails(ctx: DayContext, since: dt.date, tolerance: float) -> str | None:
    """The latest check-in after `since` is worse than usual by more than `tolerance`, or > 5."""
    checkins = ctx.journal.checkins_between(since + DAY, ctx.day)
    if not checkins or checkins[-1].morning_pain is None:
        return None
    checkin = checkins[-1]
    baseline = ctx.baseline(checkin.date, 7, "morning_pain")
    assert checkin.morning_pain is not None
    if checkin.morning_pain > 5 or (
        baseline is not None and checkin.morning_pain > baseline + tolerance
    ):
        return fact(checkin, f"morning pain {checkin.morning_pain}/10 (did not settle)")
    return None


@condition("painful_run")
def painful_run(ctx: DayContext, p: Params) -> Match | None:
    """P3: pain at or above `min_pain` during or an hour after a session of any loading activity
    (or in an exercise log) with no run since: the first run after it is reduced, on whatever
    day it falls. A failed morning check after it means no running that day (escalates)."""
    threshold = p.int("min_pain")
    lookback = p.int("lookback_days")
    pains = [f for f in ctx.pain_facts(ctx.day - lookback * DAY, ctx.day - DAY, threshold)]
    if not pains:
        return None
    latest = max(pain.date for pain in pains)
    last_run = ctx.journal.running.last_run_before(ctx.day)
    # The reduced run is the first run after the painful session (a run the same day counts
    # only when it was itself the painful one).
    if last_run is not None and last_run.date > latest:
        return None
    evidence = [pain.text for pain in pains if pain.date == latest]
    morning = _morning_fails(ctx, latest, p.float("morning_tolerance"))
    if morning is not None:
        evidence.append(morning)
    trigger = [
        s
        for s in ctx.journal.sessions_between(latest, latest)
        if is_running(s) and max(s.pain_during or 0, s.pain_after or 0) >= threshold
    ]
    return _match(
        evidence,
        escalate=morning is not None,
        trigger_km=max((s.distance_m or 0) / 1000 for s in trigger) if trigger else None,
        painful_day=latest,
    )


@condition("morning_above_baseline")
def morning_above_baseline(ctx: DayContext, p: Params) -> Match | None:
    """P4: the latest check-in's morning pain is more than `tolerance` above the baseline.

    Stiffness is S1's (it halves effort, not distance), so it is not counted twice here."""
    checkins = ctx.checkins_last(p.int("lookback_days"))
    if not checkins:
        return None
    latest = checkins[-1]
    evidence: list[str] = []
    for attribute, label in (("morning_pain", "morning pain"),):
        value = getattr(latest, attribute)
        baseline = ctx.baseline(latest.date, p.int("baseline_checkins"), attribute)
        if value is not None and baseline is not None and value > baseline + p.float("tolerance"):
            evidence.append(fact(latest, f"{label} {value}/10 (usual {baseline:g}/10)"))
    if not evidence:
        return None
    painful = [
        pain
        for pain in ctx.pain_facts(ctx.day - DAY, ctx.day - DAY)
        if pain.pain >= _p3_threshold(ctx)
    ]
    evidence += [pain.text for pain in painful]
    return _match(evidence, escalate=bool(painful))


@condition("pain_after_not_settled")
def pain_after_not_settled(ctx: DayContext, p: Params) -> Match | None:
    """P5: yesterday's run left pain above the pre-run level, and it is still there this morning."""
    after = ctx.checkin_today()
    if after is None or after.morning_pain is None:
        return None
    before = ctx.journal.checkin_on(ctx.day - DAY)
    pre_run = before.morning_pain if before is not None else None
    if pre_run is None:
        pre_run_value = ctx.baseline(ctx.day - DAY, 7, "morning_pain")
        if pre_run_value is None:
            return None
    else:
        pre_run_value = float(pre_run)
    evidence = [
        fact(s, f"pain after {s.pain_after}/10")
        for s in ctx.runs_last(1)
        if s.pain_after is not None and s.pain_after > pre_run_value
    ]
    if not evidence or after.morning_pain <= pre_run_value:
        return None
    evidence.append(
        fact(after, f"morning pain {after.morning_pain}/10 (before the run {pre_run_value:g}/10)")
    )
    return _match(evidence)


@condition("morning_trend_up")
def morning_trend_up(ctx: DayContext, p: Params) -> Match | None:
    """P6: mean morning pain (or stiffness) of D-6..D at least `min_increase` above D-13..D-7."""
    this_week = ctx.journal.checkins_between(ctx.day - 6 * DAY, ctx.day)
    last_week = ctx.journal.checkins_between(ctx.day - 13 * DAY, ctx.day - 7 * DAY)
    evidence: list[str] = []
    for attribute, label in (
        ("morning_pain", "morning pain"),
        ("morning_stiffness", "morning stiffness"),
    ):
        now = [getattr(c, attribute) for c in this_week if getattr(c, attribute) is not None]
        before = [getattr(c, attribute) for c in last_week if getattr(c, attribute) is not None]
        if min(len(now), len(before)) < p.int("min_checkins"):
            continue
        mean_now, mean_before = statistics.fmean(now), statistics.fmean(before)
        # Rounded so that 0.2 against 0.2 computed two ways is no rise (float noise).
        if round(mean_now - mean_before, 6) >= p.float("min_increase"):
            evidence.append(
                f"{(ctx.day - 6 * DAY).isoformat()} to {ctx.day.isoformat()}: mean {label} "
                f"{mean_now:.1f}/10, the week before {mean_before:.1f}/10"
            )
    return _match(evidence)


@condition("warmup_pain_settled")
def warmup_pain_settled(ctx: DayContext, p: Params) -> Match | None:
    """P8: the last run hurt at the start and got better as it went on."""
    run = ctx.last_run(p.int("lookback_days"))
    if run is None or run.pain_trend != PainTrend.BETTER:
        return None
    if run.pain_during is not None and run.pain_during == 0:
        return None
    return _match([fact(run, "pain at the start that got better")])


@condition("sore_after_run")
def sore_after_run(ctx: DayContext, p: Params) -> Match | None:
    """P9 (conservative profile): sore after yesterday's run or this morning after it."""
    runs = ctx.runs_last(1)
    if not runs:
        return None
    threshold = p.int("min_pain")
    evidence = [
        fact(s, f"pain after {s.pain_after}/10")
        for s in runs
        if s.pain_after is not None and s.pain_after >= threshold
    ]
    checkin = ctx.checkin_today()
    if (
        checkin is not None
        and checkin.morning_pain is not None
        and checkin.morning_pain >= threshold
    ):
        evidence.append(fact(checkin, f"morning pain {checkin.morning_pain}/10"))
    return _match(evidence)


# --------------------------------------------------------------------- referral over time


@condition("restricted_days", late=True)
def restricted_days(ctx: DayContext, p: Params) -> Match | None:
    """R7: on each of the last `days` plan days (today included) a symptom rule forbade running."""
    days = p.int("days")
    for offset in range(days):
        if not ctx.no_run(ctx.day - offset * DAY):
            return None
    start = ctx.day - (days - 1) * DAY
    return _match(
        [f"{start.isoformat()} to {ctx.day.isoformat()}: {days} days without running allowed"]
    )


@condition("no_improvement")
def no_improvement(ctx: DayContext, p: Params) -> Match | None:
    """R8: after `weeks` of logging, worst pain dropped < `min_pain_drop` (or AKPS gain < MCID)."""
    weeks = p.int("weeks")
    start = ctx.day - weeks * 7 * DAY
    scores = [(d, s) for d, s in ctx.journal.akps_scores if d <= ctx.day]
    if scores:
        first = [item for item in scores if item[0] <= start]
        if first:
            (d0, s0), (d1, s1) = first[-1], scores[-1]
            if d1 > d0 and s1 - s0 < p.int("min_akps_gain"):
                return _match([f"{d0.isoformat()} Kujala {s0:g}, {d1.isoformat()} Kujala {s1:g}"])
    first_dates = [*ctx.journal.session_dates[:1], *ctx.journal.checkin_dates[:1]]
    if not first_dates or min(first_dates) > start - 13 * DAY:
        return None

    def worst(end: dt.date) -> int | None:
        values: list[int] = []
        for c in ctx.journal.checkins_between(end - 13 * DAY, end):
            if c.morning_pain is not None:
                values.append(c.morning_pain)
        for s in ctx.journal.sessions_between(end - 14 * DAY, end - DAY):
            values += [v for v in (s.pain_during, s.pain_after) if v is not None]
        return max(values) if values else None

    then, now = worst(start), worst(ctx.day)
    if then is None or now is None or then < p.int("min_pain_drop"):
        return None
    if then - now >= p.int("min_pain_drop"):
        return None
    return _match(
        [
            f"two weeks to {start.isoformat()}: worst pain {then}/10",
            f"two weeks to {ctx.day.isoformat()}: worst pain {now}/10",
        ]
    )


# --------------------------------------------------------------------- load


@condition("run_spike")
def run_spike(ctx: DayContext, p: Params) -> Match | None:
    """L1: yesterday's run longer than `ratio` x the longest run of the 30 days before it."""
    history = ctx.journal.running
    evidence: list[str] = []
    for index in history.index_range(ctx.day - DAY, ctx.day - DAY):
        ratio = history.spike_ratio(index)
        if ratio is not None and ratio > p.float("ratio"):
            run = history.runs[index]
            evidence.append(fact(run, f"{ratio:.2f} x the longest run of the 30 days before"))
    return _match(evidence)


@condition("weekly_ratio_above")
def weekly_ratio_above(ctx: DayContext, p: Params) -> Match | None:
    """L2/L3: km of D-7..D-1 over the weekly mean of D-28..D-8 above `ratio`, only when that
    mean is at least one typical run (so 4 runs against 3 is not a 30 % rise)."""
    history = ctx.journal.running
    before = history.km_between(ctx.day - 28 * DAY, ctx.day - 8 * DAY) / 3
    typical = history.typical_run(ctx.day, 28)
    if before <= 0 or typical is None or before < typical.km:
        return None
    now = history.km_between(ctx.day - 7 * DAY, ctx.day - DAY)
    ratio = now / before
    if ratio <= p.float("ratio"):
        return None
    return _match(
        [
            f"{(ctx.day - 7 * DAY).isoformat()} to {(ctx.day - DAY).isoformat()}: {now:.1f} km, "
            f"a usual week before that {before:.1f} km (x{ratio:.2f})"
        ]
    )


@condition("acwr_outside")
def acwr_outside(ctx: DayContext, p: Params) -> Match | None:
    """L4: acute:chronic ratio outside low..high (information only)."""
    history = ctx.journal.running
    if not history.dates or history.dates[0] > ctx.day - 28 * DAY:
        return None  # fewer than 4 weeks of history: the chronic load is not yet meaningful
    acwr = history.acwr(ctx.day)
    if acwr is None or p.float("low") <= acwr <= p.float("high"):
        return None
    return _match([f"{(ctx.day - DAY).isoformat()}: acute:chronic ratio {acwr:.2f}"])


@condition("no_deload")
def no_deload(ctx: DayContext, p: Params) -> Match | None:
    """L6: none of the last `weeks` 7-day blocks was an easier week."""
    history = ctx.journal.running
    weeks = p.int("weeks")
    blocks = [
        history.km_between(ctx.day - (7 * k + 7) * DAY, ctx.day - (7 * k + 1) * DAY)
        for k in range(weeks + 1)
    ]
    blocks.reverse()  # oldest first; blocks[0] is the reference week before the window
    if any(km <= 0 for km in blocks):
        return None
    fraction = p.float("deload_fraction")
    if any(blocks[k] < fraction * blocks[k - 1] for k in range(1, len(blocks))):
        return None
    start = ctx.day - 7 * weeks * DAY
    return _match(
        [
            f"{start.isoformat()} to {(ctx.day - DAY).isoformat()}: "
            f"{weeks} weeks without an easier week"
        ]
    )


@condition("cadence_below_baseline")
def cadence_below_baseline(ctx: DayContext, p: Params) -> Match | None:
    """C1: yesterday's cadence below the median of recent runs, or gait retraining chosen."""
    recent = [s for s in ctx.runs_last(p.int("baseline_days")) if s.cadence_spm]
    if len(recent) < p.int("min_runs"):
        return None
    baseline = statistics.median(s.cadence_spm for s in recent if s.cadence_spm)
    target = round(baseline * (1 + p.int("step_increase_percent") / 100))
    latest = recent[-1]
    if latest.date != ctx.day - DAY:
        return None
    if latest.cadence_spm is not None and latest.cadence_spm < baseline:
        return _match(
            [
                fact(
                    latest,
                    f"cadence {latest.cadence_spm} spm, usual {baseline:g} spm; "
                    f"try about {target} spm",
                )
            ]
        )
    if p.flag("gait_retraining"):
        return _match(
            [fact(latest, f"cadence {latest.cadence_spm} spm; gait-retraining target {target} spm")]
        )
    return None


@condition("exercise_adherence")
def exercise_adherence(ctx: DayContext, p: Params) -> Match | None:
    """E1: fewer exercise sessions per week than prescribed and than `min_sessions_per_week`."""
    status = ctx.journal.exercise
    if status is None or status.sessions_per_week_prescribed <= 0:
        return None
    limit = min(p.float("min_sessions_per_week"), status.sessions_per_week_prescribed)
    if status.sessions_per_week_done >= limit:
        return None
    return _match(
        [
            f"{(ctx.day - 14 * DAY).isoformat()} to {(ctx.day - DAY).isoformat()}: "
            f"{status.sessions_per_week_done:.1f} exercise sessions a week, "
            f"{status.sessions_per_week_prescribed:g} prescribed"
        ]
    )


@condition("consecutive_run_days")
def consecutive_run_days(ctx: DayContext, p: Params) -> Match | None:
    """T1: runs (tendon-loading sessions) on the two days before the plan day."""
    two_days = ctx.runs_last(2)
    dates = {s.date for s in two_days}
    if len(dates) < 2:
        return None
    return _match([fact(s, "tendon-loading session") for s in two_days])


@condition("walk_run", late=True)
def walk_run(ctx: DayContext, p: Params) -> Match | None:
    """L5: the return to running is under way (and nothing else forbids running today): the
    walk-run protocol (reduce; rest the day after a session) or a hold after a shorter break."""
    if ctx.no_run(ctx.day):
        return None
    state = return_state(ctx, p)
    if state is None:
        return None
    if isinstance(state, HoldReturn):
        return _match(list(state.evidence), action=Action.HOLD, state=state)
    return _match(list(state.evidence), escalate=state.rest_day, state=state)
