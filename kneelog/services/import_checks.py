"""What an import says about the files it read: a missing activity type worked out from the
activity's name and pace, and a damaged file whose readable part was kept.

Both run on what the readers return (`ImportedActivity`), after them: the readers stay readers.
"""

from __future__ import annotations

import dataclasses
import re
import struct
from pathlib import Path

from kneelog.core import Activity, format_duration, is_implausible
from kneelog.formats import ImportedActivity, activity_for_sport

# Paces (seconds per km) a runner keeps and a walker does not: a recreational run is 4:00-8:30
# /km; a brisk walk is slower than 8:30 /km, and faster than 4:00 /km is as likely a bike.
RUNNING_PACE_S_PER_KM = (240.0, 510.0)
# With a step cadence the activity is on foot: then any pace of a run (2:30-9:00 /km) is one.
ON_FOOT_PACE_S_PER_KM = (150.0, 540.0)
RUNNING_CADENCE_SPM = (140.0, 220.0)
_DIGITS = re.compile(r"[\d_.\-:]+")
NOUNS = {
    Activity.RUN: "a run",
    Activity.WALK_RUN: "a walk-run",
    Activity.WALK: "a walk",
    Activity.CYCLE: "a ride",
    Activity.SWIM: "a swim",
    Activity.POOL_RUN: "a pool run",
    Activity.ELLIPTICAL: "an elliptical session",
    Activity.STRENGTH: "a strength session",
    Activity.OTHER: "an activity",
}


def _pace(activity: ImportedActivity) -> float | None:
    if not activity.distance_m or not activity.duration_s:
        return None
    return activity.duration_s / (activity.distance_m / 1000.0)


def _pace_text(seconds_per_km: float) -> str:
    minutes, seconds = divmod(round(seconds_per_km), 60)
    return f"{minutes}:{seconds:02d} /km"


def _named(activity: ImportedActivity) -> Activity:
    """The activity a file's or track's name says (pytrainer names its exports
    "running2012-01-26"), or OTHER."""
    for name in (activity.title, Path(activity.source_name).stem):
        words = _DIGITS.sub(" ", name).strip()
        if words and (named := activity_for_sport(words)) is not Activity.OTHER:
            return named
    return Activity.OTHER


def _running_pace(activity: ImportedActivity, pace: float | None) -> bool:
    if pace is None:
        return False
    cadence = activity.avg_cadence_spm
    on_foot = cadence is not None and RUNNING_CADENCE_SPM[0] <= cadence <= RUNNING_CADENCE_SPM[1]
    low, high = ON_FOOT_PACE_S_PER_KM if on_foot else RUNNING_PACE_S_PER_KM
    return low <= pace <= high


def classify(activity: ImportedActivity) -> tuple[ImportedActivity, str]:
    """`activity` with its type worked out when the file gave none (or one KneeLog does not
    know), and a sentence saying how; unchanged with "" when it had a type or no clue fits.

    The name decides when its speed is plausible for what it names; otherwise a running pace
    (see RUNNING_PACE_S_PER_KM) makes it a run, which the running rules then see.
    """
    if activity.activity is not Activity.OTHER:
        return activity, ""
    pace = _pace(activity)
    named = _named(activity)
    if named is not Activity.OTHER and not is_implausible(
        named.value, activity.distance_m, activity.duration_s
    ):
        how = "its name" + (f" and its pace ({_pace_text(pace)})" if pace is not None else "")
        return dataclasses.replace(activity, activity=named), (
            f"no activity type in the file: filed as {NOUNS[named]} from {how}"
        )
    if _running_pace(activity, pace):
        assert pace is not None
        return dataclasses.replace(activity, activity=Activity.RUN), (
            f"no activity type in the file: filed as a run from its running pace "
            f"({_pace_text(pace)})"
        )
    return activity, ""


# --- damaged files -------------------------------------------------------------------------------

_FIT_HEADER = struct.Struct("<BBHI4s")


def fit_cut_short(path: Path) -> str:
    """Why the FIT file at `path` is damaged, from its header alone, or "" when it is whole as
    far as the header tells (the size it declares is there) or is not a plain FIT file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_FIT_HEADER.size)
        size = path.stat().st_size
    except OSError:
        return ""
    if len(header) < _FIT_HEADER.size:
        return ""
    header_size, _protocol, _profile, data_size, magic = _FIT_HEADER.unpack(header)
    if magic != b".FIT" or header_size not in (12, 14):
        return ""
    expected = header_size + data_size + 2  # the records, then a two-byte CRC
    if size >= expected:
        return ""
    return f"the file is cut short ({size:,} of its {expected:,} bytes)"


def kept_text(activities: list[ImportedActivity]) -> str:
    """What was kept of a damaged file, e.g. "1 run of 5.7 m in 0:03"."""
    parts = []
    for activity in activities:
        figures = []
        if activity.distance_m is not None:
            metres = activity.distance_m
            figures.append(f"{metres / 1000:.2f} km" if metres >= 1000 else f"{metres:.1f} m")
        if activity.duration_s:
            figures.append(format_duration(activity.duration_s))
        of = f" of {' in '.join(figures)}" if figures else ""
        parts.append(NOUNS[activity.activity] + of)
    return ", ".join(parts)


def salvage_note(path: Path, activities: list[ImportedActivity]) -> str:
    """The import summary's words for a damaged file whose readable part was imported."""
    if path.suffix.lower() != ".fit" or not activities:
        return ""
    damage = fit_cut_short(path)
    if not damage:
        return ""
    return (
        f"damaged: {damage}; kept what could be read: {kept_text(activities)}. "
        "Check it, and delete it if it is not what you ran"
    )
