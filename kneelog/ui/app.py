"""Start-up: the QApplication and its identity, the window at once, then the journal into it.

The window frame is shown before anything heavy is imported or read: its menus, toolbar and tabs,
the services load, and the journal opens (lock, health checks, migrations, daily backup), from
the event loop just after the first paint. The journal shows its last weeks and the Tomorrow
panel its plan, as remembered when KneeLog last ran if the journal has not changed since
(`kneelog.services.remembered_plans`); then the whole journal is read, pyqtgraph loads and the
Trends tab's charts are made; then a remembered plan is worked out again, and the coming days'
plans are remembered once more as the window closes.
`kneelog.ui.assembly` wires the controllers; `build` and `Application` are re-exported from here
for callers and tests.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

from kneelog import APP_ID, APP_NAME, ORGANIZATION, ORGANIZATION_DOMAIN, __version__
from kneelog.core import KneelogError
from kneelog.paths import resources_dir
from kneelog.ui.icons import app_icon, app_icon_path
from kneelog.ui.main_window import MainWindow
from kneelog.ui.settings import AppSettings

if TYPE_CHECKING:
    from kneelog.persistence import Database
    from kneelog.ui.assembly import Application, build as build

log = logging.getLogger(__name__)
OPENING_MESSAGE = "Opening your journal…"
FIRST_PAINT_WAIT_MS = 300


def __getattr__(name: str) -> Any:
    # `build` and `Application` live with the heavy imports; load them only when asked for.
    if name in ("build", "Application"):
        from kneelog.ui import assembly

        return getattr(assembly, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    return app


def _journal_title(db_path: Path) -> str:
    return db_path.stem if db_path.name != "kneelog.sqlite3" else "Journal"


def opening_window(settings: QSettings, title: str) -> MainWindow:
    """The main window as it looks before the journal is read: the frame and a message."""
    window = MainWindow()
    window.set_journal_title(title)
    if (geometry := AppSettings(settings).window_geometry) is not None:
        window.restoreGeometry(geometry)
    window.statusBar().showMessage(OPENING_MESSAGE)
    return window


def run_gui(
    db_path: Path | None,
    demo: bool,
    on_ready: Callable[[Application], None] | None = None,
    on_useful: Callable[[Application], None] | None = None,
) -> int:
    """Show the window, then open the journal into it; the exit code (1: it could not open).

    `on_useful` is called once the journal and the Tomorrow panel are filled (pyqtgraph not
    yet imported), `on_ready` once the charts are filled too.
    """
    # Start-up makes some half a million objects that all live on (modules, widgets, the
    # journal, the charts) and next to no garbage: the cyclic collector's passes over them are
    # wasted work, a third of the start on a twenty-year journal. It waits until the window is
    # ready, charts and all (or until the start fails).
    gc.disable()
    qt_app = make_application(sys.argv[:1])
    settings = QSettings()
    title = "Example data (not saved)" if demo else _journal_title(_given(db_path))
    window = opening_window(settings, title)
    window.show()
    with ExitStack() as resources:
        running: list[Application] = []

        def open_into_window() -> None:
            # Before the journal is locked: from here on SIGTERM closes as File → Quit does.
            resources.enter_context(closing_on_sigterm(qt_app))
            try:
                fill_window()
            finally:
                if not running:
                    resume_collector()  # the start stopped short: no charts to wait for

        def fill_window() -> None:
            db = _open_journal(db_path, demo, window, resources, settings, import_assembly)
            if db is None:
                qt_app.exit(1)
                return
            resources.callback(db.close)
            from kneelog.ui.assembly import build

            application = build(db, settings, title, window, example_data=demo, charts_later=True)
            if demo:
                window.show_example_banner(None)  # started with --demo: no journal to go back to
            application.restore_layout()
            window.statusBar().clearMessage()
            # The coming days' plans are remembered for the next start as the window closes.
            window.closing.connect(application.plans.remember_ahead)
            running.append(application)
            if on_useful is not None:
                on_useful(application)
            # After the filled window's paint, the whole journal behind its last weeks, then
            # the charts (pyqtgraph's import first, then the plots): the window answers input
            # between each step.
            QTimer.singleShot(0, show_whole_journal)

        def import_assembly() -> None:
            # The window's screens, imported while the journal file is checked.
            import kneelog.ui.assembly  # noqa: F401

        def show_whole_journal() -> None:
            try:
                running[0].controller.load_whole()
            except BaseException:
                resume_collector()
                raise
            QTimer.singleShot(0, import_chart_modules)

        def import_chart_modules() -> None:
            try:
                import kneelog.ui.widgets.trends_view  # noqa: F401  (pyqtgraph, numpy's plots)
            except BaseException:
                resume_collector()
                raise
            QTimer.singleShot(0, make_charts)

        def make_charts() -> None:
            application = running[0]
            try:
                application.make_charts()
            finally:
                resume_collector()
            if on_ready is not None:
                on_ready(application)
            # Then, with the window ready, a remembered plan is worked out again.
            QTimer.singleShot(0, application.plans.settle)

        # Only once the empty window is on screen: then the imports and the reads.
        after_first_paint(window, open_into_window)
        return qt_app.exec()


@contextmanager
def closing_on_sigterm(qt_app: QApplication) -> Iterator[None]:
    """While the block runs, SIGTERM (a logout, a shutdown, `kill`) closes the windows as
    File → Quit does, so the journal lock is removed and the WAL checkpointed on the way out.

    Python runs a signal handler only when it gets control, which Qt's event loop does not
    give it: the signal module writes to a pipe that a QSocketNotifier watches, and the
    handler queues the close for the event loop. Windows ends programs otherwise (no SIGTERM
    at logout), so there this does nothing.
    """
    if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
        yield
        return
    # A pipe, not a socket pair: the signal module writes a byte to it (POSIX allows any
    # non-blocking descriptor), and the socket module would cost the start-up its import.
    reader, writer = os.pipe()
    os.set_blocking(reader, False)
    os.set_blocking(writer, False)
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read)

    def drain() -> None:
        # By the time this Python code runs, the signal's handler has run too.
        with suppress(OSError):
            os.read(reader, 512)

    def quit_all() -> None:
        log.info("SIGTERM: closing as File → Quit does")
        QApplication.closeAllWindows()
        qt_app.quit()  # also ends a dialog's own event loop

    def on_sigterm(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, quit_all)

    notifier.activated.connect(drain)
    previous_fd = signal.set_wakeup_fd(writer)
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        os.close(reader)
        os.close(writer)


def resume_collector() -> None:
    """Run the cyclic collector again, after freezing what start-up made: those objects live as
    long as the window, and every later collection skips them instead of walking them again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class _FirstExpose(QObject):
    """Calls `then` once, from the event loop, after the window's first Expose."""

    def __init__(self, window: QWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        exposed = isinstance(watched, QWindow) and watched.isExposed()
        if event.type() == QEvent.Type.Expose and exposed:
            watched.removeEventFilter(self)
            # The paint that follows the Expose happens first; then the callback.
            QTimer.singleShot(0, self.fire)
        return False

    def fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(window: MainWindow, then: Callable[[], None]) -> None:
    """Run `then` once `window` (already shown) has been painted, or after a short wait when the
    window system never exposes it (a minimised start)."""
    handle = window.windowHandle()
    if handle is None:
        QTimer.singleShot(0, then)
        return
    watcher = _FirstExpose(handle, then)
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, watcher.fire)


def _given(db_path: Path | None) -> Path:
    if db_path is None:
        raise ValueError("a journal path is needed unless demo is set")
    return db_path


def _open_journal(
    db_path: Path | None,
    demo: bool,
    window: MainWindow,
    resources: ExitStack,
    settings: QSettings | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Database | None:
    """The journal to show (locked, checked, backed up today), or None when it cannot open.
    `meanwhile` runs while the file is checked (the window's imports)."""
    from kneelog.services import FileCheck, ensure_daily_backup, open_journal
    from kneelog.ui.startup import open_or_recover

    if demo:
        from kneelog.services import populate_demo

        scratch = resources.enter_context(tempfile.TemporaryDirectory(prefix="kneelog-demo-"))
        db = open_journal(Path(scratch) / "demo.sqlite3", durable=False)
        populate_demo(db, dt.date.today())
        if meanwhile is not None:
            meanwhile()
        return db
    from kneelog.persistence import JournalLock

    path = _given(db_path)
    lock = JournalLock(path)
    try:
        lock.acquire()
    except KneelogError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(window, APP_NAME, f"KneeLog cannot open the journal.\n\n{exc}")
        return None
    resources.callback(lock.release)
    remembered = AppSettings(settings) if settings is not None else None
    used_before = remembered is not None and remembered.last_journal == str(path.absolute())
    # Under the lock: nothing else writes the file between its check and its opening.
    check = FileCheck(path)
    if meanwhile is not None:
        meanwhile()
    opened = open_or_recover(path, used_before, check)
    if opened is None:
        return None
    if remembered is not None:
        remembered.last_journal = str(path.absolute())
    try:
        ensure_daily_backup(opened)
    except (KneelogError, OSError) as exc:
        # The journal itself is fine; say so in the log and carry on.
        log.warning("the daily backup failed: %s", exc)
    return opened


def selftest() -> str:
    """Build the whole window on an in-memory journal with demo data; raise if anything is off."""
    from kneelog.persistence import MEMORY
    from kneelog.services import open_journal, populate_demo
    from kneelog.ui.assembly import build

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
