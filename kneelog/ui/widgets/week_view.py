"""The week and month views of the journal: a delegate paints each day's entries as small marks.

One painted cell per day, never a widget per cell: scrolling a thousand weeks costs only the
rows on screen. Each session is a line (a dot in its kind's colour, the activity and distance,
then pain during and an hour after as coloured squares), the morning check-in a line of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

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
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
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

from kneelog.core import (
    Activity,
    DistanceUnit,
    EntryKind,
    EntryRow,
    lacks_pain_after,
    unconfirmed_speed_problem,
)
from kneelog.ui.qtmodels.journal_model import KIND_COLOURS, entry_title, kind_group
from kneelog.ui.qtmodels.week_model import (
    TOTALS_COLUMN,
    DayRole,
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
    Activity.CYCLE.value: "Bike",
    Activity.SWIM.value: "Swim",
    Activity.POOL_RUN.value: "Pool",
    Activity.ELLIPTICAL.value: "Ellip",
    Activity.STRENGTH.value: "Str.",
}


def pain_colour(score: int) -> QColor:
    return QColor(next(colour for top, colour in PAIN_COLOURS if score <= top))


_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_SELECTED = QStyle.StateFlag.State_Selected
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus


def _pain_box(score: int, font: QFont) -> Callable[[QPainter, QRect], None]:
    def draw(painter: QPainter, box: QRect) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pain_colour(score))
        painter.drawRoundedRect(box, 2, 2)
        painter.setFont(font)
        painter.setPen(QColor("white") if score > 5 or score <= 2 else QColor("black"))
        painter.drawText(box, _CENTRE, str(score))

    return draw


def _missing_box(font: QFont) -> Callable[[QPainter, QRect], None]:
    def draw(painter: QPainter, box: QRect) -> None:
        painter.setPen(QPen(QColor(MISSING_COLOUR), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 2, 2)
        painter.setFont(font)
        painter.drawText(box, _CENTRE, "?")

    return draw


def _dot(colour: str) -> Callable[[QPainter, QRect], None]:
    def draw(painter: QPainter, box: QRect) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(box)

    return draw


class DayDelegate(QStyledItemDelegate):
    """Paints a day (its date, a line per entry) or a week's totals; says which line is where.

    The marks (a pain score's coloured square, a kind's dot) are drawn once into small pixmaps
    and copied from then on: text and antialiased shapes are most of what painting a day costs.
    """

    PADDING = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: dict[tuple[object, ...], QPixmap] = {}
        self._metrics: tuple[QFont, int, int] | None = None
        self._measures: tuple[QFont, QFontMetrics] | None = None

    def _font_metrics(self, font: QFont) -> QFontMetrics:
        if self._measures is None or self._measures[0] != font:
            self._measures = (QFont(font), QFontMetrics(font))
        return self._measures[1]

    def _heights(self, font: QFont) -> tuple[int, int]:
        """(date line, entry line) heights for `font`."""
        if self._metrics is None or self._metrics[0] != font:
            height = QFontMetrics(font).height()
            self._metrics = (QFont(font), height, max(height, 14) + 2)
        return self._metrics[1], self._metrics[2]

    def line_height(self, option: QStyleOptionViewItem) -> int:
        return self._heights(option.font)[1]

    def date_height(self, option: QStyleOptionViewItem) -> int:
        return self._heights(option.font)[0]

    def line_at(self, rect: QRect, pos: QPoint, option: QStyleOptionViewItem) -> int:
        """Which entry line of a day cell `pos` is on (-1: the date line or below the last)."""
        offset = pos.y() - rect.top() - self.PADDING - self.date_height(option)
        return -1 if offset < 0 else offset // self.line_height(option)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(110, self.date_height(option) + 3 * self.line_height(option) + 8)

    def _mark(
        self,
        key: tuple[object, ...],
        size: QSize,
        ratio: float,
        draw: Callable[[QPainter, QRect], None],
    ) -> QPixmap:
        """The mark `key` at `size`, drawn by `draw` the first time."""
        full = (*key, size.width(), size.height(), ratio)
        pixmap = self._marks.get(full)
        if pixmap is None:
            pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(painter, QRect(0, 0, size.width(), size.height()))
            painter.end()
            self._marks[full] = pixmap
        return pixmap

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        model = index.model()
        if not isinstance(model, WeekModel):
            return
        palette = option.palette
        rect: QRect = option.rect
        state = option.state
        font: QFont = option.font
        totals = index.column() == TOTALS_COLUMN
        # The model's own methods, not index.data(): each role through Qt costs a call into
        # Python and back, and a screenful of days asks for several.
        in_focus = totals or model.in_focus(index)
        if state & _SELECTED:
            painter.fillRect(rect, palette.highlight().color().lighter(170))
        elif totals or not in_focus:
            painter.fillRect(rect, palette.alternateBase())
        if state & _HAS_FOCUS:
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        text_colour = palette.text().color() if in_focus else palette.placeholderText().color()
        inner = rect.adjusted(self.PADDING + 1, self.PADDING, -self.PADDING - 1, -self.PADDING)
        ratio = painter.device().devicePixelRatioF()
        if totals:
            summary = model.shown_summary(index.row())
            if summary is not None:
                self._paint_totals(painter, inner, summary, model.unit, palette, font)
            return
        day = model.day_of(index)
        today = model.today
        # The week view's row header names the week; a calendar's first column names it.
        first_column = index.column() == 0 and model.month is not None
        date_text = f"{day.day} {day:%b}" if day.day == 1 or first_column else str(day.day)
        date_h, line_h = self._heights(font)
        if day == today:
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(palette.highlight().color())
            date_text += "  today"
        else:
            painter.setFont(font)
            painter.setPen(text_colour)
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), date_h), _LEFT, date_text)
        entries = model.entries_at(index)
        if not entries:
            return
        room = max(0, (inner.height() - date_h) // line_h)
        shown = entries if len(entries) <= room else entries[: max(room - 1, 0)]
        top = inner.top() + date_h
        painter.setFont(font)
        for entry in shown:
            line = QRect(inner.left(), top, inner.width(), line_h)
            self._paint_entry(painter, line, entry, model.unit, text_colour, font, ratio)
            top += line_h
        if len(shown) < len(entries):
            painter.setFont(font)
            painter.setPen(palette.placeholderText().color())
            painter.drawText(
                QRect(inner.left(), top, inner.width(), line_h),
                _LEFT,
                f"+{len(entries) - len(shown)} more",
            )

    def _paint_entry(
        self,
        painter: QPainter,
        line: QRect,
        entry: EntryRow,
        unit: DistanceUnit,
        text_colour: QColor,
        font: QFont,
        ratio: float,
    ) -> None:
        mark = line.height() - 3
        box = QSize(mark, mark)
        right = line.right()
        # Marks from the right: pain an hour after, pain during (sessions) or morning pain.
        if entry.kind is EntryKind.VISIT:
            scores: list[tuple[int | None, bool]] = []
        elif entry.kind is EntryKind.CHECKIN:
            scores = [(entry.morning_pain, False)]
        else:
            scores = [(entry.pain_after, lacks_pain_after(entry)), (entry.pain_during, False)]
        for score, missing in scores:
            at = QPoint(right - mark + 1, line.top() + 1)
            if score is not None:
                painter.drawPixmap(
                    at,
                    self._mark(("pain", score), box, ratio, _pain_box(score, font)),
                )
            elif missing:
                painter.drawPixmap(at, self._mark(("missing",), box, ratio, _missing_box(font)))
            right -= mark + 1
        left = line.left()
        dot = 8
        colour = KIND_COLOURS[kind_group(entry)]
        painter.drawPixmap(
            left,
            line.center().y() - dot // 2 + 1,
            self._mark(("dot", colour), QSize(dot, dot), ratio, _dot(colour)),
        )
        left += dot + 2
        if entry.kind is EntryKind.VISIT:
            label = "Visit"
        elif entry.kind is EntryKind.CHECKIN:
            label = "Morning"
        else:
            label = _SHORT.get(entry.activity or "", entry_title(entry))
            if entry.distance_m:
                label += f" {unit.from_metres(entry.distance_m):.1f}"
            elif entry.duration_s:
                label += f" {round(entry.duration_s / 60)}′"
        warn = entry.kind is EntryKind.SESSION and bool(unconfirmed_speed_problem(entry))
        text_rect = QRect(left, line.top(), max(0, right - left - 2), line.height())
        if warn:
            painter.setPen(QColor(WARNING_COLOUR))
            label = "⚠ " + label
        else:
            painter.setPen(text_colour)
        metrics = self._font_metrics(font)
        elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, _LEFT, elided)

    def _paint_totals(
        self,
        painter: QPainter,
        inner: QRect,
        summary: WeekSummary,
        unit: DistanceUnit,
        palette: QPalette,
        font: QFont,
    ) -> None:
        painter.setFont(font)
        line_h = self._heights(font)[0]
        top = inner.top()
        for label, value in totals_lines(summary, unit):
            if top + line_h > inner.bottom() + 2:
                break
            row = QRect(inner.left(), top, inner.width(), line_h)
            painter.setPen(palette.placeholderText().color())
            painter.drawText(row, _LEFT, label)
            painter.setPen(palette.text().color())
            painter.drawText(row, _RIGHT, value)
            top += line_h


class WeekHeader(QHeaderView):
    """The week view's row header. Qt sizes a header from the contents of up to two hundred of
    its sections, each asked of the model (in Python) for every role: thousands of calls on a
    long journal, for labels that all have the same form (a week's first day, its year). One
    row is measured instead, the first: it says as much."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)

    def sizeHint(self) -> QSize:
        if self.count() == 0:
            return super().sizeHint()
        return self.sectionSizeFromContents(self.logicalIndex(0))


class WeekTable(QTableView):
    """A grid of days: arrows move between days, Enter or a double-click edits an entry (a
    menu chooses when the day has several), Page Up and Page Down ask for another month."""

    entry_activated = Signal(object)  # EntryRow
    page_requested = Signal(int)  # -1: earlier, +1: later (the month view)

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages_by_month = False  # the month view: Page Up and Down change the month
        self.delegate = DayDelegate(self)
        self.setVerticalHeader(WeekHeader(self))
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
        self.setColumnWidth(TOTALS_COLUMN, 120)
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
        option.initFrom(self)
        option.font = self.font()
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

    def activate_current(self) -> None:
        """Edit the current day's entry (a menu under the day chooses when it has several)."""
        rect = self.visualRect(self.currentIndex())
        self._activate(self.current_entries(), self.viewport().mapToGlobal(rect.bottomLeft()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate_current()
            event.accept()
            return
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and self.pages_by_month:
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
        self.table.pages_by_month = True
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
