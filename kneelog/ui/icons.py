"""Icons: the application icon from resources/app, theme icons with a style fallback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kneelog.paths import resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle


def app_icon_path() -> str:
    return str(resources_dir() / "app" / "kneelog.svg")


def app_icon() -> QIcon:
    return QIcon(app_icon_path())


def bundled(name: str) -> QIcon:
    """One of KneeLog's own icons from resources/icons; an unknown name is a programming error."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists():
        raise FileNotFoundError(f"no icon {name!r} in {path.parent}")
    return QIcon(str(path))


def themed(name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    """A freedesktop theme icon where the desktop has one, else the style's own."""
    return QIcon.fromTheme(name, QApplication.style().standardIcon(fallback))
