"""Home-exercise use cases: the PT's program, exercises done, adherence, progression and the AKPS.

Every public method is one transaction (`db.reading()` or `db.writing()`) through the tables'
repositories, like `EntryService`; it hands out the core's frozen records. Validation uses the
core checks of `kneelog.core.program` with the exercise library's ids; an exercise since removed
from the library stays editable on a record that already names it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kneelog.core import (
    AKPS_INSTRUMENT,
    E1_WINDOW_DAYS,
    MONDAY,
    SUNDAY,
    Adherence,
    AkpsChange,
    AkpsError,
    AssessmentRecord,
    DueItem,
    ExerciseLibrary,
    ExerciseLogRecord,
    NotFoundError,
    PrescriptionRecord,
    ProgressPoint,
    RecentAdherence,
    ValidationError,
    WeekAdherence,
    adherence_by_exercise as program_adherence_by_exercise,
    change_from_first,
    check_score,
    default_library,
    due_on as program_due_on,
    exercise_log_problems,
    long_date,
    make_assessment,
    next_due as akps_next_due,
    overall_adherence,
    prescription_problems,
    progression_series,
    recent_adherence as program_recent_adherence,
    reminder_due as akps_reminder_due,
    week_start_of,
    weekly_adherence as program_weekly_adherence,
)
from kneelog.persistence import (
    ASSESSMENTS,
    EXERCISE_LOGS,
    PRESCRIPTIONS,
    Database,
    read_assessments,
    read_program,
    read_settings,
)
from kneelog.services.changes import Changes, RecordKind, removed, saved, saved_many, touched


class ProgramStatus(StrEnum):
    """Where a prescription stands on a given day."""

    PLANNED = "planned"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def program_status(prescription: PrescriptionRecord, day: dt.date) -> ProgramStatus:
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

    prescription: PrescriptionRecord
    log_ids: tuple[str, ...]


@dataclass(frozen=True)
class AkpsReminder:
    """Whether to suggest the AKPS today (none yet, or 4 weeks since the last)."""

    due: bool
    last: AssessmentRecord | None
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
    return SUNDAY if setting == "sunday" else MONDAY


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

    def prescriptions(self) -> list[PrescriptionRecord]:
        """The whole program (current, planned, paused and ended), by start date then exercise."""
        with self.db.reading() as connection:
            return read_program(connection)

    def get_prescription(self, prescription_id: str) -> PrescriptionRecord:
        with self.db.reading() as connection:
            return PRESCRIPTIONS.fetch(connection, prescription_id, what="prescription")

    def save_prescription(self, prescription: PrescriptionRecord) -> Changes[PrescriptionRecord]:
        """Insert or replace the prescription with this id; ValidationError naming each field."""
        with self.db.writing() as connection:
            is_new = PRESCRIPTIONS.get(connection, prescription.id) is None
            self._check_prescription(connection, prescription)
            stored = PRESCRIPTIONS.put(connection, prescription)
        return saved(RecordKind.PRESCRIPTION, stored, is_new=is_new)

    def _check_prescription(
        self, connection: sqlite3.Connection, prescription: PrescriptionRecord
    ) -> None:
        stored = PRESCRIPTIONS.get(connection, prescription.id)
        keeps_old_exercise = stored is not None and stored.exercise == prescription.exercise
        _raise(
            problem
            for problem in prescription_problems(prescription, self.library.ids)
            if not (problem[0] == "exercise" and keeps_old_exercise)
        )

    def delete_prescription(self, prescription_id: str) -> Changes[DeletedPrescription]:
        """Delete it; its logs stay (unlinked, still counted by exercise and date). The change's
        record is what `restore_prescription` needs."""
        with self.db.writing() as connection:
            log_ids = tuple(
                row[0]
                for row in connection.execute(
                    "SELECT id FROM exercise_log WHERE prescription_id = ?", (prescription_id,)
                )
            )
            gone = PRESCRIPTIONS.remove(connection, prescription_id, what="prescription")
        unlinked = touched(RecordKind.EXERCISE_LOG, log_ids)
        deleted: Changes[None] = removed(RecordKind.PRESCRIPTION, [prescription_id])
        return (deleted | unlinked).with_result(DeletedPrescription(gone, log_ids))

    def restore_prescription(self, deleted: DeletedPrescription) -> Changes[PrescriptionRecord]:
        """Undo `delete_prescription`: the prescription back, and its logs linked again."""
        with self.db.writing() as connection:
            restored = PRESCRIPTIONS.put(connection, deleted.prescription)
            connection.executemany(
                "UPDATE exercise_log SET prescription_id = ? WHERE id = ?",
                [(restored.id, log_id) for log_id in deleted.log_ids],
            )
        back = saved(RecordKind.PRESCRIPTION, restored, is_new=True)
        return (back | touched(RecordKind.EXERCISE_LOG, deleted.log_ids)).with_result(restored)

    def set_paused(self, prescription_id: str, paused: bool) -> Changes[PrescriptionRecord]:
        """Pause (nothing due while paused) or resume a prescription."""
        with self.db.writing() as connection:
            found = PRESCRIPTIONS.fetch(connection, prescription_id, what="prescription")
            stored = PRESCRIPTIONS.put(connection, found._replace(paused=paused))
        return saved(RecordKind.PRESCRIPTION, stored, is_new=False)

    def end_prescription(
        self, prescription_id: str, last_day: dt.date
    ) -> Changes[PrescriptionRecord]:
        """Stop it after `last_day` (kept in the program, and in its adherence, up to then)."""
        with self.db.writing() as connection:
            found = PRESCRIPTIONS.fetch(connection, prescription_id, what="prescription")
            if last_day < found.start:
                raise ValidationError(
                    [f"end: {long_date(last_day)} is before the start, {long_date(found.start)}"]
                )
            stored = PRESCRIPTIONS.put(connection, found._replace(end=last_day, paused=False))
        return saved(RecordKind.PRESCRIPTION, stored, is_new=False)

    def apply_preset(self, preset_id: str, start: dt.date) -> Changes[list[PrescriptionRecord]]:
        """Add a preset's exercises as ordinary, editable prescriptions starting on `start`."""
        try:
            preset = self.library.preset(preset_id)
        except KeyError as exc:
            raise NotFoundError(str(exc.args[0])) from None
        created = preset.prescriptions(start)
        return self.save_prescriptions(created).with_result(created)

    def save_prescriptions(self, prescriptions: Sequence[PrescriptionRecord]) -> Changes[None]:
        """Insert or replace several prescriptions in one transaction (all or none)."""
        new: list[str] = []
        stored: list[PrescriptionRecord] = []
        with self.db.writing() as connection:
            for prescription in prescriptions:
                if PRESCRIPTIONS.get(connection, prescription.id) is None:
                    new.append(prescription.id)
                self._check_prescription(connection, prescription)
                stored.append(PRESCRIPTIONS.put(connection, prescription))
        return saved_many(RecordKind.PRESCRIPTION, stored, new_ids=new)

    def delete_prescriptions(self, prescription_ids: Sequence[str]) -> Changes[None]:
        """Delete several prescriptions in one transaction (undo of `apply_preset`)."""
        with self.db.writing() as connection:
            for prescription_id in prescription_ids:
                PRESCRIPTIONS.remove(connection, prescription_id, what="prescription")
        return removed(RecordKind.PRESCRIPTION, prescription_ids)

    # --- exercise logs -------------------------------------------------------------------

    def exercise_logs(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> list[ExerciseLogRecord]:
        with self.db.reading() as connection:
            return read_log_records(connection, first, last)

    def log_exercise(self, log: ExerciseLogRecord) -> Changes[ExerciseLogRecord]:
        """Insert or replace an exercise log; its prescription, if named, must exist."""
        with self.db.writing() as connection:
            stored = EXERCISE_LOGS.get(connection, log.id)
            keeps_old_exercise = stored is not None and stored.exercise == log.exercise
            problems = [
                problem
                for problem in exercise_log_problems(log, self.library.ids)
                if not (problem[0] == "exercise" and keeps_old_exercise)
            ]
            if (
                log.prescription_id is not None
                and PRESCRIPTIONS.get(connection, log.prescription_id) is None
            ):
                problems.append(("prescription", "is not in the program any more"))
            _raise(problems)
            logged = EXERCISE_LOGS.put(connection, log)
        return saved(RecordKind.EXERCISE_LOG, logged, is_new=stored is None)

    def delete_exercise_log(self, log_id: str) -> Changes[ExerciseLogRecord]:
        with self.db.writing() as connection:
            gone = EXERCISE_LOGS.remove(connection, log_id, what="exercise log")
        return removed(RecordKind.EXERCISE_LOG, [log_id], gone)

    # --- what is due, adherence and progression ------------------------------------------

    def _snapshot(self, first: dt.date, last: dt.date) -> _Snapshot:
        """The program, the logs of the calendar weeks `first`..`last` touch and the week start.

        Adherence and what is due only look at the logs of those weeks; reading twenty years of
        logs for a four-week figure made opening a long journal take many seconds.
        """
        with self.db.reading() as connection:
            week_start = read_week_start(connection)
            since = week_start_of(first, week_start)
            return _Snapshot(
                read_program(connection),
                read_log_records(connection, since, last),
                week_start,
            )

    def due_on(self, day: dt.date) -> list[DueItem]:
        """The checklist of `day`: every active prescription with what is due and done."""
        snap = self._snapshot(day, day)
        return program_due_on(day, snap.program, snap.logs, snap.week_start)

    def weekly_adherence(self, first: dt.date, last: dt.date) -> list[WeekAdherence]:
        """One entry per calendar week touching `first`..`last` (the last week pro-rated)."""
        snap = self._snapshot(first, last)
        return program_weekly_adherence(snap.program, snap.logs, first, last, snap.week_start)

    def adherence_by_exercise(self, first: dt.date, last: dt.date) -> dict[str, Adherence]:
        """Per exercise id over `first`..`last`, for exercises prescribed in that span."""
        snap = self._snapshot(first, last)
        return program_adherence_by_exercise(snap.program, snap.logs, first, last, snap.week_start)

    def adherence(self, first: dt.date, last: dt.date) -> Adherence:
        snap = self._snapshot(first, last)
        return overall_adherence(snap.program, snap.logs, first, last, snap.week_start)

    def recent_adherence(self, today: dt.date, days: int = E1_WINDOW_DAYS) -> RecentAdherence:
        """The last `days` days up to `today`: the figures rule E1 reads."""
        snap = self._snapshot(today - dt.timedelta(days=days - 1), today)
        return program_recent_adherence(snap.program, snap.logs, today, days, snap.week_start)

    def progression(self, exercise: str) -> list[ProgressPoint]:
        """The logged dose of one exercise over time."""
        return progression_series(self.exercise_logs(), exercise)

    def progression_by_exercise(self) -> dict[str, list[ProgressPoint]]:
        """Every exercise's logged dose over time, read as plain rows (years of logs are many)."""
        series: dict[str, list[ProgressPoint]] = {}
        with self.db.reading() as connection:
            logs = read_log_records(connection)
        # By date, so each exercise's list is in date order as progression_series gives.
        for log in logs:
            point = ProgressPoint(log.date, log.sets, log.reps, log.hold_s, log.load_kg, log.pain)
            series.setdefault(log.exercise, []).append(point)
        return dict(sorted(series.items()))

    # --- assessments ---------------------------------------------------------------------

    def assessments(self) -> list[AssessmentRecord]:
        """Every assessment, oldest first."""
        with self.db.reading() as connection:
            return read_assessments(connection)

    def record_akps(
        self,
        day: dt.date,
        answers: Mapping[str, int] | None = None,
        given_score: int | None = None,
    ) -> Changes[AssessmentRecord]:
        """Score and store an AKPS (answers, or a score copied from a paper form)."""
        try:
            assessment = make_assessment(day, answers, given_score)
        except AkpsError as exc:
            raise ValidationError([f"answers: {exc}"]) from None
        return self.save_assessment(assessment)

    def save_assessment(self, assessment: AssessmentRecord) -> Changes[AssessmentRecord]:
        """Insert or replace an assessment; its score must agree with its answers."""
        try:
            check_score(assessment.answers, assessment.score)
        except AkpsError as exc:
            raise ValidationError([f"score: {exc}"]) from None
        with self.db.writing() as connection:
            is_new = ASSESSMENTS.get(connection, assessment.id) is None
            stored = ASSESSMENTS.put(connection, assessment)
        return saved(RecordKind.ASSESSMENT, stored, is_new=is_new)

    def delete_assessment(self, assessment_id: str) -> Changes[AssessmentRecord]:
        with self.db.writing() as connection:
            gone = ASSESSMENTS.remove(connection, assessment_id, what="assessment")
        return removed(RecordKind.ASSESSMENT, [assessment_id], gone)

    def akps_history(self) -> list[AssessmentRecord]:
        """The AKPS results, oldest first."""
        with self.db.reading() as connection:
            return read_assessments(connection, AKPS_INSTRUMENT)

    def akps_change(self) -> AkpsChange | None:
        """First versus latest AKPS (None with fewer than two)."""
        return change_from_first(self.assessments())

    def akps_reminder(
        self, today: dt.date, history: Sequence[AssessmentRecord] | None = None
    ) -> AkpsReminder:
        """Whether an AKPS is due; `history` (`akps_history()`) when the caller has it."""
        history = self.akps_history() if history is None else history
        return AkpsReminder(
            due=akps_reminder_due(history, today),
            last=history[-1] if history else None,
            next_due=akps_next_due(history),
        )


@dataclass(frozen=True)
class _Snapshot:
    program: list[PrescriptionRecord]
    logs: list[ExerciseLogRecord]
    week_start: int


def read_week_start(connection: sqlite3.Connection) -> int:
    """The journal's first day of the week (Monday 0, Sunday 6), read with plain SQL."""
    return week_start_index(read_settings(connection, "week_start").get("week_start"))


def read_log_records(
    connection: sqlite3.Connection, first: dt.date | None = None, last: dt.date | None = None
) -> list[ExerciseLogRecord]:
    """The exercise logs dated first..last (both included, default: all) as plain rows, in the
    order of `exercise_logs`; for figures over years of logs, where mapped objects are slow."""
    return EXERCISE_LOGS.between(connection, first, last, order="date, exercise, id")
