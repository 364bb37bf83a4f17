"""The import service: damaged input never crashes or writes, cancel and progress, the index
(on generated activity files, and on the public samples too when they are found)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kneelog.core.session_records import SessionRecord
from kneelog.formats.activity import ImportedActivity
from kneelog.persistence.db import Database
from kneelog.services.activity_import import (
    ItemStatus,
    SessionIndex,
    import_paths,
    session_fingerprint,
)
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from tests.activity_files import FILES
from tests.unit.formats.formats_support import find_samples

UTC_MINUS_6 = dt.timezone(dt.timedelta(hours=-6))
TABLES = ("training_session", "checkin", "shoe", "prescription", "exercise_log", "assessment")
# Generated files (tests/activity_files.py) to damage; with the public samples found, theirs too.
SEEDS = [
    "fit/park-run.fit",
    "fit/virtual-ride.fit.gz",
    "gpx/evening-run.gpx",
    "tcx/run.tcx",
    "csv/strava-export/activities.csv",
]
SAMPLE_SEEDS = [
    "fit/2022-05-29-15-53-35_Laufen_Landal_Park.fit",
    "fit/14582164182.fit.gz",
    "gpx/track-with-empty-segment.gpx",
    "tcx/test.tcx",
    "csv/strava-export_geo-activity-playground/activities.csv",
]
SAMPLES = find_samples()
ALL_SEEDS = SEEDS + (SAMPLE_SEEDS if SAMPLES is not None else [])
SUFFIXES = (".fit", ".fit.gz", ".gpx", ".tcx", ".csv", ".json", ".zip", ".gpx.gz", "")
_names = itertools.count()


def counts(db: Database) -> dict[str, int]:
    with sqlite3.connect(str(db.path)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Database, Path]]:
    """One journal for all examples: each example checks only what it changed."""
    with tempfile.TemporaryDirectory() as scratch:
        db = open_journal(Path(scratch) / "j.sqlite3")
        yield db, Path(scratch)
        db.close()


@functools.cache
def seed_bytes(seed: str) -> bytes:
    """A generated file's bytes, or a public sample's."""
    if seed in FILES:
        made = FILES[seed]()
        return made.encode() if isinstance(made, str) else made
    assert SAMPLES is not None
    return (SAMPLES / seed).read_bytes()


def _import_bytes(shared: tuple[Database, Path], raw: bytes, suffix: str) -> None:
    db, folder = shared
    path = folder / f"input{next(_names)}{suffix}"
    path.write_bytes(raw)
    before = counts(db)
    report = import_paths(db, [path], tz=UTC_MINUS_6)
    after = counts(db)
    assert report.results, "every input is reported"
    for result in report.results:
        assert result.status in ItemStatus
        if result.status is ItemStatus.FAILED:
            assert result.message.startswith("failed: ") and len(result.message) > 10
            assert "Traceback" not in result.message
    if report.failed == len(report.results):
        assert after == before, "a failed file writes nothing"
    # Activity items write exactly the sessions they report (KneeLog tables may add more).
    assert after["training_session"] - before["training_session"] >= report.sessions_added
    if not any(r.message.endswith("unchanged") for r in report.results):
        assert after["training_session"] - before["training_session"] == report.sessions_added


@settings(max_examples=60)
@given(raw=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_fail_clearly_and_write_nothing(
    shared: tuple[Database, Path], raw: bytes, suffix: str
) -> None:
    _import_bytes(shared, raw, suffix)


@settings(max_examples=60)
@given(seed=st.sampled_from(ALL_SEEDS), data=st.data())
def test_truncated_samples_fail_clearly_or_import_what_is_whole(
    shared: tuple[Database, Path], seed: str, data: st.DataObject
) -> None:
    raw = seed_bytes(seed)
    cut = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    _import_bytes(shared, raw[:cut], "".join(Path(seed).suffixes))


@settings(max_examples=60)
@given(seed=st.sampled_from(ALL_SEEDS), data=st.data())
def test_bit_flipped_samples_never_crash(
    shared: tuple[Database, Path], seed: str, data: st.DataObject
) -> None:
    raw = bytearray(seed_bytes(seed))
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    _import_bytes(shared, bytes(raw), "".join(Path(seed).suffixes))


@settings(max_examples=40)
@given(
    header=st.sampled_from(
        [
            "id,date,activity,distance_km,duration_min,pain_during,symptoms,notes",
            "id,date,morning_pain,morning_stiffness,symptoms,notes",
            "id,date,exercise,sets,reps,hold_s,load_kg,pain,notes,prescription",
        ]
    ),
    cells=st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=9), min_size=1, max_size=5),
)
def test_random_kneelog_csv_rows_are_refused_whole_or_imported_whole(
    shared: tuple[Database, Path], header: str, cells: list[list[str]]
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header.split(","))
    writer.writerows(cells)
    db, _folder = shared
    before = counts(db)
    _import_bytes(shared, buffer.getvalue().encode(), ".csv")
    after = counts(db)
    changed = [t for t in TABLES if after[t] != before[t]]
    assert len(changed) <= 1


def test_cancel_stops_between_items_and_keeps_what_was_imported(
    db: Database, activity_folder: Path
) -> None:
    files = [
        activity_folder / "tcx/run-no-hr.tcx",
        activity_folder / "tcx/other-run.tcx",
        activity_folder / "gpx/route.gpx",
    ]
    seen: list[tuple[int, int, str]] = []
    report = import_paths(
        db,
        files,
        tz=UTC_MINUS_6,
        progress=lambda done, total, label: seen.append((done, total, label)),
        cancelled=lambda: len(seen) >= 1,
    )
    assert report.cancelled and report.not_attempted == 2
    assert [r.line for r in report.results] == ["run-no-hr.tcx: imported 1 session"]
    assert seen == [(0, 3, "run-no-hr.tcx")]
    assert counts(db)["training_session"] == 1
    assert "cancelled with 2 not imported" in report.describe()


def test_progress_counts_every_item_to_the_end(db: Database, activity_folder: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    import_paths(
        db,
        [activity_folder / "gpx"],
        tz=UTC_MINUS_6,
        progress=lambda done, total, label: seen.append((done, total, label)),
    )
    assert [done for done, _total, _label in seen] == list(range(len(seen)))
    assert seen[-1] == (len(seen) - 1, len(seen) - 1, "")
    assert len(seen) == 4  # three files, then the end
    assert seen[0][2] == "evening-run.gpx"


def test_a_manual_entry_with_a_local_start_time_is_a_duplicate(
    db: Database, journal: EntryService, activity_folder: Path
) -> None:
    # tcx/run-no-hr.tcx starts 2012-12-26 21:29:53 UTC = 15:29 at UTC-6, 4.69 km.
    journal.save_session(
        SessionRecord.new(
            date=dt.date(2012, 12, 26), start_time="15:31", activity="run", distance_m=4700
        )
    )
    report = import_paths(db, [activity_folder / "tcx/run-no-hr.tcx"], tz=UTC_MINUS_6)
    (result,) = report.results
    assert result.status is ItemStatus.DUPLICATE
    assert result.message == (
        "skipped as duplicate of the session at 2012-12-26 21:31 UTC (same start and distance)"
    )


def test_a_renamed_copy_is_the_same_file(
    db: Database, tmp_path: Path, activity_folder: Path
) -> None:
    import shutil

    copy = tmp_path / "renamed.tcx"
    shutil.copy(activity_folder / "tcx/other-run.tcx", copy)
    import_paths(db, [activity_folder / "tcx/other-run.tcx"], tz=UTC_MINUS_6)
    (result,) = import_paths(db, [copy], tz=UTC_MINUS_6).results
    assert result.status is ItemStatus.DUPLICATE
    assert result.message.startswith("skipped as duplicate of other-run.tcx sha256:")
    assert result.message.endswith("(same file imported before)")


def test_index_matches_only_within_two_minutes_and_one_percent() -> None:
    start = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    index = SessionIndex(
        [session_fingerprint(dt.date(2026, 5, 1), start.isoformat(), 5000.0, None, dt.UTC)]
    )

    def candidate(offset_s: float, metres: float) -> ImportedActivity:
        from kneelog.core.codes import Activity

        return ImportedActivity(
            sport="running",
            activity=Activity.RUN,
            start_utc=start + dt.timedelta(seconds=offset_s),
            distance_m=metres,
            duration_s=1800,
            elapsed_s=1800,
            avg_cadence_spm=None,
            avg_hr=None,
            source_name="x.fit",
            source_sha256="ab" * 32,
        )

    assert index.find(candidate(119, 5049), dt.UTC) is not None
    assert index.find(candidate(-119, 4951), dt.UTC) is not None
    assert index.find(candidate(121, 5000), dt.UTC) is None
    assert index.find(candidate(0, 5060), dt.UTC) is None
