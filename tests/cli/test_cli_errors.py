"""Every command fails with one line on a missing resource, a bad path and a bad file; the
commands that are not about windows or drawing import no Qt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The commands that only read and write files: none of them may need the GUI stack.
QT_FREE = [
    ["suggest"],
    ["suggest", "--json"],
    ["exercises"],
    ["exercises", "--json"],
    ["import", "{tcx}"],
    ["export", "-o", "{tmp}/journal.json"],
    ["export", "--format", "csv", "-o", "{tmp}/tables"],
    ["backup", "-o", "{tmp}/copy.sqlite3"],
    ["backups"],
    ["restore", "{tmp}/copy.sqlite3"],
]
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")

# One interpreter runs the commands in turn and says, after each, which Qt modules are loaded.
CHILD = """
import json, sys
from kneelog.cli import main
for argv in json.loads(sys.argv[1]):
    code = main(argv)
    loaded = sorted(m for m in {modules!r} if m in sys.modules)
    print(json.dumps({{"argv": argv, "code": code, "qt": loaded}}), file=sys.stderr)
"""


def _run(
    args: list[str], tmp_path: Path, pythonpath: Path = REPO
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(pythonpath),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
        "XDG_STATE_HOME": str(tmp_path / "home" / "state"),
    }
    env.pop("KNEELOG_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "kneelog", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _fill(args: list[str], tmp_path: Path, tcx: Path) -> list[str]:
    return [arg.format(tmp=tmp_path, tcx=tcx) for arg in args]


def test_file_commands_import_no_qt(tmp_path: Path, activity_folder: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    tcx = activity_folder / "tcx" / "run.tcx"
    commands = [["--db", str(db), *_fill(args, tmp_path, tcx)] for args in QT_FREE]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)  # a real user's shell: nothing set up for Qt
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(modules=QT_MODULES), json.dumps(commands)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [report["argv"] for report in reports] == commands
    for report in reports:
        assert report["code"] == 0, report
        assert report["qt"] == [], f"{report['argv'][2:]} imported {report['qt']}"


def _one_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A failure: a non-zero exit and exactly one line on stderr, naming the problem."""
    lines = result.stderr.splitlines()
    assert result.returncode != 0, result.stdout
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kneelog: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def bare_package(tmp_path: Path) -> Path:
    """A copy of the kneelog package with no resources beside it (a broken installation)."""
    root = tmp_path / "broken"
    shutil.copytree(
        REPO / "kneelog", root / "kneelog", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


NEEDS_RESOURCES = [
    (["selftest"], "resources missing"),
    (["suggest"], "rules.toml"),
    (["suggest", "--json"], "rules.toml"),
    (["exercises"], "exercises.toml"),
    (["exercises", "--json"], "exercises.toml"),
    (["report", "-o", "{tmp}/report.pdf"], ".toml"),
    (["charts", "-o", "{tmp}/charts.png"], "rules.toml"),
]


@pytest.mark.parametrize(("args", "fragment"), NEEDS_RESOURCES, ids=lambda v: str(v))
def test_a_missing_resource_is_one_line(
    args: list[str], fragment: str, tmp_path: Path, bare_package: Path
) -> None:
    db = tmp_path / "journal.sqlite3"
    result = _run(["--db", str(db), *_fill(args, tmp_path, db)], tmp_path, bare_package)
    _one_line(result, fragment)


def test_commands_that_need_no_resource_work_without_them(
    tmp_path: Path, bare_package: Path
) -> None:
    db = tmp_path / "journal.sqlite3"
    for args in (["export", "-o", str(tmp_path / "e.json")], ["backups"]):
        result = _run(["--db", str(db), *args], tmp_path, bare_package)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""


@pytest.fixture
def not_a_folder(tmp_path: Path) -> Path:
    """A plain file: every path below it is a bad path, even for root."""
    path = tmp_path / "plain-file"
    path.write_text("a file, not a folder\n")
    return path


BAD_PATHS = [
    (["--db", "{bad}/journal.sqlite3", "suggest"], "journal"),
    (["--db", "{bad}/journal.sqlite3", "backup", "-o", "{tmp}/b.sqlite3"], "journal"),
    (["import", "{tmp}/missing.fit"], "missing.fit"),
    (["export", "-o", "{bad}/journal.json"], "plain-file"),
    (["export", "--format", "csv", "-o", "{bad}/tables"], "plain-file"),
    (["report", "-o", "{bad}/report.pdf"], "report.pdf"),
    (["report", "-o", "{tmp}"], "folder"),
    (["charts", "-o", "{bad}/charts.png"], "plain-file"),
    (["backup", "-o", "{bad}/copy.sqlite3"], "plain-file"),
    (["restore", "{tmp}/missing.sqlite3"], "missing.sqlite3"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_PATHS, ids=lambda v: str(v))
def test_a_bad_path_is_one_line(
    args: list[str], fragment: str, tmp_path: Path, not_a_folder: Path
) -> None:
    filled = [arg.format(tmp=tmp_path, bad=not_a_folder) for arg in args]
    if filled[0] != "--db":
        filled = ["--db", str(tmp_path / "journal.sqlite3"), *filled]
    _one_line(_run(filled, tmp_path), fragment)


@pytest.fixture
def garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a journal, nor a backup, nor an activity\n" * 40)
    return path


BAD_FILES = [
    ["suggest"],
    ["suggest", "--json"],
    ["report", "-o", "{tmp}/report.pdf"],
    ["charts", "-o", "{tmp}/charts.png"],
    ["export", "-o", "{tmp}/journal.json"],
    ["backup", "-o", "{tmp}/copy.sqlite3"],
    ["import", "{garbage}"],
]


@pytest.mark.parametrize("args", BAD_FILES, ids=lambda v: str(v))
def test_a_journal_that_is_not_one_is_one_line(
    args: list[str], tmp_path: Path, garbage: Path
) -> None:
    filled = [arg.format(tmp=tmp_path, garbage=garbage) for arg in args]
    _one_line(_run(["--db", str(garbage), *filled], tmp_path), "not a KneeLog journal")


def test_a_bad_activity_file_and_a_bad_backup_are_one_line(tmp_path: Path, garbage: Path) -> None:
    db = str(tmp_path / "journal.sqlite3")
    activity = tmp_path / "run.fit"
    activity.write_bytes(garbage.read_bytes())
    _one_line(_run(["--db", db, "import", str(activity)], tmp_path), "run.fit: failed: ")
    _one_line(_run(["--db", db, "restore", str(garbage)], tmp_path), "not a KneeLog journal")


def test_a_bug_is_one_line_and_its_traceback_goes_to_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kneelog import cli
    from kneelog.paths import log_dir

    def broken(args: object) -> int:
        raise ZeroDivisionError("a bug in a command")

    monkeypatch.setattr(cli, "_backups", broken)
    assert cli.main(["--db", str(tmp_path / "journal.sqlite3"), "backups"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "kneelog: internal error: ZeroDivisionError: a bug in a command (details in the log)\n"
    )
    from kneelog.logs import stop_logging

    stop_logging()
    logged = "".join(path.read_text() for path in log_dir().glob("*.log*"))
    assert "Traceback" in logged and "a bug in a command" in logged
