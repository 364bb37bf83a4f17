"""File → Profile…: which knee, the condition, where it hurts, what aggravates it, the goal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import (
    MAX_NAME,
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    profile_problems,
)
from kneelog.services import AGGRAVATOR_LABELS, CONDITION_LABELS, KNEE_LABELS, PAIN_LOCATION_LABELS
from kneelog.ui.widgets.form_fields import ErrorLabel, date_edit

NOT_SPECIFIED = "Not specified"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


def _boxes(
    labels: dict[str, str], chosen: set[str], columns: int
) -> tuple[QGridLayout, dict[str, QCheckBox]]:
    grid = QGridLayout()
    boxes: dict[str, QCheckBox] = {}
    for index, (code, label) in enumerate(labels.items()):
        box = QCheckBox(label[:1].upper() + label[1:])
        box.setObjectName(f"profile_{code}")
        box.setChecked(code in chosen)
        boxes[code] = box
        grid.addWidget(box, index // columns, index % columns)
    return grid, boxes


class ProfileDialog(QDialog):
    """Edits the runner's profile; `profile()` gives the record after the dialog was accepted."""

    def __init__(
        self, initial: ProfileRecord, *, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profile: your knee and your goal")
        self.setObjectName("profile_dialog")
        self._draft: ProfileRecord | None = None
        intro = QLabel(
            "What a physical therapist asks first. It is printed at the top of the progress "
            "report; every field may stay empty."
        )
        intro.setWordWrap(True)

        self.knee = QComboBox()
        self.knee.setObjectName("profile_knee")
        self.knee.addItem(NOT_SPECIFIED, None)
        for knee_choice, label in KNEE_LABELS.items():
            self.knee.addItem(label, knee_choice.value)
        self.condition = QComboBox()
        self.condition.setObjectName("profile_condition")
        self.condition.addItem(NOT_SPECIFIED, None)
        for condition_choice, label in CONDITION_LABELS.items():
            self.condition.addItem(label, condition_choice.value)
        locations, self.locations = _boxes(
            {p.value: text for p, text in PAIN_LOCATION_LABELS.items()},
            {p.value for p in initial.pain_location},
            2,
        )
        aggravators, self.aggravators = _boxes(
            {a.value: text for a, text in AGGRAVATOR_LABELS.items()},
            {a.value for a in initial.aggravated_by},
            3,
        )
        self.has_since = QCheckBox("Since")
        self.has_since.setObjectName("profile_has_since")
        self.since = self._date_field(initial.since or today, today)
        self.goal = QLineEdit(initial.goal)
        self.goal.setObjectName("profile_goal")
        self.goal.setMaxLength(MAX_NAME)
        self.goal.setPlaceholderText("e.g. run 10 km pain-free")
        self.has_goal_date = QCheckBox("By")
        self.has_goal_date.setObjectName("profile_has_goal_date")
        self.goal_date = self._date_field(initial.goal_date or today, None)
        self.clinician = QLineEdit(initial.clinician)
        self.clinician.setObjectName("profile_clinician")
        self.clinician.setMaxLength(MAX_NAME)
        self.clinician.setPlaceholderText("Your physical therapist or doctor")
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setObjectName("profile_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.notes.setPlaceholderText("Earlier injuries, other sports, anything the PT should know")
        self.error = ErrorLabel()

        since_row = QHBoxLayout()
        since_row.addWidget(self.has_since)
        since_row.addWidget(self.since, 1)
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.goal, 1)
        goal_row.addWidget(self.has_goal_date)
        goal_row.addWidget(self.goal_date)
        form = QFormLayout()
        form.addRow("&Knee", self.knee)
        form.addRow("&Condition", self.condition)
        form.addRow("Where it hurts", locations)
        form.addRow("Made worse by", aggravators)
        # A row whose field is a layout gets no buddy by itself: without one the mnemonic
        # would show as a literal "&".
        since_label = QLabel("&Pain started")
        since_label.setBuddy(self.has_since)
        goal_label = QLabel("&Goal")
        goal_label.setBuddy(self.goal)
        form.addRow(since_label, since_row)
        form.addRow(goal_label, goal_row)
        form.addRow("C&linician", self.clinician)
        form.addRow("N&otes", self.notes)
        form.addRow("", self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        knee = None if initial.knee is None else initial.knee.value
        self.knee.setCurrentIndex(max(0, self.knee.findData(knee)))
        condition = None if initial.condition is None else initial.condition.value
        self.condition.setCurrentIndex(max(0, self.condition.findData(condition)))
        self.has_since.setChecked(initial.since is not None)
        self.has_goal_date.setChecked(initial.goal_date is not None)
        for box in (self.has_since, self.has_goal_date):
            box.toggled.connect(self._revalidate)
        for edit in (self.since, self.goal_date):
            edit.dateChanged.connect(self._revalidate)
        for line in (self.goal, self.clinician):
            line.textChanged.connect(self._revalidate)
        self.notes.textChanged.connect(self._revalidate)
        self._revalidate()
        self.knee.setFocus()

    @staticmethod
    def _date_field(day: dt.date, latest: dt.date | None) -> QDateEdit:
        edit = date_edit()
        edit.setDisplayFormat("d MMM yyyy")
        if latest is not None:
            # When the pain started is in the past; a goal date may be ahead.
            edit.setMaximumDate(_qdate(latest))
        edit.setDate(_qdate(day))
        return edit

    def _build(self) -> tuple[ProfileRecord | None, dict[str, str]]:
        knee, condition = self.knee.currentData(), self.condition.currentData()
        draft = ProfileRecord(
            knee=None if knee is None else Knee(knee),
            condition=None if condition is None else Condition(condition),
            pain_location=tuple(
                PainLocation(code) for code, box in self.locations.items() if box.isChecked()
            ),
            aggravated_by=tuple(
                Aggravator(code) for code, box in self.aggravators.items() if box.isChecked()
            ),
            since=_date(self.since.date()) if self.has_since.isChecked() else None,
            goal=self.goal.text().strip(),
            goal_date=_date(self.goal_date.date()) if self.has_goal_date.isChecked() else None,
            clinician=self.clinician.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )
        problems = profile_problems(draft)
        return (None if problems else draft), problems

    def _revalidate(self) -> None:
        self.since.setEnabled(self.has_since.isChecked())
        self.goal_date.setEnabled(self.has_goal_date.isChecked())
        draft, problems = self._build()
        text = "; ".join(f"{key.replace('_', ' ')}: {message}" for key, message in problems.items())
        self.error.show_problem(text or None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(draft is not None)

    def accept(self) -> None:
        draft, _problems = self._build()
        if draft is None:
            return
        self._draft = draft
        super().accept()

    def profile(self) -> ProfileRecord:
        assert self._draft is not None, "profile() is only meaningful after accept()"
        return self._draft
