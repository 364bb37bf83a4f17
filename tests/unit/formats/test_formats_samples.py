"""Every shared sample file imports with the reference figures, or is refused for a clear reason."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from formats_support import (
    TEST_TZ,
    Leg,
    Refused,
    Rows,
    Totals,
    expectation,
    expected,
    sample_files,
    samples_dir,
)

from kneelog.core.codes import Activity, Surface
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.detect import expand_inputs, read_activities
from kneelog.formats.errors import ImportRefused


def check_leg(found: ImportedActivity, leg: Leg, key: str) -> None:
    if leg.distance_m is None:
        assert found.distance_m is None, key
    else:
        assert found.distance_m is not None, key
        assert found.distance_m == pytest.approx(leg.distance_m, rel=0.005), key
    assert found.duration_s is not None, key
    assert abs(found.duration_s - leg.moving_s) <= 1.0, key
    assert found.local_date(TEST_TZ) == leg.local_date, key


@pytest.mark.parametrize("key", sample_files())
def test_every_sample_imports_or_is_refused(key: str) -> None:
    path = samples_dir() / key
    want = expectation(key, TEST_TZ)
    if isinstance(want, Refused):
        with pytest.raises(ImportRefused) as refusal:
            read_activities(path)
        assert want.reason in str(refusal.value)
        assert str(refusal.value).startswith(path.name + ":")
        return
    activities = read_activities(path)
    if isinstance(want, Totals):
        assert sum(a.distance_m or 0.0 for a in activities) == pytest.approx(
            want.distance_m, rel=0.005
        )
        assert abs(sum(a.duration_s or 0.0 for a in activities) - want.moving_s) <= 1.0
        assert activities[0].local_date(TEST_TZ) == want.first_local_date
    elif isinstance(want, Rows):
        assert len(activities) == want.count
        check_leg(activities[0], want.first, key)
    else:
        assert isinstance(want, list)
        assert len(activities) == len(want)
        for found, leg in zip(activities, want, strict=True):
            check_leg(found, leg, key)
    for activity in activities:
        assert (
            activity.elapsed_s is None
            or activity.duration_s is None
            or (activity.elapsed_s >= activity.duration_s)
        )


def test_fit_running_cadence_is_doubled_to_steps_per_minute() -> None:
    (run,) = read_activities(samples_dir() / "fit/2022-05-29-15-53-35_Laufen_Landal_Park.fit")
    # session avg_running_cadence 70 + avg_fractional_cadence 0.328125 strides per minute
    assert run.avg_cadence_spm == pytest.approx(2 * 70.328125)
    assert run.avg_hr == 136
    assert run.activity is Activity.RUN


def test_fit_cycling_cadence_is_not_taken_as_steps() -> None:
    (ride,) = read_activities(samples_dir() / "fit/14582164182.fit.gz")
    assert ride.activity is Activity.CYCLE
    assert ride.sport == "cycling/virtual_activity"
    assert ride.avg_cadence_spm is None
    # session elapsed (1632 s) is shorter than its timer (2760 s): never shorter than moving
    assert ride.elapsed_s == 2760


def test_fit_multisport_gives_one_activity_per_leg() -> None:
    legs = read_activities(samples_dir() / "fit/sample_mulitple_header.fit")
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


def test_fit_without_session_distance_falls_back_and_swim_is_swim() -> None:
    (indoor,) = read_activities(samples_dir() / "fit/Garmin830_with_Stages.fit")
    assert indoor.distance_m is None  # no distance anywhere in the file
    assert indoor.elapsed_s == 1799
    (swim,) = read_activities(samples_dir() / "fit/GarminSwimExample.fit")
    assert swim.activity is Activity.SWIM


def test_device_relative_fit_times_give_a_local_start() -> None:
    (run,) = read_activities(samples_dir() / "fit/compressed-speed-distance.fit")
    assert run.start_utc is None
    assert run.start_local == dt.datetime(2012, 2, 13, 11, 16, 16)
    assert run.to_session(TEST_TZ).start_time == "2012-02-13T11:16:16-06:00"


def test_tcx_multisport_session_gives_one_activity_per_leg() -> None:
    legs = read_activities(samples_dir() / "tcx/activity_165850259_multi-session.tcx")
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


def test_tcx_and_fit_twins_agree() -> None:
    (fit,) = read_activities(samples_dir() / "fit/10kUNLP2014-Garmin15.fit")
    (tcx,) = read_activities(samples_dir() / "tcx/10kUNLP2014-Garmin15.tcx")
    assert fit.start_utc == tcx.start_utc
    assert fit.distance_m == pytest.approx(tcx.distance_m)
    assert fit.duration_s == pytest.approx(tcx.duration_s, abs=0.01)


def test_tcx_heart_rate_is_lap_weighted_and_missing_when_absent() -> None:
    (with_hr,) = read_activities(samples_dir() / "tcx/test.tcx")
    (no_hr,) = read_activities(samples_dir() / "tcx/no_hr.tcx")
    assert with_hr.avg_hr is not None
    assert 120 < with_hr.avg_hr < 200
    assert no_hr.avg_hr is None
    assert with_hr.distance_m == no_hr.distance_m


STRAVA_FOLDER = "csv/strava-export_geo-activity-playground"


def check_strava_row(found: ImportedActivity) -> None:
    # figures from the referenced FIT (distance 3322.95 m, timer 1428.038 s), not the CSV's
    # Moving Time (1411 s); the CSV's Activity Date 'May 29, 2022, 3:53:35 PM' is UTC.
    assert found.distance_m == pytest.approx(3322.95)
    assert found.duration_s == pytest.approx(1428.038)
    assert found.start_utc == dt.datetime(2022, 5, 29, 15, 53, 35, tzinfo=dt.UTC)
    assert found.activity is Activity.RUN
    assert found.sport == "Run"
    assert found.title == "Laufen Landal Park"
    assert found.source_name == "12866632127.fit.gz"


def test_strava_export_folder_imports_its_rows_with_file_figures() -> None:
    items = expand_inputs([samples_dir() / STRAVA_FOLDER])
    assert len(items) == 1
    assert "activities.csv row 1" in items[0].label
    (found,) = items[0].read()
    check_strava_row(found)


def test_strava_export_zip_matches_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "export_12345.zip"
    folder = samples_dir() / STRAVA_FOLDER
    with zipfile.ZipFile(archive, "w") as writer:
        for path in folder.rglob("*"):
            if path.is_file():
                writer.write(path, "Strava Export/" + path.relative_to(folder).as_posix())
    (found,) = read_activities(archive)
    check_strava_row(found)


def test_strava_row_alone_when_its_file_is_missing(tmp_path: Path) -> None:
    shutil.copy(samples_dir() / STRAVA_FOLDER / "activities.csv", tmp_path / "activities.csv")
    (found,) = read_activities(tmp_path)
    # the row's own figures: second Distance column in metres, Moving Time, UTC date
    assert found.distance_m == pytest.approx(3322.949951171875)
    assert found.duration_s == 1411
    assert found.elapsed_s == 1428
    assert found.start_utc == dt.datetime(2022, 5, 29, 15, 53, 35, tzinfo=dt.UTC)
    assert found.avg_cadence_spm == pytest.approx(2 * 71.25904846191406)
    assert found.source_name == "activities.csv"
    assert found.source_ref.endswith("#1")


def test_garmin_connect_csv_rows() -> None:
    path = samples_dir() / "csv/garmin-connect_grunt/Activities.csv"
    items = expand_inputs([path])
    assert len(items) == 1131
    activities = [activity for item in items for activity in item.read()]
    assert all(activity.activity is Activity.RUN for activity in activities)
    sports: dict[str, int] = {}
    for activity in activities:
        sports[activity.sport] = sports.get(activity.sport, 0) + 1
    assert sports == expected()["csv/garmin-connect_grunt/Activities.csv"]["activity_types"]
    first = activities[0]
    # "3,40" km, Time "00:17:01", Elapsed "00:17:01", Avg HR 153, Avg Run Cadence 172 (already
    # steps per minute), Date "2026-01-04 12:38:59" local
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
    assert len({activity.source_ref for activity in activities}) == 1131


def test_to_session_carries_the_figures() -> None:
    (run,) = read_activities(samples_dir() / "fit/2013-02-06-12-11-14.fit")
    session = run.to_session(TEST_TZ)
    assert session.date == dt.date(2013, 2, 6)
    assert session.start_time == "2013-02-06T06:11:14-06:00"
    assert session.activity == "run"
    assert session.distance_m == pytest.approx(4835.38)
    assert session.duration_s == pytest.approx(2625.14)
    assert session.source == "2013-02-06-12-11-14.fit sha256:e72c0dcc3b0ad535"
    assert run.source_sha256.startswith("e72c0dcc3b0ad535")


def test_zip_of_activity_files_gives_one_item_per_file(tmp_path: Path) -> None:
    archive = tmp_path / "runs.zip"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.write(samples_dir() / "tcx/test.tcx", "runs/test.tcx")
        writer.write(samples_dir() / "gpx/route.gpx", "runs/route.gpx")
        writer.writestr("runs/readme.txt", "not an activity")
    items = expand_inputs([archive])
    assert [item.label for item in items] == ["runs.zip/runs/route.gpx", "runs.zip/runs/test.tcx"]
    with pytest.raises(ImportRefused, match="route"):
        items[0].read()
    assert len(items[1].read()) == 1
    assert len(read_activities(archive)) == 1


def test_folder_of_files_expands_recursively() -> None:
    items = expand_inputs([samples_dir() / "tcx"])
    assert [item.label for item in items] == [
        "10kUNLP2014-Garmin15.tcx",
        "activity_165850259_multi-session.tcx",
        "no_hr.tcx",
        "sample.tcx",
        "test.tcx",
    ]
