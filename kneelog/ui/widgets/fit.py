"""Fitting windows and dialogs on small screens: sizes capped by the screen, labels that elide."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyleOption, QWidget

SMALLEST_SCREEN = QSize(1280, 720)
"""The smallest screen every window and dialog must fit (also 1920×1080 at 150 %)."""

FRAME_ALLOWANCE = QSize(16, 80)
"""Room left for the window frame, a title bar and a task bar or panel."""


def available(widget: QWidget | None = None) -> QSize:
    """The usable size of the screen `widget` is on (the primary screen otherwise)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return SMALLEST_SCREEN
    return screen.availableGeometry().size()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to `width`×`height`, or less where the screen is smaller.

    Dialogs ask for a comfortable size; on a 1366×768 laptop (or at 150 % scaling) they get
    what the screen has, and their scroll areas or tables take the difference.
    """
    room = available(widget.parentWidget() or widget) - FRAME_ALLOWANCE
    hint = widget.minimumSizeHint()
    widget.resize(
        max(min(width, room.width()), hint.width()), max(min(height, room.height()), hint.height())
    )


def make_room(window: QWidget) -> None:
    """Grow `window` (as far as the screen allows) when its content now needs more height at its
    width: a message that wraps onto more lines after the window was sized. Qt sizes a window
    from its layout's minimum, which leaves wrapped text out, so the message would be cut off."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()  # the widgets just shown or hidden count
    if not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    room = (available(window.parentWidget() or window) - FRAME_ALLOWANCE).height()
    if window.height() < needed:
        window.resize(window.width(), max(window.height(), min(needed, room)))


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" instead of widening its window.

    The whole text stays in the tooltip. Used in the status bar, whose labels would otherwise
    make the window as wide as their longest sentence.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        rect = self.contentsRect()
        # QtCore.Qt, not an imported Qt: this module loads before the first paint, and the Qt
        # namespace's hundred enums take a tenth of a bare window's start to make.
        qt = QtCore.Qt
        text = self.fontMetrics().elidedText(self.text(), qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment() | qt.AlignmentFlag.AlignVCenter),
            option.palette,
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )
        painter.end()
        event.accept()
