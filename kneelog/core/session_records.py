"""The journal's own records: a training session, a morning check-in and a pair of shoes.

One frozen record per kind, with the table's columns as its fields (kneelog.persistence checks
it): the dialogs and file formats make them (`SessionRecord.new(...)`), the services store and
hand them out, the rules and charts read them. A tuple is immutable, so a shared history cannot
be changed by accident, and it is quick to make and to read: twenty years hold 15,000 of them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from kneelog.core.ids import new_id

if TYPE_CHECKING:  # an annotation only (typing has it from Python 3.13): not loaded to run
    from typing_extensions import TypeIs


class ShoeRecord(NamedTuple):
    """One pair of shoes as stored (the distance run in them is `values.ShoeMileage`)."""

    id: str
    name: str
    started: dt.date | None = None
    retired: dt.date | None = None
    initial_km: float = 0.0
    retire_at_km: float | None = None

    @classmethod
    def new(cls, **fields: Any) -> ShoeRecord:
        """A shoe with these fields (a fresh id unless one is given)."""
        return cls(**{"id": new_id(), **fields})


class SessionRecord(NamedTuple):
    """One training session as stored, read-only (distances in metres, durations in seconds)."""

    id: str
    date: dt.date
    start_time: str | None
    activity: str
    distance_m: float | None
    duration_s: float | None
    rpe: int | None
    cadence_spm: int | None
    surface: str | None
    shoe_id: str | None
    pain_during: int | None
    pain_after: int | None
    pain_trend: str | None
    symptoms: tuple[str, ...]
    source: str | None
    notes: str
    speed_confirmed: bool = False

    @classmethod
    def new(cls, **fields: Any) -> SessionRecord:
        """A session with these fields (`date` and `activity` at least), the others empty, and
        a fresh id unless one is given."""
        values = {**_EMPTY_SESSION, "id": new_id(), **fields}
        values["symptoms"] = tuple(values["symptoms"])
        return cls(**values)

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000.0

    @property
    def duration_min(self) -> float | None:
        return None if self.duration_s is None else self.duration_s / 60.0


class CheckInRecord(NamedTuple):
    """One morning check-in as stored, read-only."""

    id: str
    date: dt.date
    morning_pain: int | None
    morning_stiffness: int | None
    symptoms: tuple[str, ...]
    notes: str

    @classmethod
    def new(cls, **fields: Any) -> CheckInRecord:
        """A check-in with these fields (`date` at least), the others empty, and a fresh id
        unless one is given."""
        values = {**_EMPTY_CHECKIN, "id": new_id(), **fields}
        values["symptoms"] = tuple(values["symptoms"])
        return cls(**values)


_EMPTY_SESSION: dict[str, Any] = {
    name: None for name in SessionRecord._fields if name not in ("id", "date", "activity")
} | {"symptoms": (), "notes": "", "speed_confirmed": False}
_EMPTY_CHECKIN: dict[str, Any] = {"morning_pain": None, "morning_stiffness": None} | {
    "symptoms": (),
    "notes": "",
}


def is_checkin(entry: SessionRecord | CheckInRecord) -> TypeIs[CheckInRecord]:
    """Whether `entry` is a check-in rather than a session (a check-in has no activity)."""
    return not hasattr(entry, "activity")
