"""Distance units and the formatting of distances, durations and paces for display."""

from __future__ import annotations

from enum import StrEnum

KM_PER_MILE = 1.609344


class DistanceUnit(StrEnum):
    KM = "km"
    MI = "mi"

    def from_metres(self, metres: float) -> float:
        km = metres / 1000.0
        return km if self is DistanceUnit.KM else km / KM_PER_MILE

    def to_metres(self, value: float) -> float:
        km = value if self is DistanceUnit.KM else value * KM_PER_MILE
        return km * 1000.0

    def format_distance(self, metres: float | None, decimals: int = 1) -> str:
        if metres is None:
            return ""
        return f"{self.from_metres(metres):.{decimals}f} {self.value}"


def format_duration(seconds: float | None) -> str:
    """`h:mm:ss` or `m:ss`; empty for an unknown duration."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_pace(metres: float | None, seconds: float | None, unit: DistanceUnit) -> str:
    """Minutes per km or per mile, e.g. `6:05 /km`."""
    if not metres or not seconds:
        return ""
    per_unit = seconds / unit.from_metres(metres)
    minutes, secs = divmod(round(per_unit), 60)
    return f"{minutes}:{secs:02d} /{unit.value}"


def parse_duration(text: str) -> float | None:
    """Seconds from `h:mm:ss`, `mm:ss` or plain minutes (`31`, `31.5`); None for blank text.

    Raises ValueError with a message fit for the user.
    """
    text = text.strip().replace(",", ".")
    if not text:
        return None
    parts = text.split(":")
    try:
        if len(parts) == 1:
            seconds = float(parts[0]) * 60
        elif len(parts) == 2:
            seconds = int(parts[0]) * 60 + float(parts[1])
            if float(parts[1]) >= 60:
                raise ValueError
        elif len(parts) == 3:
            seconds = int(parts[0]) * 3600 + int(parts[1]) * 60 + float(parts[2])
            if int(parts[1]) >= 60 or float(parts[2]) >= 60:
                raise ValueError
        else:
            raise ValueError
    except ValueError:
        raise ValueError("write the time as minutes (45), mm:ss (31:20) or h:mm:ss") from None
    if seconds != seconds or seconds <= 0:
        raise ValueError("the time must be more than zero")
    return seconds


def parse_distance(text: str, unit: DistanceUnit) -> float | None:
    """Metres from a number in the given unit; None for blank text. Raises ValueError."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"write the distance as a number of {unit.value}, e.g. 5.2") from None
    if value != value or value < 0 or value == float("inf"):
        raise ValueError("the distance must be 0 or more")
    return unit.to_metres(value)
