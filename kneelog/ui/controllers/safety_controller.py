"""File → Back up now and File → Restore from backup…, wired to the safety service."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox

from kneelog import APP_NAME
from kneelog.core import KneelogError, long_date
from kneelog.persistence import BackupInfo, BackupKind, Database
from kneelog.services import backups_of, make_backup, open_journal, restore_backup
from kneelog.ui.actions import ActionId
from kneelog.ui.main_window import MainWindow

# Each dialog's module is imported when the dialog first opens: start-up does not wait for it.
if TYPE_CHECKING:
    pass


class SafetyController(QObject):
    """Backs up on request; restores with the journal's connections closed, then reloads all."""

    def __init__(self, window: MainWindow, db: Database, reload: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.reload = reload
        window.action(ActionId.BACKUP_NOW).triggered.connect(self.back_up_now)
        window.action(ActionId.RESTORE_BACKUP).triggered.connect(self.restore)
        available = not db.is_memory
        window.action(ActionId.BACKUP_NOW).setEnabled(available)
        window.action(ActionId.RESTORE_BACKUP).setEnabled(available)

    @property
    def db_path(self) -> Path:
        return Path(self.db.path)

    def back_up_now(self) -> Path | None:
        try:
            path = make_backup(self.db, BackupKind.MANUAL)
        except (KneelogError, OSError) as exc:
            QMessageBox.warning(self.window, APP_NAME, f"The backup could not be made.\n\n{exc}")
            return None
        self.window.statusBar().showMessage(f"Backed up to {path}", 8000)
        return path

    def choose_backup(self) -> BackupInfo | None:
        from kneelog.ui.widgets.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backups_of(self.db_path), parent=self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen() if accepted else None
        dialog.deleteLater()
        return chosen

    def restore(self) -> bool:
        chosen = self.choose_backup()
        if chosen is None:
            return False
        answer = QMessageBox.question(
            self.window,
            "Restore from backup",
            "Replace the journal with the backup of "
            f"{long_date(chosen.created.date())}, {chosen.created:%H:%M} "
            f"({chosen.describe_counts()})?\n\nThe journal as it is now is backed up first. "
            "Undo history is cleared.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        # Every connection closes; the next read or write opens fresh ones on the restored file.
        self.db.disconnect()
        try:
            result = restore_backup(self.db_path, chosen.path)
            open_journal(self.db_path).close()  # upgrade an older backup, with its backup
        except (KneelogError, OSError) as exc:
            QMessageBox.warning(self.window, APP_NAME, f"The journal was not restored.\n\n{exc}")
            self.reload()
            return False
        self.reload()
        kept = (
            f"\n\nThe journal as it was is kept in {result.safety_backup}."
            if (result.safety_backup)
            else ""
        )
        QMessageBox.information(
            self.window, "Restore from backup", f"Restored {result.records} records.{kept}"
        )
        return True
