"""Start-up order: the window is on screen before the journal is read; a bad journal still asks."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kneelog.core.session_records import SessionRecord
from kneelog.persistence.db import Database
from kneelog.services.journal import JournalService
from kneelog.services.journal_file import open_journal
from kneelog.ui import app as app_module
from kneelog.ui import startup
from kneelog.ui.main_window import MainWindow


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """The windows run_gui creates (earlier tests may leave other main windows behind)."""
    made: list[MainWindow] = []
    real = app_module.opening_window

    def recording(*args: object) -> MainWindow:
        made.append(real(*args))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(app_module, "opening_window", recording)
    return made


def test_the_window_is_shown_before_the_journal_opens_then_filled(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.sqlite3"
    db = open_journal(path)
    JournalService(db).save_session(
        SessionRecord.new(
            date=dt.date(2026, 5, 1),
            activity="run",
            distance_m=5000,
            duration_s=1800,
        )
    )
    db.close()
    seen_when_opening: list[tuple[bool, str, bool]] = []
    collecting_while_opening: list[bool] = []
    real_open = app_module._open_journal

    def watching_open(*args: object) -> Database | None:
        window = started[0]
        seen_when_opening.append(
            (
                window.isVisible(),
                window.statusBar().currentMessage(),
                window.is_furnished,
            )
        )
        collecting_while_opening.append(gc.isenabled())
        return real_open(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "_open_journal", watching_open)
    ready: list[int] = []

    def on_ready(application: app_module.Application) -> None:
        ready.append(application.window.journal_model.rowCount())
        assert application.window.statusBar().currentMessage() == ""
        assert application.trends is not None and application.trends.view.series is not None
        application.window.close()
        QTimer.singleShot(0, QApplication.quit)

    assert app_module.run_gui(path, demo=False, on_ready=on_ready) == 0
    # The bare frame was on screen; the journal table and the menus came with the journal.
    assert seen_when_opening == [(True, app_module.OPENING_MESSAGE, False)]
    assert ready == [1]
    # The cyclic collector waited for the start-up to finish, and runs again.
    assert collecting_while_opening == [False]
    assert gc.isenabled()


def test_a_damaged_journal_still_gets_the_recovery_question_over_the_shown_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    asked: list[bool] = []

    def quit_recovery(error: object, parent: object = None) -> startup.Recovery:
        asked.append(started[0].isVisible())
        return startup.Recovery.QUIT

    monkeypatch.setattr(startup, "ask_recovery", quit_recovery)
    assert app_module.run_gui(path, demo=False) == 1
    assert asked == [True]
    started[0].close()
