"""Journal use cases: add, change and delete sessions, check-ins and shoes; list and summarise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from kneelog.core.codes import Activity
from kneelog.core.entities import CheckIn, JournalSetting, Shoe, TrainingSession
from kneelog.core.errors import ValidationError
from kneelog.core.units import DistanceUnit
from kneelog.core.validation import checkin_problems, session_problems, shoe_problems
from kneelog.core.values import EntryKind, EntryRow, ShoeMileage, StatusSummary
from kneelog.persistence.db import Database, plain_rows
from kneelog.persistence.records import detached, fetch, remove, store
from kneelog.services.journal_lines import JournalLines, checkin_row, session_row
from kneelog.services.journal_records import CHECKINS_SQL, SESSIONS_SQL

RUNNING = tuple(a.value for a in Activity if a.is_running)
SQLModelT = TypeVar("SQLModelT", bound=SQLModel)
DEFAULT_SETTINGS: dict[str, Any] = {"units": "km", "week_start": "monday"}


def normalized(item: TrainingSession) -> TrainingSession:
    """Distances to the millimetre and times to the millisecond, so exports round-trip exactly."""
    copy = detached(item)
    if copy.distance_m is not None:
        copy.distance_m = round(copy.distance_m, 3)
    if copy.duration_s is not None:
        copy.duration_s = round(copy.duration_s, 3)
    return copy


def week_start_of(day: dt.date, week_start: str) -> dt.date:
    offset = (day.weekday() + 1) % 7 if week_start == "sunday" else day.weekday()
    return day - dt.timedelta(days=offset)


class JournalService:
    """Every call is one transaction: it either happens whole or not at all."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- settings ------------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        with self.db.session() as s:
            row = s.get(JournalSetting, key)
            return row.value if row is not None else DEFAULT_SETTINGS.get(key)

    def set_setting(self, key: str, value: Any) -> None:
        with self.db.session() as s:
            row = s.get(JournalSetting, key)
            if value is None:
                if row is not None:
                    s.delete(row)
                return
            if row is None:
                s.add(JournalSetting(key=key, value=value))
            else:
                row.value = value
                s.add(row)

    def settings(self) -> dict[str, Any]:
        with self.db.session() as s:
            stored = {row.key: row.value for row in s.exec(select(JournalSetting))}
        return {**DEFAULT_SETTINGS, **stored}

    @property
    def unit(self) -> DistanceUnit:
        return DistanceUnit(self.setting("units") or "km")

    # --- listing -------------------------------------------------------------------------

    def entries(self) -> list[EntryRow]:
        """Every session and check-in, newest first."""
        return list(self.lines())[::-1]

    def lines(self) -> JournalLines:
        """Every session and check-in as the journal table's lines, oldest first."""
        # Plain rows, not ORM objects, each made into its line only when asked for: a
        # twenty-year journal has 15,000 entries to list at start-up, and the table shows a
        # screenful of them.
        with self.db.session() as s:
            connection = s.connection()
            names: dict[str, str] = dict(plain_rows(connection, "SELECT id, name FROM shoe"))
            return JournalLines(
                plain_rows(connection, SESSIONS_SQL), plain_rows(connection, CHECKINS_SQL), names
            )

    def entry(self, kind: EntryKind, entry_id: str) -> EntryRow:
        with self.db.session() as s:
            if kind is EntryKind.SESSION:
                found = fetch(s, TrainingSession, entry_id, "session")
                shoe = s.get(Shoe, found.shoe_id) if found.shoe_id else None
                return session_row(found, {shoe.id: shoe.name} if shoe else {})
            return checkin_row(fetch(s, CheckIn, entry_id, "check-in"))

    def sessions(
        self, until: dt.date | None = None, since: dt.date | None = None
    ) -> list[TrainingSession]:
        """Sessions by date, optionally only those dated since..until (both included)."""
        with self.db.session() as s:
            query = select(TrainingSession).order_by(col(TrainingSession.date))
            if until is not None:
                query = query.where(TrainingSession.date <= until)
            if since is not None:
                query = query.where(TrainingSession.date >= since)
            return list(s.exec(query))

    def checkins(self, until: dt.date | None = None, since: dt.date | None = None) -> list[CheckIn]:
        """Check-ins by date, optionally only those dated since..until (both included)."""
        with self.db.session() as s:
            query = select(CheckIn).order_by(col(CheckIn.date))
            if until is not None:
                query = query.where(CheckIn.date <= until)
            if since is not None:
                query = query.where(CheckIn.date >= since)
            return list(s.exec(query))

    # --- sessions ------------------------------------------------------------------------

    def get_session(self, session_id: str) -> TrainingSession:
        with self.db.session() as s:
            return detached(fetch(s, TrainingSession, session_id, "session"))

    def save_session(self, item: TrainingSession) -> TrainingSession:
        """Insert or replace the session with this id (add, edit and undo all come here)."""
        _raise_problems(session_problems(item))
        item = normalized(item)
        with self.db.session() as s:
            if item.shoe_id is not None and s.get(Shoe, item.shoe_id) is None:
                raise ValidationError([f"shoe: {item.shoe_id!r} is not a known shoe"])
            return store(s, item)

    def delete_session(self, session_id: str) -> TrainingSession:
        with self.db.session() as s:
            return remove(s, TrainingSession, session_id, "session")

    # --- check-ins -----------------------------------------------------------------------

    def get_checkin(self, checkin_id: str) -> CheckIn:
        with self.db.session() as s:
            return detached(fetch(s, CheckIn, checkin_id, "check-in"))

    def checkin_on(self, day: dt.date) -> CheckIn | None:
        with self.db.session() as s:
            found = s.exec(select(CheckIn).where(CheckIn.date == day)).first()
            return None if found is None else detached(found)

    def save_checkin(self, item: CheckIn) -> CheckIn:
        _raise_problems(checkin_problems(item))
        with self.db.session() as s:
            same_day = s.exec(select(CheckIn).where(CheckIn.date == item.date)).first()
            if same_day is not None and same_day.id != item.id:
                raise ValidationError(
                    [
                        f"date: there is already a check-in for {item.date.isoformat()}; "
                        "edit that one"
                    ]
                )
            return store(s, item)

    def delete_checkin(self, checkin_id: str) -> CheckIn:
        with self.db.session() as s:
            return remove(s, CheckIn, checkin_id, "check-in")

    # --- several entries at once ------------------------------------------------------

    def delete_entries(self, session_ids: Iterable[str], checkin_ids: Iterable[str]) -> None:
        """Delete sessions and check-ins in one transaction: all of them or, on a failure, none."""
        with self.db.session() as s:
            for entry_id in session_ids:
                remove(s, TrainingSession, entry_id, "session")
            for entry_id in checkin_ids:
                remove(s, CheckIn, entry_id, "check-in")

    def restore_entries(
        self, sessions: Iterable[TrainingSession], checkins: Iterable[CheckIn]
    ) -> None:
        """Put deleted entries back, exactly as they were, in one transaction (undo of a delete)."""
        sessions, checkins = list(sessions), list(checkins)
        for item in sessions:
            _raise_problems(session_problems(item))
        for checkin in checkins:
            _raise_problems(checkin_problems(checkin))
        with self.db.session() as s:
            for item in sessions:
                s.add(TrainingSession(**normalized(item).model_dump()))
            for checkin in checkins:
                s.add(CheckIn(**checkin.model_dump()))

    # --- shoes ---------------------------------------------------------------------------

    def shoes(self) -> list[ShoeMileage]:
        with self.db.session() as s:
            return _shoe_mileages(s, s.exec(select(Shoe).order_by(col(Shoe.name))).all())

    def save_shoe(self, shoe: Shoe) -> Shoe:
        _raise_problems(shoe_problems(shoe))
        with self.db.session() as s:
            return store(s, shoe)

    def get_shoe(self, shoe_id: str) -> Shoe:
        with self.db.session() as s:
            return detached(fetch(s, Shoe, shoe_id, "shoe"))

    # --- defaults and summaries ----------------------------------------------------------

    def last_session(self) -> TrainingSession | None:
        with self.db.session() as s:
            # limit(1): `first()` alone would still load every row into the session.
            query = (
                select(TrainingSession)
                .order_by(col(TrainingSession.date).desc(), col(TrainingSession.start_time).desc())
                .limit(1)
            )
            found = s.exec(query).first()
            return None if found is None else detached(found)

    def last_shoe_id(self) -> str | None:
        """The shoe of the latest session that had one, if that shoe is still in use."""
        with self.db.session() as s:
            query = (
                select(TrainingSession.shoe_id)
                .where(col(TrainingSession.shoe_id).is_not(None))
                .order_by(col(TrainingSession.date).desc())
                .limit(1)
            )
            shoe_id = s.exec(query).first()
            if shoe_id is None:
                return None
            shoe = s.get(Shoe, shoe_id)
            return shoe_id if shoe is not None and shoe.retired is None else None

    def status(self, today: dt.date) -> StatusSummary:
        week_start = week_start_of(today, self.setting("week_start") or "monday")
        with self.db.session() as s:
            in_week = (
                select(TrainingSession.activity, func.sum(TrainingSession.distance_m))
                .where(TrainingSession.date >= week_start, TrainingSession.date <= today)
                .group_by(TrainingSession.activity)
            )
            running = cross = 0.0
            for activity, metres in s.exec(in_week).all():
                if activity in RUNNING:
                    running += metres or 0.0
                else:
                    cross += metres or 0.0
            last_run = s.exec(
                select(TrainingSession)
                .where(col(TrainingSession.activity).in_(RUNNING))
                .where(TrainingSession.date <= today)
                .order_by(col(TrainingSession.date).desc(), col(TrainingSession.start_time).desc())
                .limit(1)
            ).first()
            last_checkin = s.exec(
                select(CheckIn)
                .where(CheckIn.date <= today)
                .order_by(col(CheckIn.date).desc())
                .limit(1)
            ).first()
        shoe_id = self.last_shoe_id()
        shoe = next((m for m in self.shoes() if m.id == shoe_id), None) if shoe_id else None
        return StatusSummary(
            week_start=week_start,
            week_running_m=running,
            week_cross_training_m=cross,
            last_pain_during=last_run.pain_during if last_run else None,
            last_pain_after=last_run.pain_after if last_run else None,
            last_morning_pain=last_checkin.morning_pain if last_checkin else None,
            current_shoe=shoe,
        )


def _shoe_mileages(s: Session, shoes: Iterable[Shoe]) -> list[ShoeMileage]:
    totals = dict(
        s.exec(
            select(TrainingSession.shoe_id, func.sum(TrainingSession.distance_m))
            .where(col(TrainingSession.shoe_id).is_not(None))
            .group_by(TrainingSession.shoe_id)
        ).all()
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
        for shoe in shoes
    ]


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError([f"{field}: {message}" for field, message in problems.items()])
