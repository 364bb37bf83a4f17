"""Filtering and sorting the journal table: date range, kind of entry and free text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from kneelog.core import EntryKind, EntryRow
from kneelog.ui.qtmodels.journal_model import (
    EntryRole,
    SortRole,
    entry_title,
    kind_group,
    symptom_text,
)


class KindFilter(StrEnum):
    ALL = "all"
    RUNS = "runs"
    CROSS_TRAINING = "cross"
    OTHER = "other"
    CHECKINS = "checkins"
    VISITS = "visits"
    NO_PAIN_SCORES = "no_pain"

    @property
    def label(self) -> str:
        return {
            "all": "All entries",
            "runs": "Runs and walk-runs",
            "cross": "Cross-training",
            "other": "Walks, strength, other",
            "checkins": "Morning check-ins",
            "visits": "Clinician visits",
            "no_pain": "Imported runs without pain scores",
        }[self.value]


def kind_matches(row: EntryRow, kind: KindFilter) -> bool:
    if kind is KindFilter.ALL:
        return True
    if kind is KindFilter.CHECKINS:
        return row.kind is EntryKind.CHECKIN
    if kind is KindFilter.VISITS:
        return row.kind is EntryKind.VISIT
    if row.kind is not EntryKind.SESSION:
        return False
    if kind is KindFilter.NO_PAIN_SCORES:
        # Runs only: the rules read knee pain from runs and walk-runs. Imported: a file gave the
        # figures, so only the pain is missing; a hand-logged run without pain was a choice.
        return (
            bool(row.source)
            and kind_group(row) == "running"
            and row.pain_during is None
            and row.pain_after is None
        )
    group = kind_group(row)
    return {
        KindFilter.RUNS: "running",
        KindFilter.CROSS_TRAINING: "cross",
        KindFilter.OTHER: "other",
    }[kind] == group


@dataclass(frozen=True)
class EntryFilter:
    """What the journal shows: a date range, a kind of entry and words to find (all must match).

    One value shared by the list (`JournalFilterProxy`) and the week and month views.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: KindFilter = KindFilter.ALL
    words: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        kind: KindFilter = KindFilter.ALL,
        text: str = "",
    ) -> EntryFilter:
        return cls(date_from, date_to, kind, tuple(text.casefold().split()))

    @property
    def is_filtering(self) -> bool:
        return bool(self.date_from or self.date_to or self.kind is not KindFilter.ALL or self.words)

    @property
    def picks_entries(self) -> bool:
        """Whether it filters by more than dates (a kind or words): then whole weeks may hold
        nothing to show."""
        return self.kind is not KindFilter.ALL or bool(self.words)

    def accepts(self, row: EntryRow) -> bool:
        if self.date_from and row.date < self.date_from:
            return False
        if self.date_to and row.date > self.date_to:
            return False
        if not kind_matches(row, self.kind):
            return False
        if self.words:
            haystack = " ".join(
                (
                    entry_title(row),
                    row.notes,
                    row.summary,
                    symptom_text(row.symptoms),
                    row.shoe_name or "",
                    row.source or "",
                    row.date.isoformat(),
                )
            ).casefold()
            return all(word in haystack for word in self.words)
        return True


class JournalFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.entry_filter = EntryFilter()
        self._filtering = False

    def set_filter(
        self,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        kind: KindFilter = KindFilter.ALL,
        text: str = "",
    ) -> None:
        self.beginFilterChange()
        self.entry_filter = EntryFilter.of(date_from, date_to, kind, text)
        self._filtering = self.entry_filter.is_filtering
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtering(self) -> bool:
        return self._filtering

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._filtering:
            return True  # Qt asks for every row of a long journal: answer the usual case first
        model = self.sourceModel()
        row: EntryRow = model.data(model.index(source_row, 0, source_parent), EntryRole)
        return self.entry_filter.accepts(row)

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        # Empty values sort after every value, whichever the direction: Qt reverses lessThan
        # for a descending sort, so an empty one must then count as the smaller.
        if a is None or b is None:
            if self.sortOrder() == Qt.SortOrder.DescendingOrder:
                return a is None and b is not None
            return a is not None and b is None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
