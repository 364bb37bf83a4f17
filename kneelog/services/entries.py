"""Journal use cases: add, change and delete sessions, check-ins and shoes; list and summarise.

Clinician visits have their own service (`kneelog.services.visits`); they are listed with the
journal's entries here, and deleted and restored with them in one transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from kneelog.core import (
    Activity,
    CheckInRecord,
    DistanceUnit,
    EntryKind,
    EntryRow,
    SessionRecord,
    ShoeMileage,
    ShoeRecord,
    StatusSummary,
    ValidationError,
    checkin_problems,
    counts_in_load,
    session_problems,
    shoe_problems,
    visit_problems,
)
from kneelog.persistence import (
    CHECKINS,
    SESSIONS,
    SETTINGS,
    SHOES,
    VISITS,
    Database,
    read_settings,
    read_visits,
)
from kneelog.services.changes import (
    Changes,
    RecordKind,
    combined,
    removed,
    saved,
    saved_many,
    settings_changed,
)
from kneelog.services.entry_lines import EntryLines, checkin_row, session_row, visit_row
from kneelog.services.kept_history import KeptHistory
from kneelog.services.visits import VisitService

if TYPE_CHECKING:
    from kneelog.core import VisitRecord

RUNNING = tuple(a.value for a in Activity if a.is_running)
DEFAULT_SETTINGS: dict[str, Any] = {"units": "km", "week_start": "monday"}
SESSION_ORDER = "date, start_time, id"

RECENT_WEEKS = 10
"""The weeks the window shows first at start-up, more than a screen holds in any journal view."""
RECENT_ENTRIES = 100
"""... and at least this many sessions or check-ins, so a journal with a gap still shows some."""


def _shoe_names(connection: sqlite3.Connection) -> dict[str, str]:
    return {shoe.id: shoe.name for shoe in SHOES.rows(connection)}


class RecentJournal(NamedTuple):
    """The journal's last weeks (`EntryService.recent`): their lines and their sessions, and how
    many entries the whole journal has."""

    lines: EntryLines
    sessions: list[SessionRecord]
    whole_count: int


def normalized(item: SessionRecord) -> SessionRecord:
    """The session as a record, distances to the millimetre and times to the millisecond, so
    exports round-trip exactly."""
    record = SessionRecord(*(getattr(item, name) for name in SessionRecord._fields))
    return record._replace(
        symptoms=tuple(record.symptoms),
        distance_m=None if record.distance_m is None else round(record.distance_m, 3),
        duration_s=None if record.duration_s is None else round(record.duration_s, 3),
    )


def week_start_of(day: dt.date, week_start: str) -> dt.date:
    offset = (day.weekday() + 1) % 7 if week_start == "sunday" else day.weekday()
    return day - dt.timedelta(days=offset)


class EntryService:
    """Every call is one transaction: it either happens whole or not at all."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- settings ------------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        with self.db.reading() as connection:
            stored = read_settings(connection, key)
        return stored[key] if key in stored else DEFAULT_SETTINGS.get(key)

    def set_setting(self, key: str, value: Any) -> Changes[None]:
        """Store one journal setting (None removes it)."""
        return self.set_settings({key: value})

    def set_settings(self, values: dict[str, Any]) -> Changes[None]:
        """Store several journal settings in one transaction (None removes one); the change
        names those whose stored value differs."""
        with self.db.writing() as connection:
            stored = read_settings(connection)
            differ = [key for key, value in values.items() if stored.get(key) != value]
            for key in differ:
                SETTINGS.write(connection, key, values[key])
        return settings_changed(differ)

    def settings(self) -> dict[str, Any]:
        with self.db.reading() as connection:
            stored = read_settings(connection)
        return {**DEFAULT_SETTINGS, **stored}

    @property
    def unit(self) -> DistanceUnit:
        return DistanceUnit(self.setting("units") or "km")

    # --- listing -------------------------------------------------------------------------

    def entries(self) -> list[EntryRow]:
        """Every session, check-in and visit, newest first."""
        return list(self.lines())[::-1]

    def lines(self, records: KeptHistory | None = None) -> EntryLines:
        """Every session, check-in and visit as the journal table's lines, oldest first: from
        `records` (the history kept for the rules and the charts, read if it is not yet) or read
        afresh."""
        # Plain records, not ORM objects, each made into its line only when asked for: a
        # twenty-year journal has 15,000 entries to list at start-up, and the table shows a
        # screenful of them.
        history = records if records is not None else KeptHistory(self.db)
        with self.db.reading() as connection:
            names = _shoe_names(connection)
            visits = read_visits(connection)
        return EntryLines(history.sessions(), history.checkins(), names, visits)

    def recent(self, today: dt.date) -> RecentJournal | None:
        """The entries of the last `RECENT_WEEKS` weeks (and of as many more as the newest
        `RECENT_ENTRIES` sessions or check-ins go back), read by date: what the window shows
        first while the whole journal is read after it. None for a journal that small already:
        read it whole."""
        weeks_ago = today - dt.timedelta(weeks=RECENT_WEEKS, days=today.weekday())
        with self.db.reading() as connection:
            reaches = [
                reach
                for repository in (SESSIONS, CHECKINS)
                if (reach := repository.date_of_newest(connection, RECENT_ENTRIES)) is not None
            ]
            if not reaches:
                return None
            since = min(weeks_ago, max(reaches))
            sessions = SESSIONS.between(connection, since, None, order=SESSION_ORDER)
            checkins = CHECKINS.between(connection, since, None)
            names = _shoe_names(connection)
            every_visit = read_visits(connection)
            visits = [visit for visit in every_visit if visit.date >= since]
            counted = SESSIONS.count(connection) + CHECKINS.count(connection) + len(every_visit)
        lines = EntryLines(sessions, checkins, names, visits)
        return RecentJournal(lines, sessions, counted)

    def entry(self, kind: EntryKind, entry_id: str) -> EntryRow:
        if kind is EntryKind.VISIT:
            return visit_row(VisitService(self.db).get_visit(entry_id))
        with self.db.reading() as connection:
            if kind is EntryKind.SESSION:
                found = SESSIONS.fetch(connection, entry_id, what="session")
                shoe = SHOES.get(connection, found.shoe_id) if found.shoe_id else None
                return session_row(found, {shoe.id: shoe.name} if shoe else {})
            return checkin_row(CHECKINS.fetch(connection, entry_id, what="check-in"))

    def sessions(
        self, until: dt.date | None = None, since: dt.date | None = None
    ) -> list[SessionRecord]:
        """Sessions by date, optionally only those dated since..until (both included)."""
        with self.db.reading() as connection:
            return SESSIONS.between(connection, since, until, order=SESSION_ORDER)

    def checkins(
        self, until: dt.date | None = None, since: dt.date | None = None
    ) -> list[CheckInRecord]:
        """Check-ins by date, optionally only those dated since..until (both included)."""
        with self.db.reading() as connection:
            return CHECKINS.between(connection, since, until)

    # --- sessions ------------------------------------------------------------------------

    def get_session(self, session_id: str) -> SessionRecord:
        with self.db.reading() as connection:
            return SESSIONS.fetch(connection, session_id, what="session")

    def save_session(self, item: SessionRecord) -> Changes[SessionRecord]:
        """Insert or replace the session with this id (add, edit and undo all come here)."""
        _raise_problems(session_problems(item))
        record = normalized(item)
        with self.db.writing() as connection:
            if record.shoe_id is not None and SHOES.get(connection, record.shoe_id) is None:
                raise ValidationError([f"shoe: {record.shoe_id!r} is not a known shoe"])
            # The one look at the session before its write: the change set says added or changed.
            is_new = SESSIONS.get(connection, record.id) is None
            return saved(RecordKind.SESSION, SESSIONS.put(connection, record), is_new=is_new)

    def delete_session(self, session_id: str) -> Changes[SessionRecord]:
        """Delete it; the change's record is the session as it was (for undo)."""
        with self.db.writing() as connection:
            gone = SESSIONS.remove(connection, session_id, what="session")
        return removed(RecordKind.SESSION, [session_id], gone)

    # --- check-ins -----------------------------------------------------------------------

    def get_checkin(self, checkin_id: str) -> CheckInRecord:
        with self.db.reading() as connection:
            return CHECKINS.fetch(connection, checkin_id, what="check-in")

    def checkin_on(self, day: dt.date) -> CheckInRecord | None:
        with self.db.reading() as connection:
            return CHECKINS.first(connection, "date = ?", (day.isoformat(),))

    def save_checkin(self, item: CheckInRecord) -> Changes[CheckInRecord]:
        _raise_problems(checkin_problems(item))
        with self.db.writing() as connection:
            same_day = CHECKINS.first(connection, "date = ?", (item.date.isoformat(),))
            if same_day is not None and same_day.id != item.id:
                raise ValidationError(
                    [
                        f"date: there is already a check-in for {item.date.isoformat()}; "
                        "edit that one"
                    ]
                )
            is_new = CHECKINS.get(connection, item.id) is None
            return saved(RecordKind.CHECKIN, CHECKINS.put(connection, item), is_new=is_new)

    def delete_checkin(self, checkin_id: str) -> Changes[CheckInRecord]:
        with self.db.writing() as connection:
            gone = CHECKINS.remove(connection, checkin_id, what="check-in")
        return removed(RecordKind.CHECKIN, [checkin_id], gone)

    # --- several entries at once ------------------------------------------------------

    def delete_entries(
        self,
        session_ids: Iterable[str],
        checkin_ids: Iterable[str],
        visit_ids: Iterable[str] = (),
    ) -> Changes[None]:
        """Delete sessions, check-ins and visits in one transaction: all of them or, on a
        failure, none."""
        session_ids, checkin_ids, visit_ids = list(session_ids), list(checkin_ids), list(visit_ids)
        with self.db.writing() as connection:
            for entry_id in session_ids:
                SESSIONS.remove(connection, entry_id, what="session")
            for entry_id in checkin_ids:
                CHECKINS.remove(connection, entry_id, what="check-in")
            for entry_id in visit_ids:
                VISITS.remove(connection, entry_id, what="visit")
        return combined(
            (
                removed(RecordKind.SESSION, session_ids),
                removed(RecordKind.CHECKIN, checkin_ids),
                removed(RecordKind.VISIT, visit_ids),
            )
        )

    def restore_entries(
        self,
        sessions: Iterable[SessionRecord],
        checkins: Iterable[CheckInRecord],
        visits: Iterable[VisitRecord] = (),
    ) -> Changes[None]:
        """Put deleted entries back, exactly as they were, in one transaction (undo of a delete)."""
        sessions, checkins, visits = list(sessions), list(checkins), list(visits)
        for item in sessions:
            _raise_problems(session_problems(item))
        for checkin in checkins:
            _raise_problems(checkin_problems(checkin))
        for visit in visits:
            _raise_problems(visit_problems(visit))
        records = [normalized(item) for item in sessions]
        with self.db.writing() as connection:
            SESSIONS.put_all(connection, records)
            CHECKINS.put_all(connection, checkins)
            VISITS.put_all(connection, visits)
        return combined(
            (
                saved_many(RecordKind.SESSION, records, new_ids=[x.id for x in records]),
                saved_many(RecordKind.CHECKIN, checkins, new_ids=[c.id for c in checkins]),
                saved_many(RecordKind.VISIT, visits, new_ids=[v.id for v in visits]),
            )
        )

    # --- shoes ---------------------------------------------------------------------------

    def shoes(self) -> list[ShoeMileage]:
        with self.db.reading() as connection:
            return _shoe_mileages(connection)

    def save_shoe(self, shoe: ShoeRecord) -> Changes[ShoeRecord]:
        _raise_problems(shoe_problems(shoe))
        with self.db.writing() as connection:
            is_new = SHOES.get(connection, shoe.id) is None
            return saved(RecordKind.SHOE, SHOES.put(connection, shoe), is_new=is_new)

    def shoe_names(self) -> dict[str, str]:
        """Every shoe's name by id (the table shows a session's shoe by name)."""
        with self.db.reading() as connection:
            return _shoe_names(connection)

    def get_shoe(self, shoe_id: str) -> ShoeRecord:
        with self.db.reading() as connection:
            return SHOES.fetch(connection, shoe_id, what="shoe")

    # --- defaults and summaries ----------------------------------------------------------

    def last_session(self) -> SessionRecord | None:
        with self.db.reading() as connection:
            return SESSIONS.first(connection, order="date DESC, start_time DESC")

    def last_shoe_id(self) -> str | None:
        """The shoe of the latest session that had one, if that shoe is still in use."""
        with self.db.reading() as connection:
            found = connection.execute(
                "SELECT shoe.id, shoe.retired FROM training_session JOIN shoe "
                "ON shoe.id = training_session.shoe_id ORDER BY training_session.date DESC LIMIT 1"
            ).fetchone()
        return found[0] if found is not None and found[1] is None else None

    def status(self, today: dt.date, records: KeptHistory | None = None) -> StatusSummary:
        """The status line's figures, from the kept history `records` (or one read afresh):
        made after every save, so they never read the sessions back from the journal."""
        week_start = week_start_of(today, self.setting("week_start") or "monday")
        history = records if records is not None else KeptHistory(self.db)
        sessions, checkins = history.sessions(), history.checkins()
        # Both are in date order.
        until = bisect_right(sessions, today, key=_date_of)
        since = bisect_left(sessions, week_start, key=_date_of, hi=until)
        running = cross = 0.0
        for item in sessions[since:until]:
            if not counts_in_load(item):
                continue  # as the week's totals: an implausible speed not confirmed is left out
            if item.activity in RUNNING:
                running += item.distance_m or 0.0
            else:
                cross += item.distance_m or 0.0
        last_run = next((x for x in reversed(sessions[:until]) if x.activity in RUNNING), None)
        morning = checkins[: bisect_right(checkins, today, key=_date_of)]
        shoe_id = next((x.shoe_id for x in reversed(sessions) if x.shoe_id), None)
        shoe = None
        if shoe_id is not None:
            run_m = sum(x.distance_m or 0.0 for x in sessions if x.shoe_id == shoe_id)
            with self.db.reading() as connection:
                stored = SHOES.get(connection, shoe_id)
            # The shoe of the latest run, unless it is retired (then none is current).
            if stored is not None and stored.retired is None:
                shoe = ShoeMileage(
                    id=stored.id,
                    name=stored.name,
                    started=stored.started,
                    retired=stored.retired,
                    initial_km=stored.initial_km,
                    retire_at_km=stored.retire_at_km,
                    km=stored.initial_km + run_m / 1000.0,
                )
        return StatusSummary(
            week_start=week_start,
            week_running_m=running,
            week_cross_training_m=cross,
            last_pain_during=last_run.pain_during if last_run else None,
            last_pain_after=last_run.pain_after if last_run else None,
            last_morning_pain=morning[-1].morning_pain if morning else None,
            current_shoe=shoe,
        )


def _date_of(entry: SessionRecord | CheckInRecord) -> dt.date:
    return entry.date


def _shoe_mileages(connection: sqlite3.Connection) -> list[ShoeMileage]:
    """Every shoe, by name, with the distance run in it."""
    totals = dict(
        connection.execute(
            "SELECT shoe_id, sum(distance_m) FROM training_session "
            "WHERE shoe_id IS NOT NULL GROUP BY shoe_id"
        )
    )
    return [
        ShoeMileage(
            id=shoe.id,
            name=shoe.name,
            started=shoe.started,
            retired=shoe.retired,
            initial_km=shoe.initial_km,
            retire_at_km=shoe.retire_at_km,
            km=shoe.initial_km + (totals.get(shoe.id) or 0.0) / 1000.0,
        )
        for shoe in SHOES.rows(connection, order="name")
    ]


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError([f"{field}: {message}" for field, message in problems.items()])
