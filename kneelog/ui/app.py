"""Start-up: the QApplication and its identity, the journal, the window and its controllers."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from kneelog import APP_ID, APP_NAME, ORGANIZATION, ORGANIZATION_DOMAIN, __version__
from kneelog.core.errors import KneelogError
from kneelog.paths import resources_dir
from kneelog.persistence.db import MEMORY, Database
from kneelog.services.demo import populate_demo
from kneelog.services.journal import JournalService
from kneelog.services.journal_file import open_journal
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService
from kneelog.services.safety import ensure_daily_backup
from kneelog.services.trends import TrendsService
from kneelog.ui.controllers.journal_controller import JournalController
from kneelog.ui.controllers.plan_controller import PlanController
from kneelog.ui.controllers.rehab_controller import RehabController
from kneelog.ui.controllers.report_controller import ReportController
from kneelog.ui.controllers.safety_controller import SafetyController
from kneelog.ui.controllers.trends_controller import TrendsController
from kneelog.ui.icons import app_icon, app_icon_path
from kneelog.ui.lock import JournalLock
from kneelog.ui.main_window import MainWindow
from kneelog.ui.qtmodels.journal_model import JournalTableModel
from kneelog.ui.settings import AppSettings
from kneelog.ui.startup import open_or_recover
from kneelog.ui.widgets.tomorrow_panel import TomorrowPanel
from kneelog.ui.widgets.trends_view import TrendsView

log = logging.getLogger(__name__)


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QApplication.setApplicationVersion(__version__)
    # The desktop file name (Linux) and the AppUserModelID (Windows) make the window group
    # under KneeLog's own icon and launcher.
    QApplication.setDesktopFileName(APP_ID)
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_ID)
    app = QApplication(argv)
    app.setWindowIcon(app_icon())
    pg.setConfigOptions(antialias=True)
    return app


@dataclass
class Application:
    """Everything the running program holds: built once, torn down with the window."""

    db: Database
    journal: JournalService
    window: MainWindow
    controller: JournalController
    settings: AppSettings
    exercises: RehabController
    plans: PlanController
    reports: ReportController
    safety: SafetyController | None = None
    trends: TrendsController | None = None

    def restore_layout(self) -> None:
        if (geometry := self.settings.window_geometry) is not None:
            self.window.restoreGeometry(geometry)
        if (state := self.settings.window_state) is not None:
            self.window.restoreState(state)
        if (header := self.settings.journal_header) is not None:
            self.window.journal.table.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        self.settings.window_geometry = self.window.saveGeometry()
        self.settings.window_state = self.window.saveState()
        self.settings.journal_header = self.window.journal.table.horizontalHeader().saveState()
        self.settings.sync()


def build(db: Database, settings: QSettings, title: str) -> Application:
    journal = JournalService(db)
    model = JournalTableModel()
    undo_stack = QUndoStack()
    window = MainWindow(model, undo_stack)
    undo_stack.setParent(window)
    model.setParent(window)
    app_settings = AppSettings(settings)
    controller = JournalController(window, journal, model, undo_stack, app_settings)
    # Through the journal controller's clock, so a test that sets one day sets it for both.
    exercises = RehabController(
        window, RehabService(db), undo_stack, today=lambda: controller.today()
    )
    # An import or any journal change may bring exercise records: show them.
    controller.journal_changed.connect(exercises.load)
    plans = PlanController(
        window, PlanningService(db), TomorrowPanel(), today=lambda: controller.today()
    )
    controller.entry_changed.connect(plans.entry_changed)
    controller.journal_changed.connect(plans.journal_changed)
    exercises.program_changed.connect(plans.program_changed)
    exercises.assessments_changed.connect(plans.program_changed)
    trends_view = TrendsView()
    window.add_tab(trends_view, "&Trends")
    trends = TrendsController(
        window, trends_view, TrendsService(db), app_settings, today=lambda: controller.today()
    )
    controller.journal_changed.connect(trends.journal_changed)
    controller.journal_changed.connect(trends.program_changed)  # an import may bring a program
    controller.units_changed.connect(trends.units_changed)
    exercises.program_changed.connect(trends.program_changed)
    exercises.assessments_changed.connect(trends.program_changed)
    window.set_journal_title(title)
    controller.load()
    exercises.load()
    plans.refresh()
    trends.load()

    def reload_everything() -> None:
        # After a restore every record may differ: no undo step may point at the old ones.
        undo_stack.clear()
        controller.load()
        controller.journal_changed.emit()

    safety = SafetyController(window, db, reload_everything)
    reports = ReportController(window, db, app_settings, today=lambda: controller.today())
    application = Application(
        db,
        journal,
        window,
        controller,
        app_settings,
        exercises=exercises,
        plans=plans,
        safety=safety,
        reports=reports,
        trends=trends,
    )
    window.closing.connect(application.save_layout)
    return application


def _journal_title(db_path: Path) -> str:
    return db_path.stem if db_path.name != "kneelog.sqlite3" else "Journal"


def run_gui(db_path: Path | None, demo: bool) -> int:
    qt_app = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="kneelog-demo-") as scratch:
        if demo:
            db = open_journal(Path(scratch) / "demo.sqlite3", durable=False)
            populate_demo(db, dt.date.today())
            return _run_window(qt_app, db, "Demo journal (not saved)")
        assert db_path is not None
        lock = JournalLock(db_path)
        try:
            lock.acquire()
        except KneelogError as exc:
            QMessageBox.warning(None, APP_NAME, f"KneeLog cannot open the journal.\n\n{exc}")
            return 1
        try:
            opened = open_or_recover(db_path)
            if opened is None:
                return 1
            try:
                ensure_daily_backup(opened)
            except (KneelogError, OSError) as exc:
                # The journal itself is fine; say so in the log and carry on.
                log.warning("the daily backup failed: %s", exc)
            return _run_window(qt_app, opened, _journal_title(db_path))
        finally:
            lock.release()


def _run_window(qt_app: QApplication, db: Database, title: str) -> int:
    application = build(db, QSettings(), title)
    application.restore_layout()
    application.window.show()
    try:
        return qt_app.exec()
    finally:
        db.close()


def selftest() -> str:
    """Build the whole window on an in-memory journal with demo data; raise if anything is off."""
    make_application(sys.argv[:1])
    missing = [name for name in (Path(app_icon_path()),) if not name.exists()]
    if missing:
        raise KneelogError(f"selftest: resources missing: {', '.join(map(str, missing))}")
    db = open_journal(MEMORY)
    try:
        populate_demo(db, dt.date.today())
        with tempfile.TemporaryDirectory() as scratch:
            settings = QSettings(str(Path(scratch) / "selftest.ini"), QSettings.Format.IniFormat)
            application = build(db, settings, "Selftest")
            application.window.show()
            QApplication.processEvents()
            rows = application.window.journal.model.rowCount()
            application.window.close()
            application.window.deleteLater()
            QApplication.processEvents()
    finally:
        db.close()
    if rows == 0:
        raise KneelogError("selftest: the demo journal showed no entries")
    return (
        f"KneeLog {__version__} selftest ok: {rows} journal entries shown; "
        f"resources in {resources_dir()}"
    )
