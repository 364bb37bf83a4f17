"""`kneelog import` and `kneelog export` with journal format 2's visits and profile."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import kneelog

VISIT = {
    "id": "v1",
    "date": "2026-11-27",
    "clinician": "PT",
    "cleared_to_run": True,
    "return_plan": "hold",
    "next_visit": "2026-12-11",
}
PROFILE = {"knee": "left", "condition": "it_band", "goal": "half marathon in May"}


def test_visits_and_the_profile_go_in_and_out_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {"format": "kneelog-journal", "version": 2, "visits": [VISIT], "profile": PROFILE}
        )
    )
    imported = kneelog("--db", str(db), "import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "in.json: 2 added, 0 updated, 0 unchanged"

    out = tmp_path / "out.json"
    assert kneelog("--db", str(db), "export", "-o", str(out)).returncode == 0
    document = json.loads(out.read_text())
    assert (document["version"], document["visits"], document["profile"]) == (2, [VISIT], PROFILE)

    folder = tmp_path / "csv"
    exported = kneelog("--db", str(db), "export", "--format", "csv", "-o", str(folder))
    assert exported.returncode == 0, exported.stderr
    assert (folder / "visits.csv").read_text().splitlines()[1] == (
        "v1,2026-11-27,PT,true,hold,2026-12-11,"
    )
    other = tmp_path / "other.sqlite3"
    again = kneelog("--db", str(other), "import", str(folder / "visits.csv"))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "visits.csv: 1 added, 0 updated, 0 unchanged"


def test_a_newer_format_is_refused_with_one_clear_message(tmp_path: Path) -> None:
    source = tmp_path / "future.json"
    source.write_text(json.dumps({"format": "kneelog-journal", "version": 3, "visits": [VISIT]}))
    result = kneelog("--db", str(tmp_path / "j.sqlite3"), "import", str(source))
    assert result.returncode == 1
    assert "version: 3 is newer than this KneeLog understands (2)" in result.stdout + result.stderr
