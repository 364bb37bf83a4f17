"""A plan in plain words for the terminal (`kneelog suggest`) and any other text output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from kneelog import DISCLAIMER
from kneelog.core import (
    Action,
    DistanceUnit,
    OverrideDifference,
    Plan,
    in_words,
    long_date,
    short_date,
)

ACTION_WORDS: dict[Action, str] = {
    Action.URGENT_CARE: "seek care today",
    Action.SEE_SPECIALIST: "see a physical therapist or sports-medicine doctor",
    Action.REST: "rest from running",
    Action.CROSS_TRAIN: "cross-train instead of running",
    Action.REDUCE: "run less",
    Action.HOLD: "hold: no increase",
    Action.CONTINUE: "run as planned",
    Action.PROGRESS: "you may increase a little",
}


def activity_words(code: str) -> str:
    return code.replace("_", "-")


def caps_line(plan: Plan, unit: DistanceUnit = DistanceUnit.KM) -> str:
    """'At most 3.0 km or 20 min, at 50 % of your usual effort' (in the runner's `unit`), or
    what to do instead; a plan that sends the runner to care offers no alternative."""
    if not plan.run_allowed:
        if plan.action is Action.URGENT_CARE:
            return "No running. Seek care today."
        if plan.episode is not None:
            return "No running until a clinician clears you."
        options = ", ".join(activity_words(code) for code in plan.cross_training)
        return f"No running. Instead: {options}." if options else "No running."
    limits = []
    if plan.max_run_km is not None:
        limits.append(unit.format_distance(plan.max_run_km * 1000))
    if plan.max_run_min is not None:
        limits.append(f"{plan.max_run_min} min")
    text = "At most " + " or ".join(limits) if limits else "No cap beyond the action"
    if plan.intensity_factor is not None and plan.intensity_factor < 1:
        text += f", at {plan.intensity_factor:.0%} of your usual effort"
    return text + "."


def restriction_span(start: dt.date, until: dt.date) -> str:
    """'on Sat 9 May' or 'from Thu 7 May to Sat 9 May': both ends included, never 'until Sat'
    for a plan of that Saturday."""
    if start == until:
        return f"on {short_date(until)}"
    return f"from {short_date(start)} to {short_date(until)}"


def plan_lines(
    plan: Plan,
    differences: Sequence[OverrideDifference] = (),
    exercise_name: Callable[[str], str] = lambda code: code.replace("_", " "),
    unit: DistanceUnit = DistanceUnit.KM,
) -> list[str]:
    """The whole plan as lines of text: headline, summary, caps, notices, restrictions,
    exercises, reasons and the advice the plan overrides."""
    day = plan.for_date
    lines = [
        f"Plan for {long_date(day)}: {ACTION_WORDS[plan.action]}",
        plan.headline,
    ]
    if plan.summary:
        lines.append(plan.summary)
    lines.append(caps_line(plan, unit))
    if plan.episode is not None:
        lines.append(
            f"Red flag open since {short_date(plan.episode.since)}: it closes with "
            f"{plan.episode.closes_with}."
        )
    if plan.notices:
        lines.append("What the plan could not see:")
        lines += [f"  - {notice}" for notice in plan.notices]
    if plan.restrictions:
        lines.append("Restrictions in force:")
        titles = {reason.rule: reason.title for reason in plan.reasons}
        titles.update({reason.rule: reason.title for reason in plan.overridden})
        lines += [
            f"  {titles.get(r.rule) or ACTION_WORDS[r.action]}: {ACTION_WORDS[r.action]}, "
            f"{short_date(r.start)} to {short_date(r.until)}"
            for r in plan.restrictions
        ]
    if plan.exercises:
        lines.append("Exercises due:")
        lines += [f"  {exercise_name(e.exercise)}: {e.dose}" for e in plan.exercises]
    if plan.reasons:
        lines.append("Why:")
        for reason in plan.reasons:
            lines.append(f"  {reason.title} ({ACTION_WORDS[reason.action]})")
            lines += [f"    - {in_words(fact, unit, day)}" for fact in reason.evidence]
            lines.append(f"    Source: {reason.source}")
    if plan.overridden:
        lines.append("Also fired, overridden by this plan:")
        lines += [f"  {reason.title} ({ACTION_WORDS[reason.action]})" for reason in plan.overridden]
    if differences:
        lines.append("Rule settings changed from the defaults:")
        lines += [f"  {d.title}: {d.label} {d.value} (default {d.default})" for d in differences]
    lines += ["", DISCLAIMER]
    return lines
