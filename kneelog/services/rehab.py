"""Home-exercise use cases: the PT's program, exercises done, adherence, progression and the AKPS.

Every public method is one transaction (`db.session()`), like `JournalService`; records handed
out are detached copies, safe to keep and change. Validation uses the core checks of
`kneelog.core.rehab` with the exercise library's ids; an exercise since removed from the library
stays editable on a record that already names it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import repeat
from sys import intern
from typing import TYPE_CHECKING

from kneelog.core import adherence as rules
from kneelog.core import akps
from kneelog.core.errors import NotFoundError, ValidationError
from kneelog.core.exercises import ExerciseLibrary, default_library
from kneelog.core.formatting import long_date
from kneelog.core.program import (
    AKPS_INSTRUMENT,
    Assessed,
    AssessmentRecord,
    ExerciseLogRecord,
    ProgramRecord,
    exercise_log_problems,
    prescription_problems,
)
from kneelog.persistence import orm
from kneelog.persistence.db import Database
from kneelog.persistence.plain import read_assessments, read_program, read_settings
from kneelog.persistence.records import detached, fetch, remove, store, upsert
from kneelog.services.changes import Changes, RecordKind, removed, saved, saved_many

if TYPE_CHECKING:
    from sqlmodel import Session
    from sqlmodel.sql.expression import SelectOfScalar

    from kneelog.core.rehab import Assessment, ExerciseLog, Prescription


class ProgramStatus(StrEnum):
    """Where a prescription stands on a given day."""

    PLANNED = "planned"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def program_status(prescription: Prescription | ProgramRecord, day: dt.date) -> ProgramStatus:
    """Ended wins over paused: a finished prescription is finished whatever its flag says."""
    if prescription.end is not None and prescription.end < day:
        return ProgramStatus.ENDED
    if prescription.paused:
        return ProgramStatus.PAUSED
    if day < prescription.start:
        return ProgramStatus.PLANNED
    return ProgramStatus.ACTIVE


@dataclass(frozen=True)
class DeletedPrescription:
    """A deleted prescription and the logs that pointed at it, so undo can relink them."""

    prescription: Prescription
    log_ids: tuple[str, ...]


@dataclass(frozen=True)
class AkpsReminder:
    """Whether to suggest the AKPS today (none yet, or 4 weeks since the last)."""

    due: bool
    last: Assessed | None
    next_due: dt.date | None

    def text(self, today: dt.date) -> str:
        """A gentle one-line prompt, or "" when nothing is due."""
        if not self.due:
            return ""
        if self.last is None:
            return (
                "Fill in the knee questionnaire (AKPS) once now: it gives you and your PT a "
                "starting score to compare against."
            )
        weeks = (today - self.last.date).days // 7
        return (
            f"It has been {weeks} weeks since your last knee questionnaire (AKPS, "
            f"{self.last.score}/100): a good time to fill it in again."
        )


def week_start_index(setting: str | None) -> int:
    """The journal's `week_start` setting as a weekday number (Monday 0, Sunday 6)."""
    return rules.SUNDAY if setting == "sunday" else rules.MONDAY


def _raise(problems: Iterable[tuple[str, str]]) -> None:
    listed = [f"{field}: {message}" for field, message in problems]
    if listed:
        raise ValidationError(listed)


class RehabService:
    """The home-exercise program of one journal."""

    def __init__(self, db: Database, library: ExerciseLibrary | None = None) -> None:
        self.db = db
        self.library = library or default_library()

    # --- settings ------------------------------------------------------------------------

    def week_start(self) -> int:
        with self.db.reading() as connection:
            return read_week_start(connection)

    # --- the program ---------------------------------------------------------------------

    def prescriptions(self) -> list[Prescription]:
        """The whole program (current, planned, paused and ended), by start date then exercise."""
        with self.db.session() as s:
            return [detached(p) for p in s.exec(_program_query())]

    def get_prescription(self, prescription_id: str) -> Prescription:
        with self.db.session() as s:
            return detached(_prescription(s, prescription_id))

    def save_prescription(self, prescription: Prescription) -> Changes[Prescription]:
        """Insert or replace the prescription with this id; ValidationError naming each field."""
        with self.db.session() as s:
            self._check_prescription(s, prescription)
            _stored, is_new = upsert(s, prescription)
            return saved(RecordKind.PRESCRIPTION, detached(prescription), is_new=is_new)

    def _check_prescription(self, s: Session, prescription: Prescription) -> None:
        stored = s.get(orm.Prescription, prescription.id)
        keeps_old_exercise = stored is not None and stored.exercise == prescription.exercise
        _raise(
            problem
            for problem in prescription_problems(prescription, self.library.ids)
            if not (problem[0] == "exercise" and keeps_old_exercise)
        )

    def delete_prescription(self, prescription_id: str) -> Changes[DeletedPrescription]:
        """Delete it; its logs stay (unlinked, still counted by exercise and date). The change's
        record is what `restore_prescription` needs."""
        with self.db.session() as s:
            found = _prescription(s, prescription_id)
            log_ids = tuple(
                s.exec(
                    orm.select(orm.ExerciseLog.id).where(
                        orm.ExerciseLog.prescription_id == prescription_id
                    )
                ).all()
            )
            copy = detached(found)
            s.delete(found)
        unlinked: Changes[None] = Changes(
            changed=frozenset((RecordKind.EXERCISE_LOG, i) for i in log_ids)
        )
        gone: Changes[None] = removed(RecordKind.PRESCRIPTION, [prescription_id])
        return (gone | unlinked).with_result(DeletedPrescription(copy, log_ids))

    def restore_prescription(self, deleted: DeletedPrescription) -> Changes[Prescription]:
        """Undo `delete_prescription`: the prescription back, and its logs linked again."""
        with self.db.session() as s:
            store(s, deleted.prescription)
            s.flush()
            for log_id in deleted.log_ids:
                log = s.get(orm.ExerciseLog, log_id)
                if log is not None:
                    log.prescription_id = deleted.prescription.id
                    s.add(log)
        relinked: Changes[None] = Changes(
            changed=frozenset((RecordKind.EXERCISE_LOG, i) for i in deleted.log_ids)
        )
        back = saved(RecordKind.PRESCRIPTION, detached(deleted.prescription), is_new=True)
        return (back | relinked).with_result(back.record)

    def set_paused(self, prescription_id: str, paused: bool) -> Changes[Prescription]:
        """Pause (nothing due while paused) or resume a prescription."""
        with self.db.session() as s:
            found = _prescription(s, prescription_id)
            found.paused = paused
            s.add(found)
            return saved(RecordKind.PRESCRIPTION, detached(found), is_new=False)

    def end_prescription(self, prescription_id: str, last_day: dt.date) -> Changes[Prescription]:
        """Stop it after `last_day` (kept in the program, and in its adherence, up to then)."""
        with self.db.session() as s:
            found = _prescription(s, prescription_id)
            if last_day < found.start:
                raise ValidationError(
                    [f"end: {long_date(last_day)} is before the start, {long_date(found.start)}"]
                )
            found.end = last_day
            found.paused = False
            s.add(found)
            return saved(RecordKind.PRESCRIPTION, detached(found), is_new=False)

    def apply_preset(self, preset_id: str, start: dt.date) -> Changes[list[Prescription]]:
        """Add a preset's exercises as ordinary, editable prescriptions starting on `start`."""
        try:
            preset = self.library.preset(preset_id)
        except KeyError as exc:
            raise NotFoundError(str(exc.args[0])) from None
        created = preset.prescriptions(start)
        changes = self.save_prescriptions(created)
        return changes.with_result([detached(p) for p in created])

    def save_prescriptions(self, prescriptions: Sequence[Prescription]) -> Changes[None]:
        """Insert or replace several prescriptions in one transaction (all or none)."""
        new: list[str] = []
        with self.db.session() as s:
            for prescription in prescriptions:
                if s.get(orm.Prescription, prescription.id) is None:
                    new.append(prescription.id)
                self._check_prescription(s, prescription)
                store(s, prescription)
        copies = [detached(p) for p in prescriptions]
        return saved_many(RecordKind.PRESCRIPTION, copies, new_ids=new)

    def delete_prescriptions(self, prescription_ids: Sequence[str]) -> Changes[None]:
        """Delete several prescriptions in one transaction (undo of `apply_preset`)."""
        with self.db.session() as s:
            for prescription_id in prescription_ids:
                s.delete(_prescription(s, prescription_id))
        return removed(RecordKind.PRESCRIPTION, prescription_ids)

    # --- exercise logs -------------------------------------------------------------------

    def exercise_logs(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> list[ExerciseLog]:
        with self.db.session() as s:
            return [detached(log) for log in s.exec(_logs_query(first, last))]

    def log_exercise(self, log: ExerciseLog) -> Changes[ExerciseLog]:
        """Insert or replace an exercise log; its prescription, if named, must exist."""
        with self.db.session() as s:
            stored = s.get(orm.ExerciseLog, log.id)
            keeps_old_exercise = stored is not None and stored.exercise == log.exercise
            problems = [
                problem
                for problem in exercise_log_problems(log, self.library.ids)
                if not (problem[0] == "exercise" and keeps_old_exercise)
            ]
            if (
                log.prescription_id is not None
                and s.get(orm.Prescription, log.prescription_id) is None
            ):
                problems.append(("prescription", "is not in the program any more"))
            _raise(problems)
            store(s, log)
            return saved(RecordKind.EXERCISE_LOG, detached(log), is_new=stored is None)

    def delete_exercise_log(self, log_id: str) -> Changes[ExerciseLog]:
        with self.db.session() as s:
            gone = remove(s, orm.ExerciseLog, log_id, "exercise log")
        return removed(RecordKind.EXERCISE_LOG, [log_id], gone)

    # --- what is due, adherence and progression ------------------------------------------

    def _snapshot(self, first: dt.date, last: dt.date) -> _Snapshot:
        """The program, the logs of the calendar weeks `first`..`last` touch and the week start.

        Adherence and what is due only look at the logs of those weeks; reading twenty years of
        logs for a four-week figure made opening a long journal take many seconds.
        """
        with self.db.reading() as connection:
            week_start = read_week_start(connection)
            since = rules.week_start_of(first, week_start)
            return _Snapshot(
                read_program(connection),
                read_log_records(connection, since, last),
                week_start,
            )

    def due_on(self, day: dt.date) -> list[rules.DueItem]:
        """The checklist of `day`: every active prescription with what is due and done."""
        snap = self._snapshot(day, day)
        return rules.due_on(day, snap.program, snap.logs, snap.week_start)

    def weekly_adherence(self, first: dt.date, last: dt.date) -> list[rules.WeekAdherence]:
        """One entry per calendar week touching `first`..`last` (the last week pro-rated)."""
        snap = self._snapshot(first, last)
        return rules.weekly_adherence(snap.program, snap.logs, first, last, snap.week_start)

    def adherence_by_exercise(self, first: dt.date, last: dt.date) -> dict[str, rules.Adherence]:
        """Per exercise id over `first`..`last`, for exercises prescribed in that span."""
        snap = self._snapshot(first, last)
        return rules.adherence_by_exercise(snap.program, snap.logs, first, last, snap.week_start)

    def adherence(self, first: dt.date, last: dt.date) -> rules.Adherence:
        snap = self._snapshot(first, last)
        return rules.adherence(snap.program, snap.logs, first, last, snap.week_start)

    def recent_adherence(
        self, today: dt.date, days: int = rules.E1_WINDOW_DAYS
    ) -> rules.RecentAdherence:
        """The last `days` days up to `today`: the figures rule E1 reads."""
        snap = self._snapshot(today - dt.timedelta(days=days - 1), today)
        return rules.recent_adherence(snap.program, snap.logs, today, days, snap.week_start)

    def progression(self, exercise: str) -> list[rules.ProgressPoint]:
        """The logged dose of one exercise over time."""
        return rules.progression_series(self.exercise_logs(), exercise)

    def progression_by_exercise(self) -> dict[str, list[rules.ProgressPoint]]:
        """Every exercise's logged dose over time, read as plain rows (years of logs are many)."""
        series: dict[str, list[rules.ProgressPoint]] = {}
        with self.db.reading() as connection:
            logs = read_log_records(connection)
        # By date, so each exercise's list is in date order as progression_series gives.
        for log in logs:
            point = rules.ProgressPoint(
                log.date, log.sets, log.reps, log.hold_s, log.load_kg, log.pain
            )
            series.setdefault(log.exercise, []).append(point)
        return dict(sorted(series.items()))

    # --- assessments ---------------------------------------------------------------------

    def assessments(self) -> list[Assessment]:
        """Every assessment, oldest first."""
        with self.db.session() as s:
            query = orm.select(orm.Assessment).order_by(
                orm.col(orm.Assessment.date), orm.col(orm.Assessment.id)
            )
            return [detached(a) for a in s.exec(query)]

    def record_akps(
        self,
        day: dt.date,
        answers: Mapping[str, int] | None = None,
        given_score: int | None = None,
    ) -> Changes[Assessment]:
        """Score and store an AKPS (answers, or a score copied from a paper form)."""
        try:
            assessment = akps.make_assessment(day, answers, given_score)
        except akps.AkpsError as exc:
            raise ValidationError([f"answers: {exc}"]) from None
        return self.save_assessment(assessment)

    def save_assessment(self, assessment: Assessment) -> Changes[Assessment]:
        """Insert or replace an assessment; its score must agree with its answers."""
        try:
            akps.check_score(assessment.answers, assessment.score)
        except akps.AkpsError as exc:
            raise ValidationError([f"score: {exc}"]) from None
        with self.db.session() as s:
            _stored, is_new = upsert(s, assessment)
            return saved(RecordKind.ASSESSMENT, detached(assessment), is_new=is_new)

    def delete_assessment(self, assessment_id: str) -> Changes[Assessment]:
        with self.db.session() as s:
            gone = remove(s, orm.Assessment, assessment_id, "assessment")
        return removed(RecordKind.ASSESSMENT, [assessment_id], gone)

    def akps_history(self) -> list[AssessmentRecord]:
        """The AKPS results, oldest first."""
        with self.db.reading() as connection:
            return read_assessments(connection, AKPS_INSTRUMENT)

    def akps_change(self) -> akps.AkpsChange | None:
        """First versus latest AKPS (None with fewer than two)."""
        return akps.change_from_first(self.assessments())

    def akps_reminder(
        self, today: dt.date, history: Sequence[Assessed] | None = None
    ) -> AkpsReminder:
        """Whether an AKPS is due; `history` (`akps_history()`) when the caller has it."""
        history = self.akps_history() if history is None else history
        return AkpsReminder(
            due=akps.reminder_due(history, today),
            last=history[-1] if history else None,
            next_due=akps.next_due(history),
        )


@dataclass(frozen=True)
class _Snapshot:
    program: list[ProgramRecord]
    logs: list[ExerciseLogRecord]
    week_start: int


def _program_query() -> SelectOfScalar[Prescription]:
    return orm.select(orm.Prescription).order_by(
        orm.col(orm.Prescription.start),
        orm.col(orm.Prescription.exercise),
        orm.col(orm.Prescription.id),
    )


_LOG_RECORDS = (
    "SELECT id, date, exercise, sets, reps, hold_s, load_kg, pain, prescription_id "
    "FROM exercise_log WHERE date >= ? AND date <= ? ORDER BY date, exercise, id"
)


def read_week_start(connection: sqlite3.Connection) -> int:
    """The journal's first day of the week (Monday 0, Sunday 6), read with plain SQL."""
    return week_start_index(read_settings(connection, "week_start").get("week_start"))


def read_log_records(
    connection: sqlite3.Connection, first: dt.date | None = None, last: dt.date | None = None
) -> list[ExerciseLogRecord]:
    """The exercise logs dated first..last (both included, default: all) as plain rows, in the
    order of `exercise_logs`; for figures over years of logs, where mapped objects are slow."""
    # Dates are stored as ISO text, so they compare as text.
    bounds = ((first or dt.date.min).isoformat(), (last or dt.date.max).isoformat())
    rows = connection.execute(_LOG_RECORDS, bounds).fetchall()
    if not rows:
        return []
    # Column by column, so that the date parsing and interning run in C over whole columns:
    # unpacking and rebuilding each row in Python took as long as the read itself. A few
    # exercise ids on thousands of rows: one string each (intern), not thousands.
    ids, dates, exercises, *doses, prescription_ids = zip(*rows, strict=True)
    columns = zip(
        ids,
        map(dt.date.fromisoformat, dates),
        map(intern, exercises),
        *doses,
        prescription_ids,
        strict=True,
    )
    # tuple.__new__ is what the record's own __new__ (a Python function) ends up calling.
    return list(map(tuple.__new__, repeat(ExerciseLogRecord), columns))


def _logs_query(first: dt.date | None, last: dt.date | None) -> SelectOfScalar[ExerciseLog]:
    query = orm.select(orm.ExerciseLog).order_by(
        orm.col(orm.ExerciseLog.date),
        orm.col(orm.ExerciseLog.exercise),
        orm.col(orm.ExerciseLog.id),
    )
    if first is not None:
        query = query.where(orm.ExerciseLog.date >= first)
    if last is not None:
        query = query.where(orm.ExerciseLog.date <= last)
    return query


def _prescription(s: Session, prescription_id: str) -> Prescription:
    return fetch(s, orm.Prescription, prescription_id, "prescription")
