"""Save a PNG screenshot of the KneeLog window on the demo journal (run it under xvfb-run).

Usage: python tools/screenshot.py OUT.png [--size 1280x800] [--tab TITLE] [--dialog NAME] [--why]
                                   [--journal-view week|month|list] [--db JOURNAL]
       (QT_SCALE_FACTOR=1.5 with --size 1280x720 is a 1920×1080 screen at 150 %)
       python tools/screenshot.py OUT.png --empty --import-folder FOLDER  (the import summary)

--db shows a copy of that journal (e.g. the 20-year bench journal) as on the day after its last
session, instead of the demo.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneelog.services.demo import populate_demo
from kneelog.services.opening import open_journal
from kneelog.ui.app import build, make_application
from kneelog.ui.widgets.journal_view import JournalMode
from tests.ui.gallery import DIALOGS


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--empty", action="store_true", help="an empty journal (welcome page)")
    parser.add_argument("--tab", help="the title of the tab to show, e.g. Exercises")
    parser.add_argument(
        "--dialog",
        choices=sorted(DIALOGS),
        help="grab this dialog over the window instead",
    )
    parser.add_argument("--why", action="store_true", help="open the Tomorrow panel's Why?")
    parser.add_argument(
        "--screen",
        action="store_true",
        help="grab the whole screen (shows what runs off it) instead of the window or dialog",
    )
    parser.add_argument(
        "--maximized", action="store_true", help="show the window maximized, as on a laptop"
    )
    parser.add_argument(
        "--journal-view", choices=["week", "month", "list"], help="how the journal is shown"
    )
    parser.add_argument("--db", type=Path, help="a copy of this journal instead of the demo")
    parser.add_argument(
        "--import-folder", type=Path, help="import this folder and grab the summary dialog"
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    app = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as scratch:
        if args.db:
            shutil.copyfile(args.db, Path(scratch) / "copy.sqlite3")
            db = open_journal(Path(scratch) / "copy.sqlite3")
        else:
            db = open_journal(Path(scratch) / "demo.sqlite3")
            if not args.empty:
                populate_demo(db, dt.date.today())
        settings = QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat)
        application = build(db, settings, "Demo journal")
        window = application.window
        window.resize(width, height)
        if args.maximized:
            window.showMaximized()
        else:
            window.show()
        if args.tab:
            titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
            if args.tab not in titles:
                parser.error(f"--tab: no tab {args.tab!r} (there are {', '.join(titles)})")
            window.tabs.setCurrentIndex(titles.index(args.tab))
        target: QWidget = window
        controller = application.controller
        sessions = controller.records.sessions()
        if args.db and sessions:
            # As on the day after the journal's last session, not on today's empty weeks.
            day = sessions[-1].date + dt.timedelta(days=1)
            controller.today = lambda: day
            controller.refresh_status()
        if args.journal_view:
            window.journal.set_mode(JournalMode(args.journal_view))
        if args.dialog:
            target = DIALOGS[args.dialog](application)
        if target is not window:
            target.show()
        if args.why:
            application.plans.panel.why_button.click()

        def shoot() -> None:
            screen = window.screen()
            picture = screen.grabWindow(0) if args.screen else target.grab()
            picture.save(str(args.output))
            app.quit()

        if args.import_folder:
            importer = application.controller.importer

            def grab_summary(_outcome: object) -> None:
                def later() -> None:
                    assert importer.summary is not None
                    importer.summary.grab().save(str(args.output))
                    app.quit()

                QTimer.singleShot(800, later)

            importer.finished.connect(grab_summary)
            QTimer.singleShot(
                500, lambda: application.controller.import_paths([args.import_folder])
            )
        else:
            QTimer.singleShot(1500, shoot)
        app.exec()
        db.close()
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
