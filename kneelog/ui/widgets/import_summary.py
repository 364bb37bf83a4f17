"""The summary after an import: totals, then every file with what became of it and why."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kneelog.services import ImportReport, ItemResult, ItemStatus
from kneelog.ui.widgets.fit import fit_to_screen

STATUS_TEXT = {
    ItemStatus.IMPORTED: "Imported",
    ItemStatus.DUPLICATE: "Duplicate",
    ItemStatus.FAILED: "Failed",
}
# Failures first: they are what the runner may have to act on.
STATUS_ORDER = (ItemStatus.FAILED, ItemStatus.IMPORTED, ItemStatus.DUPLICATE)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def headline(report: ImportReport) -> str:
    # Items are files, zip members or rows of an exported table: say "items", not "files".
    parts = [
        f"<b>{_plural(report.sessions_added, 'session')} added</b>",
        f"{_plural(report.imported, 'item')} imported",
        f"{_plural(report.duplicates, 'duplicate')} skipped",
        f"{report.failed} failed",
    ]
    text = " · ".join(parts)
    if report.cancelled:
        text += f"<br>Cancelled: {_plural(report.not_attempted, 'item')} not imported."
    return text


def _detail(result: ItemResult) -> str:
    message = result.message
    for prefix in ("failed: ", "skipped as "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    message = message[:1].upper() + message[1:]
    return "\n".join([message, *result.details])


class ImportSummaryDialog(QDialog):
    """Shown when an import ends; "Show runs without pain scores" applies that journal filter."""

    show_unscored_requested = Signal()

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_summary")
        self.setWindowTitle("Import finished")
        fit_to_screen(self, 920, 520)
        self.report = report
        summary = QLabel(headline(report))
        summary.setObjectName("import_headline")
        summary.setWordWrap(True)
        self.results = QTreeWidget()
        self.results.setObjectName("import_results")
        self.results.setHeaderLabels(["File", "Result", "Details"])
        self.results.setRootIsDecorated(False)
        self.results.setAlternatingRowColors(True)
        self.results.setUniformRowHeights(False)
        self.results.setWordWrap(True)
        ordered = sorted(report.results, key=lambda r: STATUS_ORDER.index(r.status))
        for result in ordered:
            item = QTreeWidgetItem([result.label, STATUS_TEXT[result.status], _detail(result)])
            item.setToolTip(0, result.label)
            item.setToolTip(2, _detail(result))
            if result.status is ItemStatus.FAILED:
                item.setForeground(1, QBrush(QColor("#b3261e")))
            self.results.addTopLevelItem(item)
        header = self.results.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.results.setColumnWidth(0, 280)
        self.results.setColumnWidth(1, 80)
        note = QLabel(
            "An import is not undone entry by entry: Undo now starts from here. Imported runs "
            "have no knee pain scores yet; add them while you still remember."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.show_unscored = QPushButton("Show runs without pain scores")
        self.show_unscored.setObjectName("show_unscored")
        self.show_unscored.setEnabled(report.sessions_added > 0)
        buttons.addButton(self.show_unscored, QDialogButtonBox.ButtonRole.AcceptRole)
        self.show_unscored.clicked.connect(self.show_unscored_requested)
        self.show_unscored.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        if report.sessions_added > 0:
            self.show_unscored.setDefault(True)
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def rows(self) -> list[tuple[str, str, str]]:
        """(file, result, details) as shown, for tests and accessibility checks."""
        return [
            (item.text(0), item.text(1), item.text(2))
            for item in (
                self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount())
            )
            if item is not None
        ]
