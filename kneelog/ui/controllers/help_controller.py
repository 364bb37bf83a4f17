"""Help: the user guide and the shortcuts in the app, and the example journal to explore."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings

from kneelog.ui.actions import ActionId
from kneelog.ui.main_window import MainWindow

# Each dialog's module is imported when the dialog first opens: start-up does not wait for it.
if TYPE_CHECKING:
    from kneelog.persistence import Database
    from kneelog.ui.assembly import Application
    from kneelog.ui.widgets.help_dialogs import UserGuideDialog

EXAMPLE_TITLE = "Example data (not saved)"


class HelpController(QObject):
    def __init__(
        self, window: MainWindow, today: Callable[[], dt.date], *, example_data: bool = False
    ) -> None:
        super().__init__(window)
        self.window = window
        self.today = today
        self.guide: UserGuideDialog | None = None
        self.example: Application | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._example_db: Database | None = None
        a = window.action
        a(ActionId.USER_GUIDE).triggered.connect(self.user_guide)
        a(ActionId.SHORTCUTS).triggered.connect(self.keyboard_shortcuts)
        a(ActionId.EXPLORE_DEMO).triggered.connect(self.explore_example)
        # In the example journal itself there is nothing more to explore.
        a(ActionId.EXPLORE_DEMO).setEnabled(not example_data)
        window.journal.welcome.explore_requested.connect(a(ActionId.EXPLORE_DEMO).trigger)

    def user_guide(self) -> None:
        """The guide beside the window (not modal: it can stay open while you log)."""
        from kneelog.ui.widgets.help_dialogs import UserGuideDialog

        if self.guide is None:
            self.guide = UserGuideDialog(self.window)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def keyboard_shortcuts(self) -> None:
        from kneelog.ui.widgets.help_dialogs import ShortcutsDialog

        dialog = ShortcutsDialog(self.window.menuBar(), self.window)
        dialog.exec()
        dialog.deleteLater()

    # --- the example journal ---------------------------------------------------------------

    def explore_example(self) -> Application:
        """Open the demo journal in a window of its own, in place of this one; nothing in it is
        saved (a scratch file deleted when it closes), and its banner leads back here."""
        if self.example is not None:
            self.example.window.raise_()
            self.example.window.activateWindow()
            return self.example
        from kneelog.services import open_journal, populate_demo
        from kneelog.ui.assembly import build

        scratch = tempfile.TemporaryDirectory(prefix="kneelog-example-")
        folder = Path(scratch.name)
        db = open_journal(folder / "example.sqlite3", durable=False)
        populate_demo(db, self.today())
        # Its own settings, so its layout never overwrites the user's.
        settings = QSettings(str(folder / "example.ini"), QSettings.Format.IniFormat)
        example = build(db, settings, EXAMPLE_TITLE, example_data=True)
        example.window.show_example_banner(self.back_to_journal)
        example.window.setGeometry(self.window.geometry())
        example.window.closing.connect(self._example_closed)
        self.example, self._scratch, self._example_db = example, scratch, db
        example.window.show()
        self.window.hide()
        return example

    def back_to_journal(self) -> None:
        if self.example is not None:
            self.example.window.close()

    def _example_closed(self) -> None:
        # Shown before the example window finishes closing: it is then never the last window,
        # which would quit the program.
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        example, self.example = self.example, None
        if example is not None:
            example.window.deleteLater()
        if self._example_db is not None:
            self._example_db.close()
            self._example_db = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
