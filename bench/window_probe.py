"""Child process for the start-up benchmarks: shows a window, reports its milestones, quits.

    python bench/window_probe.py bare                 # a bare PySide6 QMainWindow
    python bench/window_probe.py floor                # the same after importing pyqtgraph, SQLModel
    python bench/window_probe.py kneelog --demo       # KneeLog as `kneelog --demo` starts it
    python bench/window_probe.py kneelog --db FILE

Prints `exposed` the moment the main window first becomes visible on screen; for kneelog, then
`useful` once the journal and the Tomorrow panel are filled and painted (before pyqtgraph is
imported), then `ready` once the charts are filled too (after that paint is done); then closes
the window as File → Quit does, and exits.
The parent measures from spawning this process to reading each line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class ExposeWatcher(QObject):
    """Reports the first Expose of a top-level window (Qt sends it to the QWindow)."""

    def __init__(self, quit_when_exposed: bool) -> None:
        super().__init__()
        self.reported = False
        self.quit_when_exposed = quit_when_exposed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.reported
            and event.type() == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isExposed()
        ):
            self.reported = True
            print("exposed", flush=True)
            # Its work is done: left in place, every later event of the start would pass
            # through this Python filter (each object and event wrapped for Python), a cost
            # the probe would add to KneeLog's figures and the user never pays.
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            if self.quit_when_exposed:
                QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    mode = sys.argv[1]
    if mode in ("bare", "floor"):
        if mode == "floor":
            import pyqtgraph  # noqa: F401
            import sqlmodel  # noqa: F401
        app = QApplication(sys.argv[:1])
        watcher = ExposeWatcher(quit_when_exposed=True)
        app.installEventFilter(watcher)
        window = QMainWindow()
        window.resize(1240, 760)
        window.show()
        return app.exec()
    # KneeLog's window first: its package puts PySide6's quicker module check in place
    # (kneelog.ui.pyside_features). A real start imports the command line before PySide6, so
    # PySide6 searches none of its modules; this probe imported PySide6 first.
    from kneelog.ui.app import make_application, run_gui  # isort: skip

    from kneelog.cli import _parser
    from kneelog.paths import resolve_db_path

    args = _parser().parse_args(sys.argv[2:])
    app = make_application(sys.argv[:1])
    watcher = ExposeWatcher(quit_when_exposed=False)
    app.installEventFilter(watcher)

    def useful(application: object) -> None:
        # The journal and the Tomorrow panel painted: the window can be used.
        app.processEvents()
        print("useful", flush=True)

    def ready(application: Any) -> None:  # an Application: its module loads after the window
        # Let the filled window paint (the charts draw on paint), then report, and close the
        # window as the runner does (File → Quit): what a session does as it ends (the
        # coming days' plans remembered) is done for the next start as it is for a runner's.
        app.processEvents()
        print("ready", flush=True)
        application.window.close()
        QTimer.singleShot(0, QApplication.quit)

    return run_gui(
        None if args.demo else resolve_db_path(args.db),
        demo=args.demo,
        on_ready=ready,
        on_useful=useful,
    )


if __name__ == "__main__":
    raise SystemExit(main())
