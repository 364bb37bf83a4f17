"""The import flow: choose or drop files, import off the GUI thread with progress, summarise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from kneelog.persistence import Database

if TYPE_CHECKING:
    # Loaded on the first import only: the file parsers (fitdecode, gpxpy, XML) are a few
    # megabytes and tens of milliseconds that opening the journal does not need.
    from kneelog.services import ImportReport, ImportResultError
    from kneelog.ui.import_worker import ImportWorker
    from kneelog.ui.widgets.import_summary import ImportSummaryDialog

FILE_FILTER = (
    "Activity files and KneeLog files (*.fit *.fit.gz *.gpx *.gpx.gz *.tcx *.tcx.gz *.zip "
    "*.csv *.json);;All files (*)"
)


class ImportController(QObject):
    """Owns one import at a time: the worker, its progress dialog and the summary."""

    started = Signal()
    finished = Signal(object)  # ImportReport (or ImportResultError)
    show_unscored_requested = Signal()

    def __init__(
        self,
        parent: QWidget,
        db: Database,
        last_folder: Callable[[], str],
        remember_folder: Callable[[str], None],
        tz: dt.tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.db = db
        self.last_folder = last_folder
        self.remember_folder = remember_folder
        self.tz = tz
        self.worker: ImportWorker | None = None
        self.worker_thread: QThread | None = None
        self.progress: QProgressDialog | None = None
        self.summary: ImportSummaryDialog | None = None

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self.parent_widget, "Import files", self.last_folder(), FILE_FILTER
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self.parent_widget, "Import a folder", self.last_folder()
        )
        if name:
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        if not paths:
            return
        if self.busy:
            QMessageBox.information(
                self.parent_widget, "Import", "An import is running; wait for it to finish."
            )
            return
        first = paths[0]
        self.remember_folder(str(first if first.is_dir() else first.parent))
        self.started.emit()
        if self.db.is_memory:
            # An in-memory journal (selftest) has no file a second connection could open.
            from kneelog.services import import_paths

            self._done(import_paths(self.db, paths, self.tz))
            return
        from kneelog.ui.import_worker import start_import

        progress = QProgressDialog("Reading files…", "Cancel", 0, 0, self.parent_widget)
        progress.setObjectName("import_progress")
        progress.setWindowTitle("Importing")
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        self.worker, self.worker_thread = start_import(self.db.path, paths, self.tz, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._done)
        progress.canceled.connect(self.cancel)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        if self.progress is not None:
            self.progress.setLabelText("Cancelling after the current file…")

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.progress is None:
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        if label:
            self.progress.setLabelText(f"Importing {done + 1} of {total}: {label}")

    def _done(self, outcome: ImportReport | ImportResultError) -> None:
        if self.worker_thread is not None:
            self.worker_thread.wait()
        self.worker = None
        self.worker_thread = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.finished.emit(outcome)
        from kneelog.services import ImportResultError
        from kneelog.ui.widgets.import_summary import ImportSummaryDialog

        if isinstance(outcome, ImportResultError):
            QMessageBox.warning(
                self.parent_widget, "Import", f"The import could not run: {outcome.message}"
            )
            return
        dialog = ImportSummaryDialog(outcome, self.parent_widget)
        dialog.show_unscored_requested.connect(self.show_unscored_requested)
        dialog.finished.connect(dialog.deleteLater)
        self.summary = dialog
        dialog.open()
