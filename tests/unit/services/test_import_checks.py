"""Imports classify an activity without a type from its name and pace, and say when a damaged
file was salvaged and what was kept (real-looking files made here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest

from kneelog.core.codes import Activity
from kneelog.formats.activity import ImportedActivity
from kneelog.persistence.db import Database
from kneelog.services.activity_import import ItemStatus, import_paths
from kneelog.services.entries import EntryService
from kneelog.services.import_checks import classify, fit_cut_short
from tests.activity_files import PARK_RUN, fit_bytes


def park_run(folder: Path) -> Path:
    """A whole FIT run as a watch writes it, a record every 4 s (tests/activity_files.py)."""
    path = folder / "2022-05-29-15-53-35.fit"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fit_bytes([dataclasses.replace(PARK_RUN, records=357)]))
    return path


START = dt.datetime(2012, 1, 26, 17, 5, tzinfo=dt.UTC)


def pytrainer_gpx(km: float, pace_s_per_km: float, name: str = "", kind: str = "") -> str:
    """A GPX 1.1 file as pytrainer exports one: a timed track, no <type>, no name by default;
    points every 100 m due north from Madrid."""
    points = []
    steps = round(km * 10)
    for k in range(steps + 1):
        lat = 40.4 + k * 100 / 111_195  # 100 m of latitude
        when = START + dt.timedelta(seconds=k * pace_s_per_km / 10)
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="-3.7000000"><ele>650.0</ele>'
            f"<time>{when:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
        )
    name_tag = f"<name>{name}</name>" if name else ""
    type_tag = f"<type>{kind}</type>" if kind else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="pytrainer http://sourceforge.net/projects/pytrainer" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk>{name_tag}{type_tag}<trkseg>{''.join(points)}</trkseg></trk></gpx>"
    )


def _import(db: Database, path: Path) -> tuple[str, list[str]]:
    report = import_paths(db, [path], tz=dt.UTC)
    (result,) = report.results
    assert result.status is ItemStatus.IMPORTED, result.line
    return result.message, [s.activity for s in EntryService(db).sessions()]


def test_a_pytrainer_gpx_named_running_is_filed_as_a_run(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "running2012-01-26.gpx"
    path.write_text(pytrainer_gpx(10.1, 344))  # 10.1 km at 5:44 /km
    message, activities = _import(db, path)
    assert activities == ["run"]
    assert "no activity type in the file: filed as a run from its name and its pace" in message
    assert "5:4" in message  # the pace as measured along the track


def test_a_gpx_without_type_or_telling_name_is_a_run_by_its_running_pace(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "track-0001.gpx"
    path.write_text(pytrainer_gpx(8.0, 330))
    message, activities = _import(db, path)
    assert activities == ["run"]
    assert "filed as a run from its running pace (5:3" in message


def test_a_walking_pace_without_a_type_stays_other(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "track-0002.gpx"
    path.write_text(pytrainer_gpx(4.0, 720))  # 12:00 /km: a walk as likely as a run
    message, activities = _import(db, path)
    assert activities == ["other"]
    assert "filed as" not in message


def test_a_typed_activity_is_left_as_its_file_says(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "running-but-a-ride.gpx"
    path.write_text(pytrainer_gpx(20.0, 150, kind="cycling"))
    message, activities = _import(db, path)
    assert activities == ["cycle"] and "filed as" not in message


def test_a_name_that_contradicts_the_pace_does_not_decide() -> None:
    # "running" at 40 km/h: no run; and not a running pace either, so it stays other.
    activity = ImportedActivity(
        sport="unknown",
        activity=Activity.OTHER,
        start_utc=START,
        distance_m=20_000,
        duration_s=1800,
        elapsed_s=1800,
        avg_cadence_spm=None,
        avg_hr=None,
        source_name="running2012-01-26.gpx",
        source_sha256="0" * 64,
    )
    same, how = classify(activity)
    assert same is activity and how == ""


def test_a_fit_file_cut_short_is_salvaged_and_says_what_was_kept(
    db: Database, tmp_path: Path
) -> None:
    whole = park_run(tmp_path / "whole")
    raw = whole.read_bytes()
    path = tmp_path / "2022-05-29-15-53-35.fit"
    # Most of the file, as a watch's interrupted transfer leaves it.
    path.write_bytes(raw[: math.floor(len(raw) * 0.6)])
    assert "cut short" in fit_cut_short(path)
    report = import_paths(db, [path], tz=dt.UTC)
    (result,) = report.results
    if result.status is ItemStatus.FAILED:
        pytest.fail(f"the readable part was not kept: {result.line}")
    assert f"damaged: the file is cut short ({path.stat().st_size:,} of its" in result.message
    assert "kept what could be read: a run of" in result.message
    assert whole.read_bytes() == raw


def test_a_whole_fit_file_says_nothing_of_damage(db: Database, tmp_path: Path) -> None:
    source = park_run(tmp_path)
    assert fit_cut_short(source) == ""
    report = import_paths(db, [source], tz=dt.UTC)
    assert "damaged" not in report.results[0].message
