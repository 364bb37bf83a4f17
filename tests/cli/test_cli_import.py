"""`kneelog import` and `export --format csv` on activity files the tests write themselves.

Per-file figures go through `import_paths` (what the command runs) with the zone injected; the
batch behaviours (the whole folder twice, a Strava export on top of watch files, a failing file
among good ones, the CSV round trip, the user's zone) run the real command with TZ set.
test_cli_import_samples.py runs the same checks on the public sample files when they are found.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from import_expectations import ZONE, ZONE_NAME
from test_cli import kneelog

from kneelog.core.session_records import SessionRecord
from kneelog.persistence.db import Database
from kneelog.persistence.repositories import SESSIONS
from kneelog.services.activity_import import ItemStatus, import_paths
from kneelog.services.opening import open_journal
from tests.activity_files import EXPECTED, FILES, NOT_CHECKED, REFUSED


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


@pytest.mark.parametrize("key", sorted(FILES))
def test_every_file_imports_with_its_figures_or_is_refused(
    key: str, fresh_db: Database, activity_folder: Path
) -> None:
    report = import_paths(fresh_db, [activity_folder / key], tz=ZONE)
    if key in REFUSED:
        (result,) = report.results
        assert result.status is ItemStatus.FAILED
        assert result.message.startswith("failed: ") and REFUSED[key] in result.message
        assert _sessions(fresh_db) == []
        return
    assert report.failed == 0, [r.line for r in report.results]
    sessions = _sessions(fresh_db)
    assert report.sessions_added == len(sessions)
    want = sorted(EXPECTED[key], key=lambda e: e.start.replace(tzinfo=None))
    assert len(sessions) == len(want)
    for session, leg in zip(sessions, want, strict=True):
        assert session.source and " sha256:" in session.source
        assert session.start_time is not None
        start = dt.datetime.fromisoformat(session.start_time)
        assert start.utcoffset() == start.astimezone(ZONE).utcoffset()  # local, DST-aware
        assert session.date == start.date() == leg.local_date(ZONE)
        assert session.activity == leg.activity
        if leg.distance_m is None:
            assert session.distance_m is None
        elif leg.distance_m != NOT_CHECKED:
            assert session.distance_m == pytest.approx(leg.distance_m, rel=0.005)
        assert session.duration_s is not None
        assert abs(session.duration_s - leg.moving_s) <= 1.0


def test_running_cadence_and_kind_are_kept(fresh_db: Database, activity_folder: Path) -> None:
    import_paths(fresh_db, [activity_folder / "fit/park-run.fit"], tz=ZONE)
    (run,) = _sessions(fresh_db)
    assert run.activity == "run"
    assert run.cadence_spm == 141  # 2 x 70.33 strides per minute
    assert run.source is not None and run.source.startswith("park-run.fit sha256:")


def test_multisport_file_is_one_session_per_leg(fresh_db: Database, activity_folder: Path) -> None:
    report = import_paths(fresh_db, [activity_folder / "fit/triathlon.fit"], tz=ZONE)
    assert [r.line for r in report.results] == ["triathlon.fit: imported 5 sessions"]
    activities = [s.activity for s in sorted(_sessions(fresh_db), key=lambda s: s.source or "")]
    assert activities == ["swim", "other", "cycle", "other", "run"]


def test_import_whole_folder_twice_adds_nothing_the_second_time(
    tmp_path: Path, activity_folder: Path
) -> None:
    db = tmp_path / "j.sqlite3"
    env = {"TZ": ZONE_NAME}
    first = kneelog("--db", str(db), "import", str(activity_folder), env=env)
    assert first.returncode == 1  # the route, the course and the track without times
    # every expected session once: the Strava row, the park run and run.tcx are duplicates
    added = _count(db)
    assert added == 19
    refused = [line for line in first.stderr.splitlines() if ": failed: " in line]
    assert len(refused) == 3
    assert "kneelog: gpx/route.gpx: failed: a route/course, not a recorded activity" in refused
    assert (
        "fit/park-run.fit: skipped as duplicate of the session at 2022-05-29 15:53 UTC from "
        "12866632127.fit.gz sha256:" in first.stdout
    )
    assert "tcx/run.tcx: skipped as duplicate of the session at 2012-12-26 21:29 UTC" in (
        first.stdout
    )
    assert f"Total: 12 imported ({added} sessions), 3 skipped as duplicates, 3 failed" in (
        first.stdout
    )
    second = kneelog("--db", str(db), "import", str(activity_folder), env=env)
    assert second.returncode == 1
    assert _count(db) == added
    assert ": imported" not in second.stdout
    assert "Total: 0 imported (0 sessions), 15 skipped as duplicates, 3 failed" in second.stdout


def test_a_strava_export_on_top_of_the_watch_files_adds_nothing_twice(
    tmp_path: Path, activity_folder: Path
) -> None:
    db = tmp_path / "j.sqlite3"
    watch = kneelog("--db", str(db), "import", str(activity_folder / "fit"), env={"TZ": ZONE_NAME})
    before = _count(db)
    assert before == 8 and watch.returncode == 1  # the course file
    export = activity_folder / "csv" / "strava-export"
    result = kneelog("--db", str(db), "import", str(export), env={"TZ": ZONE_NAME})
    assert result.returncode == 0, result.stderr
    assert _count(db) == before
    assert result.stdout.startswith(
        "strava-export: activities.csv row 1 (Laufen Landal Park, activities/12866632127.fit.gz): "
        "skipped as duplicate of the session at 2022-05-29 15:53 UTC from park-run.fit"
    )


def test_a_failing_file_does_not_stop_the_others(tmp_path: Path, activity_folder: Path) -> None:
    db = tmp_path / "j.sqlite3"
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"\x0e\x10this is not a FIT file at all")
    result = kneelog(
        "--db",
        str(db),
        "import",
        str(activity_folder / "gpx/route.gpx"),
        str(broken),
        str(activity_folder / "tcx/run.tcx"),
        env={"TZ": ZONE_NAME},
    )
    assert result.returncode == 1
    assert "kneelog: route.gpx: failed: a route/course, not a recorded activity" in result.stderr
    assert "kneelog: broken.fit: failed: " in result.stderr
    assert "run.tcx: imported 1 session" in result.stdout
    assert _count(db) == 1


def test_dates_are_filed_in_the_users_zone(tmp_path: Path, activity_folder: Path) -> None:
    # 2014-10-11 18:08 UTC: the same afternoon in Chicago, the next morning in Tokyo.
    run = activity_folder / "fit/evening-race.fit"
    for zone, day in (("America/Chicago", "2014-10-11"), ("Asia/Tokyo", "2014-10-12")):
        db = tmp_path / f"{zone.replace('/', '-')}.sqlite3"
        assert kneelog("--db", str(db), "import", str(run), env={"TZ": zone}).returncode == 0
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT date FROM training_session").fetchone()[0] == day


def _journal_with_everything(path: Path) -> Path:
    document = {
        "format": "kneelog-journal",
        "version": 1,
        "shoes": [{"id": "peg", "name": 'Pegasus, "40"', "started": "2026-03-01"}],
        "sessions": [
            {
                "id": "s1",
                "date": "2026-05-01",
                "start_time": "07:15",
                "activity": "run",
                "distance_km": 5.123,
                "duration_min": 31.5,
                "rpe": 4,
                "cadence_spm": 166,
                "surface": "trail",
                "shoe": "peg",
                "pain_during": 2,
                "pain_after": 3,
                "pain_trend": "same",
                "symptoms": ["stiffness", "clicking"],
                "notes": 'Hills; felt it\non the descents, "sharp" at km 4',
            },
            {"id": "s2", "date": "2026-05-03", "activity": "cycle", "duration_min": 45},
        ],
        "checkins": [
            {"id": "c1", "date": "2026-05-02", "morning_pain": 1, "symptoms": ["stiffness"]}
        ],
        "program": [
            {
                "id": "p1",
                "exercise": "wall_sit",
                "per_week": 5,
                "start": "2026-04-20",
                "hold_s": 30,
                "sets": 4,
            }
        ],
        "exercise_logs": [
            {
                "id": "l1",
                "date": "2026-05-01",
                "exercise": "wall_sit",
                "sets": 4,
                "hold_s": 30,
                "pain": 1,
                "prescription": "p1",
            }
        ],
    }
    path.write_text(json.dumps(document))
    return path


def test_csv_export_import_export_is_identical(tmp_path: Path, activity_folder: Path) -> None:
    source = tmp_path / "a.sqlite3"
    env = {"TZ": ZONE_NAME}
    assert (
        kneelog(
            "--db", str(source), "import", str(_journal_with_everything(tmp_path / "j.json"))
        ).returncode
        == 0
    )
    assert (
        kneelog(
            "--db", str(source), "import", str(activity_folder / "fit/triathlon.fit"), env=env
        ).returncode
        == 0
    )
    first = tmp_path / "first"
    exported = kneelog("--db", str(source), "export", "--format", "csv", "-o", str(first))
    assert exported.returncode == 0, exported.stderr
    assert f"{first / 'sessions.csv'}: 7 rows written" in exported.stdout
    header = (first / "sessions.csv").read_text().splitlines()[0]
    assert header.startswith("id,date,start_time,activity,distance_km,duration_min,")
    assert (
        "2026-05-01,07:15,run,5.123,31.5,4,166,trail,peg,2,3,same,stiffness;clicking,"
        in (first / "sessions.csv").read_text()
    )
    target = tmp_path / "b.sqlite3"
    imported = kneelog("--db", str(target), "import", str(first))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[:5] == [
        "shoes.csv: 1 added, 0 updated, 0 unchanged",
        "program.csv: 1 added, 0 updated, 0 unchanged",
        "sessions.csv: 7 added, 0 updated, 0 unchanged",
        "checkins.csv: 1 added, 0 updated, 0 unchanged",
        "exercise_logs.csv: 1 added, 0 updated, 0 unchanged",
    ]
    second = tmp_path / "second"
    assert (
        kneelog("--db", str(target), "export", "--format", "csv", "-o", str(second)).returncode == 0
    )
    for name in ("sessions.csv", "checkins.csv", "exercise_logs.csv", "shoes.csv", "program.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    again = kneelog("--db", str(target), "import", str(second / "sessions.csv"))
    assert again.stdout.strip() == "sessions.csv: 0 added, 0 updated, 7 unchanged"


def test_a_bad_csv_table_is_refused_whole_with_row_and_column(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    table = tmp_path / "sessions.csv"
    table.write_text(
        "id,date,activity,distance_km,pain_during,symptoms\n"
        "a,2026-05-01,run,5,2,stiffness\n"
        "b,2026-05-02,hop,five,12,\n"
        "c,05/03/2026,run,3,,limping\n"
    )
    result = kneelog("--db", str(db), "import", str(table))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "kneelog: sessions.csv: failed: refused, nothing was imported (5 problems)",
        "  row 3, column distance_km: 'five' is not a number",
        "  row 3, column activity: 'hop' is not one of cycle, elliptical, other, pool_run, run, strength, swim, walk, walk_run",
        "  row 3, column pain_during: 12 is outside 0-10",
        "  row 4, column date: '05/03/2026' is not a date (YYYY-MM-DD)",
        "  row 4, column symptoms: unknown code(s) 'limping'",
    ]
    assert _count(db) == 0


def test_journal_json_and_activity_files_in_one_command(
    tmp_path: Path, activity_folder: Path
) -> None:
    db = tmp_path / "j.sqlite3"
    journal = _journal_with_everything(tmp_path / "mine.json")
    copy = tmp_path / "watch" / "run.tcx"
    copy.parent.mkdir()
    shutil.copy(activity_folder / "tcx/run-no-hr.tcx", copy)
    result = kneelog("--db", str(db), "import", str(copy), str(journal), env={"TZ": ZONE_NAME})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "mine.json: 6 added, 0 updated, 0 unchanged",
        "run.tcx: imported 1 session",
    ]
