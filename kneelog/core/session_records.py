"""Sessions and check-ins as the rules and the charts read them: a protocol and a plain record.

The rules, the load figures and the trend series only read a session or a check-in. They accept
anything with the fields (`LoggedSession`, `LoggedCheckIn`): the SQLModel entities a dialog edits,
or the `SessionRecord` / `CheckInRecord` tuples the journal's whole history is kept as. A tuple is
immutable, so a shared history cannot be changed by accident, and it is several times quicker to
make and to read than a mapped object: twenty years hold 15,000 of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from typing_extensions import TypeIs


class LoggedSession(Protocol):
    """What is read of one training session (`kneelog.core.entities.TrainingSession`)."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def start_time(self) -> str | None: ...
    @property
    def activity(self) -> str: ...
    @property
    def distance_m(self) -> float | None: ...
    @property
    def duration_s(self) -> float | None: ...
    @property
    def rpe(self) -> int | None: ...
    @property
    def cadence_spm(self) -> int | None: ...
    @property
    def surface(self) -> str | None: ...
    @property
    def shoe_id(self) -> str | None: ...
    @property
    def pain_during(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def pain_trend(self) -> str | None: ...
    @property
    def symptoms(self) -> Sequence[str]: ...
    @property
    def source(self) -> str | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def speed_confirmed(self) -> bool: ...
    @property
    def distance_km(self) -> float | None: ...
    @property
    def duration_min(self) -> float | None: ...


class LoggedCheckIn(Protocol):
    """What is read of one morning check-in (`kneelog.core.entities.CheckIn`)."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def morning_pain(self) -> int | None: ...
    @property
    def morning_stiffness(self) -> int | None: ...
    @property
    def symptoms(self) -> Sequence[str]: ...
    @property
    def notes(self) -> str: ...


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


def is_checkin(entry: LoggedSession | LoggedCheckIn) -> TypeIs[LoggedCheckIn]:
    """Whether `entry` is a check-in rather than a session (a check-in has no activity)."""
    return not hasattr(entry, "activity")
