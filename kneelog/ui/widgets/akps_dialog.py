"""The Kujala Anterior Knee Pain Scale form with a live score and the score history (Qt).

The 13 items come from `kneelog.core.akps`; OK is enabled only when every item is answered. On OK
the dialog emits `assessment_save_requested(AssessmentRecord)`; it never touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import (
    AKPS_ITEMS,
    AKPS_SOURCE,
    LONG_DATE_QT,
    akps_history,
    akps_partial_score,
    change_from_first,
    long_date,
    make_assessment,
)
from kneelog.ui.widgets.fit import fit_to_screen

if TYPE_CHECKING:
    from kneelog.core import AssessmentRecord


def change_text(history: Sequence[AssessmentRecord]) -> str:
    """Plain-language change from the first score, with the 10-point MCID."""
    change = change_from_first(history)
    if change is None:
        return "Fill it in every 4 weeks: a change of 10 points or more is clinically important."
    sign = "+" if change.change > 0 else ""
    text = (
        f"Change from the first score ({change.first_score} on "
        f"{long_date(change.first_date)}): {sign}{change.change} points. "
    )
    if change.improved_by_mcid:
        return text + "That is a clinically important improvement (10 points or more)."
    if change.worsened_by_mcid:
        return text + (
            "That is a clinically important worsening: see a physical therapist or "
            "sports-medicine doctor."
        )
    return text + "Less than the 10 points that count as a clinically important change."


class AkpsDialog(QDialog):
    """Fill in the AKPS; shows the running score and earlier scores."""

    assessment_save_requested = Signal(object)

    def __init__(
        self,
        history: Sequence[AssessmentRecord] = (),
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kujala Anterior Knee Pain Scale (AKPS)")
        fit_to_screen(self, 640, 720)
        self._history = akps_history(history)
        day = today or dt.date.today()

        intro = QLabel(
            "For each question, choose the answer that best describes your knee now. "
            "100 = no problems. " + f"<br><small>Source: {AKPS_SOURCE}.</small>"
        )
        intro.setWordWrap(True)
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(LONG_DATE_QT)

        self.groups: dict[str, QButtonGroup] = {}
        items_host = QWidget()
        items_layout = QVBoxLayout(items_host)
        for item in AKPS_ITEMS:
            box = QGroupBox(f"{item.number}. {item.title}")
            box_layout = QVBoxLayout(box)
            group = QButtonGroup(self)
            for index, option in enumerate(item.options):
                button = QRadioButton(option.label)
                button.setToolTip(f"{option.points} points")
                group.addButton(button, index)
                box_layout.addWidget(button)
            group.idToggled.connect(self._update_score)
            self.groups[item.key] = group
            items_layout.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(items_host)

        self.score_label = QLabel()
        self.history_table = QTableWidget(len(self._history), 3)
        self.history_table.setHorizontalHeaderLabels(["Date", "Score", "Change from first"])
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.verticalHeader().setVisible(False)
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history_table.setMaximumHeight(140)
        first = self._history[0].score if self._history else 0
        for row, assessment in enumerate(self._history):
            delta = assessment.score - first
            cells = (
                long_date(assessment.date),
                str(assessment.score),
                "—" if row == 0 else f"{'+' if delta > 0 else ''}{delta}",
            )
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, QTableWidgetItem(text))
        self.change_label = QLabel(change_text(self._history))
        self.change_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )

        top = QFormLayout()
        top.addRow("Date", self.date_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.score_label, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        if self._history:
            layout.addWidget(QLabel("<b>Earlier scores</b>"))
            layout.addWidget(self.history_table)
        layout.addWidget(self.change_label)
        layout.addLayout(bottom)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_score()

    def answers(self) -> dict[str, int]:
        """The options chosen so far: item key ("1".."13") -> option index."""
        return {
            key: group.checkedId() for key, group in self.groups.items() if group.checkedId() >= 0
        }

    def set_answers(self, answers: dict[str, int]) -> None:
        for key, index in answers.items():
            button = self.groups[key].button(index)
            if button is not None:
                button.setChecked(True)

    def is_complete(self) -> bool:
        return len(self.answers()) == len(AKPS_ITEMS)

    @Slot()
    def _update_score(self) -> None:
        points, answered = akps_partial_score(self.answers())
        total = len(AKPS_ITEMS)
        if answered == total:
            text = f"<b>Score: {points} / 100</b>"
            if self._history:
                delta = points - self._history[0].score
                text += f" ({'+' if delta > 0 else ''}{delta} from the first)"
        else:
            text = f"{points} points so far · {answered} of {total} answered"
        self.score_label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(answered == total)

    def assessment(self) -> AssessmentRecord:
        """The completed assessment; `AkpsError` if an item is unanswered."""
        qdate = self.date_edit.date()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        return make_assessment(day, self.answers())

    def accept(self) -> None:
        if not self.is_complete():
            return
        self.assessment_save_requested.emit(self.assessment())
        super().accept()
