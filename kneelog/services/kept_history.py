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
from bisect import bisect_left, insort
from typing import Any

from kneelog.core import CheckInRecord, ExerciseLogRecord, SessionRecord
from kneelog.persistence import CHECKINS, EXERCISE_LOGS, SESSIONS, Database
from kneelog.services.changes import Changes, RecordKind

KEPT_REPLACEMENTS = 256
"""Session replacements remembered for those who catch up with them (the planning service)."""


def session_key(session: SessionRecord) -> tuple[dt.date, str, str]:
    """The order the sessions are kept in: date, start time, id (a fresh read gives the same)."""
    return (session.date, session.start_time or "", session.id)


def log_key(log: ExerciseLogRecord) -> tuple[dt.date, str, str]:
    """The order the exercise logs are kept in: date, exercise, id (as SQL's ORDER BY gives)."""
    return (log.date, log.exercise, log.id)


class KeptHistory:
    """Sessions by `session_key`, check-ins by date and exercise logs by `log_key`, each read
    on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._sessions: list[SessionRecord] | None = None
        self._checkins: list[CheckInRecord] = []
        self._session_keys: dict[str, tuple[dt.date, str, str]] = {}
        self._checkin_dates: dict[str, dt.date] = {}
        self.generation = 0
        """Counts the times the whole history was forgotten (`invalidate`)."""
        self.checkin_version = 0
        """Counts the changes applied to the check-ins."""
        self._replacements: list[tuple[SessionRecord | None, SessionRecord | None]] = []
        self._replaced_before = 0
        self._logs: list[ExerciseLogRecord] | None = None
        self._log_keys: dict[str, tuple[dt.date, str, str]] = {}

    @property
    def is_read(self) -> bool:
        return self._sessions is not None

    def sessions(self) -> tuple[SessionRecord, ...]:
        self._read_if_needed()
        assert self._sessions is not None
        return tuple(self._sessions)

    def checkins(self) -> tuple[CheckInRecord, ...]:
        self._read_if_needed()
        return tuple(self._checkins)

    def exercise_logs(self) -> tuple[ExerciseLogRecord, ...]:
        """Every exercise log, by date, exercise and id."""
        if self._logs is None:
            with self.db.reading() as connection:
                self._logs = list(EXERCISE_LOGS.rows(connection, order="date, exercise, id"))
            self._log_keys = {log.id: log_key(log) for log in self._logs}
        return tuple(self._logs)

    def invalidate(self) -> None:
        """Forget everything: the journal may have changed in any way (an import, a restore)."""
        self._sessions = None
        self._checkins = []
        self._session_keys.clear()
        self._checkin_dates.clear()
        self._logs = None
        self._log_keys.clear()
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
        is read). The window's change feed calls this before any screen hears of the change."""
        if changes.everything:
            self.invalidate()
            return
        if self._logs is not None and changes.touches(RecordKind.EXERCISE_LOG):
            self._apply_to_logs(changes)
        if self._sessions is None:
            return  # nothing read yet; the first use reads it anyway
        if changes.touches(RecordKind.SESSION):
            for ident in changes.removed_ids(RecordKind.SESSION):
                self._replace_session(ident, None)
            for item in changes.saved(RecordKind.SESSION):
                self._replace_session(item.id, item)
        if changes.touches(RecordKind.CHECKIN):
            for ident in changes.removed_ids(RecordKind.CHECKIN):
                self._replace_checkin(ident, None)
            for item in changes.saved(RecordKind.CHECKIN):
                self._replace_checkin(item.id, item)
            self.checkin_version += 1

    def _apply_to_logs(self, changes: Changes[Any]) -> None:
        kind = RecordKind.EXERCISE_LOG
        for ident in changes.removed_ids(kind):
            self._replace_log(ident, None)
        carried = changes.saved(kind)
        for log in carried:
            self._replace_log(log.id, log)
        # Changed in the database's own way (a prescription's link cleared or set again): only
        # those few are read.
        uncarried = (changes.added_ids(kind) | changes.changed_ids(kind)) - {x.id for x in carried}
        if uncarried:
            with self.db.reading() as connection:
                stored = EXERCISE_LOGS.by_id(connection, uncarried)
            for ident in uncarried:
                self._replace_log(ident, stored.get(ident))

    def _replace_log(self, log_id: str, new: ExerciseLogRecord | None) -> None:
        assert self._logs is not None
        logs = self._logs
        old_key = self._log_keys.pop(log_id, None)
        if old_key is not None:
            del logs[bisect_left(logs, old_key, key=log_key)]
        if new is not None:
            key = log_key(new)
            logs.insert(bisect_left(logs, key, key=log_key), new)
            self._log_keys[log_id] = key

    def _replace_session(self, entry_id: str, new: SessionRecord | None) -> None:
        assert self._sessions is not None
        sessions = self._sessions
        old_key = self._session_keys.pop(entry_id, None)
        old = None
        if old_key is not None:
            old = sessions.pop(bisect_left(sessions, old_key, key=session_key))
        if new is not None:
            key = session_key(new)
            sessions.insert(bisect_left(sessions, key, key=session_key), new)
            self._session_keys[entry_id] = key
        if old is None and new is None:
            return
        self._replacements.append((old, new))
        if len(self._replacements) > KEPT_REPLACEMENTS:
            # Whoever is further behind than this reads the history again.
            drop = len(self._replacements) - KEPT_REPLACEMENTS
            del self._replacements[:drop]
            self._replaced_before += drop

    def _replace_checkin(self, entry_id: str, new: CheckInRecord | None) -> None:
        old_date = self._checkin_dates.pop(entry_id, None)
        if old_date is not None:
            del self._checkins[bisect_left(self._checkins, old_date, key=_checkin_date)]
        if new is not None:
            insort(self._checkins, new, key=_checkin_date)
            self._checkin_dates[entry_id] = new.date

    def _read_if_needed(self) -> None:
        if self._sessions is not None:
            return
        with self.db.reading() as connection:
            # Row by row from the cursor, never a second list of 15,000 raw rows.
            sessions = list(SESSIONS.rows(connection))
            checkins = list(CHECKINS.rows(connection))
        # Sorted here rather than by SQL: session_key orders a missing start time as "".
        sessions.sort(key=session_key)
        checkins.sort(key=_checkin_date)
        self._sessions = sessions
        self._checkins = checkins
        self._session_keys = {x.id: session_key(x) for x in sessions}
        self._checkin_dates = {c.id: c.date for c in checkins}


def _checkin_date(checkin: CheckInRecord) -> dt.date:
    return checkin.date
