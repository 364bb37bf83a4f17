"""Undoable journal changes: each command replays service calls from before/after snapshots."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand


class JournalCommand(QUndoCommand):
    """A change already carried out once by the controller; undo and redo replay it.

    The controller performs the first change itself so that it can report a failure to the
    user; Qt's push() calls redo() at once, which this command skips the first time.
    """

    def __init__(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()
