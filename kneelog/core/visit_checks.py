"""Checks on a clinician visit and on the runner's profile, field by field, without the ORM."""

from __future__ import annotations

from kneelog.core.validation import MAX_NOTES_CHARS, date_problem
from kneelog.core.visits import ProfileRecord, VisitRecord

MAX_NAME = 200
"""Longest `clinician` and `goal`: a name or a sentence, not notes."""


def visit_problems(visit: VisitRecord) -> dict[str, str]:
    """Every problem of a visit, keyed by field name (the journal format's keys)."""
    problems: dict[str, str] = {}
    if not visit.id.strip():
        problems["id"] = "must be a non-empty string"
    if (problem := date_problem(visit.date)) is not None:
        problems["date"] = problem
    if visit.next_visit is not None:
        if (problem := date_problem(visit.next_visit)) is not None:
            problems["next_visit"] = problem
        elif visit.next_visit < visit.date:
            problems["next_visit"] = "is before the visit"
    if visit.return_plan is not None and not visit.cleared_to_run:
        # The format allows a return plan only with `cleared_to_run`: a plan for running again
        # without clearance would be read as clearance.
        problems["return_plan"] = "is only given when the visit cleared running"
    if len(visit.clinician) > MAX_NAME:
        problems["clinician"] = f"longer than {MAX_NAME} characters"
    if len(visit.notes) > MAX_NOTES_CHARS:
        problems["notes"] = f"longer than {MAX_NOTES_CHARS} characters"
    return problems


def profile_problems(profile: ProfileRecord) -> dict[str, str]:
    """Every problem of a profile, keyed by field name (the journal format's keys)."""
    problems: dict[str, str] = {}
    for key in ("since", "goal_date"):
        value = getattr(profile, key)
        if value is not None and (problem := date_problem(value)) is not None:
            problems[key] = problem
    for key in ("goal", "clinician"):
        if len(getattr(profile, key)) > MAX_NAME:
            problems[key] = f"longer than {MAX_NAME} characters"
    if len(profile.notes) > MAX_NOTES_CHARS:
        problems["notes"] = f"longer than {MAX_NOTES_CHARS} characters"
    for key in ("pain_location", "aggravated_by"):
        values = getattr(profile, key)
        if len(set(values)) != len(values):
            problems[key] = "names a choice twice"
    return problems
