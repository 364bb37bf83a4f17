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
    Params,
    fact,
    symptom_label,
    symptoms_in,
)
from kneelog.core.rules.walk_run import walk_run_state
from kneelog.core.session_records import LoggedCheckIn, LoggedSession, is_checkin

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


def _next_morning(ctx: DayContext, run: LoggedSession) -> LoggedCheckIn | None:
    morning = run.date + DAY
    return ctx.journal.checkin_on(morning) if morning <= ctx.day else None


# --------------------------------------------------------------------- symptoms


@condition("stiffness_reported")
def stiffness_reported(ctx: DayContext, p: Params) -> Match | None:
    """Morning stiffness at or above `min_level`, or stiffness flagged on yesterday's sessions."""
    evidence: list[str] = []
    checkin = ctx.checkin_today()
    if checkin is not None:
        level = checkin.morning_stiffness
        if level is not None and level >= p.int("min_level") and level > 0:
            evidence.append(fact(checkin, f"morning stiffness {level}/10"))
        elif Symptom.STIFFNESS in checkin.symptoms:
            evidence.append(fact(checkin, "stiffness"))
    for session in ctx.sessions_last(1):
        if Symptom.STIFFNESS in session.symptoms:
            evidence.append(fact(session, "stiffness"))
    return _match(evidence)


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
    """The symptom was reported on the latest visible entry (within the look-back) and not since."""
    symptom = p.arg("symptom")
    episode = ctx.episode(symptom, p.int("lookback_days"))
    return _match([fact(entry, symptom_label(symptom)) for entry in episode])


@condition("symptom_any_recent")
def symptom_any_recent(ctx: DayContext, p: Params) -> Match | None:
    """`symptoms` on the last day's entries; `checkin_symptoms` on today's check-in."""
    watched = set(p.arg("symptoms"))
    morning_only = set(p.args.get("checkin_symptoms", ()))
    evidence = [
        fact(entry, symptom_label(code))
        for entry in ctx.entries_last(1)
        for code in entry.symptoms
        if code in watched or (code in morning_only and is_checkin(entry))
    ]
    return _match(evidence)


@condition("symptoms_together")
def symptoms_together(ctx: DayContext, p: Params) -> Match | None:
    """All of `all` and (if given) one of `any` reported within the last `window_days` days."""
    entries = ctx.entries_last(p.int("window_days"))
    required = set(p.arg("all"))
    either = set(p.arg("any"))
    present = symptoms_in(entries)
    if not required <= present or (either and not either & present):
        return None
    wanted = required | either
    return _match([fact(e, symptom_label(c)) for e in entries for c in e.symptoms if c in wanted])


@condition("persistent_swelling")
def persistent_swelling(ctx: DayContext, p: Params) -> Match | None:
    """S3: an ongoing swelling episode covering `episode_days` days, or swelling after runs."""
    lookback = p.int("lookback_days")
    episode = ctx.episode(Symptom.SWELLING, lookback)
    if not episode:
        return None
    evidence = [fact(entry, "swelling") for entry in episode]
    covered = (episode[-1].date - episode[0].date).days + 1
    if covered >= p.int("episode_days"):
        return _match(evidence)
    window = p.int("recurrence_window_days")
    swollen_runs = [s for s in ctx.runs_last(window) if Symptom.SWELLING in s.symptoms]
    if len(swollen_runs) >= p.int("recurrence_runs"):
        runs = [fact(s, "swelling after the run") for s in swollen_runs]
        return _match(sorted(set(runs + evidence)))
    return None


@condition("locking_or_giving_way")
def locking_or_giving_way(ctx: DayContext, p: Params) -> Match | None:
    """R3: locking or giving way in the last day; escalates if the knee is still stuck."""
    evidence: list[str] = []
    stuck = False
    for entry in ctx.entries_last(1):
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
    """R2: trauma with swelling within the window, or cannot bear weight in the last day."""
    evidence: list[str] = []
    entries = ctx.entries_last(p.int("window_days"))
    present = symptoms_in(entries)
    if Symptom.TRAUMA in present and Symptom.SWELLING in present:
        wanted = {Symptom.TRAUMA, Symptom.SWELLING}
        evidence += [fact(e, symptom_label(c)) for e in entries for c in e.symptoms if c in wanted]
    for entry in ctx.entries_last(1):
        if Symptom.CANNOT_BEAR_WEIGHT in entry.symptoms:
            evidence.append(fact(entry, "cannot bear weight"))
    return _match(evidence)


@condition("night_pain_mornings")
def night_pain_mornings(ctx: DayContext, p: Params) -> Match | None:
    """R4: night or rest pain on `mornings` consecutive check-ins ending today."""
    mornings = p.int("mornings")
    checkins = ctx.checkins_last(mornings)
    if len(checkins) < mornings or not all(Symptom.NIGHT_PAIN in c.symptoms for c in checkins):
        return None
    return _match([fact(c, "pain at night or at rest") for c in checkins])


@condition("reduced_rom_persisting")
def reduced_rom_persisting(ctx: DayContext, p: Params) -> Match | None:
    """R5: reduced range of motion on consecutive check-ins, or together with swelling."""
    needed = p.int("consecutive_checkins")
    checkins = ctx.checkins_last(needed)
    if len(checkins) == needed and all(Symptom.REDUCED_ROM in c.symptoms for c in checkins):
        return _match([fact(c, "cannot fully bend or straighten") for c in checkins])
    evidence = [
        fact(entry, "cannot fully bend or straighten, with swelling")
        for entry in ctx.entries_last(1)
        if Symptom.REDUCED_ROM in entry.symptoms and Symptom.SWELLING in entry.symptoms
    ]
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
    """R9: pain at or above `min_pain` yesterday or this morning; escalates if not settling."""
    threshold = p.int("min_pain")

    def severe(entries: list[Entry]) -> list[str]:
        found: list[str] = []
        for entry in entries:
            if is_checkin(entry):
                if entry.morning_pain is not None and entry.morning_pain >= threshold:
                    found.append(fact(entry, f"morning pain {entry.morning_pain}/10"))
            else:
                worst = max(
                    (v for v in (entry.pain_during, entry.pain_after) if v is not None),
                    default=None,
                )
                if worst is not None and worst >= threshold:
                    found.append(fact(entry, f"pain {worst}/10"))
        return found

    today = severe(ctx.entries_last(1))
    if not today:
        return None
    earlier = severe(ctx.entries_last(1 + p.int("settle_days")))
    not_settling = [line for line in earlier if line not in today]
    return _match(not_settling + today, escalate=bool(not_settling))


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
    """W1/P7: a run dated yesterday whose pain got worse as it went on."""
    evidence = [
        fact(s, "pain got worse as the run went on")
        for s in ctx.runs_last(1)
        if s.pain_trend == PainTrend.WORSE
    ]
    return _match(evidence)


def _morning_not_worse(
    ctx: DayContext, run: LoggedSession, baseline_count: int = 7
) -> tuple[bool, list[str]]:
    """Whether the morning after `run` was no worse than the morning before it (or the baseline)."""
    after = _next_morning(ctx, run)
    if after is None:
        return False, []
    before = ctx.journal.checkin_on(run.date)
    evidence: list[str] = []
    for attribute, label in (
        ("morning_pain", "morning pain"),
        ("morning_stiffness", "morning stiffness"),
    ):
        value = getattr(after, attribute)
        if value is None:
            continue
        reference = getattr(before, attribute) if before is not None else None
        if reference is None:
            reference = ctx.baseline(run.date + DAY, baseline_count, attribute)
        if reference is not None and value > reference:
            return False, []
        evidence.append(fact(after, f"{label} {value}/10"))
    if not evidence:
        return False, []
    return True, evidence


@condition("last_run_settled")
def last_run_settled(ctx: DayContext, p: Params) -> Match | None:
    """P1: last run at or below `max_pain_during`, the next morning no worse than the one before."""
    run = ctx.last_run(p.int("lookback_days"))
    if run is None or run.pain_during is None or run.pain_during > p.int("max_pain_during"):
        return None
    if (
        set(run.symptoms) & {Symptom.SHARP_PAIN, Symptom.SWELLING}
        or run.pain_trend == PainTrend.WORSE
    ):
        return None
    settled, morning = _morning_not_worse(ctx, run)
    if not settled:
        return None
    return _match([fact(run, f"pain during {run.pain_during}/10"), *morning])


@condition("last_run_acceptable")
def last_run_acceptable(ctx: DayContext, p: Params) -> Match | None:
    """P2: last run between `min_pain` and `max_pain` and the next morning not above baseline."""
    run = ctx.last_run(p.int("lookback_days"))
    if run is None or run.pain_during is None:
        return None
    if not p.int("min_pain") <= run.pain_during <= p.int("max_pain"):
        return None
    after = _next_morning(ctx, run)
    evidence = [fact(run, f"pain during {run.pain_during}/10")]
    if after is not None and after.morning_pain is not None:
        baseline = ctx.baseline(after.date, 7, "morning_pain")
        if baseline is not None and after.morning_pain > baseline:
            return None
        evidence.append(fact(after, f"morning pain {after.morning_pain}/10"))
    return _match(evidence)


def _morning_fails(ctx: DayContext, rise: int) -> str | None:
    """This morning's check-in is above baseline by `rise` or more, or above 5/10."""
    checkin = ctx.checkin_today()
    if checkin is None or checkin.morning_pain is None:
        return None
    baseline = ctx.baseline(checkin.date, 7, "morning_pain")
    if checkin.morning_pain > 5 or (
        baseline is not None and checkin.morning_pain - baseline >= rise
    ):
        return fact(checkin, f"morning pain {checkin.morning_pain}/10")
    return None


@condition("painful_run")
def painful_run(ctx: DayContext, p: Params) -> Match | None:
    """P3: a run yesterday with pain during >= `min_pain`; escalates if this morning fails."""
    evidence = [
        fact(s, f"pain during {s.pain_during}/10")
        for s in ctx.runs_last(1)
        if s.pain_during is not None and s.pain_during >= p.int("min_pain")
    ]
    if not evidence:
        return None
    morning = _morning_fails(ctx, p.int("morning_rise"))
    if morning is not None:
        evidence.append(morning + " (did not settle)")
    return _match(evidence, escalate=morning is not None)


@condition("morning_above_baseline")
def morning_above_baseline(ctx: DayContext, p: Params) -> Match | None:
    """P4: the latest check-in's pain or stiffness is `rise` points above the baseline."""
    checkins = ctx.checkins_last(p.int("lookback_days"))
    if not checkins:
        return None
    latest = checkins[-1]
    evidence: list[str] = []
    for attribute, label in (
        ("morning_pain", "morning pain"),
        ("morning_stiffness", "morning stiffness"),
    ):
        value = getattr(latest, attribute)
        baseline = ctx.baseline(latest.date, p.int("baseline_checkins"), attribute)
        if value is not None and baseline is not None and value - baseline >= p.int("rise"):
            evidence.append(fact(latest, f"{label} {value}/10 (usual {baseline:g}/10)"))
    if not evidence:
        return None
    painful = [
        s
        for s in ctx.runs_last(1)
        if s.pain_during is not None and s.pain_during >= p.int("painful_run")
    ]
    evidence += [fact(s, f"pain during {s.pain_during}/10") for s in painful]
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
    """P6: mean morning pain (or stiffness) of days D-6..D above that of D-13..D-7."""
    this_week = ctx.checkins_last(7)
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
        if mean_now - mean_before > p.float("min_increase"):
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
    """L2/L3: km of the last 7 days over the 7 before above `ratio`."""
    history = ctx.journal.running
    ratio = history.weekly_ratio(ctx.day)
    if ratio is None or ratio <= p.float("ratio"):
        return None
    now = history.km_between(ctx.day - 7 * DAY, ctx.day - DAY)
    before = history.km_between(ctx.day - 14 * DAY, ctx.day - 8 * DAY)
    return _match(
        [
            f"{(ctx.day - 7 * DAY).isoformat()} to {(ctx.day - DAY).isoformat()}: {now:.1f} km, "
            f"the 7 days before {before:.1f} km (x{ratio:.2f})"
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
    """L5: the walk-run return is under way (and nothing else forbids running today)."""
    if ctx.no_run(ctx.day):
        return None
    state = walk_run_state(ctx, p)
    if state is None:
        return None
    return _match(list(state.evidence), escalate=state.rest_day, state=state)
