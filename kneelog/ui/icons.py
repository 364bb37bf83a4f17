"""Icons: the application icon from resources/app, theme icons with a style fallback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kneelog.paths import resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle


def app_icon_path() -> str:
    return str(resources_dir() / "app" / "kneelog.svg")


def app_icon() -> QIcon:
    """The application icon; none when the resources are missing (selftest reports that)."""
    path = app_icon_path()
    # QIcon warns on stderr about a file it cannot open: do not ask it to.
    return QIcon(path) if Path(path).is_file() else QIcon()


def bundled(name: str) -> QIcon:
    """One of KneeLog's own icons from resources/icons; an unknown name is a programming error."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists():
        raise FileNotFoundError(f"no icon {name!r} in {path.parent}")
    return QIcon(str(path))


def themed(name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    """A freedesktop theme icon where the desktop has one, else the style's own."""
    return QIcon.fromTheme(name, QApplication.style().standardIcon(fallback))
