"""The "Clinician visit" dialog: who was seen, whether running was cleared, and how it resumes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import LONG_DATE_QT, MAX_NAME, ReturnPlan, VisitRecord, visit_problems
from kneelog.ui.widgets.form_fields import ErrorLabel, date_edit

CLINICIANS = ("PT", "Sports-medicine doctor", "GP", "Orthopaedic surgeon", "A&E")
"""Suggestions only: the field takes any name."""
NOT_SPECIFIED = "Not specified"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class VisitDialog(QDialog):
    """Edits one visit; `visit()` gives the record after the dialog was accepted."""

    def __init__(
        self,
        initial: VisitRecord,
        *,
        is_new: bool,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinician visit" if is_new else "Edit clinician visit")
        self._initial = initial
        self._draft: VisitRecord | None = None

        intro = QLabel(
            "A visit that cleared you to run again closes an open red-flag episode; the plan "
            "then follows the return the clinician chose."
        )
        intro.setWordWrap(True)
        self.date = date_edit()
        self.date.setDisplayFormat(LONG_DATE_QT)
        # Recorded after it happened: a visit in the future would clear running too soon.
        self.date.setMaximumDate(_qdate(today))
        self.clinician = QComboBox()
        self.clinician.setEditable(True)
        self.clinician.addItems(CLINICIANS)
        self.clinician.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.clinician.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setMaxLength(MAX_NAME)
        line.setPlaceholderText("e.g. PT, sports-medicine doctor")
        self.cleared = QCheckBox("&Cleared to run again")
        self.return_plan = QComboBox()
        self.return_plan.addItem(NOT_SPECIFIED, None)
        for plan in ReturnPlan:
            self.return_plan.addItem(plan.label, plan.value)
        self.return_plan.setToolTip(
            "How running resumes. Not specified: a walk-run return after a week or more "
            "without running, otherwise holding at your recent runs."
        )
        self.has_next = QCheckBox("&Booked for")
        self.next_visit = date_edit()
        self.next_visit.setDisplayFormat(LONG_DATE_QT)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.notes.setPlaceholderText("What was found, what to do, what to avoid.")
        self.date_error = ErrorLabel()
        self.other_error = ErrorLabel()

        next_row = QHBoxLayout()
        next_row.addWidget(self.has_next)
        next_row.addWidget(self.next_visit, 1)
        form = QFormLayout()
        form.addRow("&Date", self.date)
        form.addRow("", self.date_error)
        form.addRow("&Who", self.clinician)
        form.addRow("", self.cleared)
        form.addRow("&Return plan", self.return_plan)
        form.addRow("Next visit", next_row)
        form.addRow("N&otes", self.notes)
        form.addRow("", self.other_error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

        self.date.setDate(_qdate(initial.date))
        self.clinician.setEditText(initial.clinician)
        self.cleared.setChecked(initial.cleared_to_run)
        initial_plan = None if initial.return_plan is None else initial.return_plan.value
        self.return_plan.setCurrentIndex(max(0, self.return_plan.findData(initial_plan)))
        self.has_next.setChecked(initial.next_visit is not None)
        self.next_visit.setDate(_qdate(initial.next_visit or initial.date + dt.timedelta(weeks=2)))
        self.notes.setPlainText(initial.notes)
        self._sync_enabled()

        for signal in (
            self.date.dateChanged,
            self.clinician.editTextChanged,
            self.cleared.toggled,
            self.return_plan.currentIndexChanged,
            self.has_next.toggled,
            self.next_visit.dateChanged,
            self.notes.textChanged,
        ):
            signal.connect(self._revalidate)
        self._revalidate()
        self.clinician.setFocus()

    def _sync_enabled(self) -> None:
        # A return plan belongs to a visit that cleared running (journal format).
        self.return_plan.setEnabled(self.cleared.isChecked())
        self.next_visit.setEnabled(self.has_next.isChecked())

    def _build(self) -> tuple[VisitRecord | None, dict[str, str]]:
        cleared = self.cleared.isChecked()
        plan = self.return_plan.currentData() if cleared else None
        draft = VisitRecord(
            id=self._initial.id,
            date=_date(self.date.date()),
            clinician=self.clinician.currentText().strip(),
            cleared_to_run=cleared,
            return_plan=None if plan is None else ReturnPlan(plan),
            next_visit=_date(self.next_visit.date()) if self.has_next.isChecked() else None,
            notes=self.notes.toPlainText().strip(),
        )
        problems = visit_problems(draft)
        return (None if problems else draft), problems

    def _revalidate(self) -> None:
        self._sync_enabled()
        draft, problems = self._build()
        self.date_error.show_problem(problems.get("date"))
        other = [
            f"{key.replace('_', ' ')}: {text}" for key, text in problems.items() if key != "date"
        ]
        self.other_error.show_problem("; ".join(other) or None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(draft is not None)

    def accept(self) -> None:
        draft, _problems = self._build()
        if draft is None:
            return
        self._draft = draft
        super().accept()

    def visit(self) -> VisitRecord:
        assert self._draft is not None, "visit() is only meaningful after accept()"
        return self._draft
