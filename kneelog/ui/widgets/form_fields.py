"""Form building blocks: optional 0-10 scales with anchors, inline error labels, symptom boxes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from kneelog.core import LOAD_KG_RANGE, SYMPTOM_LABELS, Symptom

NOT_RECORDED = -1
NOT_SET = "—"  # what an optional number box shows at its lowest value ("not recorded")


def date_edit(day: QDate | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, as every date in KneeLog is entered."""
    edit = QDateEdit(day or QDate.currentDate())
    edit.setCalendarPopup(True)
    return edit


class ScaleSpin(QSpinBox):
    """A 0-10 score that may also be left blank ("not recorded"); type a digit to set it."""

    def __init__(self, low: int = 0, high: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low = low
        self.setRange(low - 1, high)
        self.setSpecialValueText("–")
        self.setValue(low - 1)
        self.setAccelerated(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(64)

    def score(self) -> int | None:
        value = self.value()
        return None if value < self._low else value

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # From blank, a typed digit is the score itself (not appended to the dash).
        text = event.text()
        if self.score() is None and text.isdigit() and self._low <= int(text) <= self.maximum():
            self.setValue(int(text))
            self.lineEdit().end(False)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Typing replaces the old value however focus arrived (click, tab or mnemonic).
        QTimer.singleShot(0, self, self.selectAll)

    def set_score(self, value: int | None) -> None:
        self.setValue(self._low - 1 if value is None else value)


class PainScale(QWidget):
    """A pain score with its anchors, as every pain scale in KneeLog shows them."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        low: str = "no pain",
        high: str = "worst imaginable",
    ) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spin = ScaleSpin()
        self.spin.setToolTip(f"0 = {low}, 10 = {high}; leave at – if not recorded")
        anchors = QLabel(f"0 = {low} · 10 = {high}")
        anchors.setWordWrap(True)
        self.anchors = anchors
        anchors.setEnabled(False)
        layout.addWidget(self.spin)
        layout.addWidget(anchors, 1)
        self.spin.valueChanged.connect(lambda _value: self.changed.emit())
        self.setFocusProxy(self.spin)

    def score(self) -> int | None:
        return self.spin.score()

    def set_score(self, value: int | None) -> None:
        self.spin.set_score(value)


class ErrorLabel(QLabel):
    """The inline message under a field; hidden while the field is valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c0392b;")
        self.setVisible(False)

    def show_problem(self, problem: str | None) -> None:
        self.setText(f"⚠ {problem}" if problem else "")
        self.setVisible(bool(problem))


class SymptomBoxes(QWidget):
    """One check box per symptom code, in two columns."""

    changed = Signal()

    def __init__(self, symptoms: Iterable[Symptom] = tuple(Symptom), parent: Any = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(18)
        layout.setVerticalSpacing(2)
        self._boxes: dict[str, QCheckBox] = {}
        self._kept: list[str] = []  # codes without a box here (e.g. imported), kept unchanged
        for number, symptom in enumerate(symptoms):
            box = QCheckBox(SYMPTOM_LABELS[symptom])
            box.setObjectName(f"symptom_{symptom.value}")
            box.toggled.connect(lambda _on: self.changed.emit())
            layout.addWidget(box, number // 2, number % 2)
            self._boxes[symptom.value] = box

    def codes(self) -> list[str]:
        return [code for code, box in self._boxes.items() if box.isChecked()] + self._kept

    def set_codes(self, codes: Iterable[str]) -> None:
        wanted = list(codes)
        for code, box in self._boxes.items():
            box.setChecked(code in wanted)
        self._kept = [code for code in wanted if code not in self._boxes]

    def boxes(self) -> list[QCheckBox]:
        """The check boxes in reading order (for the dialog's tab order)."""
        return list(self._boxes.values())

    def box(self, code: str) -> QCheckBox:
        return self._boxes[code]


def optional_spin(maximum: int, suffix: str = "") -> QSpinBox:
    """A count from 1 to `maximum` whose lowest value, 0, stands for "not set"."""
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText(NOT_SET)
    spin.setSuffix(suffix)
    return spin


def load_spin() -> QDoubleSpinBox:
    """An added load in kg, in half-kilo steps; 0 stands for "not set"."""
    spin = QDoubleSpinBox()
    spin.setRange(LOAD_KG_RANGE[0], LOAD_KG_RANGE[1])
    spin.setSingleStep(0.5)
    spin.setDecimals(1)
    spin.setSpecialValueText(NOT_SET)
    spin.setSuffix(" kg")
    return spin
