"""The journal table's lines: every session, check-in and clinician visit in order, each made
when first shown."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter

from kneelog.core import CheckInRecord, EntryKind, EntryRow, SessionRecord, VisitRecord, long_date

StoredEntry = SessionRecord | CheckInRecord | VisitRecord
"""A line not made yet: the record of the history kept for the rules and the charts."""

_entry_date = attrgetter("date")
_entry_order = attrgetter("sort_key")


def session_row(s: SessionRecord, shoe_names: Mapping[str, str]) -> EntryRow:
    return EntryRow(
        kind=EntryKind.SESSION,
        id=s.id,
        date=s.date,
        start_time=s.start_time,
        activity=s.activity,
        distance_m=s.distance_m,
        duration_s=s.duration_s,
        rpe=s.rpe,
        pain_during=s.pain_during,
        pain_after=s.pain_after,
        pain_trend=s.pain_trend,
        symptoms=tuple(s.symptoms),
        shoe_name=shoe_names.get(s.shoe_id or ""),
        notes=s.notes,
        source=s.source,
        speed_confirmed=s.speed_confirmed,
    )


def checkin_row(c: CheckInRecord) -> EntryRow:
    return EntryRow(
        kind=EntryKind.CHECKIN,
        id=c.id,
        date=c.date,
        morning_pain=c.morning_pain,
        morning_stiffness=c.morning_stiffness,
        symptoms=tuple(c.symptoms),
        notes=c.notes,
    )


def visit_summary(v: VisitRecord) -> str:
    """The visit in a few words, e.g. "PT · cleared to run: walk-run return · next visit Fri 11
    Dec 2026"."""
    parts = [v.clinician.strip() or "Clinician"]
    if v.cleared_to_run:
        cleared = "cleared to run"
        if v.return_plan is not None:
            label = v.return_plan.label
            cleared = f"{cleared}: {label[:1].lower()}{label[1:]}"
        parts.append(cleared)
    else:
        parts.append("not cleared to run")
    if v.next_visit is not None:
        parts.append(f"next visit {long_date(v.next_visit)}")
    return " · ".join(parts)


def visit_row(v: VisitRecord) -> EntryRow:
    return EntryRow(
        kind=EntryKind.VISIT, id=v.id, date=v.date, notes=v.notes, summary=visit_summary(v)
    )


def _kind_of(line: EntryRow | StoredEntry) -> EntryKind:
    if isinstance(line, EntryRow):
        return line.kind
    if isinstance(line, SessionRecord):
        return EntryKind.SESSION
    return EntryKind.VISIT if isinstance(line, VisitRecord) else EntryKind.CHECKIN


def _session_order(record: SessionRecord) -> tuple[dt.date, str, str]:
    return (record.date, record.start_time or "", record.id)


def _order_of(line: EntryRow | StoredEntry) -> tuple[dt.date, int, str, str]:
    """`EntryRow.sort_key` of a line made or not."""
    if isinstance(line, EntryRow):
        return line.sort_key
    if isinstance(line, SessionRecord):
        return (line.date, 1, line.start_time or "", line.id)
    if isinstance(line, VisitRecord):
        return (line.date, 2, "", line.id)
    return (line.date, 0, "", line.id)


class EntryLines:
    """Sessions, check-ins and visits oldest first, in `EntryRow.sort_key` order.

    A line is kept as its session's or check-in's record (the ones `KeptHistory` holds for
    the rules and the charts, so the journal is read once) until it is first asked for, then as
    its `EntryRow`: the table shows a screenful of a twenty-year journal's 15,000 lines, and
    making them all took longer than reading them. Searching or sorting the table by a column
    asks for every line once.
    """

    def __init__(
        self,
        sessions: Iterable[SessionRecord] = (),
        checkins: Iterable[CheckInRecord] = (),
        shoe_names: Mapping[str, str] | None = None,
        visits: Iterable[VisitRecord] = (),
    ) -> None:
        # Check-ins first, then sessions, then visits, then a stable sort by date: a day's
        # check-in comes before its sessions and its visit after them, as in EntryRow.sort_key.
        # Sorted runs (as KeptHistory keeps them) cost only a merge.
        stored: list[EntryRow | StoredEntry] = [
            *sorted(checkins, key=_entry_date),
            *sorted(sessions, key=_session_order),
            *sorted(visits, key=lambda v: (v.date, v.id)),
        ]
        stored.sort(key=_entry_date)
        self._lines = stored
        self._shoe_names: Mapping[str, str] = shoe_names or {}

    @classmethod
    def of_entries(cls, entries: Iterable[EntryRow]) -> EntryLines:
        """Lines already made, in any order."""
        lines = cls()
        lines._lines = sorted(entries, key=_entry_order)
        return lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, position: int) -> EntryRow:
        line = self._lines[position]
        if isinstance(line, EntryRow):
            return line
        made = self._made(line)
        self._lines[position] = made
        return made

    def __iter__(self) -> Iterator[EntryRow]:
        return (self[position] for position in range(len(self._lines)))

    def is_made(self, position: int) -> bool:
        """Whether the line at `position` has been made into its `EntryRow` yet."""
        return isinstance(self._lines[position], EntryRow)

    def position_of(self, kind: EntryKind, entry_id: str) -> int:
        """The position of that entry's line, or -1 if there is none."""
        lines = self._lines
        # Newest first: the entries saved and deleted are mostly recent ones.
        for position in range(len(lines) - 1, -1, -1):
            line = lines[position]
            if line.id == entry_id and _kind_of(line) is kind:
                return position
        return -1

    def position_for(self, entry: EntryRow) -> int:
        """Where `entry` belongs in the order (before any line with the same sort key)."""
        return bisect.bisect_left(self._lines, entry.sort_key, key=_order_of)

    def span(self, first: dt.date, last: dt.date) -> range:
        """The positions of the lines dated `first`..`last` (both included), made or not."""
        lines = self._lines
        return range(
            bisect.bisect_left(lines, first, key=_entry_date),
            bisect.bisect_right(lines, last, key=_entry_date),
        )

    def first_date(self) -> dt.date | None:
        return self._lines[0].date if self._lines else None

    def last_date(self) -> dt.date | None:
        return self._lines[-1].date if self._lines else None

    def insert(self, position: int, entry: EntryRow) -> None:
        """Put `entry` at `position`, which must be its `position_for`."""
        self._lines.insert(position, entry)

    def __delitem__(self, position: int) -> None:
        del self._lines[position]

    def _made(self, record: StoredEntry) -> EntryRow:
        if isinstance(record, SessionRecord):
            return session_row(record, self._shoe_names)
        if isinstance(record, VisitRecord):
            return visit_row(record)
        return checkin_row(record)
