"""Restore from backup: the journal's backups with their date, kind and record counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import long_date
from kneelog.services import BackupInfo
from kneelog.ui.widgets.fit import fit_to_screen


class RestoreDialog(QDialog):
    """Pick one backup; nothing happens until the caller confirms and restores it."""

    def __init__(
        self, backups: list[BackupInfo], explanation: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restore_dialog")
        fit_to_screen(self, 680, 360)
        self._backups = backups
        intro = QLabel(
            explanation
            or "Choose the backup to bring back. The journal as it is now is backed up first, "
            "so a restore can itself be undone by restoring that backup."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), 3)
        self.table.setObjectName("backup_table")
        self.table.setHorizontalHeaderLabels(["Date", "Kind", "Records"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(backups):
            cells = (
                f"{long_date(info.created.date())} {info.created:%H:%M}",
                info.kind.label,
                info.describe_counts() if info.counts else "unreadable",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty = QLabel("There are no backups of this journal yet.")
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText("&Restore")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        if backups:
            self.table.selectRow(0)
        self._update_button()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None
