"""PySide6's `__feature__` switches, told which modules use PySide6 without reading their source.

PySide6 replaces `__import__` so that a module may opt in to `from __feature__ import
snake_case, true_property`. As a side effect, after every import it asks whether the new module
uses PySide6 by reading the module's whole source file and searching it for "PySide6"
(`_mod_uses_pyside` in PySide6's support package): some 150 files read on the way to the filled
window, about 20 ms of the start. Most of them need no reading: KneeLog's own modules use
PySide6 exactly when they are in `kneelog.ui` (a test keeps PySide6 out of every other
package), and no module of Python's standard library uses it. Only the others are searched.

Importing this module puts the faster check in place (the `kneelog.ui` package imports it
before any of its modules).

(The answer may differ from the search's for a few KneeLog modules: a `kneelog.ui` package
without a PySide6 import of its own, a module naming PySide6 in a comment. It only says whether
a module follows a selected feature, and KneeLog selects none.)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (the check to replace comes with it)

FEATURE_MODULE = "shibokensupport.feature"
"""Where PySide6 keeps the check (6.11 here); it is also known as PySide6.support.feature."""
# Where `os` came from is the standard library's folder (a frozen bundle may not say).
_OS_FILE = getattr(os, "__file__", None)
_STDLIB = os.path.dirname(_OS_FILE) + os.sep if isinstance(_OS_FILE, str) else None
_INSTALLED = ("site-packages", "dist-packages")


def in_standard_library(module: ModuleType) -> bool:
    path = getattr(module, "__file__", None)
    return (
        _STDLIB is not None
        and isinstance(path, str)
        and path.startswith(_STDLIB)
        and not any(part in path for part in _INSTALLED)
    )


def faster_check(search: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """PySide6's `search` of a module's source, for the modules not known without it."""

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", None)
        if isinstance(name, str) and (name == "kneelog" or name.startswith("kneelog.")):
            return name.startswith("kneelog.ui.") or name == "kneelog.ui"
        if in_standard_library(module):
            return False
        return search(module)

    uses_pyside.searched = search  # type: ignore[attr-defined]
    return uses_pyside


def skip_source_scans() -> bool:
    """Put the faster check in place of PySide6's; False when this PySide6 has no such check
    (then nothing changes)."""
    feature = sys.modules.get(FEATURE_MODULE)
    search = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(search):
        return False
    if not hasattr(search, "searched"):  # not in place already
        feature._mod_uses_pyside = faster_check(search)  # type: ignore[attr-defined]
    return True


skip_source_scans()
