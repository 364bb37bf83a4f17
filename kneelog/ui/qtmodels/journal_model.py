"""The journal table: sessions, check-ins and clinician visits as rows, newest first, in the
user's units."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from kneelog.core import (
    ACTIVITY_LABELS,
    CROSS_TRAINING,
    SYMPTOM_LABELS,
    Activity,
    DistanceUnit,
    EntryKind,
    EntryRow,
    Symptom,
    format_duration,
    format_pace,
    lacks_pain_after,
    long_date,
    unconfirmed_speed_problem,
)
from kneelog.services import EntryLines

SortRole = Qt.ItemDataRole.UserRole + 1
EntryRole = Qt.ItemDataRole.UserRole + 2
MatchRole = Qt.ItemDataRole.UserRole + 3
"""`MATCHED` when the row passes the model's `row_filter` (the journal filter), else ""."""
MATCHED = "matched"

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    KIND = 1
    DISTANCE = 2
    TIME = 3
    PACE = 4
    EFFORT = 5
    PAIN_DURING = 6
    PAIN_AFTER = 7
    MORNING_PAIN = 8
    STIFFNESS = 9
    SYMPTOMS = 10
    SHOE = 11
    NOTES = 12


HEADERS = {
    Column.DATE: "Date",
    Column.KIND: "Entry",
    Column.DISTANCE: "Distance",
    Column.TIME: "Time",
    Column.PACE: "Pace",
    Column.EFFORT: "Effort",
    Column.PAIN_DURING: "Pain during",
    Column.PAIN_AFTER: "Pain after",
    Column.MORNING_PAIN: "Morning pain",
    Column.STIFFNESS: "Stiffness",
    Column.SYMPTOMS: "Symptoms",
    Column.SHOE: "Shoe",
    Column.NOTES: "Notes",
}
HEADER_TIPS = {
    Column.EFFORT: "Session effort, 0-10 (CR-10 scale)",
    Column.PAIN_DURING: "Worst knee pain during the session, 0 = no pain, 10 = worst imaginable",
    Column.PAIN_AFTER: "Knee pain about an hour after, 0-10",
    Column.MORNING_PAIN: "Knee pain on getting up, 0-10",
    Column.STIFFNESS: "Knee stiffness on getting up, 0-10",
}
NUMERIC = {
    Column.DISTANCE,
    Column.TIME,
    Column.PACE,
    Column.EFFORT,
    Column.PAIN_DURING,
    Column.PAIN_AFTER,
    Column.MORNING_PAIN,
    Column.STIFFNESS,
}
PAIN_COLUMNS = {Column.PAIN_DURING, Column.PAIN_AFTER, Column.MORNING_PAIN, Column.STIFFNESS}


def entry_title(row: EntryRow) -> str:
    if row.kind is EntryKind.CHECKIN:
        return "Morning check-in"
    if row.kind is EntryKind.VISIT:
        return "Clinician visit"
    try:
        return ACTIVITY_LABELS[Activity(row.activity or "")]
    except ValueError:
        return row.activity or ""


def symptom_text(codes: tuple[str, ...]) -> str:
    labels = []
    for code in codes:
        try:
            labels.append(SYMPTOM_LABELS[Symptom(code)])
        except ValueError:
            labels.append(code)
    return ", ".join(labels)


# Okabe-Ito colours: told apart with any colour vision; the text says the same in words.
KIND_COLOURS = {
    "running": "#0072B2",
    "cross": "#009E73",
    "other": "#999999",
    "checkin": "#E69F00",
    "visit": "#CC79A7",
}
WARNING_COLOUR = "#b34700"  # a warning, darker than Okabe-Ito orange so it reads as text
_RUNNING = {a.value for a in Activity if a.is_running}
_CROSS = {a.value for a in CROSS_TRAINING}


def kind_group(row: EntryRow) -> str:
    if row.kind is EntryKind.CHECKIN:
        return "checkin"
    if row.kind is EntryKind.VISIT:
        return "visit"
    if row.activity in _RUNNING:
        return "running"
    return "cross" if row.activity in _CROSS else "other"


def notes_text(row: EntryRow) -> str:
    """The Notes column: a visit's summary, then its notes."""
    if row.summary:
        return f"{row.summary} — {row.notes}" if row.notes else row.summary
    return row.notes


def _dot(colour: str) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return pixmap


class JournalTableModel(QAbstractTableModel):
    """Read-only rows, newest first; the controller replaces, inserts or removes rows after
    each change."""

    def __init__(self, unit: DistanceUnit = DistanceUnit.KM, parent: Any = None) -> None:
        super().__init__(parent)
        # Kept oldest first, in the entries' own sort order; table row r is line
        # `len(lines) - 1 - r`. A line is made when first shown, so loading costs no work per row.
        self._lines = EntryLines()
        self._unit = unit
        self._dots: dict[str, QPixmap] = {}
        self.row_filter: Callable[[EntryRow], bool] | None = None
        """Set by the filter proxy while it filters; what `MatchRole` answers."""

    # --- content -------------------------------------------------------------------------

    def set_lines(self, lines: EntryLines) -> None:
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def set_rows(self, rows: Iterable[EntryRow]) -> None:
        self.set_lines(EntryLines.of_entries(rows))

    @property
    def lines(self) -> EntryLines:
        """Every entry, oldest first (the week and month views read them from here)."""
        return self._lines

    @property
    def unit(self) -> DistanceUnit:
        return self._unit

    def rows(self) -> list[EntryRow]:
        return list(self._lines)[::-1]

    def set_unit(self, unit: DistanceUnit) -> None:
        if unit is self._unit:
            return
        self._unit = unit
        if self._lines:
            self.dataChanged.emit(
                self.index(0, Column.DISTANCE), self.index(len(self._lines) - 1, Column.PACE)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.DISTANCE, Column.PACE)

    def row_of(self, kind: EntryKind, entry_id: str) -> int:
        position = self._lines.position_of(kind, entry_id)
        return -1 if position < 0 else len(self._lines) - 1 - position

    def upsert(self, entry: EntryRow) -> int:
        """Insert or replace one entry, keeping the order; returns its row number."""
        self.remove(entry.kind, entry.id)
        position = self._lines.position_for(entry)
        row = len(self._lines) - position  # newest first: counted from the end
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.insert(position, entry)
        self.endInsertRows()
        return row

    def remove(self, kind: EntryKind, entry_id: str) -> None:
        number = self.row_of(kind, entry_id)
        if number < 0:
            return
        self.beginRemoveRows(QModelIndex(), number, number)
        del self._lines[-1 - number]
        self.endRemoveRows()

    def entry_at(self, row: int) -> EntryRow:
        return self._lines[-1 - row]

    # --- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.DISTANCE:
                return f"Distance ({self._unit.value})"
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(column)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        row = self._lines[-1 - index.row()]
        if role == MatchRole:  # asked for every row while a filter is on: answered first
            return MATCHED if self.row_filter is None or self.row_filter(row) else ""
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == EntryRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.DISTANCE and (problem := unconfirmed_speed_problem(row)):
                return (
                    f"The speed is {problem} Left out of the load figures until you confirm "
                    "it in the session (double-click)."
                )
            if column is Column.PAIN_AFTER and lacks_pain_after(row):
                return "Pain an hour after not logged yet: the next-day rules read it"
            if column is Column.NOTES and (row.notes or row.summary):
                return notes_text(row)
            if column is Column.SYMPTOMS and row.symptoms:
                return symptom_text(row.symptoms)
            if column is Column.KIND and row.source:
                return f"Imported from {row.source}"
            if column is Column.KIND and row.summary:
                return row.summary
            return None
        if role == Qt.ItemDataRole.DecorationRole and column is Column.KIND:
            group = kind_group(row)
            if group not in self._dots:
                self._dots[group] = _dot(KIND_COLOURS[group])
            return self._dots[group]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.DISTANCE:
            if unconfirmed_speed_problem(row):
                return QColor(WARNING_COLOUR)
            return None
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column is Column.PAIN_AFTER
            and lacks_pain_after(row)
        ):
            return QColor(WARNING_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and column in PAIN_COLUMNS:
            value = self._sort_value(row, column)
            if isinstance(value, int) and value > 5:
                return QColor("#c0392b")
            return None
        if role == Qt.ItemDataRole.FontRole and column in PAIN_COLUMNS:
            value = self._sort_value(row, column)
            if isinstance(value, int) and value > 5:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _display(self, row: EntryRow, column: Column) -> str:
        match column:
            case Column.DATE:
                return long_date(row.date)
            case Column.KIND:
                return entry_title(row)
            case Column.DISTANCE:
                if not row.distance_m:
                    return ""
                shown = f"{self._unit.from_metres(row.distance_m):.2f}"
                if unconfirmed_speed_problem(row):
                    return f"⚠ {shown}"
                return shown
            case Column.TIME:
                return format_duration(row.duration_s)
            case Column.PACE:
                if row.activity not in ("run", "walk_run", "walk"):
                    return ""
                return format_pace(row.distance_m, row.duration_s, self._unit)
            case Column.SYMPTOMS:
                return symptom_text(row.symptoms)
            case Column.SHOE:
                return row.shoe_name or ""
            case Column.NOTES:
                return notes_text(row).replace("\n", " ")
        value = self._sort_value(row, column)
        if value is None and column is Column.PAIN_AFTER and lacks_pain_after(row):
            return "?"  # marked incomplete: a run's pain an hour after is what the rules read
        return "" if value is None else str(value)

    def _sort_value(self, row: EntryRow, column: Column) -> Any:
        # Only the asked column: sorting calls this for every comparison of a long journal.
        match column:
            case Column.DATE:
                return row.sort_key
            case Column.KIND:
                return entry_title(row)
            case Column.DISTANCE:
                return row.distance_m
            case Column.TIME:
                return row.duration_s
            case Column.PACE:
                if row.distance_m and row.duration_s:
                    return row.duration_s / row.distance_m
                return None
            case Column.EFFORT:
                return row.rpe
            case Column.PAIN_DURING:
                return row.pain_during
            case Column.PAIN_AFTER:
                return row.pain_after
            case Column.MORNING_PAIN:
                return row.morning_pain
            case Column.STIFFNESS:
                return row.morning_stiffness
            case Column.SYMPTOMS:
                return symptom_text(row.symptoms)
            case Column.SHOE:
                return row.shoe_name or ""
            case Column.NOTES:
                return notes_text(row)
