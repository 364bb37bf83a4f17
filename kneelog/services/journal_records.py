"""The journal's sessions and check-ins read once and kept current entry by entry, for everyone.

The rules (PlanningService) and the trend charts (TrendsService) both read the whole history. On a
twenty-year journal reading it takes longer than anything done with it, and a second copy costs
tens of megabytes; so one `JournalRecords` per open journal holds it, sorted, and a save updates
it with the one entry that changed. The records are detached: nothing may change them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort

from sqlmodel import col, select

from kneelog.core.entities import CheckIn, TrainingSession
from kneelog.core.values import EntryKind
from kneelog.persistence.db import Database
from kneelog.persistence.records import detached


def session_key(session: TrainingSession) -> tuple[dt.date, str, str]:
    """The order the sessions are kept in: date, start time, id (a fresh read gives the same)."""
    return (session.date, session.start_time or "", session.id)


class JournalRecords:
    """Sessions by `session_key` and check-ins by date, read on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._sessions: list[TrainingSession] | None = None
        self._checkins: list[CheckIn] = []
        self._session_keys: dict[str, tuple[dt.date, str, str]] = {}
        self._checkin_dates: dict[str, dt.date] = {}

    @property
    def is_read(self) -> bool:
        return self._sessions is not None

    def sessions(self) -> tuple[TrainingSession, ...]:
        self._read_if_needed()
        assert self._sessions is not None
        return tuple(self._sessions)

    def checkins(self) -> tuple[CheckIn, ...]:
        self._read_if_needed()
        return tuple(self._checkins)

    def invalidate(self) -> None:
        """Forget everything: the journal may have changed in any way (an import, a restore)."""
        self._sessions = None
        self._checkins = []
        self._session_keys.clear()
        self._checkin_dates.clear()

    def session_changed(
        self, entry_id: str
    ) -> tuple[TrainingSession | None, TrainingSession | None]:
        """Re-read the session `entry_id` (saved or deleted): (the one kept before, the new one)."""
        if self._sessions is None:
            return None, None  # nothing read yet; the first use reads it anyway
        with self.db.session() as s:
            found = s.get(TrainingSession, entry_id)
            new = None if found is None else detached(found)
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
        with self.db.session() as s:
            found = s.get(CheckIn, entry_id)
            new = None if found is None else detached(found)
        old_date = self._checkin_dates.pop(entry_id, None)
        if old_date is not None:
            del self._checkins[bisect_left(self._checkins, old_date, key=_checkin_date)]
        if new is not None:
            insort(self._checkins, new, key=_checkin_date)
            self._checkin_dates[entry_id] = new.date

    def entry_changed(self, kind: EntryKind, entry_id: str) -> None:
        if kind is EntryKind.SESSION:
            self.session_changed(entry_id)
        else:
            self.checkin_changed(entry_id)

    def _read_if_needed(self) -> None:
        if self._sessions is not None:
            return
        # Not copied one by one (`detached`): nothing changes them, and the session is closed
        # (without expiring them) before they are used, so they are plain objects.
        with self.db.session() as s:
            sessions = list(
                s.exec(
                    select(TrainingSession).order_by(
                        col(TrainingSession.date),
                        col(TrainingSession.start_time),
                        col(TrainingSession.id),
                    )
                )
            )
            checkins = list(s.exec(select(CheckIn).order_by(col(CheckIn.date))))
        # SQLite sorts NULL start times first, as "" does in session_key; sorting again is a
        # linear pass that guarantees the order whatever the database did.
        sessions.sort(key=session_key)
        self._sessions = sessions
        self._checkins = checkins
        self._session_keys = {x.id: session_key(x) for x in sessions}
        self._checkin_dates = {c.id: c.date for c in checkins}


def _checkin_date(checkin: CheckIn) -> dt.date:
    return checkin.date
