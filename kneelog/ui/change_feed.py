"""The one way a change reaches the screens: the shared history first, then the window's signal.

Every user change (a save, a delete, an undo, an import, a restore) ends in `ChangeFeed.publish`
with the change set its service call returned. The feed brings the history kept for the table,
the rules and the charts up to date from it, then emits `MainWindow.changed` once; so the screens
that listen may hear in any order, and none of them reads back what was just written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kneelog.services import Changes, KeptHistory
    from kneelog.ui.main_window import MainWindow


class ChangeFeed:
    """Owns the journal's kept history for the window: nobody else changes it."""

    def __init__(self, window: MainWindow, history: KeptHistory) -> None:
        self.window = window
        self.history = history

    def publish(self, changes: Changes[Any]) -> None:
        if changes.is_empty:
            return
        self.history.apply(changes)
        self.window.changed.emit(changes)
