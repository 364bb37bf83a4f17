"""The GUI import on generated activity files: dialog or drop, worker thread, summary, filter, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from kneelog.core.session_records import SessionRecord
from kneelog.persistence.db import Database
from kneelog.services.activity_import import ImportReport
from kneelog.services.changes import Changes
from kneelog.ui.actions import ActionId
from kneelog.ui.app import Application
from kneelog.ui.import_worker import ImportWorker
from kneelog.ui.qtmodels.journal_filter import KindFilter
from kneelog.ui.widgets.import_summary import ImportSummaryDialog

UTC_MINUS_6 = dt.timezone(dt.timedelta(hours=-6))


def _import_and_wait(application: Application, qtbot, start: Callable[[], None]) -> ImportReport:  # type: ignore[no-untyped-def]
    application.controller.importer.tz = UTC_MINUS_6
    with qtbot.waitSignal(application.controller.importer.finished, timeout=60_000) as blocker:
        start()
    report = blocker.args[0]
    assert isinstance(report, ImportReport)
    return report


def test_file_import_runs_off_the_gui_thread_and_ends_with_a_summary(
    app_on, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch, activity_folder: Path
) -> None:
    application = app_on(db)
    window = application.window
    # A manual entry first: its undo step must be gone after the import.
    application.controller._push(
        "Log session",
        lambda: application.controller._put_session(
            SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", pain_during=1)
        ),
        lambda: None,
    )
    assert application.controller.undo_stack.count() == 1
    files = [
        activity_folder / "fit/park-run.fit",
        activity_folder / "tcx/run-no-hr.tcx",
        activity_folder / "tcx/run.tcx",  # the same run as run-no-hr.tcx: a duplicate
        activity_folder / "gpx/route.gpx",  # not an activity: refused
        activity_folder / "fit/virtual-ride.fit.gz",  # a ride
    ]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(f) for f in files], "")
    )
    changed: list[Changes[None]] = []
    application.window.changed.connect(changed.append)
    report = _import_and_wait(application, qtbot, window.action(ActionId.IMPORT).trigger)
    assert (report.imported, report.duplicates, report.failed) == (3, 1, 1)
    assert [c.everything for c in changed] == [True], "one change: the journal read afresh"
    assert application.controller.undo_stack.count() == 0
    summary = application.controller.importer.summary
    assert isinstance(summary, ImportSummaryDialog)
    qtbot.waitUntil(summary.isVisible)
    rows = summary.rows()
    assert rows[0] == ("route.gpx", "Failed", "A route/course, not a recorded activity")
    assert ("run-no-hr.tcx", "Imported", "Imported 1 session") in rows
    assert any(r[0] == "run.tcx" and r[1] == "Duplicate" for r in rows)
    headline = summary.findChild(QLabel, "import_headline")
    assert "<b>3 sessions added</b> · 3 items imported" in headline.text()
    assert "1 duplicate skipped" in headline.text() and "1 failed" in headline.text()
    # The journal shows the imported sessions; the button filters to the unscored runs.
    assert window.journal.model.rowCount() == 1 + 3
    qtbot.mouseClick(summary.show_unscored, Qt.MouseButton.LeftButton)
    assert not summary.isVisible()
    view = window.journal
    assert view.kind.currentData() == KindFilter.NO_PAIN_SCORES.value
    assert view.kind.currentText() == "Imported runs without pain scores"
    # The two imported runs, not the ride and not the hand-logged run.
    assert view.proxy.rowCount() == 2


def test_dropping_a_folder_imports_it_and_the_window_stays_responsive(
    app_on, db: Database, qtbot, activity_folder: Path
) -> None:
    application = app_on(db)
    window = application.window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(activity_folder / "tcx"))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(0)
    report = _import_and_wait(application, qtbot, lambda: window.dropEvent(event))
    timer.stop()
    assert ticks, "the GUI event loop ran while the worker imported"
    # 4 legs + 2 runs; run.tcx = run-no-hr.tcx
    assert report.failed == 0 and report.sessions_added == 6
    summary = application.controller.importer.summary
    assert summary is not None
    qtbot.waitUntil(summary.isVisible)
    summary.reject()
    QApplication.processEvents()
    assert window.journal.model.rowCount() == 6


def test_cancel_stops_the_worker_and_the_summary_says_so(
    app_on, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch, activity_folder: Path
) -> None:
    application = app_on(db)
    importer = application.controller.importer
    importer.tz = UTC_MINUS_6
    # Cancel as the worker is made, so the outcome does not depend on thread timing.
    original_init = ImportWorker.__init__

    def cancelled_at_once(self: ImportWorker, *args: object) -> None:
        original_init(self, *args)  # type: ignore[arg-type]
        self.cancel()

    monkeypatch.setattr(ImportWorker, "__init__", cancelled_at_once)
    files = [activity_folder / "tcx/run-no-hr.tcx", activity_folder / "tcx/other-run.tcx"]
    with qtbot.waitSignal(importer.finished, timeout=60_000) as blocker:
        importer.import_paths(files)
    report = blocker.args[0]
    assert report.cancelled and report.results == [] and report.not_attempted == 2
    summary = importer.summary
    assert summary is not None
    qtbot.waitUntil(summary.isVisible)
    headline = summary.findChild(QLabel, "import_headline")
    assert "Cancelled: 2 items not imported." in headline.text()
    assert not summary.show_unscored.isEnabled()
    summary.reject()
    assert application.window.journal.model.rowCount() == 0
