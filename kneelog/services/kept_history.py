"""The journal's sessions, check-ins and exercise logs read once and kept current, for everyone.

The rules (PlanningService), the trend charts (TrendsService) and the journal table all read the
whole history, the rules and the charts every exercise log too. On a twenty-year journal reading
it takes longer than anything done with it, and a second copy costs tens of megabytes; so one
`KeptHistory` per open journal holds it, sorted, and each change set (`apply`) updates it with
the records the write stored, without reading them back. Its owner applies every change before
anyone else hears of it, so the order in which the screens hear does not matter; the planning
service catches up with the sessions replaced since its last look (`replacements_since`). They
are the core's plain tuples (`SessionRecord`, `CheckInRecord`, `ExerciseLogRecord`), read
through their repositories. The exercise logs are read on their first use, apart from the rest:
the journal table never needs them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, Generic, Protocol, TypeVar

from kneelog.core import CheckInRecord, ExerciseLogRecord, SessionRecord
from kneelog.persistence import CHECKINS, EXERCISE_LOGS, SESSIONS, Database, outside_commits
from kneelog.services.changes import Changes, RecordKind

KEPT_REPLACEMENTS = 256
"""Session replacements remembered for those who catch up with them (the planning service)."""


def session_key(session: SessionRecord) -> tuple[dt.date, str, str]:
    """The order the sessions are kept in: date, start time, id (a fresh read gives the same)."""
    return (session.date, session.start_time or "", session.id)


log_key: Callable[[ExerciseLogRecord], tuple[dt.date, str, str]] = attrgetter(
    "date", "exercise", "id"
)
"""The order the exercise logs are kept in: date, exercise, id. An attrgetter, not a function:
sorting twenty years of logs calls it 25,000 times."""


checkin_key: Callable[[CheckInRecord], dt.date] = attrgetter("date")
"""The order the check-ins are kept in: their date (a journal has one a day at most)."""


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Identified)


class SortedRecords(Generic[R]):
    """Records kept sorted by a unique `key`, each found by its id: replacing one costs a
    binary search and a list shift, not a sort."""

    def __init__(self, key: Callable[[R], Any], records: Iterable[R] = ()) -> None:
        self.key = key
        self.items = sorted(records, key=key)
        # Made on the first replacement: at start-up nothing is replaced yet, and on a twenty-
        # year journal the index of 40,000 records costs more than the rest of the sorting.
        self._index: dict[str, Any] | None = None

    def _keys(self) -> dict[str, Any]:
        """Each record's key by its id."""
        if self._index is None:
            key = self.key
            self._index = {record.id: key(record) for record in self.items}
        return self._index

    def replace(self, ident: str, new: R | None) -> R | None:
        """Put `new` in place of the record with id `ident` (None: remove it); the old one."""
        old = None
        keys = self._keys()
        old_key = keys.pop(ident, None)
        if old_key is not None:
            old = self.items.pop(bisect_left(self.items, old_key, key=self.key))
        if new is not None:
            key = self.key(new)
            self.items.insert(bisect_left(self.items, key, key=self.key), new)
            keys[ident] = key
        return old


class KeptHistory:
    """Sessions by `session_key`, check-ins by date and exercise logs by `log_key`, each read
    on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._sessions: SortedRecords[SessionRecord] | None = None
        self._checkins: SortedRecords[CheckInRecord] = SortedRecords(checkin_key)
        self._logs: SortedRecords[ExerciseLogRecord] | None = None
        self.generation = 0
        """Counts the times the whole history was forgotten (`invalidate`)."""
        self.checkin_version = 0
        """Counts the changes applied to the check-ins."""
        self._replacements: list[tuple[SessionRecord | None, SessionRecord | None]] = []
        self._replaced_before = 0
        self.read_after: tuple[int, int] | None = None
        """`outside_commits` as the first read of what is kept saw it: while the journal's
        connection still says the same, no other program has written to the journal since, so
        what is kept (with the change sets applied) is the journal as it is."""

    @property
    def is_read(self) -> bool:
        return self._sessions is not None

    @property
    def holds_exercise_logs(self) -> bool:
        """Whether the exercise logs were read (on their first use)."""
        return self._logs is not None

    def sessions(self) -> tuple[SessionRecord, ...]:
        self._read_if_needed()
        assert self._sessions is not None
        return tuple(self._sessions.items)

    def checkins(self) -> tuple[CheckInRecord, ...]:
        self._read_if_needed()
        return tuple(self._checkins.items)

    def exercise_logs(self) -> tuple[ExerciseLogRecord, ...]:
        """Every exercise log, by date, exercise and id."""
        if self._logs is None:
            with self.db.reading() as connection:
                self._note_outside_commits(connection)
                # Sorted here: SQL's ORDER BY would walk the date index and still sort by
                # exercise and id, a fifth slower than reading the table and sorting in Python.
                self._logs = SortedRecords(log_key, EXERCISE_LOGS.rows(connection))
        return tuple(self._logs.items)

    def invalidate(self) -> None:
        """Forget everything: the journal may have changed in any way (an import, a restore)."""
        self._sessions = None
        self._checkins = SortedRecords(checkin_key)
        self._logs = None
        self.read_after = None
        self.generation += 1
        self._replacements.clear()
        self._replaced_before = 0

    # --- what changed since: for those who keep figures made from the history --------------

    @property
    def session_version(self) -> int:
        """How many sessions were replaced (saved or deleted) since the history was read."""
        return self._replaced_before + len(self._replacements)

    def replacements_since(
        self, version: int
    ) -> list[tuple[SessionRecord | None, SessionRecord | None]] | None:
        """(old, new) for each session replaced after `session_version` was `version`, in order;
        None when they are no longer kept (read the whole history again)."""
        if version < self._replaced_before:
            return None
        return self._replacements[version - self._replaced_before :]

    # --- keeping it current --------------------------------------------------------------

    def apply(self, changes: Changes[Any]) -> None:
        """Bring the history up to date with one change, from the records it carries (nothing
        is read but the few exercise logs the database changed itself). The window's change
        feed calls this before any screen hears of the change."""
        if changes.everything:
            self.invalidate()
            return
        if self._logs is not None and changes.touches(RecordKind.EXERCISE_LOG):
            self._apply_to_logs(self._logs, changes)
        if self._sessions is None:
            return  # nothing read yet; the first use reads it anyway
        if changes.touches(RecordKind.SESSION):
            for ident in changes.removed_ids(RecordKind.SESSION):
                self._replace_session(self._sessions, ident, None)
            for item in changes.saved(RecordKind.SESSION):
                self._replace_session(self._sessions, item.id, item)
        if changes.touches(RecordKind.CHECKIN):
            for ident in changes.removed_ids(RecordKind.CHECKIN):
                self._checkins.replace(ident, None)
            for item in changes.saved(RecordKind.CHECKIN):
                self._checkins.replace(item.id, item)
            self.checkin_version += 1

    def _apply_to_logs(self, logs: SortedRecords[ExerciseLogRecord], changes: Changes[Any]) -> None:
        kind = RecordKind.EXERCISE_LOG
        for ident in changes.removed_ids(kind):
            logs.replace(ident, None)
        carried = changes.saved(kind)
        for log in carried:
            logs.replace(log.id, log)
        # Changed in the database's own way (a prescription's link cleared or set again): only
        # those few are read.
        uncarried = (changes.added_ids(kind) | changes.changed_ids(kind)) - {x.id for x in carried}
        if uncarried:
            with self.db.reading() as connection:
                stored = EXERCISE_LOGS.by_id(connection, uncarried)
            for ident in uncarried:
                logs.replace(ident, stored.get(ident))

    def _replace_session(
        self, sessions: SortedRecords[SessionRecord], ident: str, new: SessionRecord | None
    ) -> None:
        old = sessions.replace(ident, new)
        if old is None and new is None:
            return
        self._replacements.append((old, new))
        if len(self._replacements) > KEPT_REPLACEMENTS:
            # Whoever is further behind than this reads the history again.
            drop = len(self._replacements) - KEPT_REPLACEMENTS
            del self._replacements[:drop]
            self._replaced_before += drop

    def _read_if_needed(self) -> None:
        if self._sessions is not None:
            return
        with self.db.reading() as connection:
            self._note_outside_commits(connection)
            # Row by row from the cursor, never a second list of 15,000 raw rows. Sorted here
            # rather than by SQL: session_key orders a missing start time as "".
            self._sessions = SortedRecords(session_key, SESSIONS.rows(connection))
            self._checkins = SortedRecords(checkin_key, CHECKINS.rows(connection))

    def _note_outside_commits(self, connection: sqlite3.Connection) -> None:
        if self.read_after is None:
            self.read_after = outside_commits(connection)
