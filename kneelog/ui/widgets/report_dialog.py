"""The report dialog: the period, the sections, the runner's notes for the PT and the paper size."""

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
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import LONG_DATE_QT
from kneelog.services import Paper, ReportOptions, ReportSection
from kneelog.ui.widgets.fit import fit_to_screen


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ReportDialog(QDialog):
    """Pick what goes in the report; `options()` reads the choice. `action_text` names the button
    that accepts ("Preview", "Print…", "Save PDF…")."""

    def __init__(
        self,
        initial: ReportOptions,
        last_visit: dt.date | None,
        today: dt.date,
        action_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Progress report for your physical therapist")
        self.setObjectName("report_dialog")
        self._today = today
        self._last_visit = last_visit

        self.first = QDateEdit(_qdate(initial.first))
        self.last = QDateEdit(_qdate(initial.last))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(LONG_DATE_QT)
        self.first.setObjectName("report_first")
        self.last.setObjectName("report_last")
        presets = QHBoxLayout()
        self.presets: dict[str, QPushButton] = {}
        for key, text, handler in (
            ("since_visit", "Since the last visit", self._use_since_visit),
            ("weeks_4", "Last 4 weeks", lambda: self._use_weeks(4)),
            ("weeks_12", "Last 12 weeks", lambda: self._use_weeks(12)),
        ):
            button = QPushButton(text)
            button.setObjectName(f"report_period_{key}")
            button.setAutoDefault(False)
            button.clicked.connect(handler)
            presets.addWidget(button)
            self.presets[key] = button
        since = self.presets["since_visit"]
        if last_visit is None:
            since.setEnabled(False)
            since.setToolTip("No clinician visit is recorded yet (Log → Clinician visit…)")
        else:
            since.setToolTip(
                f"From the visit on {last_visit:%a} {last_visit.day} {last_visit:%b %Y}"
            )
        presets.addStretch(1)

        self.sections: dict[ReportSection, QCheckBox] = {}
        grid = QGridLayout()
        for index, section in enumerate(ReportSection):
            box = QCheckBox(section.heading)
            box.setObjectName(f"report_section_{section.value}")
            box.setChecked(section in initial.sections)
            self.sections[section] = box
            grid.addWidget(box, index // 2, index % 2)
        sections = QGroupBox("Sections")
        sections.setLayout(grid)

        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setObjectName("report_notes")
        self.notes.setPlaceholderText(
            "How it has been going, and your questions for the physical therapist"
        )
        self.notes.setTabChangesFocus(True)
        self.paper = QComboBox()
        self.paper.setObjectName("report_paper")
        for paper in Paper:
            self.paper.addItem(paper.label, paper.value)
        self.paper.setCurrentIndex(max(0, self.paper.findData(initial.paper.value)))

        form = QFormLayout()
        form.addRow("&From", self.first)
        form.addRow("&To", self.last)
        form.addRow("", presets)
        custom = QLabel("Or pick any dates above for a custom period.")
        custom.setObjectName("report_custom_hint")
        custom.setEnabled(False)
        form.addRow("", custom)
        form.addRow("&Paper", self.paper)
        self.problem = QLabel()
        self.problem.setObjectName("report_problem")
        self.problem.setStyleSheet("color: #c0392b")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(action_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        notes_label = QLabel("&Notes and questions for the physical therapist")
        notes_label.setBuddy(self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(sections)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.first.dateChanged.connect(self._check)
        self.last.dateChanged.connect(self._check)
        for box in self.sections.values():
            box.toggled.connect(self._check)
        self._check()
        fit_to_screen(self, 560, 520)

    def _use_since_visit(self) -> None:
        if self._last_visit is None:
            return
        self.first.setDate(_qdate(self._last_visit))
        self.last.setDate(_qdate(self._today))

    def _use_weeks(self, weeks: int) -> None:
        self.last.setDate(_qdate(self._today))
        self.first.setDate(_qdate(self._today - dt.timedelta(weeks=weeks, days=-1)))

    def _check(self) -> None:
        problem = ""
        if self.last.date() < self.first.date():
            problem = "The period ends before it starts."
        self.problem.setText(problem)
        self.ok.setEnabled(not problem)

    def options(self) -> ReportOptions:
        return ReportOptions(
            first=_pydate(self.first.date()),
            last=_pydate(self.last.date()),
            sections=frozenset(s for s, box in self.sections.items() if box.isChecked()),
            notes=self.notes.toPlainText().strip(),
            paper=Paper(self.paper.currentData()),
        )
