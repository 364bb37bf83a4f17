"""Plain, immutable values that services hand to the user interface (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple


class EntryKind(StrEnum):
    SESSION = "session"
    CHECKIN = "checkin"
    VISIT = "visit"


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One line of the journal table: a session, a morning check-in or a clinician visit."""

    kind: EntryKind
    id: str
    date: dt.date
    start_time: str | None = None
    activity: str | None = None
    distance_m: float | None = None
    duration_s: float | None = None
    rpe: int | None = None
    pain_during: int | None = None
    pain_after: int | None = None
    pain_trend: str | None = None
    morning_pain: int | None = None
    morning_stiffness: int | None = None
    symptoms: tuple[str, ...] = ()
    shoe_name: str | None = None
    notes: str = ""
    source: str | None = None
    summary: str = ""
    """A visit's who, clearance, return plan and next visit in words (empty for other kinds)."""
    speed_confirmed: bool = False
    """A session whose implausible speed the runner confirmed (see `kneelog.core.plausibility`)."""

    @property
    def sort_key(self) -> tuple[dt.date, int, str, str]:
        # Within a day the morning check-in comes before that day's sessions, and a clinician
        # visit after them (a visit about a run that hurt that day).
        return (self.date, _KIND_ORDER[self.kind], self.start_time or "", self.id)


_KIND_ORDER = {EntryKind.CHECKIN: 0, EntryKind.SESSION: 1, EntryKind.VISIT: 2}


@dataclass(frozen=True)
class ShoeMileage:
    id: str
    name: str
    started: dt.date | None
    retired: dt.date | None
    initial_km: float
    retire_at_km: float | None
    km: float  # initial km plus every logged session in this shoe

    @property
    def is_retired(self) -> bool:
        return self.retired is not None

    @property
    def past_retirement(self) -> bool:
        return self.retire_at_km is not None and self.km >= self.retire_at_km


@dataclass(frozen=True)
class StatusSummary:
    """What the status line shows."""

    week_start: dt.date
    week_running_m: float
    week_cross_training_m: float
    last_pain_during: int | None
    last_pain_after: int | None
    last_morning_pain: int | None
    current_shoe: ShoeMileage | None


class ShownPlan(NamedTuple):
    """A plan the app showed (table `plan_record`): the day it was for, the plan as
    `Plan.to_json()`, and when it was shown (local ISO 8601 with offset). The last one shown for
    a day replaces earlier ones; the report reads them."""

    for_date: dt.date
    plan: dict[str, Any]
    shown_at: str


class RememberedPlan(NamedTuple):
    """A plan worked out ahead (table `plan_memo`): the day it is for, the journal revision it
    was made from, what made it (`PLAN_MAKER`), and the whole plan (`plan_memo_json`)."""

    for_date: dt.date
    revision: int
    made_by: str
    plan: dict[str, Any]
