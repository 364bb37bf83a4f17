"""Where the public sample files live (an extra set, skipped without them), and the fixed time
zone the tests file dates in."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]

# Dates are filed in a fixed zone six hours behind UTC, so that evening UTC starts land on the
# previous day and a reader that ignored the zone would be caught.
TEST_TZ = dt.timezone(dt.timedelta(hours=-6))


SAMPLES_ENV = "KNEELOG_SAMPLES"
SAMPLES_MISSING = (
    "public sample files not found: set KNEELOG_SAMPLES to a folder with them (or place "
    "shared/samples beside the repository); the generated activity files cover the same checks"
)


@cache
def find_samples() -> Path | None:
    """The public sample files: $KNEELOG_SAMPLES, else the repository root's sibling
    `shared/samples`; None when neither holds them (a bare clone of the repository)."""
    candidates = [REPO_ROOT / ".." / "shared" / "samples"]
    if os.environ.get(SAMPLES_ENV):
        candidates.insert(0, Path(os.environ[SAMPLES_ENV]))
    for candidate in candidates:
        if (candidate / "expected.json").is_file():
            return candidate.resolve()
    return None


def samples_dir() -> Path:
    """The sample folder, or a skip (of the whole module when called at import) without it."""
    found = find_samples()
    if found is None:
        pytest.skip(SAMPLES_MISSING, allow_module_level=True)
    return found


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((samples_dir() / "expected.json").read_text("utf-8"))
    return data


def sample_files() -> list[str]:
    """Every data file in the samples folder, as paths relative to it."""
    root = samples_dir()
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name not in ("SOURCES.md", "expected.json")
    )


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# Expected outcomes of a sample file, shared by the reader tests and the CLI import tests.
@dataclass(frozen=True)
class Leg:
    distance_m: float | None
    moving_s: float
    local_date: dt.date


@dataclass(frozen=True)
class Totals:
    """For files whose reference gives only sums over all legs."""

    distance_m: float
    moving_s: float
    first_local_date: dt.date


@dataclass(frozen=True)
class Rows:
    """For exported tables: the row count and the first row's figures."""

    count: int
    first: Leg


@dataclass(frozen=True)
class Refused:
    reason: str  # a fragment the refusal message must contain


# Files that are not recorded activities, and the reason they must be refused with.
REFUSALS: dict[str, Refused] = {
    "fit/Berlin (0,9 km).fit": Refused("course"),
    "gpx/Berlin (0,9 km).gpx": Refused("without timestamps"),
    "gpx/MetadataOnly.gpx": Refused("metadata only"),
    "gpx/route.gpx": Refused("a route/course, not a recorded activity"),
    "gpx/unicode_with_bom.gpx": Refused("only waypoints"),
}

STRAVA_FIT = "csv/strava-export_geo-activity-playground/activities/12866632127.fit.gz"


def local_date(start: str, zone: dt.tzinfo) -> dt.date:
    return parse_utc(start).astimezone(zone).date()


def fit_legs(key: str, zone: dt.tzinfo) -> list[Leg]:
    entry = expected()[key]
    # fitdecode stops on the COROS file's malformed definition; the reference then comes from
    # garmin-fit-sdk (and our reader must salvage the same figures with fitdecode).
    sessions = entry["fitdecode"]["sessions"] or entry["garmin_fit_sdk"]["sessions"]
    return [
        Leg(s.get("total_distance"), s["total_timer_time"], local_date(s["start_time"], zone))
        for s in sessions
    ]


def expectation(key: str, zone: dt.tzinfo) -> list[Leg] | Totals | Rows | Refused:
    """What the sample `key` must import as, with dates filed in `zone`, or why it is refused."""
    if key in REFUSALS:
        return REFUSALS[key]
    if key not in expected():
        raise AssertionError(
            f"{key}: new sample without an expectation in expected.json or REFUSALS"
        )
    entry = expected()[key]
    if key == "fit/compressed-speed-distance.fit":
        # Forerunner 70: start_time is device-relative (17217864); the date comes from the
        # activity message's local wall-clock time, 2012-02-13 11:16:16.
        session = entry["fitdecode"]["sessions"][0]
        return [Leg(session["total_distance"], session["total_timer_time"], dt.date(2012, 2, 13))]
    if key == "gpx/legacy_gpx_pause_resume.gpx":
        # gpxpy's 39 506 645 m runs through the pause/resume markers (lat 100 and 200). Without
        # them: 0.002 degrees of longitude at 3 N (222.3 m), moving during the first segment
        # (21:51:59.179 to 21:52:01.010).
        return [Leg(222.33, 1.831, local_date(entry["start_time"], zone))]
    if key.endswith((".fit", ".fit.gz")):
        return fit_legs(key, zone)
    if key.endswith(".gpx"):
        return [
            Leg(entry["length_2d_m"], entry["moving_time_s"], local_date(entry["start_time"], zone))
        ]
    if key.endswith(".tcx"):
        return Totals(
            entry["sum_lap_DistanceMeters"],
            entry["sum_lap_TotalTimeSeconds"],
            local_date(entry["first_lap_start"], zone),
        )
    if key == "csv/strava-export_geo-activity-playground/activities.csv":
        assert entry["rows"] == 1
        return fit_legs(STRAVA_FIT, zone)  # the referenced file is readable, so its figures win
    if key == "csv/garmin-connect_grunt/Activities.csv":
        first = entry["first_row_first12"]
        assert first[4] == "3,40"
        assert first[6] == "00:17:01"
        # Garmin dates are local wall-clock times: the date stays the date written.
        return Rows(entry["rows"], Leg(3400.0, 17 * 60 + 1, dt.date(2026, 1, 4)))
    raise AssertionError(f"{key}: no rule for this kind of sample")
