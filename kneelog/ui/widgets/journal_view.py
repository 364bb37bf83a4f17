"""The journal view: a filter bar over the table of entries, and a welcome page while empty."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import formatting as fmt
from kneelog.core.values import EntryRow
from kneelog.ui.qtmodels.journal_filter import JournalFilterProxy, KindFilter
from kneelog.ui.qtmodels.journal_model import Column, EntryRole, JournalTableModel
from kneelog.ui.widgets.form_fields import date_edit

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


class WelcomePage(QWidget):
    """What a first-time user sees: what KneeLog does and the two things to do first."""

    log_session_requested = Signal()
    checkin_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        tip = QLabel(
            "Want to look around first? Start KneeLog with <tt>--demo</tt> to explore a "
            "16-week recovery story without touching your own journal."
        )
        tip.setWordWrap(True)
        tip.setEnabled(False)
        # A fixed-width column: word-wrapped labels with alignment flags lose their height.
        column = QWidget()
        column.setFixedWidth(580)
        column_layout = QVBoxLayout(column)
        column_layout.addWidget(title)
        column_layout.addWidget(text)
        column_layout.addSpacing(12)
        column_layout.addLayout(buttons)
        column_layout.addSpacing(12)
        column_layout.addWidget(tip)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


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
            edit.setDisplayFormat(fmt.LONG_DATE_QT)
            edit.setVisible(False)
        self.to_label = QLabel("to")
        self.to_label.setVisible(False)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search notes, symptoms, shoes…")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
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

        self.no_match = QLabel("No entries match these filters.")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.setEnabled(False)
        self.no_match.setVisible(False)

        journal_page = QWidget()
        journal_layout = QVBoxLayout(journal_page)
        journal_layout.setContentsMargins(0, 0, 0, 0)
        journal_layout.addLayout(bar)
        journal_layout.addWidget(self.table, 1)
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
        self._update_page()

    def _update_page(self) -> None:
        has_entries = self.model.rowCount() > 0
        self.stack.setCurrentIndex(1 if has_entries else 0)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else fmt.plural(total, "entry"))
        self.no_match.setVisible(has_entries and shown == 0)

    # --- selection and intents -----------------------------------------------------------

    def selected_entries(self) -> list[EntryRow]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(EntryRole) for index in sorted(rows, key=lambda i: i.row())]

    def current_entry(self) -> EntryRow | None:
        index = self.table.currentIndex()
        return index.data(EntryRole) if index.isValid() else None

    def select_source_row(self, source_row: int) -> None:
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
