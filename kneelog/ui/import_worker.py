"""Running an import off the GUI thread, on its own connection to the journal file."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from kneelog.persistence import Database
from kneelog.services import ImportReport, ImportResultError, import_paths


class ImportWorker(QObject):
    """Imports in a worker thread; talks to the GUI through its signals only.

    It opens its own Database on the journal's path (SQLite connections must not cross
    threads); the WAL journal lets the window keep reading while the import writes.
    """

    progressed = Signal(int, int, str)  # done, total, label of the item being imported
    finished = Signal(object)  # ImportReport, or ImportResultError if the journal failed

    def __init__(self, db_path: Path | str, paths: list[Path], tz: dt.tzinfo | None) -> None:
        super().__init__()
        self.db_path = db_path
        self.paths = paths
        self.tz = tz
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop after the item being imported (safe from any thread)."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        outcome: ImportReport | ImportResultError
        try:
            # Never a new empty journal: the window's journal may have been deleted meanwhile.
            db = Database(self.db_path, create=False)
            try:
                outcome = import_paths(
                    db, self.paths, self.tz, self.progressed.emit, self._cancel.is_set
                )
            finally:
                db.close()
        except Exception as exc:  # the journal itself could not be opened or written
            outcome = ImportResultError(str(exc) or type(exc).__name__)
        self.finished.emit(outcome)


def start_import(
    db_path: Path | str, paths: list[Path], tz: dt.tzinfo | None, parent: QObject
) -> tuple[ImportWorker, QThread]:
    """A worker moved to a new thread, started; the thread ends itself when the work is done."""
    thread = QThread(parent)
    worker = ImportWorker(db_path, paths, tz)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: the thread must be told to stop even while the GUI thread waits for it.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return worker, thread
