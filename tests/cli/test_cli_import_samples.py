"""`kneelog import` on the public sample files: an extra set, skipped when they are not found.

Per-sample figures go through `import_paths` (what the command runs) with the zone injected; the
batch behaviours (the whole folder twice, a Strava export on top of watch files, a failing file
among good ones, the user's zone) run the real command with TZ set. test_cli_import.py runs the
same checks on generated files.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from import_expectations import (
    ZONE,
    ZONE_NAME,
    Refused,
    Rows,
    Totals,
    expectation,
    sample_files,
)
from test_cli import kneelog

from kneelog.core.session_records import SessionRecord
from kneelog.persistence.db import Database
from kneelog.persistence.repositories import SESSIONS
from kneelog.services.activity_import import ItemStatus, import_paths
from kneelog.services.opening import open_journal
from tests.unit.formats.formats_support import samples_dir

SAMPLES = samples_dir()  # skips this module when the sample files are not found


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    database = open_journal(tmp_path / "j.sqlite3")
    yield database
    database.close()


def _sessions(db: Database) -> list[SessionRecord]:
    with db.reading() as connection:
        rows = SESSIONS.select(connection)
    return sorted(rows, key=lambda r: (r.start_time or "", r.source or ""))


def _count(db_path: Path, table: str = "training_session") -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _check(session: SessionRecord, distance_m: float | None, moving_s: float) -> None:
    if distance_m is None:
        assert session.distance_m is None
    else:
        assert session.distance_m == pytest.approx(distance_m, rel=0.005)
    assert session.duration_s is not None
    assert abs(session.duration_s - moving_s) <= 1.0


@pytest.mark.parametrize("key", sample_files())
def test_every_sample_imports_with_the_reference_figures_or_is_refused(
    key: str, fresh_db: Database
) -> None:
    want = expectation(key)
    report = import_paths(fresh_db, [SAMPLES / key], tz=ZONE)
    if isinstance(want, Refused):
        (result,) = report.results
        assert result.status is ItemStatus.FAILED
        assert result.message.startswith("failed: ") and want.reason in result.message
        assert _sessions(fresh_db) == []
        return
    assert report.failed == 0, [r.line for r in report.results]
    sessions = _sessions(fresh_db)
    assert report.sessions_added == len(sessions)
    name = Path(key).name
    for session in sessions:
        assert session.source and session.source.split(" sha256:")[0]
        assert " sha256:" in session.source
        assert session.start_time is not None
        start = dt.datetime.fromisoformat(session.start_time)
        assert start.utcoffset() == start.astimezone(ZONE).utcoffset()  # local, DST-aware
        assert session.date == start.date()
    if isinstance(want, Totals):
        assert all(s.source and s.source.startswith(name) for s in sessions)
        assert sum(s.distance_m or 0 for s in sessions) == pytest.approx(want.distance_m, rel=0.005)
        assert abs(sum(s.duration_s or 0 for s in sessions) - want.moving_s) <= 1.0
        assert min(s.date for s in sessions) == want.first_local_date
    elif isinstance(want, Rows):
        assert len(sessions) == want.count
        first = next(s for s in sessions if s.source and s.source.endswith(" #1"))
        _check(first, want.first.distance_m, want.first.moving_s)
        assert first.date == want.first.local_date
    else:
        assert len(sessions) == len(want)
        for session, leg in zip(sessions, want, strict=True):
            _check(session, leg.distance_m, leg.moving_s)
            assert session.date == leg.local_date


def test_running_cadence_and_kind_are_kept(fresh_db: Database) -> None:
    import_paths(fresh_db, [SAMPLES / "fit/2022-05-29-15-53-35_Laufen_Landal_Park.fit"], tz=ZONE)
    (run,) = _sessions(fresh_db)
    assert run.activity == "run"
    assert run.cadence_spm == 141  # 2 x 70.33 strides per minute
    assert (
        run.source
        == "2022-05-29-15-53-35_Laufen_Landal_Park.fit sha256:"
        + (run.source or "").split("sha256:")[1]
    )


def test_multisport_file_is_one_session_per_leg(fresh_db: Database) -> None:
    report = import_paths(fresh_db, [SAMPLES / "fit/sample_mulitple_header.fit"], tz=ZONE)
    assert [r.line for r in report.results] == ["sample_mulitple_header.fit: imported 5 sessions"]
    activities = [s.activity for s in sorted(_sessions(fresh_db), key=lambda s: s.source or "")]
    assert activities == ["swim", "other", "cycle", "other", "run"]


def test_import_whole_samples_folder_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    env = {"TZ": ZONE_NAME}
    first = kneelog("--db", str(db), "import", str(SAMPLES), env=env)
    assert first.returncode == 1  # the five route/course/empty files are refused
    added = _count(db)
    assert added > 1100
    refused = [line for line in first.stderr.splitlines() if ": failed: " in line]
    assert len(refused) == 5
    assert "kneelog: gpx/route.gpx: failed: a route/course, not a recorded activity" in refused
    assert (
        "fit/2022-05-29-15-53-35_Laufen_Landal_Park.fit: skipped as duplicate of the session at "
        "2022-05-29 15:53 UTC from 12866632127.fit.gz sha256:63ea2c825d738912 (same start and "
        "distance)" in first.stdout
    )
    assert f"Total: 1151 imported ({added} sessions), 5 skipped as duplicates, 5 failed" in (
        first.stdout
    )
    second = kneelog("--db", str(db), "import", str(SAMPLES), env=env)
    assert second.returncode == 1
    assert _count(db) == added
    assert ": imported" not in second.stdout
    assert "Total: 0 imported (0 sessions), 1156 skipped as duplicates, 5 failed" in second.stdout


def test_a_strava_export_on_top_of_the_watch_files_adds_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    watch = kneelog("--db", str(db), "import", str(SAMPLES / "fit"), env={"TZ": ZONE_NAME})
    before = _count(db)
    assert before > 0 and watch.returncode == 1  # the course file
    export = SAMPLES / "csv" / "strava-export_geo-activity-playground"
    result = kneelog("--db", str(db), "import", str(export), env={"TZ": ZONE_NAME})
    assert result.returncode == 0, result.stderr
    assert _count(db) == before
    assert (
        result.stdout.startswith(
            "activities.csv row 1 (Laufen Landal Park, activities/12866632127.fit.gz): skipped as "
            "duplicate of the session at 2022-05-29 15:53 UTC from "
            "2022-05-29-15-53-35_Laufen_Landal_Park.fit"
        )
        or "skipped as duplicate of the session at 2022-05-29 15:53 UTC" in result.stdout
    )


def test_a_failing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"\x0e\x10this is not a FIT file at all")
    result = kneelog(
        "--db",
        str(db),
        "import",
        str(SAMPLES / "gpx/route.gpx"),
        str(broken),
        str(SAMPLES / "tcx/test.tcx"),
        env={"TZ": ZONE_NAME},
    )
    assert result.returncode == 1
    assert "kneelog: route.gpx: failed: a route/course, not a recorded activity" in result.stderr
    assert "kneelog: broken.fit: failed: " in result.stderr
    assert "test.tcx: imported 1 session" in result.stdout
    assert _count(db) == 1


def test_dates_are_filed_in_the_users_zone(tmp_path: Path) -> None:
    # 2014-10-11 18:08 UTC: the same afternoon in Chicago, the next morning in Tokyo.
    run = SAMPLES / "fit/10kUNLP2014-Garmin15.fit"
    for zone, day in (("America/Chicago", "2014-10-11"), ("Asia/Tokyo", "2014-10-12")):
        db = tmp_path / f"{zone.replace('/', '-')}.sqlite3"
        assert kneelog("--db", str(db), "import", str(run), env={"TZ": zone}).returncode == 0
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT date FROM training_session").fetchone()[0] == day
