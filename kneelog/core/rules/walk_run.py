"""The walk-run return (L5, Basic Walk-to-Run) as a state machine replayed from the journal.

Entry: after a day on which a symptom rule forbade running or a run above the regress pain (a stop
episode), or after `entry_gap_days` without running. Each running session in the protocol then
advances (completed without more pain or swelling), holds (some pain or swelling) or regresses one
phase (pain above `regress_pain_above`, sharp pain, or pain worsening during the run). Completing
the last phase ends the protocol. The replay is bounded to `max_protocol_days` before the plan day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kneelog.core.codes import PainTrend, Symptom
from kneelog.core.session_records import LoggedSession

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


def phases_from(params: Params) -> list[Phase]:
    rounds = int(params.arg("rounds"))
    return [
        Phase(number, int(walk), int(run), rounds)
        for number, (walk, run) in enumerate(params.arg("phases"), start=1)
    ]


def _outcome(session: LoggedSession, params: Params) -> str:
    """'regress', 'hold' or 'advance' for one protocol session."""
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
    return "advance"


def walk_run_state(ctx: DayContext, params: Params) -> WalkRunState | None:
    """Replay the protocol up to the plan day; None when the runner is not in it."""
    from kneelog.core.rules.context import describe_session

    phases = phases_from(params)
    history = ctx.journal.running
    day = ctx.day
    window_start = day - params.int("max_protocol_days") * DAY
    gap = params.int("entry_gap_days")
    after_stop = params.flag("enter_after_stop")
    runs = history.sessions_between(window_start, day - DAY)
    previous = history.last_run_before(window_start)
    previous_date = previous.date if previous is not None else None
    if not runs and previous_date is None and not after_stop:
        return None

    phase_index: int | None = None
    completed = 0
    entered = day
    notes: list[str] = []

    def required(index: int) -> int:
        last = index == len(phases) - 1
        return params.int("final_required_sessions" if last else "required_sessions")

    def enter(on: dt.date, why: str) -> None:
        nonlocal phase_index, completed, entered, notes
        phase_index, completed, entered = 0, 0, on
        notes = [f"{on.isoformat()}: walk-run return started ({why})"]

    run_index = 0
    current = window_start
    while current < day:
        if after_stop and phase_index is None and ctx.no_run(current):
            enter(current, "a day without running allowed")
        while run_index < len(runs) and runs[run_index].date == current:
            run = runs[run_index]
            run_index += 1
            if phase_index is None:
                if previous_date is not None and (run.date - previous_date).days >= gap:
                    enter(run.date, f"{(run.date - previous_date).days} days without running")
                elif after_stop and _outcome(run, params) == "regress":
                    previous_date = run.date
                    enter(run.date + DAY, f"{describe_session(run)} was too painful")
                    continue
            previous_date = run.date
            if phase_index is None:
                continue
            outcome = _outcome(run, params)
            label = describe_session(run)
            if outcome == "regress":
                phase_index, completed = max(0, phase_index - 1), 0
                notes.append(f"{label}: too painful, back to phase {phase_index + 1}")
            elif outcome == "hold":
                notes.append(f"{label}: some pain or swelling, phase {phase_index + 1} repeated")
            else:
                completed += 1
                if completed >= required(phase_index):
                    if phase_index == len(phases) - 1:
                        phase_index = None
                        notes = []
                        continue
                    phase_index, completed = phase_index + 1, 0
                    notes.append(f"{label}: phase completed, on to phase {phase_index + 1}")
                else:
                    notes.append(f"{label}: phase {phase_index + 1} session {completed} done")
        current += DAY

    if phase_index is None:
        if previous_date is None or (day - previous_date).days < gap:
            return None
        enter(day, f"{(day - previous_date).days} days without running")
        assert phase_index is not None
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
