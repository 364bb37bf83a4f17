"""The Exercises tab: today's checklist, the program, adherence, progression and the AKPS (Qt).

A passive view: the controller hands it plain values (`ProgramRow`, `AdherenceRow`,
`ProgressionRow`, assessments) and listens to its intent signals; it never touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import Adherence, DueItem, ExerciseLibrary, count_of, long_date, percent
from kneelog.ui.widgets.today_checklist import TodayChecklist

if TYPE_CHECKING:
    from kneelog.core import AssessmentRecord, ExerciseLogRecord

IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ProgramRow:
    """One prescription as the program table shows it."""

    id: str
    exercise: str
    dose: str
    per_week: int
    start: dt.date
    end: dt.date | None
    status: str
    """"Active", "Planned", "Paused" or "Ended"."""


@dataclass(frozen=True)
class AdherenceRow:
    exercise: str
    this_week: Adherence | None
    last_4_weeks: Adherence | None


@dataclass(frozen=True)
class ProgressionRow:
    exercise: str
    sessions: int
    first: str
    latest: str
    latest_pain: int | None


def adherence_text(figure: Adherence | None) -> str:
    """E.g. "80% (4 of 5)"; the pro-rated amount due mid-week (2.6) shows as a whole number."""
    if figure is None or figure.ratio is None:
        return "—"
    return f"{percent(figure.ratio)} ({count_of(figure.done, figure.prescribed)})"


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # even rows; the full text is in each cell's tooltip
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], ids: Sequence[str] = ()) -> None:
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if ids:
                item.setData(IdRole, ids[row])
            table.setItem(row, column, item)


class ProgramTable(QTableWidget):
    """The prescriptions; Enter or a double click edits the current one."""

    edit_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.edit_requested.emit(str(item.data(IdRole)))
            return
        super().keyPressEvent(event)


class ExercisesTab(QWidget):
    """Everything about the home-exercise program on one page."""

    log_requested = Signal(object)
    """An unsaved `ExerciseLogRecord` from today's checklist."""
    log_edit_requested = Signal(object, object)
    """(stored log, changed log) from a checklist row's "Edit…"."""
    add_requested = Signal()
    edit_requested = Signal(str)
    pause_requested = Signal(str, bool)
    """(prescription id, pause) — False resumes."""
    end_requested = Signal(str)
    remove_requested = Signal(str)
    preset_requested = Signal()
    library_requested = Signal()
    akps_requested = Signal()

    def __init__(self, library: ExerciseLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exercises_tab")
        self._library = library
        self._statuses: dict[str, str] = {}

        # --- the gentle AKPS reminder (a banner, never a popup)
        self.reminder_banner = QFrame()
        self.reminder_banner.setObjectName("akps_reminder")
        self.reminder_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.reminder_banner.setStyleSheet(
            "#akps_reminder { background: palette(alternate-base); border-radius: 4px; }"
        )
        self.reminder_label = QLabel()
        self.reminder_label.setWordWrap(True)
        self.reminder_button = QPushButton("Fill it in now…")
        banner_layout = QHBoxLayout(self.reminder_banner)
        banner_layout.addWidget(self.reminder_label, 1)
        banner_layout.addWidget(self.reminder_button)
        self.reminder_banner.hide()

        # --- today
        self.checklist = TodayChecklist(library)
        today_box = QGroupBox("Today")
        QVBoxLayout(today_box).addWidget(self.checklist)

        # --- the program
        self.program_table = ProgramTable(0, 6)
        self.program_table.setHorizontalHeaderLabels(
            ["Exercise", "Dose", "Days/week", "Start", "End", "Status"]
        )
        self.program_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.program_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.program_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.program_table.verticalHeader().setVisible(False)
        self.program_table.setAlternatingRowColors(True)
        header = self.program_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("Ed&it…")
        self.pause_button = QPushButton("&Pause")
        self.end_button = QPushButton("E&nd")
        self.remove_button = QPushButton("Re&move")
        self.preset_button = QPushButton("Apply pre&set…")
        self.library_button = QPushButton("Exercise librar&y…")
        self.end_button.setToolTip("Stop this exercise after today; it stays in the history")
        self.remove_button.setToolTip("Remove it from the program (its logs are kept)")
        self.pause_button.setToolTip("Nothing is due while an exercise is paused")
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.pause_button,
            self.end_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # A second row: seven buttons on one line made the tab wider than a 1366-pixel laptop.
        more = QHBoxLayout()
        more.addWidget(self.preset_button)
        more.addWidget(self.library_button)
        more.addStretch(1)
        program_box = QGroupBox("Program")
        program_layout = QVBoxLayout(program_box)
        program_layout.addWidget(self.program_table, 1)
        program_layout.addLayout(buttons)
        program_layout.addLayout(more)

        # --- adherence
        self.adherence_label = QLabel()
        self.adherence_label.setWordWrap(True)
        self.adherence_table = _table(["Exercise", "This week", "Last 4 weeks"])
        adherence_box = QGroupBox("Adherence")
        adherence_layout = QVBoxLayout(adherence_box)
        adherence_layout.addWidget(self.adherence_label)
        adherence_layout.addWidget(self.adherence_table, 1)

        # --- progression
        self.progression_table = _table(["Exercise", "Sessions", "First", "Latest", "Pain"])
        progression_box = QGroupBox("Progression")
        QVBoxLayout(progression_box).addWidget(self.progression_table)

        # --- the knee questionnaire
        self.akps_table = _table(["Date", "Score", "Change"])
        # The date is the widest cell: it gets its room, the short change column the rest.
        akps_header = self.akps_table.horizontalHeader()
        akps_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        akps_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.akps_change_label = QLabel()
        self.akps_change_label.setWordWrap(True)
        self.akps_button = QPushButton("Fill in the &knee questionnaire…")
        akps_box = QGroupBox("Knee questionnaire (Kujala AKPS)")
        akps_layout = QVBoxLayout(akps_box)
        akps_layout.addWidget(self.akps_table, 1)
        akps_layout.addWidget(self.akps_change_label)
        akps_layout.addWidget(self.akps_button)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(today_box)
        top.addWidget(program_box)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        for box in (adherence_box, progression_box, akps_box):
            bottom.addWidget(box)
        # The exercise names need the room; the questionnaire's three short columns do not.
        bottom.setStretchFactor(0, 4)
        bottom.setStretchFactor(1, 6)
        bottom.setStretchFactor(2, 2)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(bottom)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        self.splitters = (top, bottom, body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reminder_banner)
        layout.addWidget(body, 1)

        self.checklist.log_requested.connect(self.log_requested)
        self.checklist.edit_requested.connect(self.log_edit_requested)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit_current)
        self.program_table.edit_requested.connect(self.edit_requested)
        self.program_table.cellDoubleClicked.connect(self._edit_current)
        self.pause_button.clicked.connect(self._pause_current)
        self.end_button.clicked.connect(self._end_current)
        self.remove_button.clicked.connect(self._remove_current)
        self.preset_button.clicked.connect(self.preset_requested)
        self.library_button.clicked.connect(self.library_requested)
        self.akps_button.clicked.connect(self.akps_requested)
        self.reminder_button.clicked.connect(self.akps_requested)
        self.program_table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- filling ---------------------------------------------------------------------------

    def set_today(
        self, day: dt.date, items: Sequence[DueItem], logs: Sequence[ExerciseLogRecord] = ()
    ) -> None:
        self.checklist.set_items(day, items, logs)

    def set_program(self, rows: Sequence[ProgramRow]) -> None:
        """Show the program, keeping the current prescription selected when it is still there."""
        current = self.current_prescription_id()
        self._statuses = {row.id: row.status for row in rows}
        _fill(
            self.program_table,
            [
                (
                    self._library.name_of(row.exercise),
                    row.dose,
                    str(row.per_week),
                    long_date(row.start),
                    long_date(row.end) if row.end else "—",
                    row.status,
                )
                for row in rows
            ],
            [row.id for row in rows],
        )
        for index, row in enumerate(rows):
            if row.status in ("Ended", "Paused"):
                for column in range(self.program_table.columnCount()):
                    if (cell := self.program_table.item(index, column)) is not None:
                        cell.setForeground(self.palette().placeholderText())
        if current is not None:
            self.select_prescription(current)
        self._update_buttons()

    def set_adherence(self, summary: str, rows: Sequence[AdherenceRow]) -> None:
        self.adherence_label.setText(summary)
        _fill(
            self.adherence_table,
            [
                (
                    self._library.name_of(row.exercise),
                    adherence_text(row.this_week),
                    adherence_text(row.last_4_weeks),
                )
                for row in rows
            ],
        )

    def set_progression(self, rows: Sequence[ProgressionRow]) -> None:
        _fill(
            self.progression_table,
            [
                (
                    self._library.name_of(row.exercise),
                    str(row.sessions),
                    row.first,
                    row.latest,
                    "—" if row.latest_pain is None else f"{row.latest_pain}/10",
                )
                for row in rows
            ],
        )

    def set_akps(self, history: Sequence[AssessmentRecord], change: str, reminder: str) -> None:
        """The AKPS history (oldest first), the change from the first, and a reminder or ""."""
        first = history[0].score if history else 0
        _fill(
            self.akps_table,
            [
                (
                    long_date(assessment.date),
                    f"{assessment.score}/100",
                    "—" if index == 0 else f"{assessment.score - first:+d}",
                )
                for index, assessment in enumerate(history)
            ],
        )
        self.akps_change_label.setText(change)
        self.reminder_label.setText(reminder)
        self.reminder_banner.setVisible(bool(reminder))

    # --- selection -------------------------------------------------------------------------

    def current_prescription_id(self) -> str | None:
        row = self.program_table.currentRow()
        item = self.program_table.item(row, 0) if row >= 0 else None
        return None if item is None else str(item.data(IdRole))

    def select_prescription(self, prescription_id: str) -> None:
        for row in range(self.program_table.rowCount()):
            item = self.program_table.item(row, 0)
            if item is not None and item.data(IdRole) == prescription_id:
                self.program_table.selectRow(row)
                return

    @Slot()
    def _update_buttons(self) -> None:
        current = self.current_prescription_id()
        status = self._statuses.get(current or "")
        selected = current is not None and self.program_table.selectionModel().hasSelection()
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)
        self.pause_button.setEnabled(selected and status in ("Active", "Planned", "Paused"))
        self.pause_button.setText("&Resume" if status == "Paused" else "&Pause")
        self.end_button.setEnabled(selected and status in ("Active", "Paused"))

    def _selected(self) -> str | None:
        if not self.program_table.selectionModel().hasSelection():
            return None
        return self.current_prescription_id()

    @Slot()
    def _edit_current(self) -> None:
        if (prescription_id := self._selected()) is not None:
            self.edit_requested.emit(prescription_id)

    @Slot()
    def _pause_current(self) -> None:
        if (prescription_id := self._selected()) is not None:
            self.pause_requested.emit(prescription_id, self._statuses[prescription_id] != "Paused")

    @Slot()
    def _end_current(self) -> None:
        if (prescription_id := self._selected()) is not None:
            self.end_requested.emit(prescription_id)

    @Slot()
    def _remove_current(self) -> None:
        if (prescription_id := self._selected()) is not None:
            self.remove_requested.emit(prescription_id)
