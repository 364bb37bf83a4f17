"""The return to running (L5) replayed from the journal: the walk-run protocol, or a hold.

Entry into the walk-run protocol (Basic Walk-to-Run): after `entry_gap_days` or more without
running, after a stretch of `stretch_days` or more on which P3, P10 or P11 kept the runner from
running, or after a clinician visit whose return plan is the walk-run (by default also a visit
that closed a red-flag episode of `episode_walk_run_days` or more). A shorter break of
`hold_gap_days` to `entry_gap_days - 1` days resumes with `hold` at the reference run for
`hold_runs` runs instead. Once entered, the protocol stays until its last phase is completed or a
visit changes the plan; each running session advances (completed without more pain or
swelling), repeats (some pain or swelling, or far longer than the phase: a reason for a rest
day, not for progress) or goes back a phase (pain above `regress_pain_above`, sharp pain, pain
worsening during the run). The replay is bounded to `max_protocol_days` before the plan day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kneelog.core.codes import PainTrend, Symptom
from kneelog.core.session_records import SessionRecord
from kneelog.core.visits import ReturnPlan, VisitRecord

if TYPE_CHECKING:
    from kneelog.core.rules.context import DayContext, Params

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Phase:
    number: int
    walk_min: int
    run_min: int
    rounds: int

    @property
    def continuous(self) -> bool:
        return self.walk_min == 0

    @property
    def total_minutes(self) -> int:
        return self.run_min if self.continuous else self.rounds * (self.walk_min + self.run_min)

    def describe(self) -> str:
        if self.continuous:
            return f"run {self.run_min} minutes easy"
        return f"{self.rounds} rounds of walk {self.walk_min} min / run {self.run_min} min"


@dataclass(frozen=True)
class WalkRunState:
    """Where the runner is in the protocol on the plan day."""

    phase: Phase
    phases: int
    completed: int
    required: int
    entered: dt.date
    rest_day: bool
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class HoldReturn:
    """The first runs after a shorter break: hold at the reference run of before the break."""

    entered: dt.date
    runs_done: int
    required: int
    # The day the break began: the reference run is the median of the 28 days before it.
    reference_before: dt.date
    evidence: tuple[str, ...]


ReturnState = WalkRunState | HoldReturn

# The rules whose no-running stretch leads into the walk-run (spec: "a P3/P10/P11 episode").
STRETCH_RULES = frozenset({"P3", "P10", "P11"})
# A run more than this multiple of the phase's minutes went far beyond it.
BEYOND_PHASE = 1.25


def phases_from(params: Params) -> list[Phase]:
    rounds = int(params.arg("rounds"))
    return [
        Phase(number, int(walk), int(run), rounds)
        for number, (walk, run) in enumerate(params.arg("phases"), start=1)
    ]


def _outcome(session: SessionRecord, params: Params, phase: Phase | None = None) -> str:
    """'regress', 'hold', 'beyond' or 'advance' for one protocol session."""
    pain = session.pain_during or 0
    if (
        pain > params.int("regress_pain_above")
        or Symptom.SHARP_PAIN in session.symptoms
        or session.pain_trend == PainTrend.WORSE
    ):
        return "regress"
    after = session.pain_after or 0
    if (
        max(pain, after) > params.int("hold_pain_above")
        or Symptom.SWELLING in session.symptoms
        or Symptom.LIMP in session.symptoms
    ):
        return "hold"
    if (
        phase is not None
        and session.duration_s is not None
        and session.duration_s > phase.total_minutes * 60 * BEYOND_PHASE
    ):
        return "beyond"
    return "advance"


def _stretch_days(ctx: DayContext, start: dt.date, threshold: int) -> set[dt.date]:
    """The plan days on which P3, P10 or P11 could have stopped running: within 15 days after
    a session or exercise with pain at P3's threshold, sharp pain or a limp, or a limping
    morning (their look-backs are 14 days). Every other day is skipped: the usual quiet months
    cost nothing."""
    triggers: set[dt.date] = set()
    first = start - 15 * DAY
    for session in ctx.journal.sessions_between(first, ctx.day - DAY):
        if {Symptom.SHARP_PAIN, Symptom.LIMP} & set(session.symptoms) or (
            max(session.pain_during or 0, session.pain_after or 0) >= threshold
        ):
            triggers.add(session.date + DAY)
    for checkin in ctx.journal.checkins_between(first, ctx.day):
        if Symptom.LIMP in checkin.symptoms:
            triggers.add(checkin.date)
    for log in ctx.journal.exercise_logs_between(first, ctx.day - DAY):
        if (log.pain or 0) >= threshold:
            triggers.add(log.date + DAY)
    return {t + k * DAY for t in triggers for k in range(16)}


def return_state(ctx: DayContext, params: Params) -> ReturnState | None:
    """Replay the return to running up to the plan day; None when the runner is in neither."""
    from kneelog.core.rules.context import describe_session

    phases = phases_from(params)
    history = ctx.journal.running
    day = ctx.day
    window_start = day - params.int("max_protocol_days") * DAY
    gap = params.int("entry_gap_days")
    short_gap = params.int("hold_gap_days")
    stretch_days = params.int("stretch_days")
    hold_runs = params.int("hold_runs")
    runs = history.sessions_between(window_start, day - DAY)
    visits = [v for v in ctx.journal.visits_before(day) if v.date >= window_start]
    previous = history.last_run_before(window_start)
    previous_date = previous.date if previous is not None else None
    if not runs and previous_date is None and not visits:
        return None
    p3 = ctx.rule_params.get("P3")
    possible = _stretch_days(ctx, window_start, p3.int("min_pain") if p3 else 6)

    mode: str | None = None
    phase_index = 0
    completed = 0
    hold_done = 0
    entered = day
    reference_before = day
    notes: list[str] = []

    def required(index: int) -> int:
        last = index == len(phases) - 1
        return params.int("final_required_sessions" if last else "required_sessions")

    def enter_walk(on: dt.date, why: str) -> None:
        nonlocal mode, phase_index, completed, entered, notes
        mode, phase_index, completed, entered = "walk", 0, 0, on
        notes = [f"{on.isoformat()}: walk-run return started ({why})"]

    def enter_hold(on: dt.date, since: dt.date, why: str) -> None:
        nonlocal mode, hold_done, entered, reference_before, notes
        mode, hold_done, entered, reference_before = "hold", 0, on, since
        notes = [f"{on.isoformat()}: back to running at your usual level ({why})"]

    def after_visit(visit: VisitRecord) -> None:
        nonlocal mode, previous_date, notes
        plan = visit.return_plan
        since = ctx.episode_closed_by(visit)
        if plan is None and visit.cleared_to_run:
            if since is None:
                return
            long = (visit.date - since).days >= params.int("episode_walk_run_days")
            plan = ReturnPlan.WALK_RUN if long else ReturnPlan.HOLD
        if plan is None:
            return
        who = f"{visit.date.isoformat()} clinician visit"
        if plan is ReturnPlan.WALK_RUN:
            enter_walk(visit.date + DAY, f"{who}: walk-run return")
        elif plan is ReturnPlan.HOLD:
            # The reference run is the one of before the episode, not of the days without running.
            enter_hold(visit.date + DAY, since or visit.date, f"{who}: hold at your usual runs")
        else:
            mode, notes = None, []
        previous_date = visit.date if previous_date is None else max(previous_date, visit.date)

    stretch = 0
    run_index = visit_index = 0
    current = window_start
    while current <= day:
        if current in possible and ctx.no_run_by(current, STRETCH_RULES):
            stretch += 1
        elif stretch:
            if stretch >= stretch_days and mode != "walk":
                enter_walk(current, f"{stretch} days without running after pain")
            stretch = 0
        if current == day:
            break
        while run_index < len(runs) and runs[run_index].date == current:
            run = runs[run_index]
            run_index += 1
            idle = None if previous_date is None else (run.date - previous_date).days
            previous_date = run.date
            if mode is None and idle is not None and idle >= gap:
                enter_walk(run.date, f"{idle} days without running")
            elif mode is None and idle is not None and idle >= short_gap:
                enter_hold(run.date, run.date - (idle - 1) * DAY, f"{idle} days without running")
            label = describe_session(run)
            if mode == "hold":
                hold_done += 1
                if hold_done >= hold_runs:
                    mode, notes = None, []
                else:
                    notes.append(f"{label}: run {hold_done} of {hold_runs} at your usual level")
                continue
            if mode != "walk":
                continue
            outcome = _outcome(run, params, phases[phase_index])
            if outcome == "regress":
                phase_index, completed = max(0, phase_index - 1), 0
                notes.append(f"{label}: too painful, back to phase {phase_index + 1}")
            elif outcome == "hold":
                notes.append(f"{label}: some pain or swelling, phase {phase_index + 1} repeated")
            elif outcome == "beyond":
                notes.append(
                    f"{label}: far longer than phase {phase_index + 1}; it does not count, "
                    "take a rest day"
                )
            else:
                completed += 1
                if completed >= required(phase_index):
                    if phase_index == len(phases) - 1:
                        mode, notes = None, []
                        continue
                    phase_index, completed = phase_index + 1, 0
                    notes.append(f"{label}: phase completed, on to phase {phase_index + 1}")
                else:
                    notes.append(f"{label}: phase {phase_index + 1} session {completed} done")
        while visit_index < len(visits) and visits[visit_index].date == current:
            after_visit(visits[visit_index])
            visit_index += 1
        current += DAY

    if mode is None and previous_date is not None:
        idle = (day - previous_date).days
        if idle >= gap:
            enter_walk(day, f"{idle} days without running")
        elif idle >= short_gap:
            enter_hold(day, previous_date + DAY, f"{idle} days without running")
    if mode == "hold":
        summary = f"run {hold_done + 1} of {hold_runs} after the break: hold at your usual level"
        return HoldReturn(entered, hold_done, hold_runs, reference_before, (*notes[-3:], summary))
    if mode != "walk":
        return None
    phase = phases[phase_index]
    last_run = history.last_run_before(day)
    # Only a protocol session asks for a rest day; the run that started an episode does not.
    rest_day = last_run is not None and last_run.date == day - DAY and last_run.date >= entered
    summary = (
        f"phase {phase.number} of {len(phases)} ({phase.describe()}): "
        f"{completed} of {required(phase_index)} sessions done"
    )
    if rest_day:
        summary += "; leave a rest day after yesterday's run"
    return WalkRunState(
        phase=phase,
        phases=len(phases),
        completed=completed,
        required=required(phase_index),
        entered=entered,
        rest_day=rest_day,
        evidence=(*notes[-4:], summary),
    )
