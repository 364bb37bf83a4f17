"""The window on a hostile machine: a journal deleted between runs, and SIGTERM at logout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from kneelog.core.errors import JournalMissingError
from kneelog.core.session_records import SessionRecord
from kneelog.persistence.backups import BackupKind
from kneelog.services import safety
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.ui import startup

pytestmark = pytest.mark.gui


@pytest.fixture
def deleted_journal(db_path: Path) -> Path:
    """A journal with 3 sessions and a backup of them, then deleted (the backups stay)."""
    db = open_journal(db_path)
    journal = EntryService(db)
    for number in range(3):
        journal.save_session(
            SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", distance_m=1000 + number)
        )
    safety.make_backup(db, BackupKind.DAILY)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return db_path


def test_a_journal_deleted_between_runs_is_reported_and_its_newest_backup_offered(
    qtbot,  # type: ignore[no-untyped-def]
    deleted_journal: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[Exception] = []

    def ask(error: Exception, parent: object = None) -> startup.Recovery:
        asked.append(error)
        return startup.Recovery.RESTORE

    offered: list[str] = []

    def choose(path: Path, parent: object = None) -> object:
        newest = safety.backups_of(path)[0]
        offered.append(newest.path.name)
        return newest

    monkeypatch.setattr(startup, "ask_recovery", ask)
    monkeypatch.setattr(startup, "choose_backup", choose)
    db = startup.open_or_recover(deleted_journal)
    assert db is not None
    try:
        assert len(EntryService(db).sessions()) == 3
    finally:
        db.close()
    [error] = asked
    assert isinstance(error, JournalMissingError)
    text = startup.explain(error)
    assert str(deleted_journal) in text and "not there any more" in text and offered[0] in text


def test_starting_afresh_after_a_deleted_journal_keeps_its_backups(
    qtbot,  # type: ignore[no-untyped-def]
    deleted_journal: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(startup, "ask_recovery", lambda e, p=None: startup.Recovery.NEW)
    before = [info.path for info in safety.backups_of(deleted_journal)]
    db = startup.open_or_recover(deleted_journal)
    assert db is not None
    try:
        assert EntryService(db).sessions() == []
    finally:
        db.close()
    assert [info.path for info in safety.backups_of(deleted_journal)][-1] == before[-1]


def test_the_last_journal_gone_without_backups_is_reported_too(
    qtbot,  # type: ignore[no-untyped-def]
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[Exception] = []
    monkeypatch.setattr(
        startup, "ask_recovery", lambda e, p=None: asked.append(e) or startup.Recovery.QUIT
    )
    assert startup.open_or_recover(db_path, used_before=True) is None
    assert not db_path.exists()  # quitting made no empty journal
    assert isinstance(asked[0], JournalMissingError)
    # A journal never opened before is simply created, as on a first start.
    db = startup.open_or_recover(db_path, used_before=False)
    assert db is not None
    db.close()


def test_the_window_remembers_its_journal_to_notice_it_gone(
    qtbot,  # type: ignore[no-untyped-def]
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from contextlib import ExitStack

    from PySide6.QtCore import QSettings

    from kneelog.ui import app as app_module
    from kneelog.ui.main_window import MainWindow
    from kneelog.ui.settings import AppSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow()
    qtbot.addWidget(window)
    with ExitStack() as resources:
        db = app_module._open_journal(db_path, False, window, resources, settings)
        assert db is not None
        db.close()
    assert AppSettings(settings).last_journal == str(db_path.absolute())
    db_path.unlink()
    asked: list[Exception] = []
    monkeypatch.setattr(
        startup, "ask_recovery", lambda e, p=None: asked.append(e) or startup.Recovery.QUIT
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warned: {a}"))
    with ExitStack() as resources:
        assert app_module._open_journal(db_path, False, window, resources, settings) is None
    assert isinstance(asked[0], JournalMissingError) and not db_path.exists()


def test_sigterm_closes_the_window_as_quit_does(tmp_path: Path, db_path: Path) -> None:
    """A logout's SIGTERM: the lock file is removed and the WAL checkpointed, exit code 0."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from kneelog.persistence.lock import lock_path_for

    db = open_journal(db_path)
    EntryService(db).save_session(
        SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", distance_m=5000)
    )
    db.close()
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment["XDG_STATE_HOME"] = str(tmp_path / "state")
    environment["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    process = subprocess.Popen(
        [sys.executable, "-m", "kneelog", "--db", str(db_path)],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wal = Path(f"{db_path}-wal")
    # The journal is open (locked, connected) once both files are there; no deadline.
    while process.poll() is None and not (lock_path_for(db_path).exists() and wal.exists()):
        time.sleep(0.02)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert not lock_path_for(db_path).exists()
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed into the journal
