"""The Qt user interface: the only package that imports PySide6 or pyqtgraph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneelog import lazy_face

# Before any module of the package: from here on PySide6 reads no module's source to learn
# whether it uses PySide6 (kneelog.ui.pyside_features). Every name of this face needs PySide6.
from kneelog.ui import pyside_features  # noqa: F401  (its import puts the check in place)

if TYPE_CHECKING:
    from kneelog.ui.app import run_gui, selftest
    from kneelog.ui.charts_export import render_charts
    from kneelog.ui.printing import write_pdf
    from kneelog.ui.report_layout import gui_application, locale_paper

# What code outside the package may import from it. Each name is imported from its module
# on first use (PEP 562), so importing the package loads no screen and one name loads one module.
__all__ = [
    "gui_application",
    "locale_paper",
    "render_charts",
    "run_gui",
    "selftest",
    "write_pdf",
]

# Where each name lives: its module and the names it gives the face.
_MODULES = {
    "kneelog.ui.app": "run_gui selftest",
    "kneelog.ui.charts_export": "render_charts",
    "kneelog.ui.printing": "write_pdf",
    "kneelog.ui.report_layout": "gui_application locale_paper",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_face(__name__, _MODULES)
