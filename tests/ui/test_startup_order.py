"""Start-up order: the window is on screen before the journal is read, the journal and the Tomorrow
panel are filled before pyqtgraph is imported, then the charts; a bad journal still asks."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kneelog.core.session_records import SessionRecord
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.ui import app as app_module, startup
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
    EntryService(db).save_session(
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
    collecting_while_charting: list[bool] = []
    real_make_charts = app_module.Application.make_charts

    def watching_make_charts(self: app_module.Application) -> object:
        collecting_while_charting.append(gc.isenabled())
        return real_make_charts(self)

    monkeypatch.setattr(app_module.Application, "make_charts", watching_make_charts)
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
    assert collecting_while_charting[:1] == [False]
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
    assert gc.isenabled()  # no charts to wait for: the collector is back at once
    started[0].close()


ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter: this test process imported pyqtgraph long ago.
CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kneelog.ui.app import make_application, run_gui

report = {}
make_application(["kneelog"])

def on_useful(application):
    QApplication.processEvents()  # the filled window's paint, as the benchmark's probe does
    page = application.window.tabs.widget(application.window.tabs.count() - 1)
    report["useful"] = {
        "pyqtgraph": "pyqtgraph" in sys.modules,
        "dialogs": sorted(m for m in sys.modules if m.endswith("_dialog") or m.endswith("_dialogs")),
        "rows": application.window.journal_model.rowCount(),
        "plan_shown": application.plans.panel.isVisible(),
        "plan_filled": application.plans.panel.plan is not None,
        "trends_made": application.trends is not None,
        "trends_tab": application.window.tabs.tabText(application.window.tabs.count() - 1),
        "page_text": page.currentWidget().text(),
        "remembered": application.plans.shows_remembered,
        "logs_read": application.plans.planning.records.holds_exercise_logs,
        "uuid": "uuid" in sys.modules,
        "rules_engine": "kneelog.core.rules.engine" in sys.modules,
    }

def on_ready(application):
    report["ready"] = {
        "pyqtgraph": "pyqtgraph" in sys.modules,
        "charts_filled": application.trends.view.series is not None,
        "in_page": application.trends.page.currentWidget() is application.trends.view,
    }
    application.window.close()
    QTimer.singleShot(0, QApplication.quit)

code = run_gui(Path(sys.argv[1]), demo=False, on_ready=on_ready, on_useful=on_useful)
print(json.dumps({"code": code, **report}))
"""


def _start_child(path: Path, env: dict[str, str]) -> dict[str, Any]:
    """KneeLog started on `path` in a fresh interpreter, and what CHILD reported."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_the_journal_and_tomorrow_panel_are_ready_before_pyqtgraph_is_imported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    db = open_journal(path)
    EntryService(db).save_session(
        SessionRecord.new(
            date=dt.date.today() - dt.timedelta(days=2),
            activity="run",
            distance_m=5000,
            duration_s=1800,
            pain_after=2,
        )
    )
    db.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    report = _start_child(path, env)
    assert report["code"] == 0
    assert report["useful"] == {
        "pyqtgraph": False,
        # Each dialog is imported when it is first opened; the knee questionnaire's module
        # also words the Exercises tab's AKPS line, so it comes with the tab.
        "dialogs": ["kneelog.ui.widgets.akps_dialog"],
        "rows": 1,
        "plan_shown": True,
        "plan_filled": True,
        "trends_made": False,
        "trends_tab": "Trends",
        "page_text": "Loading charts…",
        # The first start works the plan out (reading every exercise log) ...
        "remembered": False,
        "logs_read": True,
        "rules_engine": True,
        # Record ids' module (and the `platform` it brings) waits for the first new record.
        "uuid": False,
    }
    # Then, from the event loop, the charts: in the same tab, filled.
    assert report["ready"] == {"pyqtgraph": True, "charts_filled": True, "in_page": True}
    # ... and remembers the coming days' plans as its window closes: the next start shows
    # tomorrow's at once, without reading the exercise logs or loading the rules engine.
    report = _start_child(path, env)
    useful = report["useful"]
    assert (useful["remembered"], useful["logs_read"], useful["rules_engine"]) == (
        True,
        False,
        False,
    )
    assert report["useful"]["plan_filled"] and report["ready"]["charts_filled"]


def test_charts_made_later_are_made_when_their_tab_is_shown_first(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from kneelog.ui.assembly import build
    from kneelog.ui.widgets.charts_page import LOADING_TEXT, ChartsPage

    db = open_journal(tmp_path / "journal.sqlite3")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    application = build(db, settings, "Journal", charts_later=True)
    window = application.window
    qtbot.addWidget(window)
    window.show()
    page = window.findChild(ChartsPage)
    assert application.trends is None and page is not None
    assert page.loading.text() == LOADING_TEXT
    window.show_tab(page)  # before the start-up's timer gets to them
    qtbot.waitUntil(lambda: application.trends is not None)
    assert application.trends is not None
    assert page.currentWidget() is application.trends.view
    assert application.trends.view.series is not None
    assert application.make_charts() is application.trends  # made once
    # The journal's entries lead back from the charts as before: the tab holding the view.
    window.show_tab(window.journal)
    window.show_tab(application.trends.view)
    assert window.tabs.currentWidget() is page
    window.close()
    db.close()
