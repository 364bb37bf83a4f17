"""Today's due exercises as a checklist with a quick inline logger (Qt; no data access).

Ticking an exercise opens a small editor pre-filled with the prescribed dose, focused on the pain
field: Space (tick), a pain digit, Enter logs it. The widget emits `log_requested(ExerciseLog)`
with an unsaved log; the controller stores it and calls `set_items` again with fresh `DueItem`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kneelog.core.adherence import DueItem
from kneelog.core.exercises import ExerciseLibrary
from kneelog.core.program import (
    HOLD_S_RANGE,
    PAIN_RANGE,
    REPS_RANGE,
    SETS_RANGE,
    PrescribedDose,
    dose_text,
)
from kneelog.persistence import orm
from kneelog.ui.widgets.form_fields import NOT_SET, load_spin, optional_spin

if TYPE_CHECKING:
    from kneelog.core.rehab import ExerciseLog


def prescribed_dose_text(prescription: PrescribedDose) -> str:
    """E.g. "3 × 10, 2.5 kg" or "4 × 45 s"."""
    dose = dose_text(
        prescription.sets, prescription.reps, prescription.hold_s, prescription.load_kg
    )
    return dose or "as prescribed"


class LogEditor(QFrame):
    """The inline editor of one checklist row: dose done, pain and a note."""

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.sets_spin = optional_spin(SETS_RANGE[1])
        self.reps_spin = optional_spin(REPS_RANGE[1])
        self.hold_spin = optional_spin(HOLD_S_RANGE[1], " s")
        self.load_spin = load_spin()
        self.pain_spin = QSpinBox()
        self.pain_spin.setRange(PAIN_RANGE[0] - 1, PAIN_RANGE[1])
        self.pain_spin.setSpecialValueText(NOT_SET)
        self.pain_spin.setToolTip("Knee pain during the exercise, 0 = none, 10 = worst imaginable")
        self.notes_edit = QLineEdit(placeholderText="Note (optional)")
        self.log_button = QPushButton("Log")
        self.cancel_button = QPushButton("Cancel")

        dose = QHBoxLayout()
        for label, widget in (
            ("Sets", self.sets_spin),
            ("Reps", self.reps_spin),
            ("Hold", self.hold_spin),
            ("Load", self.load_spin),
        ):
            dose.addWidget(QLabel(label))
            dose.addWidget(widget)
        form = QFormLayout(self)
        form.addRow(dose)
        form.addRow("Knee pain (0-10)", self.pain_spin)
        form.addRow(self.notes_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.log_button)
        form.addRow(buttons)
        self.log_button.clicked.connect(self.submitted)
        self.cancel_button.clicked.connect(self.cancelled)

    def fill(self, prescription: PrescribedDose) -> None:
        self.sets_spin.setValue(prescription.sets or 0)
        self.reps_spin.setValue(prescription.reps or 0)
        self.hold_spin.setValue(prescription.hold_s or 0)
        self.load_spin.setValue(prescription.load_kg or 0.0)
        self.pain_spin.setValue(self.pain_spin.minimum())
        self.notes_edit.clear()

    def build_log(self, day: dt.date, prescription: PrescribedDose) -> ExerciseLog:
        def value(spin: QSpinBox) -> int | None:
            return None if spin.value() == spin.minimum() else spin.value()

        load = self.load_spin.value()
        return orm.ExerciseLog(
            date=day,
            exercise=prescription.exercise,
            sets=value(self.sets_spin),
            reps=value(self.reps_spin),
            hold_s=value(self.hold_spin),
            load_kg=None if load == self.load_spin.minimum() else load,
            pain=value(self.pain_spin),
            notes=self.notes_edit.text().strip(),
            prescription_id=prescription.id,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Spin boxes and line edits pass Enter and Escape up to their parent.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)


class ChecklistRow(QWidget):
    """One due prescription: a check box, its dose and progress, and the hidden editor."""

    log_requested = Signal(object)

    def __init__(
        self, day: dt.date, item: DueItem, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.day = day
        self.item = item
        prescription = item.prescription
        self.check = QCheckBox(name)
        self.status_label = QLabel(self._status_text())
        self.status_label.setEnabled(False)  # drawn muted
        self.editor = LogEditor()
        self.editor.hide()
        top = QHBoxLayout()
        top.addWidget(self.check)
        top.addStretch(1)
        top.addWidget(QLabel(prescribed_dose_text(prescription)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.editor)
        if item.done_today > 0 and item.remaining_today == 0:
            self.check.setChecked(True)
            self.check.setEnabled(False)
        self.check.toggled.connect(self._toggled)
        self.editor.submitted.connect(self._submit)
        self.editor.cancelled.connect(self._cancel)

    def _status_text(self) -> str:
        item = self.item
        per_week = item.prescription.per_week
        week = f"{item.done_this_week} of {per_week} done earlier this week"
        if item.done_today > 0 and item.remaining_today == 0:
            return f"Done today · {week}"
        if not item.is_due:
            return f"This week's {per_week} are done: ticking logs an extra session"
        if item.due_today > 1:
            return f"{item.remaining_today} of {item.due_today} still to do today · {week}"
        return week

    @Slot(bool)
    def _toggled(self, checked: bool) -> None:
        if checked:
            self.editor.fill(self.item.prescription)
            self.editor.show()
            self.editor.pain_spin.setFocus()
            self.editor.pain_spin.selectAll()
        else:
            self.editor.hide()

    @Slot()
    def _submit(self) -> None:
        log = self.editor.build_log(self.day, self.item.prescription)
        self.editor.hide()
        self.check.setEnabled(False)
        self.status_label.setText("Logged")
        self.log_requested.emit(log)

    @Slot()
    def _cancel(self) -> None:
        self.check.setChecked(False)
        self.check.setFocus()


class TodayChecklist(QWidget):
    """Today's (or any day's) prescribed exercises, each tickable to log it."""

    log_requested = Signal(object)
    """An unsaved `ExerciseLog` for the day shown, with `prescription_id` set."""

    def __init__(self, library: ExerciseLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.day: dt.date | None = None
        self.rows: list[ChecklistRow] = []
        self.title_label = QLabel()
        self.empty_label = QLabel("Nothing prescribed for this day.")
        self._rows_host = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_host)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._rows_host)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)

    def set_items(self, day: dt.date, items: Sequence[DueItem]) -> None:
        """Show `items` (from `kneelog.core.adherence.due_on`) for `day`; due ones first."""
        self.day = day
        for row in self.rows:
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        ordered = sorted(items, key=lambda item: (not item.is_due, item.remaining_today == 0))
        for position, item in enumerate(ordered):
            row = ChecklistRow(day, item, self._library.name_of(item.prescription.exercise))
            row.log_requested.connect(self.log_requested)
            self._rows_layout.insertWidget(position, row)
            row.show()  # at once, not on the next event-loop turn, so focus can move into it
            self.rows.append(row)
        left = sum(item.remaining_today for item in items if item.is_due)
        self.title_label.setText(
            f"<b>{day.strftime('%A %d %B %Y')}</b>: "
            + (f"{left} exercise session{'s' if left != 1 else ''} to do" if left else "all done")
        )
        self.empty_label.setVisible(not items)

    def row_for(self, prescription_id: str) -> ChecklistRow:
        for row in self.rows:
            if row.item.prescription.id == prescription_id:
                return row
        raise KeyError(prescription_id)
