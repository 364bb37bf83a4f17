"""The Trends tab's page: says "Loading charts…" until the charts (and pyqtgraph) are built."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

LOADING_TEXT = "Loading charts…"


class ChartsPage(QStackedWidget):
    """Holds the Trends view once it is made; until then a short message.

    At start-up the journal and the Tomorrow panel are filled first and the charts just after,
    so the useful window does not wait for pyqtgraph. `needed` is called when the page is shown
    before its charts are there: they are made right after the message is painted.
    """

    def __init__(self, needed: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.setObjectName("charts_page")
        self.loading = QLabel(LOADING_TEXT)
        self.loading.setObjectName("charts_loading")
        self.loading.setMargin(24)
        self.addWidget(self.loading)
        self.view: QWidget | None = None
        self._needed = needed

    def set_view(self, view: QWidget) -> None:
        """Show `view` (the Trends view) in place of the message, for good."""
        self.view = view
        self.addWidget(view)
        self.setCurrentWidget(view)
        self.removeWidget(self.loading)
        self.loading.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.view is None and self._needed is not None:
            QTimer.singleShot(0, self._needed)
