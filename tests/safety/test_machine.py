"""A hostile machine: two processes at once, a journal deleted from under KneeLog, a clock set
back, full disks and symlinks at output paths, stale locks, kill -9 and SIGTERM."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kneelog.services.opening import open_journal
from tests.safety.test_faults import REPO, one_line_error, run


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
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM training_session").fetchone()[0])
    finally:
        conn.close()


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
    from kneelog.core.session_records import SessionRecord
    from kneelog.services.activity_import import import_paths
    from kneelog.services.entries import EntryService

    db_path = tmp_path / "kneelog.sqlite3"
    db = open_journal(db_path)
    try:
        report = import_paths(db, [strava_export(tmp_path / "export", 4)], tz=dt.UTC)
        assert report.sessions_added == 4
        EntryService(db).save_session(SessionRecord.new(date=dt.date(2026, 6, 1), activity="run"))
        again = import_paths(db, [tmp_path / "export"], tz=dt.UTC)
        assert again.duplicates == 4 and again.sessions_added == 0
    finally:
        db.close()
    assert session_count(db_path) == 5


# --- item 8: a journal deleted from under KneeLog --------------------------------------------


def _saved(db_path: Path) -> int:
    try:
        return session_count(db_path)
    except sqlite3.Error:  # not made yet, or busy
        return 0


def _remove_journal(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def test_an_import_into_a_journal_deleted_midway_stops_with_one_clear_error(
    tmp_path: Path,
) -> None:
    from kneelog.core.errors import JournalGoneError
    from kneelog.services.activity_import import import_paths

    export = strava_export(tmp_path / "export", 12)
    db_path = tmp_path / "kneelog.sqlite3"
    db = open_journal(db_path)
    seen: list[int] = []

    def progress(done: int, _total: int, _label: str) -> None:
        seen.append(done)
        if done == 5:
            _remove_journal(db_path)

    try:
        with pytest.raises(JournalGoneError, match="the journal file was deleted") as caught:
            import_paths(db, [export], tz=dt.UTC, progress=progress)
    finally:
        db.close()
    assert str(db_path) in str(caught.value)
    assert max(seen) == 5  # stopped at the first item after the deletion
    assert not db_path.exists()  # and made no new, empty journal in its place


def test_cli_import_into_a_journal_deleted_midway_fails_naming_it(tmp_path: Path) -> None:
    export = strava_export(tmp_path / "export", 400)
    db_path = tmp_path / "data" / "kneelog.sqlite3"
    open_journal(db_path).close()
    process = kneelog(db_path, "import", str(export), tmp=tmp_path)
    # Wait (without a deadline) until the import has saved some sessions, then pull it away.
    while process.poll() is None and _saved(db_path) < 3:
        time.sleep(0.02)
    _remove_journal(db_path)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 1, out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert str(db_path) in lines[0] and "deleted" in lines[0]
    assert "imported (400" not in out


def test_cli_on_a_journal_gone_from_beside_its_backups_refuses_to_start_afresh(
    tmp_path: Path,
) -> None:
    from kneelog.services import safety

    export = strava_export(tmp_path / "export", 2)
    db_path = tmp_path / "data" / "kneelog.sqlite3"
    db = open_journal(db_path)
    db.close()
    imported = run("-m", "kneelog", "--db", str(db_path), "import", str(export), tmp=tmp_path)
    assert imported.returncode == 0, imported.stderr
    backup = safety.make_backup(db_path, safety.BackupKind.MANUAL)
    _remove_journal(db_path)
    line = one_line_error(
        run("-m", "kneelog", "--db", str(db_path), "import", str(export), tmp=tmp_path)
    )
    assert str(db_path) in line and "not there any more" in line and str(backup) in line
    assert not db_path.exists()
    restored = run("-m", "kneelog", "--db", str(db_path), "restore", str(backup), tmp=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert session_count(db_path) == 2


# --- item 9: outputs -------------------------------------------------------------------------

OUTPUTS = [
    ("report", "r.pdf", ["--from", "2026-01-01", "--to", "2026-01-14"]),
    ("charts", "c.svg", []),
    ("charts", "c.png", []),
    ("export", "e.json", []),
    ("backup", "b.sqlite3", []),
]


@pytest.fixture
def noted(tmp_path: Path) -> Path:
    """A journal whose outputs are all well over 60 kB (long notes)."""
    from kneelog.core.session_records import SessionRecord
    from kneelog.services.entries import EntryService

    db_path = tmp_path / "data" / "kneelog.sqlite3"
    db = open_journal(db_path)
    journal = EntryService(db)
    for number in range(120):
        journal.save_session(
            SessionRecord.new(
                date=dt.date(2026, 1, 1) + dt.timedelta(days=number % 60),
                activity="run",
                distance_m=5000 + number,
                pain_during=number % 11,
                notes="a long note " * 100,
            )
        )
    db.close()
    return db_path


def _output_run(
    db_path: Path, command: str, target: Path, extra: list[str], tmp: Path, **options: int
) -> subprocess.CompletedProcess[str]:
    return run(
        "-m",
        "kneelog",
        "--db",
        str(db_path),
        command,
        "-o",
        str(target),
        *extra,
        tmp=tmp,
        **options,
    )


@pytest.mark.parametrize(("command", "name", "extra"), OUTPUTS)
def test_an_output_into_a_missing_folder_is_one_clear_line(
    noted: Path, tmp_path: Path, command: str, name: str, extra: list[str]
) -> None:
    target = tmp_path / "no such folder" / name
    line = one_line_error(_output_run(noted, command, target, extra, tmp_path))
    assert str(target) in line and "does not exist" in line
    assert not target.parent.exists()


@pytest.mark.parametrize(("command", "name", "extra"), OUTPUTS)
def test_an_output_on_a_full_disk_leaves_no_file_and_names_it(
    noted: Path, tmp_path: Path, command: str, name: str, extra: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    result = _output_run(noted, command, target, extra, tmp_path, limit_bytes=60_000)
    line = one_line_error(result)
    assert str(target) in line and "could not be written" in line, line
    assert list(out.iterdir()) == []  # no truncated file, no temporary file


@pytest.mark.parametrize(("command", "name", "extra"), OUTPUTS)
def test_an_output_onto_a_symlink_is_refused_and_the_link_kept(
    noted: Path, tmp_path: Path, command: str, name: str, extra: list[str]
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file\n")
    link = tmp_path / name
    link.symlink_to(elsewhere)
    line = one_line_error(_output_run(noted, command, link, extra, tmp_path))
    assert str(link) in line and "symbolic link" in line
    assert link.is_symlink() and elsewhere.read_text() == "someone else's file\n"


@pytest.mark.parametrize(("command", "name", "extra"), OUTPUTS)
def test_an_output_replaces_an_old_file_whole_and_private(
    noted: Path, tmp_path: Path, command: str, name: str, extra: list[str]
) -> None:
    target = tmp_path / name
    target.write_bytes(b"old")
    target.chmod(0o644)
    result = _output_run(noted, command, target, extra, tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 60_000 and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_a_csv_export_into_a_missing_parent_or_onto_a_linked_folder_is_refused(
    noted: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no such folder" / "tables"
    csv = ["--format", "csv"]
    line = one_line_error(_output_run(noted, "export", missing, csv, tmp_path))
    assert str(missing) in line and "does not exist" in line
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    line = one_line_error(_output_run(noted, "export", tmp_path / "linked", csv, tmp_path))
    assert "symbolic link" in line and list(real.iterdir()) == []
    made = tmp_path / "tables"
    assert _output_run(noted, "export", made, csv, tmp_path).returncode == 0
    assert (made / "sessions.csv").is_file()


# --- item 11: restore, kill -9 during restore, read-only journals -----------------------------


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "damage",
    [
        "PRAGMA user_version = 1",  # the tables of the newest schema, the version of the first
        "DROP TABLE plan_record",  # the version of the newest schema, a table short
        "ALTER TABLE checkin ADD COLUMN mood TEXT",
        "CREATE TABLE strangers (x)",
    ],
)
def test_restoring_a_backup_whose_version_contradicts_its_schema_is_refused(
    noted: Path, tmp_path: Path, damage: str
) -> None:
    from kneelog.services import safety

    candidate = tmp_path / "candidate.sqlite3"
    safety.backup_to(noted, candidate)
    with sqlite3.connect(candidate) as conn:
        conn.execute(damage)
    sqlite3.connect(candidate).close()
    before = _digest(noted)
    line = one_line_error(
        run("-m", "kneelog", "--db", str(noted), "restore", str(candidate), tmp=tmp_path)
    )
    assert str(candidate) in line and "schema version" in line and "unchanged" in line
    assert _digest(noted) == before
    open_journal(noted).close()  # still opens as it was


def test_copies_left_by_a_restore_killed_midway_are_removed_on_the_next_start(
    noted: Path, tmp_path: Path
) -> None:
    import shutil

    from kneelog.paths import backup_dir_for

    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    killed.kill()
    killed.wait()  # its process id now names no process: what kill -9 during a backup leaves
    backups = backup_dir_for(noted)
    backups.mkdir(exist_ok=True)
    left = [
        backups / f".kneelog-20261204-101010-000000-pre-restore.sqlite3.{killed.pid}.tmp",
        backups / f".kneelog-20261204-101010-000000-pre-restore.sqlite3.{killed.pid}.tmp-journal",
        noted.parent / f".kneelog.sqlite3.{killed.pid}.tmp",
        backups / ".kneelog-20261203-101010-000000-daily.sqlite3.tmp",  # an older KneeLog's
    ]
    for path in left:
        shutil.copyfile(noted, path)
    in_progress = backups / f".kneelog-20261204-101011-000000-manual.sqlite3.{os.getpid()}.tmp"
    shutil.copyfile(noted, in_progress)
    result = run("-m", "kneelog", "--db", str(noted), "export", "-o", str(tmp_path / "e.json"))
    assert result.returncode == 0, result.stderr
    assert [path for path in left if path.exists()] == []
    assert in_progress.exists()  # a live process's copy is its own business


# --- item 14: SIGTERM during an import ------------------------------------------------------


def test_sigterm_during_an_import_ends_cleanly_and_a_second_run_completes_it(
    tmp_path: Path,
) -> None:
    import signal

    from kneelog.persistence.health import integrity_problems

    rows = 300
    export = strava_export(tmp_path / "export", rows)
    db_path = tmp_path / "data" / "kneelog.sqlite3"
    open_journal(db_path).close()
    process = kneelog(db_path, "import", str(export), tmp=tmp_path)
    while process.poll() is None and _saved(db_path) < 3:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 143, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "SIGTERM" in lines[0] and "Traceback" not in err, err
    # Closed properly: checkpointed and removed (checked before a reader here makes one).
    assert not Path(f"{db_path}-wal").exists()
    assert integrity_problems(db_path) == []
    kept = session_count(db_path)
    assert 3 <= kept < rows
    again = run("-m", "kneelog", "--db", str(db_path), "import", str(export), tmp=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"{rows - kept} imported ({rows - kept} sessions), {kept} skipped" in again.stdout
    assert session_count(db_path) == rows


@pytest.fixture
def read_only_journal(tmp_path: Path) -> Iterator[Path]:
    """A journal on a read-only disk (a tmpfs remounted read-only; needs root)."""
    from kneelog.core.session_records import SessionRecord
    from kneelog.services.entries import EntryService

    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        db_path = mount_point / "kneelog.sqlite3"
        db = open_journal(db_path)
        for number in range(5):
            EntryService(db).save_session(
                SessionRecord.new(date=dt.date(2026, 5, 1 + number), activity="run")
            )
        db.close()
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield db_path
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_journal_on_a_read_only_disk_can_still_be_exported_and_copied(
    read_only_journal: Path, tmp_path: Path
) -> None:
    before = _digest(read_only_journal)
    export = tmp_path / "e.json"
    result = run(
        "-m", "kneelog", "--db", str(read_only_journal), "export", "-o", str(export), tmp=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "5 records written" in result.stdout and export.stat().st_size > 0
    copy = tmp_path / "copy.sqlite3"
    result = run(
        "-m", "kneelog", "--db", str(read_only_journal), "backup", "-o", str(copy), tmp=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert session_count(copy) == 5
    tables = tmp_path / "tables"
    csv = run(
        "-m", "kneelog", "--db", str(read_only_journal), "export", "--format", "csv", "-o",
        str(tables), tmp=tmp_path,
    )  # fmt: skip
    assert csv.returncode == 0, csv.stderr
    assert _digest(read_only_journal) == before
    # Writing commands still say, in one line, why they cannot.
    line = one_line_error(
        run("-m", "kneelog", "--db", str(read_only_journal), "import", str(export), tmp=tmp_path)
    )
    assert "read-only" in line.lower() or "cannot write" in line


# --- item 10: a lock file a power cut left behind -------------------------------------------


@pytest.mark.parametrize("left", ["empty", "garbage", "folder"])
def test_restore_is_not_blocked_by_a_lock_file_a_power_cut_left(
    noted: Path, tmp_path: Path, left: str
) -> None:
    from kneelog.persistence.lock import lock_path_for
    from kneelog.services import safety

    copy = tmp_path / "copy.sqlite3"
    safety.backup_to(noted, copy)
    lock = lock_path_for(noted)
    if left == "folder":
        lock.mkdir()
    else:
        lock.write_bytes(b"" if left == "empty" else b"\x00\x17garbage\xff\n")
    result = run("-m", "kneelog", "--db", str(noted), "restore", str(copy), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "restored from" in result.stdout
    assert not lock.exists()  # taken over, then released
