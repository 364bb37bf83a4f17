"""Choose an exercise preset and its start date, and browse the library in a dialog (Qt).

`PresetDialog` shows each preset's exercises and source before it is applied;
`ExerciseLibraryDialog` wraps `ExerciseLibraryView` for Log → Exercise library….
Neither touches the database.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import LONG_DATE_QT, ExerciseLibrary
from kneelog.ui.widgets.exercise_library import ExerciseLibraryView, preset_html
from kneelog.ui.widgets.fit import fit_to_screen


class PresetDialog(QDialog):
    """Pick a preset and the day it starts; its exercises become ordinary prescriptions."""

    def __init__(
        self,
        library: ExerciseLibrary,
        today: dt.date,
        preset_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply an exercise preset")
        fit_to_screen(self, 560, 480)
        self._library = library
        self.preset_combo = QComboBox()
        for preset in library.presets:
            self.preset_combo.addItem(preset.name, preset.id)
        if preset_id is not None:
            self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(preset_id)))
        self.start_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(LONG_DATE_QT)
        self.details = QTextBrowser()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to my program")
        form = QFormLayout()
        form.addRow("Preset", self.preset_combo)
        form.addRow("Starts", self.start_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.preset_combo.currentIndexChanged.connect(self._show)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._show()

    @Slot()
    def _show(self) -> None:
        preset_id = self.preset_combo.currentData()
        if preset_id is not None:
            self.details.setHtml(
                preset_html(self._library.preset(preset_id), self._library)
                + "<p>Each exercise is added as its own prescription: edit, pause or end any "
                "of them afterwards.</p>"
            )

    def preset_id(self) -> str:
        return str(self.preset_combo.currentData())

    def start(self) -> dt.date:
        day = self.start_edit.date()
        return dt.date(day.year(), day.month(), day.day())


class ExerciseLibraryDialog(QDialog):
    """The exercise library, browsable, with its buttons to prescribe or apply a preset."""

    def __init__(self, library: ExerciseLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Exercise library")
        fit_to_screen(self, 980, 640)
        self.view = ExerciseLibraryView(library)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.search_edit.setFocus()
