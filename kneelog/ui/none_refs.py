"""A guard against a binding bug: PySide6 6.12 on CPython 3.11 loses a reference to None per call.

Every call of a Qt method that returns nothing drops one reference to `None` without having
taken it (the bindings treat None as immortal, which it is only from Python 3.12, PEP 683). When
the count reaches zero CPython aborts with "none_dealloc". Painting a report makes tens of
thousands of such calls. `ensure_none_refs()` holds extra references so the count never runs
out; it does nothing on Python 3.12+ or on bindings that count correctly. Remove this module
once the project requires Python 3.12 or a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QPointF

MARGIN = 200_000
"""References to keep in hand: more than any one report page or screen refresh uses."""
_held: list[None] = []
_affected: bool | None = None


def bindings_drop_none() -> bool:
    """Whether calling a void Qt method costs a reference to None here (probed once)."""
    global _affected
    if _affected is None:
        if sys.version_info >= (3, 12):
            _affected = False
        else:
            point = QPointF()
            before = sys.getrefcount(None)
            for _ in range(16):
                point.setX(0.0)
            lost = before - sys.getrefcount(None)
            _affected = lost >= 16
            _held.extend([None] * max(lost, 0))
            if _affected:
                # The held references must outlive interpreter shutdown too: freeing them then
                # would pay back references the bindings never took. So the list is never freed.
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(_held))
    return _affected


def ensure_none_refs(margin: int = MARGIN) -> None:
    """Top the reference count of None up to `margin` when the bindings are affected."""
    if not bindings_drop_none():
        return
    missing = margin - sys.getrefcount(None)
    if missing > 0:
        _held.extend([None] * missing)
