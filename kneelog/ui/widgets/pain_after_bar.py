"""One line above the journal asking for a run's "pain an hour after": no nagging dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget


class PainAfterBar(QFrame):
    """ "Your run on … : knee pain about an hour after? [0-10] Save · Not now"."""

    save_requested = Signal(str, int)  # session id, pain 0-10
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pain_after_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#pain_after_bar { background: #fff4d6; border: 1px solid #e0b040;"
            " border-radius: 3px; }"
            "#pain_after_bar QLabel { color: #3d2e00; }"
        )
        self.session_id = ""
        self.question = QLabel()
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.pain = QSpinBox()
        self.pain.setObjectName("pain_after_value")
        self.pain.setRange(0, 10)
        self.pain.setSuffix(" /10")
        self.pain.setToolTip(
            "Knee pain about an hour after the run: 0 = no pain, 10 = worst imaginable"
        )
        self.question.setBuddy(self.pain)
        self.save = QPushButton("Save")
        self.save.setObjectName("pain_after_save")
        self.later = QPushButton("Not now")
        self.later.setObjectName("pain_after_later")
        self.later.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.question, 1)
        layout.addWidget(self.pain)
        layout.addWidget(self.save)
        layout.addWidget(self.later)
        self.save.clicked.connect(self._save)
        self.pain.editingFinished.connect(self._save_on_enter)
        self.later.clicked.connect(self._dismiss)
        self.setVisible(False)

    def ask(self, session_id: str, what: str) -> None:
        """Ask for `what` ("your run on Thu 3 Dec, 6.7 km")'s pain an hour after."""
        self.session_id = session_id
        self.question.setText(
            f"Your {what} has no pain an hour after yet, and the next-day rules read it. "
            "Knee pain about an hour after:"
        )
        self.pain.setValue(0)
        self.setVisible(True)

    def clear(self) -> None:
        self.session_id = ""
        self.setVisible(False)

    def _save_on_enter(self) -> None:
        # Enter in the spin box saves; leaving it by Tab or a click does not.
        if self.pain.hasFocus() and self.isVisible():
            self._save()

    def _save(self) -> None:
        if self.session_id:
            session_id, self.session_id = self.session_id, ""
            self.setVisible(False)
            self.save_requested.emit(session_id, self.pain.value())

    def _dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()
