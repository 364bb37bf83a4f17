"""Help → User guide (the guide's markdown, shown in the app) and Help → Keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kneelog.paths import resources_dir

GUIDE_FILE = "user-guide.md"


def user_guide_text() -> str:
    """The user guide's markdown (a resource shipped with the program)."""
    return (resources_dir() / GUIDE_FILE).read_text(encoding="utf-8")


class UserGuideDialog(QDialog):
    """The user guide in a browser that follows its links and scrolls with the keyboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("KneeLog user guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("user_guide")
        self.browser.setOpenExternalLinks(False)  # no network: nothing leaves the computer
        self.browser.setMarkdown(user_guide_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) for every menu action that has a shortcut, in menu order,
    read from the actions themselves so the list is never out of date."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if (sub := action.menu()) is not None and isinstance(sub, QMenu):
                walk(sub, f"{title} → {action.text().replace('&', '')}")
                continue
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys and not action.isSeparator():
                rows.append((title, _plain(action), ", ".join(keys)))

    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, top.text().replace("&", ""))
    return rows


def _plain(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


# Keys that work inside the journal's views and dialogs rather than through a menu.
VIEW_KEYS = (
    ("Journal", "Move between days (Week and Month)", "Arrow keys"),
    ("Journal", "Edit the entry (a menu chooses when a day has several)", "Enter"),
    ("Journal", "The month before / after (Month)", "Page Up / Page Down"),
    ("Today's exercises", "Tick an exercise done", "Space"),
    ("Today's exercises", "Set its pain (0-9)", "Digit"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [*shortcut_rows(menu_bar), *VIEW_KEYS]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcuts_table")
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 620)
