"""Opening the journal at start-up: one window per journal, and a way out of a bad file.

A damaged, truncated, foreign or too-new journal gets one explanation and three choices:
restore from a backup, start a new journal (the bad file is renamed aside, its bytes untouched),
or quit. Nothing here ever modifies or deletes the bad file.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kneelog import APP_NAME
from kneelog.core import (
    DamagedDatabaseError,
    DatabaseError,
    JournalMissingError,
    KneelogError,
    NotAJournalError,
    SchemaTooNewError,
    WriteFailedError,
)
from kneelog.persistence import BackupInfo, Database
from kneelog.services import (
    FileCheck,
    backups_of,
    missing_journal,
    open_journal,
    restore_backup,
    set_aside,
)


class Recovery(Enum):
    RESTORE = "restore"
    NEW = "new"
    QUIT = "quit"


def explain(error: DatabaseError) -> str:
    if isinstance(error, JournalMissingError):
        return (
            f"Your journal is not where KneeLog left it.\n\n{error}\n\nYou can restore a "
            "backup (the newest is selected), or start a new, empty journal; the backups stay "
            "where they are either way."
        )
    if isinstance(error, SchemaTooNewError):
        cause = (
            "This journal was saved by a newer version of KneeLog. Updating KneeLog is the best "
            "way to open it."
        )
    elif isinstance(error, NotAJournalError):
        cause = "This file is not a KneeLog journal."
    elif isinstance(error, DamagedDatabaseError):
        cause = "The journal file is damaged (cut short or failing its integrity check)."
    else:
        cause = "The journal cannot be opened."
    return (
        f"{cause}\n\n{error}\n\nThe file has not been changed. You can restore a backup, or "
        "start a new journal: the unusable file is then kept, renamed, beside the new one."
    )


def ask_recovery(error: DatabaseError, parent: QWidget | None = None) -> Recovery:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText("KneeLog cannot open your journal.")
    box.setInformativeText(explain(error))
    restore = box.addButton("Restore from a backup…", QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton("Start a new journal", QMessageBox.ButtonRole.DestructiveRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is restore:
        return Recovery.RESTORE
    if clicked is new:
        return Recovery.NEW
    return Recovery.QUIT


def choose_backup(db_path: Path, parent: QWidget | None = None) -> BackupInfo | None:
    # Imported here: only a journal that cannot open needs it, and every start imports this.
    from kneelog.ui.widgets.restore_dialog import RestoreDialog

    dialog = RestoreDialog(
        backups_of(db_path),
        "Choose the backup to bring back. The unusable journal is kept, renamed, unchanged.",
        parent,
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen() if accepted else None
    dialog.deleteLater()
    return chosen


def open_or_recover(
    db_path: Path, used_before: bool = False, checked: FileCheck | None = None
) -> Database | None:
    """The journal, possibly after a restore or a fresh start; None when the user quits.

    `used_before`: this journal was opened by the window before, so its absence is news.
    `checked`: the file's checks, started earlier (they hold for the first attempt only).
    """
    start_afresh = False
    while True:
        missing = None if start_afresh else missing_journal(db_path, used_before)
        error: DatabaseError
        if missing is not None:
            error = missing
        else:
            try:
                return open_journal(db_path, checked=checked)
            except WriteFailedError as exc:
                # A read-only or full folder: neither a restore nor a new journal could be
                # written.
                QMessageBox.critical(None, APP_NAME, f"KneeLog cannot open the journal.\n\n{exc}")
                return None
            except DatabaseError as exc:
                error = exc
        checked = None  # whatever the choice, the file may differ from what was checked
        choice = ask_recovery(error)
        try:
            if choice is Recovery.QUIT:
                return None
            if choice is Recovery.RESTORE:
                chosen = choose_backup(db_path)
                if chosen is not None:
                    restore_backup(db_path, chosen.path)
            elif missing is not None:
                start_afresh = True  # nothing to set aside: the file is already gone
            else:
                aside = set_aside(db_path)
                QMessageBox.information(
                    None,
                    APP_NAME,
                    f"A new, empty journal is started.\n\nThe old file is kept, unchanged, as\n"
                    f"{aside}",
                )
        except (KneelogError, OSError) as exc:
            QMessageBox.warning(None, APP_NAME, f"That did not work.\n\n{exc}")
