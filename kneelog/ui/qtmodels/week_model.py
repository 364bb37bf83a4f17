"""The journal by calendar week: a row per week, a column per day and one for the week's totals.

Rows are worked out only when shown: the weeks of a journal without a kind or text filter are a
plain date range (a twenty-year journal has over 1,000 of them), and a week's entries are found
by a binary search in the journal's lines, which the list view shares. The same model with a
fixed span and oldest week first is the month view's calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kneelog.core import (
    DistanceUnit,
    EntryKind,
    EntryRow,
    WeekTotals,
    format_duration,
    lacks_pain_after,
    percent,
    unconfirmed_speed_problem,
    week_start_of,
    week_totals,
)
from kneelog.ui.qtmodels.journal_filter import EntryFilter
from kneelog.ui.qtmodels.journal_model import JournalTableModel, entry_title, symptom_text

DayRole = Qt.ItemDataRole.UserRole + 10
"""tuple[EntryRow, ...]: the day's entries that pass the filter (check-in first)."""
DateRole = Qt.ItemDataRole.UserRole + 11
"""dt.date: the day of a day cell, the week's first day for the totals cell."""
TotalsRole = Qt.ItemDataRole.UserRole + 12
"""WeekSummary of the row (totals cell)."""
InFocusRole = Qt.ItemDataRole.UserRole + 13
"""bool: whether the day is in the month shown (always True in the week view)."""

TOTALS_COLUMN = 7
_Index = QModelIndex | QPersistentModelIndex
_WEEK = dt.timedelta(weeks=1)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """The figures at a row's end: the week's totals and its home-exercise adherence."""

    start: dt.date
    totals: WeekTotals
    adherence: float | None


@dataclass(frozen=True, slots=True)
class _Week:
    days: tuple[tuple[EntryRow, ...], ...]
    totals: WeekTotals


def pain_text(score: int | None) -> str:
    return "–" if score is None else str(score)


def entry_summary(entry: EntryRow, unit: DistanceUnit) -> str:
    """One entry in words, for tooltips and screen readers."""
    if entry.kind is EntryKind.VISIT:
        return f"Clinician visit: {entry.summary}" if entry.summary else "Clinician visit"
    if entry.kind is EntryKind.CHECKIN:
        text = (
            f"Morning check-in: pain {pain_text(entry.morning_pain)}/10, "
            f"stiffness {pain_text(entry.morning_stiffness)}/10"
        )
    else:
        parts = [entry_title(entry)]
        if entry.distance_m:
            parts.append(unit.format_distance(entry.distance_m, 2))
        if entry.duration_s:
            parts.append(format_duration(entry.duration_s))
        text = " ".join(parts) + (
            f": pain {pain_text(entry.pain_during)}/10 during, "
            f"{pain_text(entry.pain_after)}/10 an hour after"
        )
        if lacks_pain_after(entry):
            text += " (pain an hour after not logged yet)"
        if problem := unconfirmed_speed_problem(entry):
            text += (
                f"; speed {problem} Left out of the weekly figures until you confirm it in "
                "the session."
            )
    if entry.symptoms:
        text += f"; {symptom_text(entry.symptoms)}"
    return text


def hours_minutes(seconds: float) -> str:
    """A training time at a glance: "45 min", "1 h 05"."""
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d}"


def totals_lines(summary: WeekSummary, unit: DistanceUnit) -> list[tuple[str, str]]:
    """The totals cell as (label, value) lines."""
    totals = summary.totals
    mean = totals.mean_pain
    return [
        ("Running", unit.format_distance(totals.running_m)),
        ("Cross", hours_minutes(totals.cross_training_s) if totals.cross_training_s else "–"),
        ("Pain", "–" if mean is None else f"{mean:.1f}"),
        ("Exercises", percent(summary.adherence)),
    ]


TOTALS_TIP = (
    "The week's figures: running distance (runs and walk-runs), cross-training time (cycling, "
    "swimming, pool running, elliptical), the mean of every knee pain score logged (during, an "
    "hour after, mornings; 0-10) and the share of the prescribed home exercises done. Sessions "
    "with an implausible speed are left out until corrected or confirmed."
)


class WeekModel(QAbstractTableModel):
    """Weeks newest first (the week view) or a fixed span oldest first (the month calendar)."""

    def __init__(self, source: JournalTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.source = source
        self.week_start = 0  # Monday
        self.entry_filter = EntryFilter()
        self.today = dt.date.today()
        self.adherence: Callable[[dt.date], float | None] | None = None
        self._span: tuple[dt.date, dt.date] | None = None  # the month view's days
        self._focus: tuple[int, int] | None = None  # (year, month) shown in full
        # The layout: weeks listed (a kind or text filter) or a contiguous range from _top.
        self._listed: list[dt.date] | None = None
        self._top = dt.date.today()
        self._count = 0
        self._step = -_WEEK
        self._weeks: dict[dt.date, _Week] = {}
        self._summaries: dict[dt.date, WeekSummary] = {}
        source.modelReset.connect(self._source_reset)
        source.rowsInserted.connect(self._source_changed)
        source.rowsRemoved.connect(self._source_changed)
        source.dataChanged.connect(self._source_changed)
        self._lay_out()

    # --- what is shown -------------------------------------------------------------------

    def set_filter(self, entry_filter: EntryFilter) -> None:
        self.entry_filter = entry_filter
        self._reset()

    def set_week_start(self, week_start: int) -> None:
        if week_start != self.week_start:
            self.week_start = week_start
            self._reset()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, TOTALS_COLUMN - 1)

    def set_today(self, today: dt.date) -> None:
        if today != self.today:
            self.today = today
            self._reset()

    def set_adherence(self, adherence: Callable[[dt.date], float | None] | None) -> None:
        self.adherence = adherence
        self.refresh_totals()

    def refresh_totals(self) -> None:
        """The totals again (the exercise program or its logs changed)."""
        self._summaries.clear()
        if self._count:
            self.dataChanged.emit(
                self.index(0, TOTALS_COLUMN), self.index(self._count - 1, TOTALS_COLUMN)
            )

    def set_month(self, year: int, month: int) -> None:
        """Show the calendar weeks of one month, oldest first (the month view)."""
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        self._span = (first, last)
        self._focus = (year, month)
        self._reset()

    @property
    def month(self) -> tuple[int, int] | None:
        return self._focus

    @property
    def unit(self) -> DistanceUnit:
        return self.source.unit

    # --- finding weeks and days ----------------------------------------------------------

    def week_of_row(self, row: int) -> dt.date:
        if self._listed is not None:
            return self._listed[row]
        return self._top + self._step * row

    def row_of_day(self, day: dt.date) -> int:
        """The row holding `day`, or -1 when it is not shown."""
        week = week_start_of(day, self.week_start)
        if self._listed is not None:
            try:
                return self._listed.index(week)
            except ValueError:
                return -1
        row = (week - self._top) // self._step
        return row if 0 <= row < self._count else -1

    def index_of_day(self, day: dt.date) -> QModelIndex:
        row = self.row_of_day(day)
        if row < 0:
            return QModelIndex()
        return self.index(row, (day - self.week_of_row(row)).days)

    def day_of(self, index: _Index) -> dt.date:
        return self.week_of_row(index.row()) + dt.timedelta(days=min(index.column(), 6))

    def entries_at(self, index: _Index) -> tuple[EntryRow, ...]:
        if not index.isValid() or index.column() >= TOTALS_COLUMN:
            return ()
        return self._week(self.week_of_row(index.row())).days[index.column()]

    def summary_of_row(self, row: int) -> WeekSummary:
        start = self.week_of_row(row)
        summary = self._summaries.get(start)
        if summary is None:
            adherence = self.adherence(start) if self.adherence is not None else None
            summary = WeekSummary(start, self._week(start).totals, adherence)
            self._summaries[start] = summary
        return summary

    def shown_summary(self, row: int) -> WeekSummary | None:
        """The row's figures, or None for a week not begun yet (nothing to show)."""
        if self.week_of_row(row) > self.today:
            return None
        return self.summary_of_row(row)

    def in_focus(self, index: _Index) -> bool:
        """Whether the day is in the month shown (every day is, in the week view)."""
        if self._focus is None:
            return True
        day = self.day_of(index)
        return (day.year, day.month) == self._focus

    def _week(self, start: dt.date) -> _Week:
        week = self._weeks.get(start)
        if week is None:
            week = self._make_week(start)
            self._weeks[start] = week
        return week

    def _make_week(self, start: dt.date) -> _Week:
        lines = self.source.lines
        entries = [lines[position] for position in lines.span(start, start + dt.timedelta(6))]
        days: list[list[EntryRow]] = [[] for _ in range(7)]
        accepts = self.entry_filter.accepts if self.entry_filter.is_filtering else None
        for entry in entries:
            if accepts is None or accepts(entry):
                days[(entry.date - start).days].append(entry)
        return _Week(tuple(map(tuple, days)), week_totals(entries))

    # --- layout --------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """Work out the rows: a date range, or the weeks with an entry that passes the filter."""
        self._weeks.clear()
        self._summaries.clear()
        self._listed = None
        start_of = week_start_of
        if self._span is not None:
            first, last = self._span
            self._top = start_of(first, self.week_start)
            self._count = (start_of(last, self.week_start) - self._top).days // 7 + 1
            self._step = _WEEK
            return
        self._step = -_WEEK
        lines = self.source.lines
        first_day, last_day = lines.first_date(), lines.last_date()
        if first_day is None or last_day is None:
            self._count = 0
            return
        wanted = self.entry_filter
        low = max(first_day, wanted.date_from) if wanted.date_from else first_day
        high = max(last_day, self.today)
        if wanted.date_to:
            high = min(high, wanted.date_to)
        if low > high:
            self._count = 0
            return
        if wanted.picks_entries:
            weeks: set[dt.date] = set()
            for position in lines.span(low, high):
                entry = lines[position]
                if wanted.accepts(entry):
                    weeks.add(start_of(entry.date, self.week_start))
            self._listed = sorted(weeks, reverse=True)
            self._count = len(self._listed)
            return
        self._top = start_of(high, self.week_start)
        self._count = (self._top - start_of(low, self.week_start)).days // 7 + 1

    def _reset(self) -> None:
        self.beginResetModel()
        self._lay_out()
        self.endResetModel()

    def _source_reset(self) -> None:
        self._reset()

    def _source_changed(self, *_: object) -> None:
        before = (self._listed, self._top, self._count)
        self._lay_out()
        if before != (self._listed, self._top, self._count):
            # Rows came or went: the views start again from the new weeks.
            self.beginResetModel()
            self.endResetModel()
        elif self._count:
            # The same weeks: one of them changed; the views repaint what they show.
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, TOTALS_COLUMN))

    # --- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else TOTALS_COLUMN + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                if section == TOTALS_COLUMN:
                    return "Week"
                if 0 <= section < TOTALS_COLUMN:
                    return WEEKDAYS[(self.week_start + section) % 7][:3]
            if role == Qt.ItemDataRole.ToolTipRole and section == TOTALS_COLUMN:
                return TOTALS_TIP
            return None
        # The header asks for every role of a few hundred rows when it measures itself: the
        # roles shown are answered, the rest cost nothing.
        if role == Qt.ItemDataRole.DisplayRole:
            if self._span is not None or not 0 <= section < self._count:
                return None
            start = self.week_of_row(section)
            end = start + dt.timedelta(days=6)
            return f"{start.day} {start:%b}\n{end.year}"
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < self._count:
            return f"The week of {self.week_of_row(section):%A %d %B %Y}"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        column = index.column()
        if column == TOTALS_COLUMN:
            if role == TotalsRole:
                return self.shown_summary(index.row())
            if role == DateRole:
                return self.week_of_row(index.row())
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                lines = totals_lines(self.summary_of_row(index.row()), self.unit)
                return "; ".join(f"{label} {value}" for label, value in lines)
            if role == Qt.ItemDataRole.ToolTipRole:
                return TOTALS_TIP
            return None
        if role == DayRole:
            return self.entries_at(index)
        if role == DateRole:
            return self.day_of(index)
        if role == InFocusRole:
            return self.in_focus(index)
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            day = self.day_of(index)
            entries = self.entries_at(index)
            heading = f"{day:%A %d %B %Y}"
            if not entries:
                return heading if role != Qt.ItemDataRole.ToolTipRole else None
            joiner = "\n" if role == Qt.ItemDataRole.ToolTipRole else "; "
            return joiner.join([heading, *(entry_summary(e, self.unit) for e in entries)])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
