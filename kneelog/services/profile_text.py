"""The runner's profile in words: the labels the profile dialog offers and the report prints."""

from __future__ import annotations

from kneelog.core import (
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    ReturnPlan,
    VisitRecord,
)

KNEE_LABELS: dict[Knee, str] = {
    Knee.LEFT: "Left knee",
    Knee.RIGHT: "Right knee",
    Knee.BOTH: "Both knees",
}
CONDITION_LABELS: dict[Condition, str] = {
    Condition.PATELLOFEMORAL: "Patellofemoral pain (runner's knee)",
    Condition.IT_BAND: "Iliotibial band pain (IT band)",
    Condition.PATELLAR_TENDON: "Patellar tendon pain (jumper's knee)",
    Condition.UNSURE: "Not diagnosed yet",
    Condition.OTHER: "Other",
}
PAIN_LOCATION_LABELS: dict[PainLocation, str] = {
    PainLocation.FRONT: "front of the knee",
    PainLocation.AROUND_KNEECAP: "around the kneecap",
    PainLocation.BELOW_KNEECAP: "below the kneecap",
    PainLocation.OUTSIDE: "outside of the knee",
    PainLocation.INSIDE: "inside of the knee",
    PainLocation.BEHIND: "behind the knee",
}
AGGRAVATOR_LABELS: dict[Aggravator, str] = {
    Aggravator.STAIRS: "stairs",
    Aggravator.SQUATTING: "squatting",
    Aggravator.SITTING_LONG: "sitting for long",
    Aggravator.DOWNHILL: "running downhill",
    Aggravator.UPHILL: "running uphill",
    Aggravator.KNEELING: "kneeling",
    Aggravator.RUNNING: "running",
    Aggravator.JUMPING: "jumping",
}


def _date(day: object) -> str:
    import datetime as dt

    assert isinstance(day, dt.date)
    return f"{day.day} {day:%b %Y}"


def profile_rows(profile: ProfileRecord) -> list[tuple[str, str]]:
    """The profile's filled-in fields as (label, text) rows, in the order a PT asks them."""
    rows: list[tuple[str, str]] = []
    if profile.knee is not None:
        rows.append(("Knee", KNEE_LABELS[profile.knee]))
    if profile.condition is not None:
        rows.append(("Condition", CONDITION_LABELS[profile.condition]))
    if profile.pain_location:
        rows.append(
            ("Where it hurts", ", ".join(PAIN_LOCATION_LABELS[p] for p in profile.pain_location))
        )
    if profile.aggravated_by:
        rows.append(
            ("Made worse by", ", ".join(AGGRAVATOR_LABELS[a] for a in profile.aggravated_by))
        )
    if profile.since is not None:
        rows.append(("Pain since", _date(profile.since)))
    if profile.goal or profile.goal_date is not None:
        goal = profile.goal or "(goal not written)"
        if profile.goal_date is not None:
            goal += f", by {_date(profile.goal_date)}"
        rows.append(("Goal", goal))
    if profile.clinician:
        rows.append(("Clinician", profile.clinician))
    if profile.notes:
        rows.append(("Notes", profile.notes))
    return rows


def profile_headline(profile: ProfileRecord | None) -> str:
    """E.g. "Right knee · Patellofemoral pain (runner's knee)", or "" without knee or condition."""
    if profile is None:
        return ""
    parts = []
    if profile.knee is not None:
        parts.append(KNEE_LABELS[profile.knee])
    if profile.condition is not None:
        parts.append(CONDITION_LABELS[profile.condition])
    return "  ·  ".join(parts)


RETURN_PLAN_WORDS: dict[ReturnPlan, str] = {
    ReturnPlan.WALK_RUN: "walk-run return",
    ReturnPlan.HOLD: "hold at recent runs",
    ReturnPlan.AS_BEFORE: "back to running as before",
}


def visit_text(visit: VisitRecord) -> str:
    """E.g. "PT: cleared to run (walk-run return); next visit 18 Dec 2026. Notes"."""
    text = visit.clinician or "Clinician visit"
    if visit.cleared_to_run:
        text += ": cleared to run"
        if visit.return_plan is not None:
            text += f" ({RETURN_PLAN_WORDS[visit.return_plan]})"
    if visit.next_visit is not None:
        text += f"; next visit {_date(visit.next_visit)}"
    if visit.notes:
        text += f". {visit.notes}"
    return text
