"""Add or edit one prescription: exercise, dose, days per week, start/end and pause (Qt).

The dialog validates with `kneelog.core.program.prescription_problems` and, on OK, emits
`prescription_save_requested(PrescriptionRecord)`; it never touches the database.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kneelog.core import (
    HOLD_S_RANGE,
    LONG_DATE_QT,
    PER_WEEK_RANGE,
    REPS_RANGE,
    SETS_RANGE,
    ExerciseLibrary,
    PrescriptionRecord,
    prescription_problems,
)
from kneelog.ui.widgets.form_fields import load_spin, optional_spin

FIELD_LABELS = {
    "exercise": "Exercise",
    "sets": "Sets",
    "reps": "Reps",
    "hold_s": "Hold",
    "load_kg": "Load",
    "per_week": "Days per week",
    "end": "End",
}


def _to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class PrescriptionDialog(QDialog):
    """Edits a copy of a prescription; the original is untouched until the controller saves."""

    prescription_save_requested = Signal(object)

    def __init__(
        self,
        library: ExerciseLibrary,
        prescription: PrescriptionRecord | None = None,
        today: dt.date | None = None,
        exercise_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._editing = prescription
        self.setWindowTitle("Edit exercise" if prescription else "Add exercise to the program")
        start_day = today or dt.date.today()

        self.exercise_combo = QComboBox()
        for exercise in sorted(library.exercises, key=lambda e: e.name):
            self.exercise_combo.addItem(exercise.name, exercise.id)
        self.sets_spin = optional_spin(SETS_RANGE[1])
        self.reps_spin = optional_spin(REPS_RANGE[1])
        self.hold_spin = optional_spin(HOLD_S_RANGE[1], " s")
        self.load_spin = load_spin()
        self.per_week_spin = QSpinBox()
        self.per_week_spin.setRange(*PER_WEEK_RANGE)
        self.per_week_spin.setToolTip("1-7 days a week; 8-14 means some days twice")
        self.start_edit = QDateEdit()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(LONG_DATE_QT)
        self.end_check = QCheckBox("Ends on")
        self.end_edit = QDateEdit()
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setDisplayFormat(LONG_DATE_QT)
        self.paused_check = QCheckBox("Paused (nothing due while paused)")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("e.g. 10 cm step, green band")
        self.notes_edit.setFixedHeight(60)
        self.default_label = QLabel()
        self.default_label.setWordWrap(True)
        self.default_label.setEnabled(False)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: palette(highlight);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )

        dose = QHBoxLayout()
        for label, spin in (
            ("Sets", self.sets_spin),
            ("Reps", self.reps_spin),
            ("Hold", self.hold_spin),
        ):
            dose.addWidget(QLabel(label))
            dose.addWidget(spin)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end_check)
        end_row.addWidget(self.end_edit, 1)
        form = QFormLayout(self)
        form.addRow("Exercise", self.exercise_combo)
        form.addRow("", self.default_label)
        form.addRow("Dose", dose)
        form.addRow("Load", self.load_spin)
        form.addRow("Days per week", self.per_week_spin)
        form.addRow("Starts", self.start_edit)
        form.addRow("", end_row)
        form.addRow("", self.paused_check)
        form.addRow("Notes", self.notes_edit)
        form.addRow(self.problems_label)
        form.addRow(self.buttons)

        if prescription is not None:
            self._load(prescription)
        else:
            self.start_edit.setDate(_to_qdate(start_day))
            self.end_edit.setDate(_to_qdate(start_day + dt.timedelta(weeks=6)))
            chosen = exercise_id if exercise_id in library else self.exercise_combo.itemData(0)
            self.exercise_combo.setCurrentIndex(self.exercise_combo.findData(chosen))
            self._apply_defaults()
        self._show_default()
        self.end_edit.setEnabled(self.end_check.isChecked())

        self.exercise_combo.currentIndexChanged.connect(self._exercise_changed)
        for spin in (self.sets_spin, self.reps_spin, self.hold_spin, self.per_week_spin):
            spin.valueChanged.connect(self._revalidate)
        self.load_spin.valueChanged.connect(self._revalidate)
        self.start_edit.dateChanged.connect(self._revalidate)
        self.end_edit.dateChanged.connect(self._revalidate)
        self.end_check.toggled.connect(self.end_edit.setEnabled)
        self.end_check.toggled.connect(self._revalidate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._revalidate()

    def _load(self, prescription: PrescriptionRecord) -> None:
        index = self.exercise_combo.findData(prescription.exercise)
        if index < 0:  # an exercise no longer in the library stays editable
            self.exercise_combo.addItem(prescription.exercise, prescription.exercise)
            index = self.exercise_combo.count() - 1
        self.exercise_combo.setCurrentIndex(index)
        self.sets_spin.setValue(prescription.sets or 0)
        self.reps_spin.setValue(prescription.reps or 0)
        self.hold_spin.setValue(prescription.hold_s or 0)
        self.load_spin.setValue(prescription.load_kg or 0.0)
        self.per_week_spin.setValue(prescription.per_week)
        self.start_edit.setDate(_to_qdate(prescription.start))
        self.end_check.setChecked(prescription.end is not None)
        end = prescription.end or prescription.start + dt.timedelta(weeks=6)
        self.end_edit.setDate(_to_qdate(end))
        self.paused_check.setChecked(prescription.paused)
        self.notes_edit.setPlainText(prescription.notes)

    def _apply_defaults(self) -> None:
        exercise_id = self.exercise_combo.currentData()
        if exercise_id not in self._library:
            return
        exercise = self._library.get(exercise_id)
        self.sets_spin.setValue(exercise.dose.sets)
        self.reps_spin.setValue(exercise.dose.reps or 0)
        self.hold_spin.setValue(exercise.dose.hold_s or 0)
        self.per_week_spin.setValue(exercise.per_week)

    def _show_default(self) -> None:
        exercise_id = self.exercise_combo.currentData()
        if exercise_id in self._library:
            exercise = self._library.get(exercise_id)
            self.default_label.setText(
                f"Usual dose: {exercise.dose.describe()}, {exercise.per_week} days a week"
            )
        else:
            self.default_label.setText("This exercise is no longer in the library.")

    @Slot()
    def _exercise_changed(self) -> None:
        if self._editing is None:
            self._apply_defaults()
        self._show_default()
        self._revalidate()

    def prescription(self) -> PrescriptionRecord:
        """The edited prescription (same id when editing, a fresh one when adding)."""

        def value(spin: QSpinBox) -> int | None:
            return spin.value() or None

        load = self.load_spin.value()
        edited = PrescriptionRecord.new(
            exercise=str(self.exercise_combo.currentData()),
            sets=value(self.sets_spin),
            reps=value(self.reps_spin),
            hold_s=value(self.hold_spin),
            load_kg=load or None,
            per_week=self.per_week_spin.value(),
            start=_to_date(self.start_edit.date()),
            end=_to_date(self.end_edit.date()) if self.end_check.isChecked() else None,
            paused=self.paused_check.isChecked(),
            notes=self.notes_edit.toPlainText().strip(),
        )
        if self._editing is not None:
            edited = edited._replace(id=self._editing.id)
        return edited

    def problems(self) -> list[str]:
        edited = self.prescription()
        # A prescription of an exercise since removed from the library can still be edited.
        kept_old_exercise = self._editing is not None and edited.exercise == self._editing.exercise
        problems = [
            f"{FIELD_LABELS.get(key, key)}: {message}"
            for key, message in prescription_problems(edited, self._library.ids)
            if not (key == "exercise" and kept_old_exercise)
        ]
        if edited.sets is None and edited.reps is None and edited.hold_s is None:
            problems.append("Dose: give sets, reps or a hold time")
        return problems

    @Slot()
    def _revalidate(self) -> None:
        problems = self.problems()
        self.problems_label.setText("<br>".join(problems))
        self.problems_label.setVisible(bool(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    def accept(self) -> None:
        if self.problems():
            return
        self.prescription_save_requested.emit(self.prescription())
        super().accept()
