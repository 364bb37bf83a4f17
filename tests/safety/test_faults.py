"""Bad files and bad states: full disk, read-only folder, damaged or newer journals, a second
copy, privacy of files and logs, and no network."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import resource
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kneelog import cli
from kneelog.core.errors import DatabaseError
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.logs import setup_logging, stop_logging
from kneelog.persistence.health import check_journal_file, integrity_problems
from kneelog.persistence.migrations import SCHEMA_VERSION
from kneelog.services import safety
from kneelog.services.entries import EntryService
from kneelog.services.opening import FileCheck, open_journal

REPO = Path(__file__).resolve().parents[2]
SECRET_NOTE = "my knee felt like glass, secret note 7731"


def run(
    *args: str,
    limit_bytes: int | None = None,
    env: dict[str, str] | None = None,
    tmp: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    environment.pop("KNEELOG_DB", None)
    if tmp is not None:
        environment["XDG_STATE_HOME"] = str(tmp / "state")
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limit,
    )


def rows(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return sorted(
            conn.execute("SELECT id, date, distance_m, pain_during, notes FROM training_session")
        ) + sorted(conn.execute("SELECT id, date, morning_pain, notes, '' FROM checkin"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def filled(db_path: Path) -> Path:
    db = open_journal(db_path)
    journal = EntryService(db)
    for number in range(50):
        journal.save_session(
            SessionRecord.new(
                date=dt.date(2026, 1, 1) + dt.timedelta(days=number),
                activity="run",
                distance_m=5000,
                pain_during=number % 11,
                notes=SECRET_NOTE,
            )
        )
    journal.save_checkin(CheckInRecord.new(date=dt.date(2026, 3, 1), morning_pain=3))
    db.close()
    return db_path


def big_journal_file(path: Path, sessions: int) -> Path:
    path.write_text(
        json.dumps(
            {
                "format": "kneelog-journal",
                "version": 1,
                "sessions": [
                    {"date": "2026-04-01", "activity": "run", "distance_km": 5, "notes": "n" * 2000}
                    for _ in range(sessions)
                ],
            }
        )
    )
    return path


# --- full disk: RLIMIT_FSIZE in the child makes any file growth past the limit fail (EFBIG) ----


def test_full_disk_during_an_import_fails_cleanly_and_keeps_the_journal(
    filled: Path, tmp_path: Path
) -> None:
    before = rows(filled)
    source = big_journal_file(tmp_path / "big.json", 2000)  # ~4 MB of notes: far past the limit
    limit = filled.stat().st_size * 3  # room for the pre-import backup, not for the import
    result = run(
        "-m", "kneelog", "--db", str(filled), "import", str(source), limit_bytes=limit, tmp=tmp_path
    )
    line = one_line_error(result)
    assert "could not be saved" in line and "unchanged" in line
    assert integrity_problems(filled) == []
    assert rows(filled) == before


def test_full_disk_during_single_writes_keeps_every_saved_record(
    filled: Path, tmp_path: Path
) -> None:
    script = f"""
import datetime as dt, sys
sys.path.insert(0, {str(REPO)!r})
from kneelog.core.session_records import SessionRecord
from kneelog.core.errors import WriteFailedError
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
journal = EntryService(open_journal({str(filled)!r}))
saved = 0
try:
    for n in range(100000):
        journal.save_session(SessionRecord.new(id=f"full{{n:06d}}", date=dt.date(2026, 5, 1),
                                             activity="run", notes="x" * 9000))
        saved += 1
except WriteFailedError as exc:
    print(saved, exc, sep="\\n")
    raise SystemExit(3)
"""
    before = rows(filled)
    result = run("-c", script, limit_bytes=filled.stat().st_size + 400_000, tmp=tmp_path)
    assert result.returncode == 3, result.stderr
    saved_text, message = result.stdout.strip().splitlines()
    assert "could not be saved" in message
    saved = int(saved_text)
    assert saved > 0
    assert integrity_problems(filled) == []
    with sqlite3.connect(filled) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM training_session WHERE id LIKE 'full%'")]
    assert sorted(ids) == [f"full{n:06d}" for n in range(saved)]
    assert [r for r in rows(filled) if not str(r[0]).startswith("full")] == before


def test_a_tiny_tmpfs_fills_up_cleanly(tmp_path: Path) -> None:
    """The real thing where the test may mount: a 1 MB tmpfs as the data folder."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root (RLIMIT_FSIZE tests above cover a full disk)")
    try:
        db_path = mount_point / "kneelog.sqlite3"
        db = open_journal(db_path)
        journal = EntryService(db)
        journal.save_checkin(CheckInRecord.new(date=dt.date(2026, 5, 1), morning_pain=2))
        from kneelog.core.errors import WriteFailedError

        def fill_up() -> None:
            for number in range(10_000):
                journal.save_session(
                    SessionRecord.new(
                        date=dt.date(2026, 5, 1), activity="run", notes=f"{number}" + "x" * 9000
                    )
                )

        with pytest.raises(WriteFailedError, match="could not be saved"):
            fill_up()
        saved = len(journal.sessions())
        db.close()
        assert integrity_problems(db_path) == []
        reopened = open_journal(db_path)
        assert len(EntryService(reopened).sessions()) == saved
        assert EntryService(reopened).checkin_on(dt.date(2026, 5, 1)) is not None
        reopened.close()
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


# --- read-only data folder ----------------------------------------------------------------


@pytest.fixture
def read_only_folder(filled: Path) -> Iterator[Path]:
    folder = filled.parent
    if os.geteuid() == 0:
        # root ignores permission bits; the immutable attribute stops root too.
        if (
            shutil.which("chattr") is None
            or subprocess.run(
                ["chattr", "+i", str(folder)], capture_output=True, check=False
            ).returncode
        ):
            pytest.skip("running as root without chattr +i: cannot make a folder read-only")
        try:
            yield folder
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        try:
            yield folder
        finally:
            folder.chmod(0o700)


def test_a_read_only_folder_is_refused_in_one_line_and_nothing_changes(
    filled: Path, read_only_folder: Path, tmp_path: Path
) -> None:
    before = digest(filled)
    source = big_journal_file(tmp_path / "small.json", 2)
    line = one_line_error(
        run("-m", "kneelog", "--db", str(filled), "import", str(source), tmp=tmp_path)
    )
    assert "cannot write in this folder" in line
    assert digest(filled) == before
    assert sorted(p.name for p in read_only_folder.iterdir()) == [filled.name]


# --- damaged, truncated, foreign and newer journals on the command line ---------------------


def _damage(kind: str, path: Path) -> None:
    data = path.read_bytes()
    if kind == "not sqlite":
        path.write_bytes(b"%PDF-1.7 not a journal\n" * 300)
    elif kind == "truncated":
        path.write_bytes(data[: len(data) // 2 + 7])
    elif kind == "corrupt":
        page = int.from_bytes(data[16:18], "big")
        damaged = bytearray(data)
        for offset in range(page * 2, len(data), page):
            damaged[offset : offset + 64] = b"\xa5" * 64
        path.write_bytes(bytes(damaged))
    elif kind == "newer":
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
        sqlite3.connect(path).close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not sqlite", "not an SQLite database"),
        ("truncated", "truncated"),
        ("corrupt", "integrity check|damaged"),
        ("newer", "newer KneeLog"),
    ],
)
def test_every_bad_journal_is_one_line_nonzero_and_untouched(
    filled: Path, tmp_path: Path, kind: str, message: str
) -> None:
    _damage(kind, filled)
    before = digest(filled)
    for command in (
        ["export", "-o", str(tmp_path / "x.json")],
        ["import", str(big_journal_file(tmp_path / "s.json", 1))],
        ["backup", "-o", str(tmp_path / "b.sqlite3")],
    ):
        line = one_line_error(run("-m", "kneelog", "--db", str(filled), *command, tmp=tmp_path))
        assert __import__("re").search(message, line), line
    assert digest(filled) == before
    assert not (tmp_path / "b.sqlite3").exists()


@pytest.mark.parametrize("kind", ["not sqlite", "truncated", "corrupt", "newer"])
def test_the_checks_run_ahead_in_a_thread_refuse_a_bad_journal_as_the_checks_in_line_do(
    filled: Path, kind: str
) -> None:
    """The window starts a journal's checks in a thread while it imports its screens: they
    raise what `check_journal_file` raises, in the opening thread, and nothing is changed."""
    _damage(kind, filled)
    before = digest(filled)
    with pytest.raises(DatabaseError) as in_line:
        check_journal_file(filled, SCHEMA_VERSION)
    ahead = FileCheck(filled)
    with pytest.raises(DatabaseError) as waited:
        open_journal(filled, checked=ahead)
    assert type(waited.value) is type(in_line.value)
    assert str(waited.value) == str(in_line.value)
    assert digest(filled) == before


def test_checks_run_ahead_for_another_file_are_not_taken_for_this_one(
    filled: Path, tmp_path: Path
) -> None:
    sound = tmp_path / "sound.sqlite3"
    shutil.copyfile(filled, sound)
    _damage("corrupt", filled)
    with pytest.raises(DatabaseError, match=r"integrity check|damaged"):
        open_journal(filled, checked=FileCheck(sound))
    open_journal(sound, checked=FileCheck(sound)).close()


# --- backup and restore on the command line -----------------------------------------------


def test_cli_backup_list_and_restore(filled: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out" / "copy.sqlite3"
    copy.parent.mkdir()  # a missing folder is refused (tests/safety/test_machine.py)
    result = run("-m", "kneelog", "--db", str(filled), "backup", "-o", str(copy), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "51 records" in result.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    before = rows(filled)
    db = open_journal(filled)
    EntryService(db).save_session(SessionRecord.new(date=dt.date(2026, 6, 1), activity="run"))
    db.close()
    result = run("-m", "kneelog", "--db", str(filled), "restore", str(copy), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert rows(filled) == before
    listing = run("-m", "kneelog", "--db", str(filled), "backups", tmp=tmp_path)
    # The journal as it was just before the restore: one session more.
    assert "pre-restore    51 sessions, 1 check-in " in listing.stdout
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"nope" * 100)
    line = one_line_error(
        run("-m", "kneelog", "--db", str(filled), "restore", str(bad), tmp=tmp_path)
    )
    assert "not an SQLite database" in line
    assert rows(filled) == before


def test_cli_restore_is_refused_while_the_app_holds_the_journal(
    filled: Path, tmp_path: Path, qapp: object
) -> None:
    from kneelog.persistence.lock import JournalLock

    copy = tmp_path / "copy.sqlite3"
    safety.backup_to(filled, copy)
    before = digest(filled)
    with JournalLock(filled):
        line = one_line_error(
            run("-m", "kneelog", "--db", str(filled), "restore", str(copy), tmp=tmp_path)
        )
    assert "already open in" in line and f"process {os.getpid()}" in line
    assert digest(filled) == before


# --- privacy -------------------------------------------------------------------------------


def test_journal_backups_exports_and_logs_are_private(filled: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    result = run("-m", "kneelog", "--db", str(filled), "export", "-o", str(export), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    backup = safety.make_backup(filled, safety.BackupKind.MANUAL)
    log_file = next((tmp_path / "state").rglob("kneelog.log"))
    for path in (filled, export, backup, log_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (filled.parent, backup.parent, log_file.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_logs_hold_no_notes_or_pain_values_at_info(filled: Path, tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path / "logs")
    assert log_file is not None and log_file.parent == tmp_path / "logs"
    try:
        logging.getLogger("kneelog").setLevel(logging.INFO)
        export = tmp_path / "export.json"
        assert cli.main(["--db", str(filled), "export", "-o", str(export)]) == 0
        assert cli.main(["--db", str(filled), "import", str(export)]) == 0
        assert cli.main(["--db", str(filled), "backup", "-o", str(tmp_path / "b.sqlite3")]) == 0
        assert cli.main(["--db", str(filled), "restore", str(tmp_path / "b.sqlite3")]) == 0
        db = open_journal(filled)
        EntryService(db).save_checkin(
            CheckInRecord.new(date=dt.date(2026, 5, 2), morning_pain=9, notes=SECRET_NOTE)
        )
        db.close()
    finally:
        stop_logging()
    text = log_file.read_text()
    assert "backup made" in text and "restored" in text  # it does log the operations
    assert SECRET_NOTE not in text and "secret" not in text.lower()
    assert "pain" not in text.lower() and "glass" not in text


def test_the_network_guard_is_active(no_network: list[str]) -> None:
    with pytest.raises(AssertionError, match="must not use the network"):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(AssertionError, match="must not use the network"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))
    with pytest.raises(AssertionError, match="must not use the network"):
        socket.getaddrinfo("example.org", 443)
    assert len(no_network) == 3
    no_network.clear()  # recorded attempts would fail this test at teardown, as they should
