"""Keeps the Trends tab current: recomputes only the changed part, remembers the range, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kneelog.core import DistanceUnit, EntryKind, KneelogError
from kneelog.services import (
    HISTORY_KINDS,
    PROGRAM_KINDS,
    Changes,
    Derived,
    TrendInputs,
    TrendsService,
    trend_series,
)
from kneelog.ui.actions import ActionId
from kneelog.ui.charts_export import save_charts
from kneelog.ui.main_window import MainWindow
from kneelog.ui.qtmodels.journal_filter import KindFilter
from kneelog.ui.settings import AppSettings
from kneelog.ui.widgets.trends_view import RangePreset, TrendsView


class TrendsController(QObject):
    """Journal changes re-read sessions and check-ins; program changes re-read the program."""

    def __init__(
        self,
        window: MainWindow,
        view: TrendsView,
        service: TrendsService,
        settings: AppSettings,
        today: Callable[[], dt.date] = dt.date.today,
        page: QWidget | None = None,
    ) -> None:
        """`page` is the tab that holds `view` when it is not the tab itself (start-up makes
        the charts after the window is ready, inside a page that said "Loading charts…")."""
        super().__init__(window)
        self.window = window
        self.view = view
        self.page: QWidget = page if page is not None else view
        self.service = service
        self.settings = settings
        self.today = today
        self.inputs = TrendInputs()
        self._journal_stale = self._program_stale = True
        # Several signals often fire for one user action: recompute once, after them all.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        view.preset = _preset(settings.trends_range)
        view.range_changed.connect(self._remember_range)
        view.entry_activated.connect(self.show_entry)
        window.tabs.currentChanged.connect(self._tab_changed)
        window.action(ActionId.EXPORT_CHARTS).triggered.connect(self.export_charts)

    # --- refreshing ----------------------------------------------------------------------

    def apply_changes(self, changes: Changes[Any]) -> None:
        """Connected to `MainWindow.changed`: the part of the inputs the change made stale is read
        again (the journal part from the kept history, already current), when the tab shows."""
        if not changes.is_stale(Derived.TRENDS):
            return
        if changes.setting_changed("units"):
            self.view.set_unit(self.service_unit())  # redrawn in the new unit at once
        if changes.everything or any(changes.touches(kind) for kind in HISTORY_KINDS):
            self._journal_stale = True
        if changes.settings:
            self._journal_stale = True  # units, week start and thresholds are read with it
        if changes.everything or any(changes.touches(kind) for kind in PROGRAM_KINDS):
            self._program_stale = True
        self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        # Hidden charts wait until their tab is shown: on a twenty-year journal recomputing
        # them takes longer than saving the session that changed them.
        if self.window.tabs.currentWidget() is self.page:
            self._timer.start()

    def _tab_changed(self, _index: int) -> None:
        if self.window.tabs.currentWidget() is self.page and (
            self._journal_stale or self._program_stale
        ):
            self._timer.start()

    def load(self) -> None:
        """Read everything and draw (at start-up and after an import)."""
        self._journal_stale = self._program_stale = True
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        program = None
        if self._journal_stale:
            self.inputs = self.service.read_journal(self.inputs)
            self.view.set_unit(self.service_unit())
        if self._program_stale:
            self.inputs = self.service.read_program(self.inputs)
        elif self.view.series is not None:
            program = self.view.series.program  # reused only if the days did not change
        self._journal_stale = self._program_stale = False
        self.view.set_series(trend_series(self.inputs, self.today(), program=program))

    def service_unit(self) -> DistanceUnit:
        return self.service.unit()

    # --- range, entries and export -------------------------------------------------------

    def _remember_range(self, preset: str) -> None:
        self.settings.trends_range = preset

    def show_entry(self, kind: str, entry_id: str) -> None:
        """Select the entry in the journal table and bring the journal tab forward."""
        journal = self.window.journal
        row = journal.model.row_of(EntryKind(kind), entry_id)
        if row < 0:
            return
        index = journal.proxy.mapFromSource(journal.model.index(row, 0))
        if not index.isValid():
            # A journal filter hides it: show everything rather than select nothing.
            journal.search.clear()
            journal.set_kind_filter(KindFilter.ALL)
            journal.range.setCurrentIndex(journal.range.findData(None))
        self.window.show_tab(journal)
        journal.select_source_row(row)
        journal.table.setFocus()

    def export_charts(self) -> None:
        if self._journal_stale or self._program_stale:
            self.refresh()  # the charts may be waiting for their tab: export what is current
        suggested = Path(self.settings.last_folder) / f"kneelog-trends-{self.today()}.png"
        name, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Export charts",
            str(suggested),
            "PNG image (*.png);;SVG drawing (*.svg)",
        )
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
        self.settings.last_folder = str(path.parent)
        try:
            save_charts(self.view, path)
        except (KneelogError, OSError) as exc:
            QMessageBox.warning(self.window, "Export charts", f"The charts were not saved: {exc}")
            return
        self.window.statusBar().showMessage(f"Saved the charts to {path}", 8000)


def _preset(value: str) -> RangePreset:
    try:
        return RangePreset(value)
    except ValueError:
        return RangePreset.WEEKS_12
