"""One activity (or one leg of a multi-sport file) read from a file, before it becomes a session."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from kneelog.core import Activity, SessionRecord, Surface, date_problem
from kneelog.formats.errors import ImportRefused


@dataclass(frozen=True)
class ImportedActivity:
    """What a reader found in a file, in plain units (metres, seconds, beats and steps per minute).

    Exactly one of `start_utc` (preferred, timezone-aware) and `start_local` (naive wall-clock time,
    for sources that only record local time such as Garmin Connect CSV exports) is normally set;
    at least one always is.
    """

    sport: str
    activity: Activity
    start_utc: dt.datetime | None
    distance_m: float | None
    duration_s: float | None
    elapsed_s: float | None
    avg_cadence_spm: float | None
    avg_hr: float | None
    source_name: str
    source_sha256: str
    leg: int = 0
    leg_count: int = 1
    start_local: dt.datetime | None = None
    surface: Surface | None = None
    title: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.start_utc is None and self.start_local is None:
            raise ValueError("an imported activity needs a start time")
        if self.start_utc is not None and self.start_utc.utcoffset() is None:
            raise ValueError("start_utc must be timezone-aware")
        if self.start_local is not None and self.start_local.tzinfo is not None:
            raise ValueError("start_local is a naive wall-clock time")
        start = self.start_utc if self.start_utc is not None else self.start_local
        assert start is not None
        if (problem := date_problem(start)) is not None:
            # Refused here, where every reader's activities are made: a start of year 1 or 9999
            # would overflow when it is moved into the user's time zone.
            raise ImportRefused(self.source_name, f"the activity's start date {problem}")
        for name in ("distance_m", "duration_s", "elapsed_s", "avg_cadence_spm", "avg_hr"):
            value = getattr(self, name)
            if value is not None and (not math.isfinite(value) or value < 0):
                raise ValueError(f"{name} must be a finite, non-negative number")

    @property
    def source_ref(self) -> str:
        """The session's `source`: "<file name> sha256:<first 16 hex>" (+ " #<n>" per leg/row)."""
        base = f"{self.source_name} sha256:{self.source_sha256[:16]}"
        return base if self.leg_count <= 1 else f"{base} #{self.leg + 1}"

    def start_in(self, tz: dt.tzinfo) -> dt.datetime:
        """The start as an aware datetime in `tz` (a local-only start is taken to be in `tz`)."""
        if self.start_utc is not None:
            return self.start_utc.astimezone(tz)
        assert self.start_local is not None
        # Round-trip through UTC so the offset is the one valid at that wall-clock time.
        return self.start_local.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)

    def start_utc_in(self, tz: dt.tzinfo) -> dt.datetime:
        """The start in UTC, resolving a local-only start in `tz`."""
        return self.start_in(tz).astimezone(dt.UTC)

    def local_date(self, tz: dt.tzinfo) -> dt.date:
        """The calendar date of the start in `tz` (the date the session is filed under)."""
        return self.start_in(tz).date()

    def to_session(self, tz: dt.tzinfo) -> SessionRecord:
        """A new, unsaved training session carrying this activity's figures."""
        start = self.start_in(tz).replace(microsecond=0)
        notes = "\n\n".join(text for text in (self.title.strip(), self.description.strip()) if text)
        return SessionRecord.new(
            date=start.date(),
            start_time=start.isoformat(),
            activity=self.activity.value,
            distance_m=self.distance_m,
            duration_s=self.duration_s,
            cadence_spm=None if self.avg_cadence_spm is None else round(self.avg_cadence_spm),
            surface=None if self.surface is None else self.surface.value,
            source=self.source_ref,
            notes=notes,
        )
