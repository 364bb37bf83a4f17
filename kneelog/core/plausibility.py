"""Whether a session's speed is plausible for its activity: a typo (50 km for 5) is caught.

The bounds are wide on purpose: they are there to catch typing and file errors, not to judge
anyone's fitness. A run faster than 2:30 /km is beyond the world records over any distance a
session in this journal covers; slower than 15:00 /km is a slow walk, not a run. A swim faster than
1:00 /100 m is beyond elite pace; a cycle above 60 km/h average or an elliptical session above
20 km/h, or any of them so slow the distance was surely mistyped, is not what happened.

A session with an implausible speed is left out of the load figures (weekly totals, the charts'
distances and loads, the report) until the runner confirms the speed is right
(`speed_confirmed`). The plan is the exception: the suggestion spec has it use every session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from kneelog.core.codes import ACTIVITY_LABELS, Activity


@dataclass(frozen=True, slots=True)
class SpeedRange:
    """Plausible average speeds in metres per second, and how the bounds read to a runner."""

    slowest: float
    fastest: float
    slowest_text: str
    fastest_text: str


def _per_km(minutes: float) -> float:
    return 1000.0 / (minutes * 60.0)


def _per_100m(minutes: float) -> float:
    return 100.0 / (minutes * 60.0)


def _kmh(speed: float) -> float:
    return speed / 3.6


SPEED_RANGES: dict[Activity, SpeedRange] = {
    Activity.RUN: SpeedRange(_per_km(15.0), _per_km(2.5), "15:00 /km", "2:30 /km"),
    # A walk-run mixes walking: slower is plausible, faster than a run is not.
    Activity.WALK_RUN: SpeedRange(_per_km(20.0), _per_km(2.5), "20:00 /km", "2:30 /km"),
    Activity.WALK: SpeedRange(_per_km(30.0), _per_km(5.0), "30:00 /km", "5:00 /km"),
    Activity.SWIM: SpeedRange(_per_100m(6.0), _per_100m(1.0), "6:00 /100 m", "1:00 /100 m"),
    Activity.CYCLE: SpeedRange(_kmh(5.0), _kmh(60.0), "5 km/h", "60 km/h"),
    Activity.ELLIPTICAL: SpeedRange(_kmh(2.0), _kmh(20.0), "2 km/h", "20 km/h"),
    Activity.POOL_RUN: SpeedRange(_per_km(40.0), _per_km(4.0), "40:00 /km", "4:00 /km"),
}


# By activity code, for the check without words: it runs on every session of a twenty-year
# journal whenever the charts or the report are drawn.
_RANGES_BY_CODE: dict[str | None, SpeedRange] = {a.value: r for a, r in SPEED_RANGES.items()}


def _outside(activity: str | None, distance_m: float | None, duration_s: float | None) -> bool:
    bounds = _RANGES_BY_CODE.get(activity)
    if bounds is None or not distance_m or not duration_s or distance_m <= 0 or duration_s <= 0:
        return False
    speed = distance_m / duration_s
    return speed > bounds.fastest or speed < bounds.slowest


def speed_problem(activity: str | None, distance_m: float | None, duration_s: float | None) -> str:
    """Why the session's average speed is implausible for its activity, or "" when it is not
    (or cannot be told: no distance, no time, or an activity without a range such as strength).
    """
    if not distance_m or not duration_s or distance_m <= 0 or duration_s <= 0:
        return ""
    try:
        kind = Activity(activity or "")
    except ValueError:
        return ""
    bounds = SPEED_RANGES.get(kind)
    if bounds is None:
        return ""
    speed = distance_m / duration_s
    label = ACTIVITY_LABELS[kind].lower()
    label = f"{'an' if label[0] in 'aeiou' else 'a'} {label}"
    if speed > bounds.fastest:
        return (
            f"faster than {bounds.fastest_text}, which is not plausible for {label}: "
            "is the distance or the time mistyped?"
        )
    if speed < bounds.slowest:
        return (
            f"slower than {bounds.slowest_text}, which is not plausible for {label}: "
            "is the distance or the time mistyped?"
        )
    return ""


def is_implausible(
    activity: str | None, distance_m: float | None, duration_s: float | None
) -> bool:
    return _outside(activity, distance_m, duration_s)


class Measured(Protocol):
    """What the check reads of a session (a stored record, an entity or a journal line)."""

    @property
    def activity(self) -> str | None: ...
    @property
    def distance_m(self) -> float | None: ...
    @property
    def duration_s(self) -> float | None: ...
    @property
    def speed_confirmed(self) -> bool: ...


MeasuredT = TypeVar("MeasuredT", bound=Measured)


def unconfirmed_speed_problem(session: Measured) -> str:
    """`speed_problem` of the session, or "" once the runner has confirmed its speed."""
    if session.speed_confirmed:
        return ""
    return speed_problem(session.activity, session.distance_m, session.duration_s)


def counts_in_load(session: Measured) -> bool:
    """Whether the session's distance and time count in the load figures."""
    return session.speed_confirmed or not _outside(
        session.activity, session.distance_m, session.duration_s
    )


def load_sessions(sessions: Iterable[MeasuredT]) -> list[MeasuredT]:
    """The sessions that count in the load figures, in their order."""
    return [s for s in sessions if counts_in_load(s)]
