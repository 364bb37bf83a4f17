"""The week and month views of the journal: a delegate paints each day's entries as small marks.

One painted cell per day, never a widget per cell: scrolling a thousand weeks costs only the
rows on screen. Each session is a line (a dot in its kind's colour, the activity and distance,
then pain during and an hour after as coloured squares), the morning check-in a line of its own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kneelog.core.codes import Activity
from kneelog.core.completeness import lacks_pain_after
from kneelog.core.plausibility import is_implausible
from kneelog.core.units import DistanceUnit
from kneelog.core.values import EntryKind, EntryRow
from kneelog.ui.qtmodels.journal_model import KIND_COLOURS, entry_title, kind_group
from kneelog.ui.qtmodels.week_model import (
    TOTALS_COLUMN,
    DateRole,
    DayRole,
    InFocusRole,
    TotalsRole,
    WeekModel,
    WeekSummary,
    entry_summary,
    totals_lines,
)

_Index = QModelIndex | QPersistentModelIndex

# Okabe-Ito, as the list's kind dots: told apart with any colour vision; the number says it too.
PAIN_COLOURS = ((2, "#009E73"), (5, "#E69F00"), (10, "#D55E00"))
WARNING_COLOUR = "#D55E00"
MISSING_COLOUR = "#E69F00"
_SHORT = {
    Activity.RUN.value: "Run",
    Activity.WALK_RUN.value: "W-run",
    Activity.WALK.value: "Walk",
    Activity.CYCLE.value: "Cycle",
    Activity.SWIM.value: "Swim",
    Activity.POOL_RUN.value: "Pool",
    Activity.ELLIPTICAL.value: "Ellip.",
    Activity.STRENGTH.value: "Str.",
}


_MIDDLE = Qt.AlignmentFlag.AlignVCenter


def pain_colour(score: int) -> QColor:
    return QColor(next(colour for top, colour in PAIN_COLOURS if score <= top))


class DayDelegate(QStyledItemDelegate):
    """Paints a day (its date, a line per entry) or a week's totals; says which line is where."""

    PADDING = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bold: QFont | None = None

    def line_height(self, option: QStyleOptionViewItem) -> int:
        return max(QFontMetrics(option.font).height(), 14) + 2

    def date_height(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).height()

    def line_at(self, rect: QRect, pos: QPoint, option: QStyleOptionViewItem) -> int:
        """Which entry line of a day cell `pos` is on (-1: the date line or below the last)."""
        offset = pos.y() - rect.top() - self.PADDING - self.date_height(option)
        return -1 if offset < 0 else offset // self.line_height(option)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(110, self.date_height(option) + 3 * self.line_height(option) + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        palette = option.palette  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        in_focus = index.column() == TOTALS_COLUMN or bool(index.data(InFocusRole))
        if selected:
            painter.fillRect(rect, palette.highlight().color().lighter(170))
        elif index.column() == TOTALS_COLUMN or not in_focus:
            painter.fillRect(rect, palette.alternateBase())
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        text_colour = palette.text().color()
        if not in_focus:
            text_colour = palette.placeholderText().color()
        inner = rect.adjusted(self.PADDING + 1, self.PADDING, -self.PADDING - 1, -self.PADDING)
        if index.column() == TOTALS_COLUMN:
            summary = index.data(TotalsRole)
            model = index.model()
            if isinstance(summary, WeekSummary) and isinstance(model, WeekModel):
                self._paint_totals(painter, option, inner, summary, model.unit, text_colour)
            return
        day: dt.date = index.data(DateRole)
        model = index.model()
        today = model.today if isinstance(model, WeekModel) else dt.date.today()
        font = QFont(option.font)  # type: ignore[attr-defined]
        # The week view's row header names the week; a calendar's first column names it.
        first_column = index.column() == 0 and isinstance(model, WeekModel) and model.month
        date_text = f"{day.day} {day:%b}" if day.day == 1 or first_column else str(day.day)
        if day == today:
            font.setBold(True)
            date_text += "  today"
        painter.setFont(font)
        painter.setPen(palette.highlight().color() if day == today else text_colour)
        date_h = self.date_height(option)
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), date_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            date_text,
        )
        painter.setFont(option.font)  # type: ignore[attr-defined]
        entries: tuple[EntryRow, ...] = index.data(DayRole) or ()
        line_h = self.line_height(option)
        room = max(0, (inner.height() - date_h) // line_h)
        shown = entries if len(entries) <= room else entries[: max(room - 1, 0)]
        top = inner.top() + date_h
        unit = model.unit if isinstance(model, WeekModel) else DistanceUnit.KM
        for entry in shown:
            line = QRect(inner.left(), top, inner.width(), line_h)
            self._paint_entry(painter, option, line, entry, unit, text_colour)
            top += line_h
        if len(shown) < len(entries):
            painter.setPen(palette.placeholderText().color())
            painter.drawText(
                QRect(inner.left(), top, inner.width(), line_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"+{len(entries) - len(shown)} more",
            )

    def _paint_entry(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        line: QRect,
        entry: EntryRow,
        unit: DistanceUnit,
        text_colour: QColor,
    ) -> None:
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        mark = line.height() - 3
        right = line.right()
        # Marks from the right: pain an hour after, pain during (sessions) or morning pain.
        if entry.kind is EntryKind.CHECKIN:
            scores: list[tuple[int | None, bool]] = [(entry.morning_pain, False)]
        else:
            scores = [(entry.pain_after, lacks_pain_after(entry)), (entry.pain_during, False)]
        for score, missing in scores:
            box = QRect(right - mark + 1, line.top() + 1, mark, mark)
            if score is not None:
                self._pain_box(painter, box, score)
            elif missing:
                painter.setPen(QPen(QColor(MISSING_COLOUR), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 2, 2)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), "?")
            right -= mark + 2
        left = line.left()
        dot = 8
        colour = KIND_COLOURS[kind_group(entry)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawEllipse(left, line.center().y() - dot // 2 + 1, dot, dot)
        left += dot + 3
        if entry.kind is EntryKind.CHECKIN:
            label = "Morning"
        else:
            label = _SHORT.get(entry.activity or "", entry_title(entry))
            if entry.distance_m:
                label += f" {unit.from_metres(entry.distance_m):.1f}"
            elif entry.duration_s:
                label += f" {round(entry.duration_s / 60)}′"
        warn = entry.kind is EntryKind.SESSION and is_implausible(
            entry.activity, entry.distance_m, entry.duration_s
        )
        text_rect = QRect(left, line.top(), max(0, right - left - 2), line.height())
        if warn:
            painter.setPen(QColor(WARNING_COLOUR))
            label = "⚠ " + label
        else:
            painter.setPen(text_colour)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width()),
        )

    @staticmethod
    def _pain_box(painter: QPainter, box: QRect, score: int) -> None:
        colour = pain_colour(score)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, 2, 2)
        painter.setPen(QColor("white") if score > 5 or score <= 2 else QColor("black"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(score))

    def _paint_totals(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        inner: QRect,
        summary: WeekSummary,
        unit: DistanceUnit,
        text_colour: QColor,
    ) -> None:
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        line_h = metrics.height()
        top = inner.top()
        for label, value in totals_lines(summary, unit):
            if top + line_h > inner.bottom() + 2:
                break
            row = QRect(inner.left(), top, inner.width(), line_h)
            painter.setPen(option.palette.placeholderText().color())  # type: ignore[attr-defined]
            painter.drawText(row, int(Qt.AlignmentFlag.AlignLeft | _MIDDLE), label)
            painter.setPen(text_colour)
            painter.drawText(row, int(Qt.AlignmentFlag.AlignRight | _MIDDLE), value)
            top += line_h


class WeekTable(QTableView):
    """A grid of days: arrows move between days, Enter or a double-click edits an entry (a
    menu chooses when the day has several), Page Up and Page Down ask for another month."""

    entry_activated = Signal(object)  # EntryRow
    page_requested = Signal(int)  # -1: earlier, +1: later (the month view)

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = DayDelegate(self)
        self.setModel(model)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.setTabKeyNavigation(False)  # Tab leaves the grid, as in the list
        # Pixel scrolling: a week row is tall, and scrolling by whole rows jumps.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TOTALS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.setHighlightSections(False)
        self.setColumnWidth(TOTALS_COLUMN, 132)
        rows = self.verticalHeader()
        rows.setHighlightSections(False)
        # One height for every row: the view then never measures rows it does not show.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(
            self.delegate.sizeHint(self.viewOptions(), QModelIndex()).height()
        )
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

    def viewOptions(self) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.initFrom(self)  # type: ignore[attr-defined]
        option.font = self.font()  # type: ignore[attr-defined]
        return option

    def week_model(self) -> WeekModel:
        model = self.model()
        assert isinstance(model, WeekModel)
        return model

    def selected_entries(self) -> list[EntryRow]:
        indexes = sorted(
            self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column())
        )
        return [entry for index in indexes for entry in (index.data(DayRole) or ())]

    def current_entries(self) -> tuple[EntryRow, ...]:
        index = self.currentIndex()
        return tuple(index.data(DayRole) or ()) if index.isValid() else ()

    def select_day(self, day: dt.date) -> bool:
        index = self.week_model().index_of_day(day)
        if not index.isValid():
            return False
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)
        return True

    def choose_entry(self, entries: tuple[EntryRow, ...], at: QPoint) -> EntryRow | None:
        """The entry to edit of a day with several: a small menu at `at` (global)."""
        menu = QMenu(self)
        model = self.week_model()
        for entry in entries:
            action = menu.addAction(entry_summary(entry, model.unit))
            action.setData(entries.index(entry))
        chosen = menu.exec(at)
        menu.deleteLater()
        return None if chosen is None else entries[int(chosen.data())]

    def _activate(self, entries: tuple[EntryRow, ...], at: QPoint) -> None:
        if len(entries) == 1:
            self.entry_activated.emit(entries[0])
        elif entries and (entry := self.choose_entry(entries, at)) is not None:
            self.entry_activated.emit(entry)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        entries: tuple[EntryRow, ...] = tuple(index.data(DayRole) or ()) if index.isValid() else ()
        if not entries:
            super().mouseDoubleClickEvent(event)
            return
        line = self.delegate.line_at(self.visualRect(index), pos, self.viewOptions())
        if 0 <= line < len(entries):
            self.entry_activated.emit(entries[line])
        else:
            self._activate(entries, event.globalPosition().toPoint())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            rect = self.visualRect(self.currentIndex())
            self._activate(self.current_entries(), self.viewport().mapToGlobal(rect.bottomLeft()))
            event.accept()
            return
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and self.receivers(self.page_requested):
            self.page_requested.emit(-1 if key == Qt.Key.Key_PageUp else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class MonthView(QWidget):
    """One month as a calendar (its weeks, with their totals), and buttons to move by month."""

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.previous = QPushButton("◀")
        self.previous.setToolTip("The month before (Page Up)")
        self.previous.setAccessibleName("Previous month")
        self.next = QPushButton("▶")
        self.next.setToolTip("The month after (Page Down)")
        self.next.setAccessibleName("Next month")
        self.this_month = QPushButton("This month")
        self.title = QLabel()
        self.title.setObjectName("month_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        for button in (self.previous, self.next):
            button.setFixedWidth(36)
        bar = QHBoxLayout()
        bar.addWidget(self.previous)
        bar.addWidget(self.title)
        bar.addWidget(self.next)
        bar.addStretch(1)
        bar.addWidget(self.this_month)
        self.table = WeekTable(model)
        self.table.setObjectName("journal_month")
        self.table.verticalHeader().setVisible(False)
        # The calendar fills the page: five or six weeks share its height.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.previous.clicked.connect(lambda: self.move_by(-1))
        self.next.clicked.connect(lambda: self.move_by(1))
        self.this_month.clicked.connect(self.show_this_month)
        self.table.page_requested.connect(self.move_by)
        if model.month is None:
            self.show_month(model.today.year, model.today.month)
        else:
            self._update_title()

    def show_month(self, year: int, month: int) -> None:
        self.model.set_month(year, month)
        self._update_title()

    def show_this_month(self) -> None:
        self.show_month(self.model.today.year, self.model.today.month)
        self.table.select_day(self.model.today)

    def move_by(self, months: int) -> None:
        year, month = self.model.month or (self.model.today.year, self.model.today.month)
        count = year * 12 + month - 1 + months
        day = (
            self.model.day_of(self.table.currentIndex())
            if self.table.currentIndex().isValid()
            else None
        )
        self.show_month(count // 12, count % 12 + 1)
        if day is not None:
            # Keep the same day of the month where it exists.
            target_year, target_month = self.model.month or (year, month)
            last = (dt.date(target_year, target_month, 28) + dt.timedelta(days=4)).replace(day=1)
            last -= dt.timedelta(days=1)
            self.table.select_day(dt.date(target_year, target_month, min(day.day, last.day)))

    def show_day(self, day: dt.date) -> None:
        if self.model.month != (day.year, day.month):
            self.show_month(day.year, day.month)
        self.table.select_day(day)

    def _update_title(self) -> None:
        year, month = self.model.month or (self.model.today.year, self.model.today.month)
        self.title.setText(f"{dt.date(year, month, 1):%B %Y}")
