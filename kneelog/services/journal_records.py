"""The journal's sessions and check-ins read once and kept current entry by entry, for everyone.

The rules (PlanningService) and the trend charts (TrendsService) both read the whole history. On a
twenty-year journal reading it takes longer than anything done with it, and a second copy costs
tens of megabytes; so one `JournalRecords` per open journal holds it, sorted, and a save updates
it with the one entry that changed. They are plain tuples read with plain SQL
(`SessionRecord`, `CheckInRecord`): mapping 15,000 ORM objects took longer than the rules, and
every read of one of their fields went through SQLAlchemy's instrumentation.
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_left, insort
from collections.abc import Sequence
from sys import intern
from typing import Any

from kneelog.core.session_records import (
    CheckInRecord,
    LoggedCheckIn,
    LoggedSession,
    SessionRecord,
)
from kneelog.core.values import EntryKind
from kneelog.persistence.db import Database

SESSIONS_SQL = (
    "SELECT id, date, start_time, activity, distance_m, duration_s, rpe, cadence_spm, surface, "
    "shoe_id, pain_during, pain_after, pain_trend, symptoms, source, notes, speed_confirmed "
    "FROM training_session"
)
CHECKINS_SQL = "SELECT id, date, morning_pain, morning_stiffness, symptoms, notes FROM checkin"


def session_key(session: LoggedSession) -> tuple[dt.date, str, str]:
    """The order the sessions are kept in: date, start time, id (a fresh read gives the same)."""
    return (session.date, session.start_time or "", session.id)


class JournalRecords:
    """Sessions by `session_key` and check-ins by date, read on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._sessions: list[SessionRecord] | None = None
        self._checkins: list[CheckInRecord] = []
        self._session_keys: dict[str, tuple[dt.date, str, str]] = {}
        self._checkin_dates: dict[str, dt.date] = {}

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

    def invalidate(self) -> None:
        """Forget everything: the journal may have changed in any way (an import, a restore)."""
        self._sessions = None
        self._checkins = []
        self._session_keys.clear()
        self._checkin_dates.clear()

    def session_changed(self, entry_id: str) -> tuple[SessionRecord | None, SessionRecord | None]:
        """Re-read the session `entry_id` (saved or deleted): (the one kept before, the new one)."""
        if self._sessions is None:
            return None, None  # nothing read yet; the first use reads it anyway
        with self.db.reading() as connection:
            found = connection.execute(f"{SESSIONS_SQL} WHERE id = ?", (entry_id,))
            new = next((session_record(row) for row in found), None)
        sessions = self._sessions
        old_key = self._session_keys.pop(entry_id, None)
        old = None
        if old_key is not None:
            old = sessions.pop(bisect_left(sessions, old_key, key=session_key))
        if new is not None:
            key = session_key(new)
            sessions.insert(bisect_left(sessions, key, key=session_key), new)
            self._session_keys[entry_id] = key
        return old, new

    def checkin_changed(self, entry_id: str) -> None:
        """Re-read the check-in `entry_id` (saved or deleted)."""
        if self._sessions is None:
            return
        with self.db.reading() as connection:
            found = connection.execute(f"{CHECKINS_SQL} WHERE id = ?", (entry_id,))
            new = next((checkin_record(row) for row in found), None)
        old_date = self._checkin_dates.pop(entry_id, None)
        if old_date is not None:
            del self._checkins[bisect_left(self._checkins, old_date, key=_checkin_date)]
        if new is not None:
            insort(self._checkins, new, key=_checkin_date)
            self._checkin_dates[entry_id] = new.date

    def entry_changed(self, kind: EntryKind, entry_id: str) -> None:
        """A session or check-in was saved or deleted (visits are not kept here)."""
        if kind is EntryKind.SESSION:
            self.session_changed(entry_id)
        elif kind is EntryKind.CHECKIN:
            self.checkin_changed(entry_id)

    def _read_if_needed(self) -> None:
        if self._sessions is not None:
            return
        with self.db.reading() as connection:
            # Row by row from the cursor, never a second list of 15,000 raw rows.
            sessions = [session_record(row) for row in connection.execute(SESSIONS_SQL)]
            checkins = [checkin_record(row) for row in connection.execute(CHECKINS_SQL)]
        # Sorted here rather than by SQL: session_key orders a missing start time as "".
        sessions.sort(key=session_key)
        checkins.sort(key=_checkin_date)
        self._sessions = sessions
        self._checkins = checkins
        self._session_keys = {x.id: session_key(x) for x in sessions}
        self._checkin_dates = {c.id: c.date for c in checkins}


def _checkin_date(checkin: LoggedCheckIn) -> dt.date:
    return checkin.date


def _symptom_codes(stored: str | None) -> tuple[str, ...]:
    """The symptom codes of a stored JSON list."""
    # Most entries have none: skip the JSON parser for the common "[]".
    return () if not stored or stored == "[]" else tuple(json.loads(stored))


def _word(value: str | None) -> str | None:
    # The same few words on thousands of records: one string each, not thousands.
    return None if value is None else intern(value)


def session_record(row: Sequence[Any]) -> SessionRecord:
    """The record of one `SESSIONS_SQL` row."""
    ident, date, start, activity, distance, duration, rpe, cadence, surface, shoe = row[:10]
    during, after, trend, symptoms, source, notes, confirmed = row[10:]
    return SessionRecord(
        ident,
        dt.date.fromisoformat(date),
        _word(start),
        intern(activity),
        distance,
        duration,
        rpe,
        cadence,
        _word(surface),
        shoe,
        during,
        after,
        _word(trend),
        _symptom_codes(symptoms),
        _word(source),
        notes,
        bool(confirmed),
    )


def checkin_record(row: Sequence[Any]) -> CheckInRecord:
    """The record of one `CHECKINS_SQL` row."""
    ident, date, pain, stiffness, symptoms, notes = row
    return CheckInRecord(
        ident, dt.date.fromisoformat(date), pain, stiffness, _symptom_codes(symptoms), notes
    )
