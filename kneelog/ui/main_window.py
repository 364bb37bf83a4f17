"""The main window: menus, toolbar, tabs (the journal first) in the middle, the status line below.

No logic. Other areas join the window with `add_tab(widget, title)`, which also gives each tab a
View menu entry with a Ctrl+<number> shortcut, or as a docked panel with `add_side_panel`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolBar,
    QWidget,
)

from kneelog import APP_NAME
from kneelog.ui.actions import ActionId, make_action
from kneelog.ui.icons import app_icon
from kneelog.ui.widgets.fit import ElidedLabel, fit_to_screen

if TYPE_CHECKING:
    from kneelog.ui.qtmodels.journal_model import JournalTableModel
    from kneelog.ui.widgets.journal_view import JournalView


class MainWindow(QMainWindow):
    closing = Signal()
    files_dropped = Signal(list)  # list[Path]: files and folders dropped onto the window
    changed = Signal(object)
    """A `kneelog.services.changes.Changes`: once per user change, sent by the `ChangeFeed`
    after the kept history took it in. Every screen showing the journal updates from it."""

    # Set by `furnish`.
    journal_model: JournalTableModel
    undo_stack: QUndoStack
    actions_by_id: dict[ActionId, QAction]
    journal: JournalView
    tabs: QTabWidget
    status_label: QLabel

    def __init__(
        self,
        model: JournalTableModel | None = None,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """The window frame; with a `model` also everything in it (`furnish`)."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowIcon(app_icon())
        fit_to_screen(self, 1240, 760)
        self.setAcceptDrops(True)
        self.is_furnished = False
        if model is not None:
            self.furnish(model, undo_stack if undo_stack is not None else QUndoStack())

    def furnish(self, model: JournalTableModel, undo_stack: QUndoStack) -> None:
        """Menus, toolbar, the tabs with the journal table, the status line.

        At start-up the bare frame is shown first and this follows once it is on screen: the
        journal table's modules and the actions are most of what the window costs to build.
        """
        from kneelog.ui.widgets.journal_view import JournalView

        # Kept so the controllers attached once the journal is open share them with the window.
        self.journal_model = model
        self.undo_stack = undo_stack
        self.actions_by_id = {action_id: make_action(action_id, self) for action_id in ActionId}
        self.undo_action = undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut("Ctrl+Z")
        self.redo_action = undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

        self.journal = JournalView(model)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self._build_toolbar()
        self.add_tab(self.journal, "&Journal")
        for mode_action in self.journal.mode_actions.values():
            self.view_menu.insertAction(self.view_menu_tabs_end, mode_action)
        self.view_menu.insertSeparator(self.view_menu_tabs_end)
        self.status_label = ElidedLabel()
        self.status_label.setObjectName("status_summary")
        self.statusBar().addPermanentWidget(self.status_label, 1)

        self.journal.welcome.log_session_requested.connect(
            self.action(ActionId.LOG_SESSION).trigger
        )
        self.journal.welcome.checkin_requested.connect(self.action(ActionId.CHECKIN).trigger)
        self.journal.welcome.import_requested.connect(self.action(ActionId.IMPORT).trigger)
        self.journal.welcome.profile_requested.connect(self.action(ActionId.PROFILE).trigger)
        self.action(ActionId.FIND).triggered.connect(self._focus_search)
        self.journal.selection_changed.connect(self._update_entry_actions)
        self.tabs.currentChanged.connect(self._update_entry_actions)
        self._update_entry_actions()
        self.is_furnished = True

    def action(self, action_id: ActionId) -> QAction:
        return self.actions_by_id[action_id]

    def add_tab(self, widget: QWidget, title: str) -> QAction:
        """Add a page to the central tabs; returns its View menu action (Ctrl+<position>)."""
        index = self.tabs.addTab(widget, title.replace("&", ""))
        action = QAction(f"{title}", self)
        action.setObjectName(f"action_show_tab_{index}")
        if index < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.setStatusTip(f"Show the {title.replace('&', '')} tab")
        action.triggered.connect(lambda: self.show_tab(widget))
        self.view_menu.insertAction(self.view_menu_tabs_end, action)
        return action

    def add_side_panel(self, widget: QWidget, title: str, name: str) -> QDockWidget:
        """Dock `widget` on the right, shown by default; View menu toggles it and the window's
        saved state (`saveState`, keyed by `name`) remembers where it was and whether it shows."""
        from PySide6.QtCore import Qt

        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        toggle.setText(f"{title} panel")
        toggle.setStatusTip(f"Show or hide the {title} panel")
        self.view_menu.insertAction(self.view_menu_tabs_end, toggle)
        return dock

    def show_example_banner(self, back: Callable[[], None] | None) -> None:
        """Say in the window itself that it shows example data, not the user's journal; with
        `back`, a button that returns to their own journal."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QHBoxLayout, QPushButton

        banner = QWidget()
        banner.setObjectName("example_banner")
        banner.setAutoFillBackground(True)
        banner.setStyleSheet(
            "#example_banner { background: #fff4d6; border-bottom: 1px solid #e0b040; }"
            "#example_banner QLabel { color: #3d2e00; }"
        )
        text = QLabel(
            "<b>Example data.</b> A made-up 16-week recovery story to explore: nothing you "
            "change here is saved."
        )
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(text, 1)
        if back is not None:
            button = QPushButton("Back to my journal")
            button.setObjectName("example_back")
            button.clicked.connect(back)
            layout.addWidget(button)
        bar = QToolBar("Example data")
        bar.setObjectName("example_bar")
        bar.setMovable(False)
        bar.toggleViewAction().setEnabled(False)  # never hidden: the label is the point
        bar.addWidget(banner)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.example_banner = banner

    def show_tab(self, widget: QWidget) -> None:
        """Bring forward the tab that is `widget` or holds it (the Trends view sits in a page)."""
        page: QWidget | None = widget
        while page is not None and self.tabs.indexOf(page) < 0:
            page = page.parentWidget()
        self.tabs.setCurrentWidget(page if page is not None else widget)

    def set_journal_title(self, name: str) -> None:
        self.setWindowTitle(f"{name} – {APP_NAME}")

    def _build_menus(self) -> None:
        a = self.action
        file_menu = self.menuBar().addMenu("&File")
        file_menu.setObjectName("menu_file")
        for action_id in (
            ActionId.IMPORT,
            ActionId.IMPORT_FOLDER,
            ActionId.EXPORT_JSON,
            ActionId.EXPORT_CHARTS,
        ):
            file_menu.addAction(a(action_id))
        file_menu.addSeparator()
        file_menu.addAction(a(ActionId.PROFILE))
        for action_id in (ActionId.PRINT_PREVIEW, ActionId.PRINT, ActionId.EXPORT_PDF):
            file_menu.addAction(a(action_id))
        file_menu.addSeparator()
        file_menu.addAction(a(ActionId.BACKUP_NOW))
        file_menu.addAction(a(ActionId.RESTORE_BACKUP))
        self.file_menu_end = file_menu.addSeparator()
        file_menu.addAction(a(ActionId.QUIT))
        self.file_menu = file_menu

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(a(ActionId.EDIT_ENTRY))
        edit_menu.addAction(a(ActionId.DELETE_ENTRY))
        edit_menu.addSeparator()
        edit_menu.addAction(a(ActionId.FIND))
        edit_menu.addSeparator()
        edit_menu.addAction(a(ActionId.PREFERENCES))
        edit_menu.addAction(a(ActionId.RULE_SETTINGS))
        self.edit_menu = edit_menu

        log_menu = self.menuBar().addMenu("&Log")
        log_menu.addAction(a(ActionId.LOG_SESSION))
        log_menu.addAction(a(ActionId.CHECKIN))
        log_menu.addAction(a(ActionId.LOG_VISIT))
        log_menu.addSeparator()
        for action_id in (
            ActionId.EXERCISES_TODAY,
            ActionId.PRESCRIBE,
            ActionId.APPLY_PRESET,
            ActionId.EXERCISE_LIBRARY,
            ActionId.AKPS,
        ):
            log_menu.addAction(a(action_id))
        log_menu.addSeparator()
        log_menu.addAction(a(ActionId.SHOES))
        self.log_menu = log_menu

        self.view_menu = self.menuBar().addMenu("&View")
        # Tab entries go above this separator, the toolbar toggle below it.
        self.view_menu_tabs_end = self.view_menu.addSeparator()
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(a(ActionId.USER_GUIDE))
        help_menu.addAction(a(ActionId.SHORTCUTS))
        help_menu.addSeparator()
        help_menu.addAction(a(ActionId.EXPLORE_DEMO))
        help_menu.addSeparator()
        help_menu.addAction(a(ActionId.ABOUT))
        self.help_menu = help_menu

    def _build_toolbar(self) -> None:
        from PySide6.QtCore import Qt

        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.action(ActionId.LOG_SESSION))
        toolbar.addAction(self.action(ActionId.CHECKIN))
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self.view_menu.addAction(toolbar.toggleViewAction())

    def _focus_search(self) -> None:
        self.show_tab(self.journal)
        self.journal.search.setFocus()
        self.journal.search.selectAll()

    def _update_entry_actions(self) -> None:
        # Only on the journal's tab: Delete must never remove entries the user cannot see.
        on_journal = self.tabs.currentWidget() is self.journal
        count = len(self.journal.selected_entries()) if on_journal else 0
        self.action(ActionId.EDIT_ENTRY).setEnabled(on_journal and self.journal.can_edit())
        self.action(ActionId.DELETE_ENTRY).setEnabled(count > 0)

    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
