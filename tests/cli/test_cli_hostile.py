"""`kneelog import` of hostile files ends with one line naming the file, exit 1, no traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _import(db: Path, target: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("KNEELOG_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "kneelog", "--db", str(db), "import", str(target)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,  # a pipe that blocked would hang here: the test fails instead
        check=False,
    )


def _sessions(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM training_session").fetchone()[0])


def _year_one_journal(path: Path) -> None:
    session = {"date": "2024-05-01", "activity": "run", "start_time": "0001-01-01T00:00:00+05:00"}
    document = {"format": "kneelog-journal", "version": 1, "sessions": [session]}
    path.write_text(json.dumps(document))


def _deep_gpx(path: Path) -> None:
    levels = 150_000
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        '<trk><trkseg><trkpt lat="1" lon="1"><time>2024-01-01T00:00:00Z</time><extensions>'
        + "<a>" * levels
        + "</a>" * levels
        + "</extensions></trkpt></trkseg></trk></gpx>"
    )


@pytest.mark.parametrize(
    ("name", "make", "problem"),
    [
        ("year1.json", _year_one_journal, "refused, nothing was imported"),
        ("deep.gpx", _deep_gpx, "nested more than 64 levels deep"),
        ("pipe.gpx", os.mkfifo, "not a regular file"),
    ],
)
def test_a_hostile_file_fails_with_one_line_and_the_journal_unchanged(
    name: str, make: object, problem: str, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite3"
    target = tmp_path / name
    assert callable(make)
    make(target)
    result = _import(db, target)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"kneelog: {name}: failed: ") and problem in first, result.stderr
    assert _sessions(db) == 0
