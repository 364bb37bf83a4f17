"""Clinician visits and the runner's profile: the plain records of journal format 2."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple


class ReturnPlan(StrEnum):
    """How running resumes after a visit that cleared it (journal format: `return_plan`)."""

    WALK_RUN = "walk_run"
    HOLD = "hold"
    AS_BEFORE = "as_before"

    @property
    def label(self) -> str:
        return RETURN_PLAN_LABELS[self]


RETURN_PLAN_LABELS: dict[ReturnPlan, str] = {
    ReturnPlan.WALK_RUN: "Walk-run return",
    ReturnPlan.HOLD: "Hold at recent runs",
    ReturnPlan.AS_BEFORE: "Back to running as before",
}


class VisitRecord(NamedTuple):
    """One clinician visit; `cleared_to_run` closes the red-flag episodes opened by its date."""

    id: str
    date: dt.date
    clinician: str = ""
    cleared_to_run: bool = False
    return_plan: ReturnPlan | None = None
    next_visit: dt.date | None = None
    notes: str = ""


class Knee(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Condition(StrEnum):
    PATELLOFEMORAL = "patellofemoral"
    IT_BAND = "it_band"
    PATELLAR_TENDON = "patellar_tendon"
    UNSURE = "unsure"
    OTHER = "other"


class PainLocation(StrEnum):
    FRONT = "front"
    AROUND_KNEECAP = "around_kneecap"
    BELOW_KNEECAP = "below_kneecap"
    OUTSIDE = "outside"
    INSIDE = "inside"
    BEHIND = "behind"


class Aggravator(StrEnum):
    STAIRS = "stairs"
    SQUATTING = "squatting"
    SITTING_LONG = "sitting_long"
    DOWNHILL = "downhill"
    UPHILL = "uphill"
    KNEELING = "kneeling"
    RUNNING = "running"
    JUMPING = "jumping"


class ProfileRecord(NamedTuple):
    """What a PT asks first (journal format: `profile`); every field is optional."""

    knee: Knee | None = None
    condition: Condition | None = None
    pain_location: tuple[PainLocation, ...] = ()
    aggravated_by: tuple[Aggravator, ...] = ()
    since: dt.date | None = None
    goal: str = ""
    goal_date: dt.date | None = None
    clinician: str = ""
    notes: str = ""

    @property
    def is_empty(self) -> bool:
        return self == ProfileRecord()
