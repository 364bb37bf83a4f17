"""A hostile machine: two processes at once, a journal deleted from under KneeLog, a clock set
back, full disks and symlinks at output paths, stale locks, kill -9 and SIGTERM."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from kneelog.services.journal_file import open_journal
from tests.safety.test_faults import REPO


def strava_export(folder: Path, rows: int) -> Path:
    """A Strava-like export: activities.csv with `rows` runs, two a day, no activity files."""
    folder.mkdir(parents=True)
    lines = ["Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename"]
    start = dt.datetime(2024, 1, 1, 6, 0)
    for i in range(rows):
        when = start + dt.timedelta(days=i // 2, hours=10 * (i % 2))
        stamp = f"{when:%b} {when.day}, {when:%Y}, {when.hour % 12 or 12}:00:00 {when:%p}"
        lines.append(f'{i + 1},"{stamp}",Run {i},Run,{1800 + i},{5 + (i % 7) * 0.5:.2f},')
    (folder / "activities.csv").write_text("\n".join(lines) + "\n")
    return folder


def session_count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("SELECT count(*) FROM training_session").fetchone()[0])


def kneelog(db_path: Path, *args: str, tmp: Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("KNEELOG_DB", None)
    environment["XDG_STATE_HOME"] = str(tmp / "state")
    return subprocess.Popen(
        [sys.executable, "-m", "kneelog", "--db", str(db_path), *args],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- item 3: two imports of the same export at once -----------------------------------------


def test_two_imports_of_the_same_export_at_once_add_each_session_once(tmp_path: Path) -> None:
    rows = 80
    export = strava_export(tmp_path / "export", rows)
    db_path = tmp_path / "data" / "kneelog.sqlite3"  # not there yet: both processes create it
    processes = [kneelog(db_path, "import", str(export), tmp=tmp_path) for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    assert session_count(db_path) == rows
    added = [
        int(re.search(r"imported \((\d+) sessions?\)", out)[1])  # type: ignore[index]
        for out, _ in outputs
    ]
    skipped = [int(re.search(r"(\d+) skipped as duplicates", out)[1]) for out, _ in outputs]  # type: ignore[index]
    assert sum(added) == rows and sum(skipped) == rows


def test_the_window_style_save_still_works_beside_an_import(tmp_path: Path) -> None:
    """A deferred (non-import) unit of work still commits while imports use BEGIN IMMEDIATE."""
    from kneelog.core.entities import TrainingSession
    from kneelog.services.activity_import import import_paths
    from kneelog.services.journal import JournalService

    db_path = tmp_path / "kneelog.sqlite3"
    db = open_journal(db_path)
    try:
        report = import_paths(db, [strava_export(tmp_path / "export", 4)], tz=dt.UTC)
        assert report.sessions_added == 4
        JournalService(db).save_session(TrainingSession(date=dt.date(2026, 6, 1), activity="run"))
        again = import_paths(db, [tmp_path / "export"], tz=dt.UTC)
        assert again.duplicates == 4 and again.sessions_added == 0
    finally:
        db.close()
    assert session_count(db_path) == 5
