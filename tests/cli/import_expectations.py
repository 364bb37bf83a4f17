"""What each shared sample must import as (from expected.json) or why it must be refused."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.unit.formats.formats_support import Leg, Refused, Rows, Totals

SAMPLES = (Path(__file__).resolve().parents[2] / ".." / "shared" / "samples").resolve()
# Chicago is behind UTC (by 5 or 6 hours with DST), so evening UTC starts land on the previous
# day and an importer that ignored the zone, or DST, would be caught.
ZONE_NAME = "America/Chicago"
ZONE = ZoneInfo(ZONE_NAME)
STRAVA_FIT = "csv/strava-export_geo-activity-playground/activities/12866632127.fit.gz"


REFUSALS: dict[str, Refused] = {
    "fit/Berlin (0,9 km).fit": Refused("course"),
    "gpx/Berlin (0,9 km).gpx": Refused("without timestamps"),
    "gpx/MetadataOnly.gpx": Refused("metadata only"),
    "gpx/route.gpx": Refused("a route/course, not a recorded activity"),
    "gpx/unicode_with_bom.gpx": Refused("only waypoints"),
}


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / "expected.json").read_text("utf-8"))
    return data


def sample_files() -> list[str]:
    return sorted(
        path.relative_to(SAMPLES).as_posix()
        for path in SAMPLES.rglob("*")
        if path.is_file() and path.name not in ("SOURCES.md", "expected.json")
    )


def local_date(start: str) -> dt.date:
    return dt.datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(ZONE).date()


def fit_legs(key: str) -> list[Leg]:
    entry = expected()[key]
    # fitdecode stops on the COROS file's malformed definition; the reference is then the SDK's.
    sessions = entry["fitdecode"]["sessions"] or entry["garmin_fit_sdk"]["sessions"]
    return [
        Leg(s.get("total_distance"), s["total_timer_time"], local_date(s["start_time"]))
        for s in sessions
    ]


def expectation(key: str) -> list[Leg] | Totals | Rows | Refused:
    if key in REFUSALS:
        return REFUSALS[key]
    entry = expected()[key]
    if key == "fit/compressed-speed-distance.fit":
        # Device-relative times: the date is the activity's local wall-clock date, as written.
        session = entry["fitdecode"]["sessions"][0]
        return [Leg(session["total_distance"], session["total_timer_time"], dt.date(2012, 2, 13))]
    if key == "gpx/legacy_gpx_pause_resume.gpx":
        # Without the lat 100/200 pause markers: 222.3 m moving during the first segment.
        return [Leg(222.33, 1.831, local_date(entry["start_time"]))]
    if key.endswith((".fit", ".fit.gz")):
        return fit_legs(key)
    if key.endswith(".gpx"):
        return [Leg(entry["length_2d_m"], entry["moving_time_s"], local_date(entry["start_time"]))]
    if key.endswith(".tcx"):
        return Totals(
            entry["sum_lap_DistanceMeters"],
            entry["sum_lap_TotalTimeSeconds"],
            local_date(entry["first_lap_start"]),
        )
    if key == "csv/strava-export_geo-activity-playground/activities.csv":
        return fit_legs(STRAVA_FIT)
    if key == "csv/garmin-connect_grunt/Activities.csv":
        # Garmin dates are local wall-clock times: the date stays the date written.
        return Rows(entry["rows"], Leg(3400.0, 17 * 60 + 1, dt.date(2026, 1, 4)))
    raise AssertionError(f"{key}: no expectation for this kind of sample")
