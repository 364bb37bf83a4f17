"""Today's due exercises as a checklist: one tick logs the prescribed dose (Qt; no data access).

Ticking an exercise (click or Space) logs it at once with its prescribed dose; undo takes it back.
Each row's "Edit…" button (always on the row's first line) is the optional second step: it opens
a small dialog for the dose actually done, the knee pain and a note, and changes today's log (or,
before the tick, logs it with those details). The widget emits unsaved `ExerciseLogRecord`s; the
controller stores them and calls `set_items` again with fresh `DueItem`s and today's logs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
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

from kneelog.core import (
    HOLD_S_RANGE,
    PAIN_RANGE,
    REPS_RANGE,
    SETS_RANGE,
    DueItem,
    ExerciseLibrary,
    ExerciseLogRecord,
    PrescriptionRecord,
    dose_text,
    plural,
    short_date,
    weekday_date,
)
from kneelog.ui.widgets.form_fields import NOT_SET, load_spin, optional_spin


def prescribed_dose_text(prescription: PrescriptionRecord) -> str:
    """E.g. "3 × 10, 2.5 kg" or "4 × 45 s"."""
    dose = dose_text(
        prescription.sets, prescription.reps, prescription.hold_s, prescription.load_kg
    )
    return dose or "as prescribed"


class LogEditor(QFrame):
    """The dose done, the knee pain and a note of one exercise log."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sets_spin = optional_spin(SETS_RANGE[1])
        self.reps_spin = optional_spin(REPS_RANGE[1])
        self.hold_spin = optional_spin(HOLD_S_RANGE[1], " s")
        self.load_spin = load_spin()
        self.pain_spin = QSpinBox()
        self.pain_spin.setRange(PAIN_RANGE[0] - 1, PAIN_RANGE[1])
        self.pain_spin.setSpecialValueText(NOT_SET)
        self.pain_spin.setToolTip("Knee pain during the exercise, 0 = none, 10 = worst imaginable")
        self.notes_edit = QLineEdit(placeholderText="Note (optional)")

        # One field a row: the form stays narrow enough for any window and never scrolls sideways.
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Sets", self.sets_spin)
        form.addRow("&Reps", self.reps_spin)
        form.addRow("&Hold", self.hold_spin)
        form.addRow("&Load", self.load_spin)
        form.addRow("Knee &pain (0-10)", self.pain_spin)
        form.addRow("&Note", self.notes_edit)

    def fill(self, prescription: PrescriptionRecord) -> None:
        self.sets_spin.setValue(prescription.sets or 0)
        self.reps_spin.setValue(prescription.reps or 0)
        self.hold_spin.setValue(prescription.hold_s or 0)
        self.load_spin.setValue(prescription.load_kg or 0.0)
        self.pain_spin.setValue(self.pain_spin.minimum())
        self.notes_edit.clear()

    def fill_from_log(self, log: ExerciseLogRecord) -> None:
        self.sets_spin.setValue(log.sets or 0)
        self.reps_spin.setValue(log.reps or 0)
        self.hold_spin.setValue(log.hold_s or 0)
        self.load_spin.setValue(log.load_kg or 0.0)
        self.pain_spin.setValue(self.pain_spin.minimum() if log.pain is None else log.pain)
        self.notes_edit.setText(log.notes)

    def build_log(self, day: dt.date, prescription: PrescriptionRecord) -> ExerciseLogRecord:
        def value(spin: QSpinBox) -> int | None:
            return None if spin.value() == spin.minimum() else spin.value()

        load = self.load_spin.value()
        return ExerciseLogRecord.new(
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


class ExerciseLogDialog(QDialog):
    """The optional second step: the dose done, pain and a note of one exercise on one day."""

    def __init__(
        self,
        name: str,
        day: dt.date,
        prescription: PrescriptionRecord,
        logged: ExerciseLogRecord | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{name}, {short_date(day)}")
        self.day = day
        self.prescription = prescription
        self.logged = logged
        self.editor = LogEditor()
        if logged is None:
            self.editor.fill(prescription)
        else:
            self.editor.fill_from_log(logged)
        hint = QLabel(
            f"Prescribed: {prescribed_dose_text(prescription)}. "
            + ("Change what you did today." if logged else "Log what you did today.")
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save" if logged else "Log")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.editor.pain_spin.setFocus()

    def log(self) -> ExerciseLogRecord:
        """The log as entered; it keeps the id of the log it edits, so saving replaces it."""
        built = self.editor.build_log(self.day, self.prescription)
        if self.logged is not None:
            built = built._replace(id=self.logged.id)
        return built


class _NameLabel(QLabel):
    """An exercise's name that wraps, and ticks its check box when clicked like a box's text."""

    clicked = Signal()

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class ChecklistRow(QWidget):
    """One due prescription: a check box that logs it, its dose and progress, and "Edit…"."""

    log_requested = Signal(object)
    edit_requested = Signal()

    def __init__(
        self,
        day: dt.date,
        item: DueItem,
        name: str,
        logged: ExerciseLogRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.day = day
        self.item = item
        self.name = name
        self.logged = logged
        """Today's latest log of this prescription, which "Edit…" changes."""
        prescription = item.prescription
        # The name is a word-wrapped label beside a bare check box: a long name wraps instead
        # of pushing the dose and "Edit…" out of a narrow column.
        self.check = QCheckBox()
        self.check.setAccessibleName(name)
        self.check.setToolTip(f"Log {name} as prescribed: {prescribed_dose_text(prescription)}")
        self.name_label = _NameLabel(name)
        self.name_label.clicked.connect(self.check.click)
        self.status_label = QLabel(self._status_text())
        self.status_label.setEnabled(False)  # drawn muted
        self.edit_button = QPushButton("Edit…" if logged else "Details…")
        self.edit_button.setToolTip(
            "Change today's log: the dose you did, knee pain, a note"
            if logged
            else "Log it with the dose you did, knee pain and a note"
        )
        self.edit_button.setAutoDefault(False)
        self.status_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.check)
        top.addWidget(self.name_label, 1)
        top.addWidget(QLabel(prescribed_dose_text(prescription)))
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        if item.done_today > 0 and item.remaining_today == 0:
            self.check.setChecked(True)
            self.check.setEnabled(False)
        self.check.toggled.connect(self._toggled)
        self.edit_button.clicked.connect(self.edit_requested)

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
        if not checked:
            return
        # The tick is the log: the prescribed dose, no pain recorded. "Edit…" adds details.
        editor = LogEditor()
        editor.fill(self.item.prescription)
        log = editor.build_log(self.day, self.item.prescription)
        editor.deleteLater()
        self.check.setEnabled(False)
        self.status_label.setText("Logged as prescribed")
        self.log_requested.emit(log)


class TodayChecklist(QWidget):
    """Today's (or any day's) prescribed exercises, each tickable to log it."""

    log_requested = Signal(object)
    """An unsaved `ExerciseLogRecord` for the day shown, with `prescription_id` set."""
    edit_requested = Signal(object, object)
    """(stored log, changed log): today's log of a row changed in its "Edit…" dialog."""

    def __init__(self, library: ExerciseLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.day: dt.date | None = None
        self.rows: list[ChecklistRow] = []
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.empty_label = QLabel("Nothing prescribed for this day.")
        self._rows_host = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_host)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._rows_host)
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)

    def set_items(
        self, day: dt.date, items: Sequence[DueItem], logs: Sequence[ExerciseLogRecord] = ()
    ) -> None:
        """Show `items` (from `kneelog.core.adherence.due_on`) for `day`; due ones first.

        `logs` are the exercise logs of `day`; a row's "Edit…" changes the latest of its own.
        """
        self.day = day
        for row in self.rows:
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        ordered = sorted(items, key=lambda item: (not item.is_due, item.remaining_today == 0))
        for position, item in enumerate(ordered):
            pid = item.prescription.id
            logged = next((log for log in reversed(logs) if log.prescription_id == pid), None)
            name = self._library.name_of(item.prescription.exercise)
            row = ChecklistRow(day, item, name, logged)
            row.log_requested.connect(self.log_requested)
            row.edit_requested.connect(lambda row=row: self._edit(row))
            self._rows_layout.insertWidget(position, row)
            row.show()  # at once, not on the next event-loop turn, so focus can move into it
            self.rows.append(row)
        left = sum(item.remaining_today for item in items if item.is_due)
        self.title_label.setText(
            f"<b>{weekday_date(day)}</b>: "
            + (f"{plural(left, 'exercise session')} to do" if left else "all done")
        )
        self.empty_label.setVisible(not items)
        # Never narrower than its rows: the column scrolls down, never sideways past "Edit…".
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        frame = 2 * self._scroll.frameWidth()
        self._scroll.setMinimumWidth(self._rows_host.minimumSizeHint().width() + bar + frame)

    def edit_dialog(self, row: ChecklistRow) -> ExerciseLogDialog:
        return ExerciseLogDialog(row.name, row.day, row.item.prescription, row.logged, self)

    def _edit(self, row: ChecklistRow) -> None:
        dialog = self.edit_dialog(row)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        changed = dialog.log()
        dialog.deleteLater()
        if not accepted:
            return
        if row.logged is None:
            self.log_requested.emit(changed)
        else:
            self.edit_requested.emit(row.logged, changed)

    def row_for(self, prescription_id: str) -> ChecklistRow:
        for row in self.rows:
            if row.item.prescription.id == prescription_id:
                return row
        raise KeyError(prescription_id)
