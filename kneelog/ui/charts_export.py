"""Render the Trends charts without a window (the `kneelog charts` command) to PNG or SVG."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from kneelog.core import KneelogError
from kneelog.persistence import Database, check_output, write_private_bytes
from kneelog.services import TrendsService, trend_series
from kneelog.ui.app import make_application
from kneelog.ui.widgets.trends_view import RangePreset, TrendsView

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


def save_charts(view: TrendsView, path: Path) -> None:
    """Save the charts as shown: an SVG drawing for `.svg`, else an image in the suffix's format.

    Drawn in memory and written by KneeLog: private, atomic, and a full disk is an error naming
    the file, not a truncated image."""
    suffix = path.suffix.lower()
    data = view.svg_bytes() if suffix == ".svg" else view.image_bytes(suffix)
    write_private_bytes(path, data)


def render_charts(
    db: Database,
    output: Path,
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
    width: int = 1400,
    height: int = 1000,
    today: dt.date | None = None,
) -> Path:
    """Draw the charts of first..last (default: the whole journal to today) into `output`.

    The canvas is exactly width x height pixels (the PNG's size; the SVG's view box).
    """
    suffix = output.suffix.lower()
    if suffix not in RASTER_SUFFIXES and suffix != ".svg":
        raise KneelogError(f"{output}: write a .png or .svg file")
    if first is not None and last is not None and last < first:
        raise KneelogError(f"--to {last} is before --from {first}")
    check_output(output)  # before the drawing, not after it
    make_application(sys.argv[:1])
    service = TrendsService(db)
    view = TrendsView()
    view.set_unit(service.unit())
    view.set_series(trend_series(service.read(), today or dt.date.today(), first, last))
    view.set_preset(RangePreset.ALL)
    canvas = view.canvas
    canvas.setParent(None)
    canvas.resize(width, height)
    canvas.ensurePolished()
    QApplication.processEvents()
    try:
        save_charts(view, output)
    finally:
        canvas.deleteLater()
        view.deleteLater()
        # Delete them now, while the application lives: left to the interpreter's teardown, the
        # charts' scene items were freed after Qt's and the process died at exit (SIGSEGV).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return output
