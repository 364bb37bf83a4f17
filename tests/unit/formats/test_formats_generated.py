"""Every generated activity file reads with the figures it was written with, or is refused.

The same checks as test_formats_samples.py, on files the tests write (tests/activity_files.py),
so they run in a clone of the repository alone.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from formats_support import TEST_TZ

from kneelog.core.codes import Activity, Surface
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.detect import expand_inputs, read_activities
from kneelog.formats.errors import ImportRefused
from tests.activity_files import (
    EXPECTED,
    FILES,
    GARMIN_TYPES,
    NOT_CHECKED,
    REFUSED,
    STRAVA_FIT,
    Expected,
    track_metres,
)


def check(found: ImportedActivity, want: Expected, key: str) -> None:
    assert found.activity.value == want.activity, key
    if want.distance_m is None:
        assert found.distance_m is None, key
    elif want.distance_m != NOT_CHECKED:
        assert found.distance_m is not None, key
        assert found.distance_m == pytest.approx(want.distance_m, rel=0.005), key
    assert found.duration_s is not None, key
    assert abs(found.duration_s - want.moving_s) <= 1.0, key
    assert found.local_date(TEST_TZ) == want.local_date(TEST_TZ), key
    assert found.elapsed_s is None or found.elapsed_s >= found.duration_s, key


@pytest.mark.parametrize("key", sorted(FILES))
def test_every_generated_file_reads_or_is_refused(key: str, activity_folder: Path) -> None:
    path = activity_folder / key
    if key in REFUSED:
        with pytest.raises(ImportRefused) as refusal:
            read_activities(path)
        assert REFUSED[key] in str(refusal.value)
        assert str(refusal.value).startswith(path.name + ":")
        return
    activities = read_activities(path)
    want = EXPECTED[key]
    assert len(activities) == len(want), key
    for found, leg in zip(activities, want, strict=True):
        check(found, leg, key)


def test_fit_running_cadence_is_doubled_to_steps_per_minute(activity_folder: Path) -> None:
    (run,) = read_activities(activity_folder / "fit/park-run.fit")
    # session avg_running_cadence 70 + avg_fractional_cadence 0.328125 strides per minute
    assert run.avg_cadence_spm == pytest.approx(2 * 70.328125)
    assert run.avg_hr == 136
    assert run.activity is Activity.RUN


def test_fit_cycling_cadence_is_not_taken_as_steps(activity_folder: Path) -> None:
    (ride,) = read_activities(activity_folder / "fit/virtual-ride.fit.gz")
    assert ride.activity is Activity.CYCLE
    assert ride.sport == "cycling/virtual_activity"
    assert ride.avg_cadence_spm is None
    # session elapsed (1632 s) is shorter than its timer (2760 s): never shorter than moving
    assert ride.elapsed_s == 2760


def test_fit_multisport_gives_one_activity_per_leg(activity_folder: Path) -> None:
    legs = read_activities(activity_folder / "fit/triathlon.fit")
    assert [leg.activity for leg in legs] == [
        Activity.SWIM,
        Activity.OTHER,
        Activity.CYCLE,
        Activity.OTHER,
        Activity.RUN,
    ]
    assert [leg.sport for leg in legs][:2] == ["swimming/open_water", "transition"]
    assert [leg.leg for leg in legs] == [0, 1, 2, 3, 4]
    assert len({leg.source_ref for leg in legs}) == 5
    assert legs[4].avg_cadence_spm == pytest.approx(2 * 83.515625)


def test_tcx_multisport_session_gives_one_activity_per_leg(activity_folder: Path) -> None:
    legs = read_activities(activity_folder / "tcx/multisport.tcx")
    assert [leg.activity for leg in legs] == [
        Activity.RUN,
        Activity.CYCLE,
        Activity.RUN,
        Activity.CYCLE,
    ]
    # the legs were recorded on different days; each keeps its own date
    assert [leg.local_date(dt.UTC) for leg in legs] == [
        dt.date(2011, 11, 29),
        dt.date(2011, 12, 1),
        dt.date(2011, 12, 4),
        dt.date(2011, 12, 7),
    ]
    assert legs[0].avg_hr == 161
    assert legs[1].distance_m is None  # indoor bike laps say 0 m


def test_tcx_heart_rate_is_lap_weighted_and_missing_when_absent(activity_folder: Path) -> None:
    (with_hr,) = read_activities(activity_folder / "tcx/run.tcx")
    (no_hr,) = read_activities(activity_folder / "tcx/run-no-hr.tcx")
    assert with_hr.avg_hr == 142
    assert no_hr.avg_hr is None
    assert with_hr.distance_m == no_hr.distance_m


def test_gpx_distance_is_measured_along_the_track(activity_folder: Path) -> None:
    (run,) = read_activities(activity_folder / "gpx/evening-run.gpx")
    # 18:29 UTC on 2025-08-30 is still the 30th six hours behind UTC
    assert run.local_date(TEST_TZ) == dt.date(2025, 8, 30)
    assert run.distance_m == pytest.approx(track_metres(6000.0), rel=0.002)


STRAVA_FOLDER = "csv/strava-export"


def check_strava_row(found: ImportedActivity) -> None:
    # figures from the referenced FIT (distance 3322.95 m, timer 1428 s), not the CSV's
    # Moving Time (1411 s); the CSV's Activity Date 'May 29, 2022, 3:53:35 PM' is UTC.
    assert found.distance_m == pytest.approx(3322.95)
    assert found.duration_s == pytest.approx(1428.0)
    assert found.start_utc == dt.datetime(2022, 5, 29, 15, 53, 35, tzinfo=dt.UTC)
    assert found.activity is Activity.RUN
    assert found.sport == "Run"
    assert found.title == "Laufen Landal Park"
    assert found.source_name == Path(STRAVA_FIT).name


def test_strava_export_folder_imports_its_rows_with_file_figures(activity_folder: Path) -> None:
    items = expand_inputs([activity_folder / STRAVA_FOLDER])
    assert len(items) == 1
    assert "activities.csv row 1" in items[0].label
    (found,) = items[0].read()
    check_strava_row(found)


def test_strava_export_zip_matches_the_folder(activity_folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "export_12345.zip"
    folder = activity_folder / STRAVA_FOLDER
    with zipfile.ZipFile(archive, "w") as writer:
        for path in folder.rglob("*"):
            if path.is_file():
                writer.write(path, "Strava Export/" + path.relative_to(folder).as_posix())
    (found,) = read_activities(archive)
    check_strava_row(found)


def test_strava_row_alone_when_its_file_is_missing(activity_folder: Path, tmp_path: Path) -> None:
    shutil.copy(activity_folder / STRAVA_FOLDER / "activities.csv", tmp_path / "activities.csv")
    (found,) = read_activities(tmp_path)
    # the row's own figures: second Distance column in metres, Moving Time, UTC date
    assert found.distance_m == pytest.approx(3322.949951171875)
    assert found.duration_s == 1411
    assert found.elapsed_s == 1428
    assert found.start_utc == dt.datetime(2022, 5, 29, 15, 53, 35, tzinfo=dt.UTC)
    assert found.avg_cadence_spm == pytest.approx(2 * 71.25904846191406)
    assert found.source_name == "activities.csv"
    assert found.source_ref.endswith("#1")


def test_garmin_connect_csv_rows(activity_folder: Path) -> None:
    items = expand_inputs([activity_folder / "csv/garmin/Activities.csv"])
    assert len(items) == 4
    activities = [activity for item in items for activity in item.read()]
    assert all(activity.activity is Activity.RUN for activity in activities)
    sports: dict[str, int] = {}
    for activity in activities:
        sports[activity.sport] = sports.get(activity.sport, 0) + 1
    assert sports == GARMIN_TYPES
    first = activities[0]
    # "3,40" km, Time "00:17:01", Avg HR 153, Avg Run Cadence 172 (already steps per minute),
    # Date "2026-01-04 12:38:59" local
    assert first.distance_m == pytest.approx(3400)
    assert first.duration_s == 1021
    assert first.avg_hr == 153
    assert first.avg_cadence_spm == 172
    assert first.start_utc is None
    assert first.start_local == dt.datetime(2026, 1, 4, 12, 38, 59)
    assert first.surface is Surface.TREADMILL
    second = activities[1]
    assert second.duration_s == 33 * 60 + 7
    assert second.elapsed_s == 34 * 60 + 5
    assert len({activity.source_ref for activity in activities}) == 4


def test_to_session_carries_the_figures(activity_folder: Path) -> None:
    path = activity_folder / "fit/park-run.fit"
    (run,) = read_activities(path)
    session = run.to_session(TEST_TZ)
    assert session.date == dt.date(2022, 5, 29)
    assert session.start_time == "2022-05-29T09:53:35-06:00"
    assert session.activity == "run"
    assert session.distance_m == pytest.approx(3322.95)
    assert session.duration_s == pytest.approx(1428.0)
    import hashlib

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert session.source == f"park-run.fit sha256:{digest[:16]}"
    assert run.source_sha256 == digest


def test_zip_of_activity_files_gives_one_item_per_file(
    activity_folder: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "runs.zip"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.write(activity_folder / "tcx/run.tcx", "runs/test.tcx")
        writer.write(activity_folder / "gpx/route.gpx", "runs/route.gpx")
        writer.writestr("runs/readme.txt", "not an activity")
    items = expand_inputs([archive])
    assert [item.label for item in items] == ["runs.zip/runs/route.gpx", "runs.zip/runs/test.tcx"]
    with pytest.raises(ImportRefused, match="route"):
        items[0].read()
    assert len(items[1].read()) == 1
    assert len(read_activities(archive)) == 1


def test_folder_of_files_expands_recursively(activity_folder: Path) -> None:
    items = expand_inputs([activity_folder / "tcx"])
    assert [item.label for item in items] == [
        "multisport.tcx",
        "other-run.tcx",
        "run-no-hr.tcx",
        "run.tcx",
    ]
