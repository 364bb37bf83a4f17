"""The window's safety features: back up now, restore, start-up recovery, one window per journal,
and form fields that hold up against pasted and extreme values."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.units import DistanceUnit
from kneelog.persistence.backups import BackupKind
from kneelog.persistence.db import Database
from kneelog.persistence.lock import JournalLock
from kneelog.persistence.migrations import SCHEMA_VERSION
from kneelog.services import safety
from kneelog.services.changes import EVERYTHING
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.ui import app as app_module, startup
from kneelog.ui.actions import ActionId
from kneelog.ui.app import Application
from kneelog.ui.widgets.checkin_dialog import CheckInDialog
from kneelog.ui.widgets.restore_dialog import RestoreDialog
from kneelog.ui.widgets.session_dialog import SessionDialog

pytestmark = pytest.mark.gui


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sessions(journal: EntryService, count: int) -> None:
    for number in range(count):
        journal.save_session(
            SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", distance_m=1000 + number)
        )


def test_back_up_now_and_restore_reload_the_window(
    app_on: Callable[[Database], Application],
    db: Database,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journal = EntryService(db)
    _sessions(journal, 2)
    application = app_on(db)
    assert application.window.action(ActionId.BACKUP_NOW) in application.window.file_menu.actions()
    application.window.action(ActionId.BACKUP_NOW).trigger()
    [manual] = safety.backups_of(db_path)
    assert manual.kind is BackupKind.MANUAL and manual.counts["training_session"] == 2

    _sessions(journal, 2)  # two more after the backup, behind the window's back
    application.controller.publish(EVERYTHING)
    assert application.window.journal.model.rowCount() == 4

    assert application.safety is not None
    monkeypatch.setattr(application.safety, "choose_backup", lambda: manual)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    application.window.action(ActionId.RESTORE_BACKUP).trigger()
    assert application.window.journal.model.rowCount() == 2
    assert len(EntryService(db).sessions()) == 2  # the same Database object sees the restore
    assert shown and "Restored 2 records" in shown[0]
    assert not application.window.undo_action.isEnabled()
    kinds = {info.kind for info in safety.backups_of(db_path)}
    assert BackupKind.PRE_RESTORE in kinds


def test_the_restore_dialog_lists_date_kind_and_counts(qtbot, db: Database, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal = EntryService(db)
    _sessions(journal, 3)
    journal.save_checkin(CheckInRecord.new(date=dt.date(2026, 5, 2)))
    safety.make_backup(db, BackupKind.MANUAL, dt.datetime(2026, 5, 4, 9, 30))
    safety.make_backup(db, BackupKind.PRE_IMPORT, dt.datetime(2026, 5, 5, 18, 0))
    dialog = RestoreDialog(safety.backups_of(db_path))
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 2
    assert table.item(0, 0).text() == "Tue 5 May 2026 18:00"
    assert table.item(0, 1).text() == "Before an import"
    assert table.item(1, 1).text() == "Made by you"
    assert table.item(1, 2).text() == "3 sessions, 1 check-in"
    assert dialog.chosen() is not None and dialog.chosen().kind is BackupKind.PRE_IMPORT
    empty = RestoreDialog([])
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and not empty.empty.isHidden()


# --- start-up with a bad journal ------------------------------------------------------------


def _bad(kind: str, path: Path) -> None:
    if kind == "not sqlite":
        path.write_bytes(b"hello, not a journal\n" * 100)
    elif kind == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    elif kind == "corrupt":
        data = bytearray(path.read_bytes())
        for offset in range(8192, len(data), 4096):
            data[offset : offset + 64] = b"\x5a" * 64
        path.write_bytes(bytes(data))
    else:
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        sqlite3.connect(path).close()


@pytest.fixture
def journal_with_backup(db_path: Path) -> Path:
    db = open_journal(db_path)
    _sessions(EntryService(db), 120)
    safety.make_backup(db, BackupKind.DAILY)
    db.close()
    return db_path


@pytest.mark.parametrize(
    ("kind", "explanation"),
    [
        ("not sqlite", "not a KneeLog journal"),
        ("truncated", "damaged"),
        ("corrupt", "damaged"),
        ("newer", "newer version of KneeLog"),
    ],
)
def test_a_bad_journal_at_start_up_explains_and_can_be_restored(
    qtbot,
    journal_with_backup: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,  # type: ignore[no-untyped-def]
    explanation: str,
) -> None:
    _bad(kind, journal_with_backup)
    before = _digest(journal_with_backup)
    explained: list[str] = []

    def ask(error: Exception, parent: object = None) -> startup.Recovery:
        explained.append(startup.explain(error))  # type: ignore[arg-type]
        return startup.Recovery.RESTORE

    monkeypatch.setattr(startup, "ask_recovery", ask)
    monkeypatch.setattr(
        startup, "choose_backup", lambda path, parent=None: safety.backups_of(path)[0]
    )
    db = startup.open_or_recover(journal_with_backup)
    assert db is not None
    try:
        assert len(EntryService(db).sessions()) == 120
    finally:
        db.close()
    assert explanation in explained[0] and "has not been changed" in explained[0]
    [aside] = journal_with_backup.parent.glob("kneelog.sqlite3.unusable-*[0-9]")
    assert _digest(aside) == before


def test_start_a_new_journal_keeps_the_bad_file_and_quit_changes_nothing(
    qtbot,
    journal_with_backup: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    _bad("corrupt", journal_with_backup)
    before = _digest(journal_with_backup)
    monkeypatch.setattr(startup, "ask_recovery", lambda e, p=None: startup.Recovery.QUIT)
    assert startup.open_or_recover(journal_with_backup) is None
    assert _digest(journal_with_backup) == before

    told: list[str] = []
    monkeypatch.setattr(startup, "ask_recovery", lambda e, p=None: startup.Recovery.NEW)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    db = startup.open_or_recover(journal_with_backup)
    assert db is not None
    try:
        assert EntryService(db).sessions() == []
    finally:
        db.close()
    [aside] = journal_with_backup.parent.glob("kneelog.sqlite3.unusable-*[0-9]")
    assert _digest(aside) == before and str(aside) in told[0]


def test_the_recovery_box_offers_restore_new_and_quit(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from kneelog.core.errors import DamagedDatabaseError

    seen: list[list[str]] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append([button.text() for button in box.buttons()])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    choice = startup.ask_recovery(DamagedDatabaseError("x: damaged"))
    assert sorted(seen[0]) == ["Quit", "Restore from a backup…", "Start a new journal"]
    assert choice is startup.Recovery.QUIT  # nothing clicked counts as Quit


def test_a_second_window_on_the_same_journal_is_refused_naming_the_first(
    qtbot,
    journal_with_backup: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    first = JournalLock(journal_with_backup)
    first.acquire()
    try:
        assert app_module.run_gui(journal_with_backup, demo=False) == 1
    finally:
        first.release()
    assert "already open in" in warnings[0] and "process" in warnings[0]
    # Once the first has gone, the lock is free again.
    second = JournalLock(journal_with_backup)
    second.acquire()
    second.release()


# --- pasted and extreme values in the forms -------------------------------------------------


@pytest.mark.parametrize(
    ("distance", "duration"),
    [
        ("1e308", "30"),
        ("nan", "30"),
        ("inf", "30"),
        ("-5", "30"),
        ("9" * 5000, "30"),
        ("5", "nan"),
        ("5", "1e400"),
        ("5", "9" * 5000),
        ("5", "99:99:99"),
        ("5\u0000", "30"),
    ],
)
def test_pasted_extreme_numbers_are_refused_in_the_session_dialog(
    qtbot,
    distance: str,
    duration: str,  # type: ignore[no-untyped-def]
) -> None:
    dialog = SessionDialog(
        DistanceUnit.KM,
        [],
        SessionRecord.new(date=dt.date(2026, 5, 1), activity="run"),
        is_new=True,
    )
    qtbot.addWidget(dialog)
    dialog.distance.setText(distance)
    dialog.duration.setText(duration)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.accept()
    assert dialog.result() == 0


def test_ten_megabytes_of_notes_are_refused_not_saved(qtbot) -> None:  # type: ignore[no-untyped-def]
    huge = "knee " * (2 * 1024 * 1024)  # 10 MB pasted
    dialog = SessionDialog(
        DistanceUnit.KM,
        [],
        SessionRecord.new(date=dt.date(2026, 5, 1), activity="run"),
        is_new=True,
    )
    qtbot.addWidget(dialog)
    dialog.notes.setPlainText(huge)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "longer than" in dialog._errors["notes"].text()
    checkin = CheckInDialog(
        CheckInRecord.new(date=dt.date(2026, 5, 1)), is_new=True, date_taken=lambda _day: False
    )
    qtbot.addWidget(checkin)
    checkin.notes.setPlainText("x" * 10_001)  # just over the limit: the same check, quicker
    checkin.accept()
    assert checkin.result() == 0


def test_dates_out_of_range_cannot_be_entered(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SessionDialog(
        DistanceUnit.KM,
        [],
        SessionRecord.new(date=dt.date(2026, 5, 1), activity="run"),
        is_new=True,
    )
    qtbot.addWidget(dialog)
    for far in (QDate(9999, 12, 31), QDate(100, 1, 1), QDate(1, 1, 1)):
        dialog.date.setDate(far)
        day = dialog.date.date()
        assert dialog.date.minimumDate() <= day <= dialog.date.maximumDate()
        assert day <= QDate.currentDate().addDays(1)
    dialog.date.setDate(QDate(2026, 5, 1))
    dialog.distance.setText("5")
    dialog.duration.setText("30")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
