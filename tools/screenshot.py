"""Save a PNG screenshot of the KneeLog window on the demo journal (run it under xvfb-run).

Usage: python tools/screenshot.py OUT.png [--size 1280x800]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneelog.services.demo import populate_demo
from kneelog.services.journal_file import open_journal
from kneelog.ui.app import build, make_application


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--empty", action="store_true", help="an empty journal (welcome page)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    app = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as scratch:
        db = open_journal(Path(scratch) / "demo.sqlite3")
        if not args.empty:
            populate_demo(db, dt.date.today())
        settings = QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat)
        application = build(db, settings, "Demo journal")
        application.window.resize(width, height)
        application.window.show()

        def shoot() -> None:
            application.window.grab().save(str(args.output))
            app.quit()

        QTimer.singleShot(1500, shoot)
        app.exec()
        db.close()
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
