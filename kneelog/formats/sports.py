"""Map the sport names found in files and exports onto the journal's activities and surfaces."""

from __future__ import annotations

import re

from kneelog.core import Activity, Surface

# Normalised names (lower case, words separated by single spaces) seen in FIT enums, TCX Sport
# attributes, GPX <type> texts, Strava and Garmin Connect activity types (English and German).
_EXACT: dict[str, Activity] = {
    "run": Activity.RUN,
    "running": Activity.RUN,
    "trail run": Activity.RUN,
    "trail running": Activity.RUN,
    "treadmill": Activity.RUN,
    "treadmill running": Activity.RUN,
    "virtual run": Activity.RUN,
    "track running": Activity.RUN,
    "street running": Activity.RUN,
    "indoor running": Activity.RUN,
    "ultra running": Activity.RUN,
    "jogging": Activity.RUN,
    "lauf": Activity.RUN,
    "laufen": Activity.RUN,
    "trailrun": Activity.RUN,
    "walk": Activity.WALK,
    "walking": Activity.WALK,
    "hike": Activity.WALK,
    "hiking": Activity.WALK,
    "speed walking": Activity.WALK,
    "casual walking": Activity.WALK,
    "gehen": Activity.WALK,
    "spaziergang": Activity.WALK,
    "wanderung": Activity.WALK,
    "wandern": Activity.WALK,
    "ride": Activity.CYCLE,
    "cycling": Activity.CYCLE,
    "biking": Activity.CYCLE,
    "bike": Activity.CYCLE,
    "virtual ride": Activity.CYCLE,
    "virtualride": Activity.CYCLE,
    "indoor cycling": Activity.CYCLE,
    "road biking": Activity.CYCLE,
    "road cycling": Activity.CYCLE,
    "mountain biking": Activity.CYCLE,
    "mountain bike ride": Activity.CYCLE,
    "gravel ride": Activity.CYCLE,
    "gravel cycling": Activity.CYCLE,
    "e bike ride": Activity.CYCLE,
    "e biking": Activity.CYCLE,
    "ebikeride": Activity.CYCLE,
    "radfahrt": Activity.CYCLE,
    "radfahren": Activity.CYCLE,
    "swim": Activity.SWIM,
    "swimming": Activity.SWIM,
    "pool swimming": Activity.SWIM,
    "lap swimming": Activity.SWIM,
    "open water": Activity.SWIM,
    "open water swimming": Activity.SWIM,
    "schwimmen": Activity.SWIM,
    "elliptical": Activity.ELLIPTICAL,
    "elliptical trainer": Activity.ELLIPTICAL,
    "strength": Activity.STRENGTH,
    "strength training": Activity.STRENGTH,
    "weight training": Activity.STRENGTH,
    "weighttraining": Activity.STRENGTH,
    "krafttraining": Activity.STRENGTH,
}

# Word stems used when the whole name is not in the table (e.g. "cycling/virtual activity").
_STEMS: tuple[tuple[str, Activity], ...] = (
    ("swim", Activity.SWIM),
    ("run", Activity.RUN),
    ("walk", Activity.WALK),
    ("hik", Activity.WALK),
    ("cycl", Activity.CYCLE),
    ("bik", Activity.CYCLE),
    ("ride", Activity.CYCLE),
    ("elliptical", Activity.ELLIPTICAL),
)

_SURFACES: tuple[tuple[str, Surface], ...] = (
    ("treadmill", Surface.TREADMILL),
    ("trail", Surface.TRAIL),
    ("track", Surface.TRACK),
)


def normalise_sport(text: str) -> str:
    """Lower case, with camel case, underscores, slashes and dashes turned into single spaces."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return " ".join(re.sub(r"[_/\-]+", " ", spaced).lower().split())


def activity_for_sport(text: str | None) -> Activity:
    """The journal activity for a file's sport text; anything unrecognised is OTHER."""
    if not text:
        return Activity.OTHER
    name = normalise_sport(text)
    if name in _EXACT:
        return _EXACT[name]
    for part in (name, *name.split(" ")):
        if part in _EXACT:
            return _EXACT[part]
    if "transition" in name:
        return Activity.OTHER
    for stem, activity in _STEMS:
        if stem in name:
            return activity
    return Activity.OTHER


def surface_for_sport(text: str | None) -> Surface | None:
    """The surface a sport name implies (treadmill, trail, track), if it implies one."""
    if not text:
        return None
    name = normalise_sport(text)
    for word, surface in _SURFACES:
        if word in name:
            return surface
    return None


def counts_steps(activity: Activity) -> bool:
    """Whether cadence for this activity means steps per minute (running and walking)."""
    return activity in (Activity.RUN, Activity.WALK_RUN, Activity.WALK)
