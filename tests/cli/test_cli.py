"""The command line: selftest, import and export, --db and KNEELOG_DB, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def kneelog(
    *args: str, env: dict[str, str] | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    environment.pop("KNEELOG_DB", None) if not env or "KNEELOG_DB" not in env else None
    if home is not None:
        environment.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    return subprocess.run(
        [sys.executable, "-m", "kneelog", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _journal(path: Path, **sections: object) -> Path:
    path.write_text(json.dumps({"format": "kneelog-journal", "version": 1, **sections}))
    return path


def test_selftest_exits_zero() -> None:
    result = kneelog("selftest")
    assert result.returncode == 0, result.stderr
    assert "selftest ok" in result.stdout


def test_import_then_export_round_trips(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    source = _journal(
        tmp_path / "in.json",
        sessions=[
            {"id": "a", "date": "2026-05-01", "activity": "run", "distance_km": 5, "pain_during": 2}
        ],
        checkins=[{"id": "b", "date": "2026-05-02", "morning_pain": 1}],
    )
    first = kneelog("--db", str(db), "import", str(source))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "in.json: 2 added, 0 updated, 0 unchanged"
    again = kneelog("--db", str(db), "import", str(source))
    assert again.stdout.strip() == "in.json: 0 added, 0 updated, 2 unchanged"
    out = tmp_path / "out.json"
    exported = kneelog("--db", str(db), "export", "--format", "json", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text())
    assert document["sessions"] == [
        {"id": "a", "date": "2026-05-01", "activity": "run", "distance_km": 5, "pain_during": 2}
    ]
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_a_bad_file_lists_every_problem_exits_nonzero_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    bad = _journal(
        tmp_path / "bad.json",
        sessions=[
            {"date": "2026-05-01", "activity": "run", "pain_during": 12},
            {"date": "2026-05-02", "activity": "hop"},
        ],
    )
    result = kneelog("--db", str(db), "import", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "kneelog: bad.json: failed: refused, nothing was imported (2 problems)",
        "  sessions[0].pain_during: 12 is outside 0-10",
        "  sessions[1].activity: 'hop' is not one of cycle, elliptical, other, pool_run, run, strength, swim, walk, walk_run",
    ]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM training_session").fetchone()[0] == 0


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    good = _journal(tmp_path / "good.json", sessions=[{"date": "2026-05-01", "activity": "run"}])
    result = kneelog("--db", str(db), "import", str(tmp_path / "missing.json"), str(good))
    assert result.returncode == 1
    assert "missing.json: cannot be read" in result.stderr
    assert "good.json: 1 added" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database" * 100, "not an SQLite database"),
    ],
)
def test_an_unusable_database_is_one_line_without_traceback(
    tmp_path: Path, content: bytes, message: str
) -> None:
    db = tmp_path / "broken.sqlite3"
    db.write_bytes(content)
    result = kneelog("--db", str(db), "export", "-o", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_kneelog_db_environment_variable_and_db_option(tmp_path: Path) -> None:
    source = _journal(tmp_path / "in.json", sessions=[{"date": "2026-05-01", "activity": "run"}])
    env_db = tmp_path / "env.sqlite3"
    assert kneelog("import", str(source), env={"KNEELOG_DB": str(env_db)}).returncode == 0
    assert env_db.exists()
    option_db = tmp_path / "option.sqlite3"
    kneelog("--db", str(option_db), "import", str(source), env={"KNEELOG_DB": str(env_db)})
    assert option_db.exists()


def test_default_journal_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    source = _journal(tmp_path / "in.json", sessions=[{"date": "2026-05-01", "activity": "run"}])
    result = kneelog("import", str(source), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    found = list((tmp_path / "home").rglob("kneelog.sqlite3"))
    assert len(found) == 1 and "KneeLog" in str(found[0])


def test_demo_does_not_go_with_a_command() -> None:
    result = kneelog("--demo", "export", "-o", "x.json")
    assert result.returncode == 2 and "--demo opens the app" in result.stderr


def test_exercises_lists_the_library_as_a_table() -> None:
    from kneelog.core.exercises import default_library

    result = kneelog("exercises")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "NAME", "CATEGORY", "DEFAULT", "DOSE"]
    library = default_library()
    assert len(rows) == len(library.exercises)
    step_up = next(row for row in rows if row.startswith("step_up "))
    assert "Step-up" in step_up and "strength" in step_up
    assert step_up.endswith("3 × 10 per leg, 3/week")


def test_exercises_json_is_a_list_of_objects_with_the_default_dose() -> None:
    from kneelog.core.exercises import default_library

    result = kneelog("exercises", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert [item["id"] for item in listing] == [e.id for e in default_library().exercises]
    wall_sit = next(item for item in listing if item["id"] == "wall_sit")
    assert wall_sit == {
        "id": "wall_sit",
        "name": "Wall sit",
        "category": "isometric",
        "targets": wall_sit["targets"],
        "default_dose": {
            "sets": 4,
            "reps": None,
            "hold_s": 30,
            "per_leg": False,
            "per_week": 5,
            "text": "4 × 30 s hold",
        },
    }
    assert wall_sit["targets"] and all(isinstance(t, str) for t in wall_sit["targets"])
