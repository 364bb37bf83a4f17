"""The "Morning check-in" dialog: ten seconds from the keyboard, one per date."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import LONG_DATE_QT, CheckInRecord, Symptom, checkin_problems
from kneelog.ui.widgets.form_fields import ErrorLabel, PainScale, SymptomBoxes, date_edit

if TYPE_CHECKING:
    pass


class CheckInDialog(QDialog):
    """Edits one check-in; `date_taken(date)` tells whether another check-in has that date."""

    def __init__(
        self,
        initial: CheckInRecord,
        *,
        is_new: bool,
        date_taken: Callable[[dt.date], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Morning check-in" if is_new else "Edit check-in")
        self._initial = initial
        self._date_taken = date_taken
        self._draft: CheckInRecord | None = None

        intro = QLabel("How is your knee this morning, on getting up?")
        self.date = date_edit()
        self.date.setDisplayFormat(LONG_DATE_QT)
        self.date.setMaximumDate(QDate.currentDate())
        self.pain = PainScale()
        self.stiffness = PainScale(low="not stiff", high="as stiff as it can be")
        # Stiffness has its own 0-10 scale just above: no second "Stiffness" check box.
        self.symptoms = SymptomBoxes(s for s in Symptom if s is not Symptom.STIFFNESS)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.notes.setPlaceholderText("Slept badly? Stairs? Anything else worth noting.")
        self.date_error = ErrorLabel()
        self.other_error = ErrorLabel()

        form = QFormLayout()
        form.addRow("&Date", self.date)
        form.addRow("", self.date_error)
        form.addRow("Morning &pain", self.pain)
        form.addRow("Morning &stiffness", self.stiffness)
        form.addRow("Symptoms", self.symptoms)
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
        # Notes before the symptom boxes in the tab order: the boxes are the rarely used part.
        chain = [self.date, self.pain.spin, self.stiffness.spin, self.notes]
        chain += [*self.symptoms.boxes(), self.buttons.button(QDialogButtonBox.StandardButton.Ok)]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.date.setDate(QDate(initial.date.year, initial.date.month, initial.date.day))
        self.pain.set_score(initial.morning_pain)
        self.stiffness.set_score(initial.morning_stiffness)
        self.symptoms.set_codes(initial.symptoms)
        self.notes.setPlainText(initial.notes)
        self.date.dateChanged.connect(self._revalidate)
        self.notes.textChanged.connect(self._revalidate)
        self._revalidate()
        self.pain.setFocus()

    def _build(self) -> tuple[CheckInRecord | None, dict[str, str]]:
        qdate = self.date.date()
        draft = CheckInRecord.new(
            id=self._initial.id,
            date=dt.date(qdate.year(), qdate.month(), qdate.day()),
            morning_pain=self.pain.score(),
            morning_stiffness=self.stiffness.score(),
            symptoms=self.symptoms.codes(),
            notes=self.notes.toPlainText().strip(),
        )
        problems = checkin_problems(draft)
        if (
            "date" not in problems
            and draft.date != self._initial.date
            and self._date_taken(draft.date)
        ):
            problems["date"] = "there is already a check-in for that day; edit that one instead"
        return (None if problems else draft), problems

    def _revalidate(self) -> None:
        draft, problems = self._build()
        self.date_error.show_problem(problems.get("date"))
        other = [message for key, message in problems.items() if key != "date"]
        self.other_error.show_problem("; ".join(other) or None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(draft is not None)

    def accept(self) -> None:
        draft, _problems = self._build()
        if draft is None:
            return
        self._draft = draft
        super().accept()

    def checkin(self) -> CheckInRecord:
        assert self._draft is not None, "checkin() is only meaningful after accept()"
        return self._draft
