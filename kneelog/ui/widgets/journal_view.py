"""The journal view: a filter bar over the table of entries, and a welcome page while empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import LONG_DATE_QT, EntryRow, Knee, plural
from kneelog.ui.qtmodels.journal_filter import JournalFilterProxy, KindFilter
from kneelog.ui.qtmodels.journal_model import Column, EntryRole, JournalTableModel
from kneelog.ui.qtmodels.week_model import WeekModel
from kneelog.ui.widgets.form_fields import date_edit
from kneelog.ui.widgets.pain_after_bar import PainAfterBar
from kneelog.ui.widgets.week_view import MonthView, WeekTable


class JournalMode(StrEnum):
    """How the journal is shown: weeks (the default), a month's calendar, or the list."""

    WEEK = "week"
    MONTH = "month"
    LIST = "list"

    @property
    def label(self) -> str:
        return {"week": "&Week", "month": "&Month", "list": "&List"}[self.value]

    @property
    def shortcut(self) -> str:
        return {"week": "Ctrl+Shift+W", "month": "Ctrl+Shift+M", "list": "Ctrl+Shift+L"}[self.value]

    @property
    def tip(self) -> str:
        return {
            "week": "The journal a week per row, with each week's totals",
            "month": "The journal as a month's calendar, with each week's totals",
            "list": "The journal as a list of entries, newest first",
        }[self.value]


RANGE_PRESETS: list[tuple[str, int | None]] = [
    ("Any time", None),
    ("Last 7 days", 7),
    ("Last 4 weeks", 28),
    ("Last 12 weeks", 84),
    ("Last 12 months", 365),
    ("Custom range", -1),
]


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _column(*widgets: QWidget | QHBoxLayout | int) -> QWidget:
    """A fixed-width column, centred by the caller: word-wrapped labels with alignment flags
    lose their height, so the column has a width of its own."""
    column = QWidget()
    column.setFixedWidth(600)
    layout = QVBoxLayout(column)
    for item in widgets:
        if isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QHBoxLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return column


def _centred(column: QWidget) -> QWidget:
    page = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
    return page


def _choices(group: QButtonGroup, options: list[tuple[str, str]]) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, value in options:
        button = QRadioButton(text)
        button.setProperty("choice", value)
        group.addButton(button)
        row.addWidget(button)
    row.addStretch(1)
    return row


def _chosen(group: QButtonGroup) -> str | None:
    button = group.checkedButton()
    return None if button is None else str(button.property("choice"))


class SetupAnswers(NamedTuple):
    """The first run's three questions; None where the question was left unanswered."""

    units: str | None
    knee: str | None
    pt_exercises: bool | None


class WelcomePage(QWidget):
    """What a first-time user sees: three questions (skippable), then what KneeLog does, the
    things to do first, and the example data to explore."""

    log_session_requested = Signal()
    checkin_requested = Signal()
    import_requested = Signal()
    profile_requested = Signal()
    explore_requested = Signal()
    prescribe_requested = Signal()
    setup_answered = Signal(object)  # SetupAnswers, or None when skipped

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._start_page())
        self.pages.setCurrentIndex(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _setup_page(self) -> QWidget:
        title = QLabel("<h2>Welcome to KneeLog</h2>")
        intro = QLabel(
            "<p>Three questions, so KneeLog fits you from the first entry. You can skip them: "
            "units can be changed any time in Edit → Preferences.</p>"
        )
        intro.setWordWrap(True)
        self.units = QButtonGroup(self)
        self.knee = QButtonGroup(self)
        self.pt = QButtonGroup(self)
        units = _choices(self.units, [("Kilometres", "km"), ("Miles", "mi")])
        self.units.buttons()[0].setChecked(True)
        knee = _choices(
            self.knee, [("Left", Knee.LEFT.value), ("Right", Knee.RIGHT.value), ("Both", "both")]
        )
        pt = _choices(self.pt, [("Yes", "yes"), ("No", "no")])
        save = QPushButton("Save and continue")
        save.setObjectName("setup_save")
        save.setDefault(True)
        skip = QPushButton("Skip")
        skip.setObjectName("setup_skip")
        save.clicked.connect(self._save)
        skip.clicked.connect(lambda: self._answered(None))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(skip)
        buttons.addWidget(save)

        def question(text: str) -> QLabel:
            label = QLabel(f"<b>{text}</b>")
            label.setWordWrap(True)
            return label

        return _centred(
            _column(
                title,
                intro,
                8,
                question("Distances in"),
                units,
                question("Which knee hurts?"),
                knee,
                question("Has a physical therapist prescribed exercises for you?"),
                pt,
                12,
                buttons,
            )
        )

    def _start_page(self) -> QWidget:
        title = QLabel("<h2>Welcome to KneeLog</h2>")
        text = QLabel(
            "<p>Log your runs and cross-training with your knee pain during and after, and a "
            "ten-second check-in every morning. KneeLog turns them into a plan for tomorrow, "
            "shows pain against your running load, and prints a report for your physical "
            "therapist.</p><p>Everything stays on this computer.</p>"
        )
        text.setWordWrap(True)
        log = QPushButton("Log a session  (Ctrl+N)")
        log.setDefault(True)
        checkin = QPushButton("Morning check-in  (Ctrl+M)")
        importer = QPushButton("Import runs or a journal…")
        log.clicked.connect(self.log_session_requested)
        checkin.clicked.connect(self.checkin_requested)
        importer.clicked.connect(self.import_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (log, checkin, importer):
            buttons.addWidget(button)
        buttons.addStretch(1)
        profile = QPushButton("Your knee and your goal…")
        profile.setObjectName("welcome_profile")
        profile.setToolTip(
            "Which knee, the condition, what makes it worse and your goal: what your physical "
            "therapist asks first, printed on the report (File → Profile…)"
        )
        profile.clicked.connect(self.profile_requested)
        profile_row = QHBoxLayout()
        profile_row.addStretch(1)
        profile_row.addWidget(profile)
        profile_row.addStretch(1)
        self.prescribe = QPushButton("Add my physical therapist's exercises…")
        self.prescribe.setObjectName("welcome_prescribe")
        self.prescribe.clicked.connect(self.prescribe_requested)
        self.prescribe.setVisible(False)
        prescribe_row = QHBoxLayout()
        prescribe_row.addStretch(1)
        prescribe_row.addWidget(self.prescribe)
        prescribe_row.addStretch(1)
        explore_text = QLabel(
            "Want to look around first? Explore a made-up 16-week recovery story in its own "
            "window. Nothing in it is saved, and one click brings you back here."
        )
        explore_text.setWordWrap(True)
        self.explore = QPushButton("Explore with example data")
        self.explore.setObjectName("welcome_explore")
        self.explore.clicked.connect(self.explore_requested)
        explore_row = QHBoxLayout()
        explore_row.addStretch(1)
        explore_row.addWidget(self.explore)
        explore_row.addStretch(1)
        return _centred(
            _column(
                title, text, 12, buttons, prescribe_row, profile_row, 20, explore_text, explore_row
            )
        )

    def ask_setup(self, ask: bool) -> None:
        """Show the three questions first (a new journal not set up yet), or go straight on."""
        self.pages.setCurrentIndex(0 if ask else 1)

    @property
    def asking_setup(self) -> bool:
        return self.pages.currentIndex() == 0

    def _save(self) -> None:
        pt = _chosen(self.pt)
        self._answered(
            SetupAnswers(
                _chosen(self.units), _chosen(self.knee), None if pt is None else pt == "yes"
            )
        )

    def _answered(self, answers: SetupAnswers | None) -> None:
        self.prescribe.setVisible(answers is not None and bool(answers.pt_exercises))
        self.pages.setCurrentIndex(1)
        self.setup_answered.emit(answers)


class JournalView(QWidget):
    edit_requested = Signal(object)  # EntryRow
    delete_requested = Signal(list)  # list[EntryRow]
    selection_changed = Signal()

    def __init__(self, model: JournalTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = JournalFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.kind = QComboBox()
        for kind in KindFilter:
            self.kind.addItem(kind.label, kind.value)
        self.range = QComboBox()
        for label, days in RANGE_PRESETS:
            self.range.addItem(label, days)
        today = QDate.currentDate()
        self.date_from = date_edit(today.addDays(-28))
        self.date_to = date_edit(today)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat(LONG_DATE_QT)
            edit.setVisible(False)
        self.to_label = QLabel("to")
        self.to_label.setVisible(False)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search notes, symptoms, shoes…")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self._whole_count: int | None = None  # while the model holds the last weeks only
        self.count.setEnabled(False)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show"))
        bar.addWidget(self.kind)
        bar.addWidget(self.range)
        bar.addWidget(self.date_from)
        bar.addWidget(self.to_label)
        bar.addWidget(self.date_to)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)

        self.table = QTableView()
        self.table.setObjectName("journal_table")
        self.table.setModel(self.proxy)
        # The model keeps entries newest first, so the usual order needs no sorting (on a
        # twenty-year journal that is most of the start-up); other orders sort in the proxy.
        sort_header = self.table.horizontalHeader()
        sort_header.setSectionsClickable(True)
        sort_header.setSortIndicatorShown(True)
        sort_header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        sort_header.sortIndicatorChanged.connect(self._sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = {
            Column.DATE: 120,
            Column.KIND: 130,
            Column.DISTANCE: 95,
            Column.TIME: 70,
            Column.PACE: 80,
            Column.EFFORT: 55,
            Column.PAIN_DURING: 85,
            Column.PAIN_AFTER: 75,
            Column.MORNING_PAIN: 95,
            Column.STIFFNESS: 75,
            Column.SYMPTOMS: 170,
            Column.SHOE: 110,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit()
        )

        self.week_model = WeekModel(model, self)
        self.weeks = WeekTable(self.week_model)
        self.weeks.setObjectName("journal_weeks")
        self.weeks.verticalHeader().setFixedWidth(50)
        self.month_model = WeekModel(model, self)
        self.month = MonthView(self.month_model)
        for grid in (self.weeks, self.month.table):
            grid.entry_activated.connect(self.edit_requested)
            grid.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.views = QStackedWidget()
        self.mode = JournalMode.WEEK
        self.mode_actions: dict[JournalMode, QAction] = {}
        mode_group = QActionGroup(self)
        modes = QHBoxLayout()
        modes.setSpacing(0)
        for mode, widget in (
            (JournalMode.WEEK, self.weeks),
            (JournalMode.MONTH, self.month),
            (JournalMode.LIST, self.table),
        ):
            self.views.addWidget(widget)
            action = QAction(mode.label.replace("&", "") + " view", self)
            action.setObjectName(f"action_journal_{mode.value}")
            action.setIconText(mode.label.replace("&", ""))
            action.setCheckable(True)
            action.setShortcut(mode.shortcut)
            action.setToolTip(f"{mode.tip} ({mode.shortcut})")
            action.setStatusTip(mode.tip)
            action.triggered.connect(lambda _=False, m=mode: self.set_mode(m))
            mode_group.addAction(action)
            self.mode_actions[mode] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(f"journal_mode_{mode.value}")
            modes.addWidget(button)
        self.addActions(list(self.mode_actions.values()))
        self.mode_actions[JournalMode.WEEK].setChecked(True)
        bar.insertLayout(0, modes)
        bar.insertSpacing(1, 12)

        self.no_match = QLabel("No entries match these filters.")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.setEnabled(False)
        self.no_match.setVisible(False)

        journal_page = QWidget()
        journal_layout = QVBoxLayout(journal_page)
        journal_layout.setContentsMargins(0, 0, 0, 0)
        journal_layout.addLayout(bar)
        self.pain_after_bar = PainAfterBar()
        journal_layout.addWidget(self.pain_after_bar)
        journal_layout.addWidget(self.views, 1)
        journal_layout.addWidget(self.no_match)

        self.welcome = WelcomePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(journal_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.kind.currentIndexChanged.connect(self._apply_filter)
        self.range.currentIndexChanged.connect(self._range_changed)
        self.date_from.dateChanged.connect(self._apply_filter)
        self.date_to.dateChanged.connect(self._apply_filter)
        self.search.textChanged.connect(self._apply_filter)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_page)
        self._update_page()

    # --- sorting and filtering ---------------------------------------------------------

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if column == Column.DATE and order == Qt.SortOrder.DescendingOrder:
            self.proxy.sort(-1)
        else:
            self.proxy.sort(column, order)

    def set_kind_filter(self, kind: KindFilter) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind.value))

    def _range_changed(self) -> None:
        custom = self.range.currentData() == -1
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(custom)
        self._apply_filter()

    def _apply_filter(self) -> None:
        days = self.range.currentData()
        date_from = date_to = None
        if days == -1:
            date_from, date_to = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        elif days:
            date_from = dt.date.today() - dt.timedelta(days=days - 1)
        self.proxy.set_filter(
            date_from, date_to, KindFilter(self.kind.currentData()), self.search.text()
        )
        self.week_model.set_filter(self.proxy.entry_filter)
        self.month_model.set_filter(self.proxy.entry_filter)
        self._update_page()

    def _update_page(self) -> None:
        has_entries = self.model.rowCount() > 0
        self.stack.setCurrentIndex(1 if has_entries else 0)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if self._whole_count is not None and shown == total:
            shown = total = self._whole_count  # the journal's count, not the last weeks'
        self.count.setText(f"{shown} of {total}" if shown != total else plural(total, "entry"))
        if self.mode is JournalMode.WEEK:
            nothing = self.week_model.rowCount() == 0
        else:
            nothing = shown == 0 and self.mode is JournalMode.LIST
        self.no_match.setVisible(has_entries and nothing)

    # --- modes ---------------------------------------------------------------------------

    def set_mode(self, mode: JournalMode) -> None:
        """Show the journal as weeks, a month or the list; the selection follows where it can."""
        day = self._current_day()
        self.mode = mode
        self.mode_actions[mode].setChecked(True)
        widget = {
            JournalMode.WEEK: self.weeks,
            JournalMode.MONTH: self.month,
            JournalMode.LIST: self.table,
        }[mode]
        self.views.setCurrentWidget(widget)
        if day is not None:
            self._show_day(day)
        self._update_page()
        self.selection_changed.emit()

    def set_week_start(self, week_start: int) -> None:
        """0 = weeks start on Monday, 6 = on Sunday (the journal's setting)."""
        self.week_model.set_week_start(week_start)
        self.month_model.set_week_start(week_start)

    def set_whole_count(self, count: int | None) -> None:
        """How many entries the whole journal has while the model holds its last weeks only
        (start-up), or None once it holds them all."""
        self._whole_count = count
        self._update_page()

    def set_today(self, today: dt.date) -> None:
        before = self.month_model.today
        self.week_model.set_today(today)
        self.month_model.set_today(today)
        # The calendar follows the clock unless the user has gone to another month.
        if self.month_model.month == (before.year, before.month):
            self.month.show_month(today.year, today.month)

    def set_adherence(self, adherence: Callable[[dt.date], float | None]) -> None:
        """Where the week rows' exercise adherence comes from (a week's first day: 0-1)."""
        self.week_model.set_adherence(adherence)
        self.month_model.set_adherence(adherence)

    def refresh_totals(self) -> None:
        self.week_model.refresh_totals()
        self.month_model.refresh_totals()

    def grid(self) -> WeekTable | None:
        """The week or month grid shown, or None for the list."""
        if self.mode is JournalMode.WEEK:
            return self.weeks
        if self.mode is JournalMode.MONTH:
            return self.month.table
        return None

    def _current_day(self) -> dt.date | None:
        grid = self.grid()
        if grid is None:
            entry = self.current_entry()
            return None if entry is None else entry.date
        index = grid.currentIndex()
        if not index.isValid() or index.column() >= 7:
            return None
        return grid.week_model().day_of(index)

    def _show_day(self, day: dt.date) -> None:
        if self.mode is JournalMode.WEEK:
            self.weeks.select_day(day)
        elif self.mode is JournalMode.MONTH:
            self.month.show_day(day)

    # --- selection and intents -----------------------------------------------------------

    def selected_entries(self) -> list[EntryRow]:
        if (grid := self.grid()) is not None:
            return grid.selected_entries()
        rows = self.table.selectionModel().selectedRows()
        return [index.data(EntryRole) for index in sorted(rows, key=lambda i: i.row())]

    def current_entry(self) -> EntryRow | None:
        if (grid := self.grid()) is not None:
            entries = grid.current_entries()
            return entries[0] if entries else None
        index = self.table.currentIndex()
        return index.data(EntryRole) if index.isValid() else None

    def edit_current(self) -> None:
        """Edit → Edit entry: the current entry (in a week or month, the day's; a menu chooses
        when it has several)."""
        if (grid := self.grid()) is not None:
            grid.activate_current()
        elif (entry := self.current_entry()) is not None:
            self.edit_requested.emit(entry)

    def can_edit(self) -> bool:
        """Whether there is one entry to edit (or, in a week or month, a day with entries)."""
        if (grid := self.grid()) is not None:
            return bool(grid.current_entries())
        return len(self.selected_entries()) == 1

    def select_source_row(self, source_row: int) -> None:
        if self.grid() is not None:
            if 0 <= source_row < self.model.rowCount():
                self._show_day(self.model.entry_at(source_row).date)
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_requested.emit(index.data(EntryRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if (entry := self.current_entry()) is not None:
                    self.edit_requested.emit(entry)
                return True
        return super().eventFilter(watched, event)
