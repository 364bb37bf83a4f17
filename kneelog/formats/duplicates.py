"""Recognise an imported activity that the journal already holds (same file, or same activity)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from kneelog.formats.activity import ImportedActivity

START_TOLERANCE = dt.timedelta(minutes=2)
DISTANCE_TOLERANCE = 0.01  # relative

_SOURCE_KEY = re.compile(r"sha256:([0-9a-f]{16})(?:\s+#(\d+))?\s*$")


class SessionFingerprint(NamedTuple):
    """What duplicate detection compares of a stored session: its start in UTC, its distance
    and its source. A key worked out from the session's record (`SessionRecord`, whose start is
    a local "HH:MM"), not another copy of it; a plain tuple works as well."""

    start_utc: dt.datetime | None
    distance_m: float | None
    source: str | None


class DuplicateKind(StrEnum):
    SAME_FILE = "same_file"
    SAME_ACTIVITY = "same_activity"


@dataclass(frozen=True)
class Duplicate:
    kind: DuplicateKind
    existing: SessionFingerprint

    @property
    def message(self) -> str:
        """E.g. "skipped as duplicate of run.fit sha256:0123456789abcdef (same file)"."""
        if self.kind is DuplicateKind.SAME_FILE:
            what = self.existing.source or "an earlier import"
            return f"skipped as duplicate of {what} (same file imported before)"
        when = (
            self.existing.start_utc.strftime("%Y-%m-%d %H:%M UTC")
            if self.existing.start_utc is not None
            else "an unknown time"
        )
        origin = f" from {self.existing.source}" if self.existing.source else ""
        return f"skipped as duplicate of the session at {when}{origin} (same start and distance)"


def source_key(source: str | None) -> tuple[str, int] | None:
    """The (sha256 prefix, leg) a session source string refers to, or None for manual entries.

    The file name is left out on purpose: a renamed copy of the same bytes is the same file.
    """
    if not source:
        return None
    found = _SOURCE_KEY.search(source)
    if found is None:
        return None
    return found.group(1), int(found.group(2) or 1)


def same_activity(
    start_a: dt.datetime,
    distance_a: float | None,
    start_b: dt.datetime,
    distance_b: float | None,
) -> bool:
    """Starts within two minutes and distances within 1 % of the longer one (or both unknown)."""
    if abs(start_a - start_b) > START_TOLERANCE:
        return False
    if distance_a is None or distance_b is None:
        return distance_a is None and distance_b is None
    longest = max(distance_a, distance_b)
    return abs(distance_a - distance_b) <= DISTANCE_TOLERANCE * longest


def find_duplicate(
    candidate: ImportedActivity,
    existing: Iterable[SessionFingerprint | tuple[dt.datetime | None, float | None, str | None]],
    tz: dt.tzinfo | None = None,
) -> Duplicate | None:
    """The stored session `candidate` duplicates, preferring the same file over a lookalike.

    `tz` resolves candidates that only know their local start time (Garmin Connect CSV rows);
    without it such candidates are matched by file only.
    """
    own_key = source_key(candidate.source_ref)
    start: dt.datetime | None
    if candidate.start_utc is not None:
        start = candidate.start_utc
    elif tz is not None:
        start = candidate.start_utc_in(tz)
    else:
        start = None
    best: tuple[dt.timedelta, SessionFingerprint] | None = None
    for entry in existing:
        known = SessionFingerprint(*entry)
        if known.start_utc is not None and known.start_utc.utcoffset() is None:
            known = known._replace(start_utc=known.start_utc.replace(tzinfo=dt.UTC))
        if own_key is not None and source_key(known.source) == own_key:
            return Duplicate(DuplicateKind.SAME_FILE, known)
        if start is None or known.start_utc is None:
            continue
        if same_activity(start, candidate.distance_m, known.start_utc, known.distance_m):
            gap = abs(start - known.start_utc)
            if best is None or gap < best[0]:
                best = (gap, known)
    return None if best is None else Duplicate(DuplicateKind.SAME_ACTIVITY, best[1])
