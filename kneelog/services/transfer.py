"""Importing and exporting the whole journal as KneeLog journal JSON or CSV tables, a file per
transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kneelog import __version__
from kneelog.core import (
    CheckInRecord,
    ExerciseLogRecord,
    JournalFileError,
    KneelogError,
    SessionRecord,
)
from kneelog.formats import (
    CHECKINS_CSV,
    MAX_TABLE_BYTES,
    CsvTable,
    ImportRefused,
    JournalData,
    TableSpec,
    journal_tables,
    journal_to_json,
    open_input,
    parse_journal,
    read_table_file,
)
from kneelog.persistence import (
    ASSESSMENTS,
    CHECKINS,
    EXERCISE_LOGS,
    PRESCRIPTIONS,
    PROFILE,
    SESSIONS,
    SETTINGS,
    SHOES,
    VISITS,
    Database,
    output_folder,
    repository_of,
    write_private_text,
)

MAX_JOURNAL_BYTES = 200 * 1024 * 1024


@dataclass
class ImportSummary:
    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        return f"{self.source}: " + ", ".join(parts)


def _read_input(path: Path, limit: int) -> bytes:
    """A journal file or table's bytes: a regular file (a pipe is refused, never waited on) of
    at most `limit` bytes."""
    try:
        handle = open_input(path)
    except ImportRefused as exc:
        raise KneelogError(f"{path}: {exc.reason}") from exc
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise JournalFileError(path.name, [f"the file is too large ({size} bytes)"])
            return handle.read()
        except OSError as exc:
            raise KneelogError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _read_table_file(path: Path, spec: TableSpec | None) -> CsvTable:
    """A KneeLog CSV table streamed from a regular file of at most MAX_TABLE_BYTES."""
    try:
        handle = open_input(path)
    except ImportRefused as exc:
        raise KneelogError(f"{path}: {exc.reason}") from exc
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_TABLE_BYTES:
            raise JournalFileError(path.name, [f"the file is too large ({size} bytes)"])
        try:
            return read_table_file(handle, path.name, spec)
        except OSError as exc:
            raise KneelogError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def read_journal_file(path: Path) -> JournalData:
    return parse_journal(_read_input(path, MAX_JOURNAL_BYTES), path.name)


def import_journal(db: Database, path: Path) -> ImportSummary:
    """Validate the whole file, then write it in one transaction; refuse it whole on any problem."""
    data = read_journal_file(path)
    summary = ImportSummary(source=path.name, warnings=list(data.warnings))
    with db.writing() as connection:
        known_shoes = SHOES.ids(connection) | {shoe.id for shoe in data.shoes}
        problems = [
            f"sessions[{i}].shoe: {item.shoe_id!r} is not a shoe in this file or the journal"
            for i, item in enumerate(data.sessions)
            if item.shoe_id is not None and item.shoe_id not in known_shoes
        ]
        known_prescriptions = PRESCRIPTIONS.ids(connection) | {p.id for p in data.program}
        problems += [
            f"exercise_logs[{i}].prescription: {log.prescription_id!r} is not in the program "
            "of this file or the journal"
            for i, log in enumerate(data.exercise_logs)
            if log.prescription_id is not None and log.prescription_id not in known_prescriptions
        ]
        if problems:
            raise JournalFileError(path.name, problems)
        # The shoes before the sessions, the prescriptions before the logs: they refer to them.
        _upsert_all(connection, data.shoes, summary)
        _upsert_all(connection, data.sessions, summary)
        for checkin in data.checkins:
            _put_checkin(connection, checkin, summary)
        _upsert_all(connection, data.program, summary)
        _upsert_all(connection, data.exercise_logs, summary)
        _upsert_all(connection, data.assessments, summary)
        _upsert_all(connection, data.visits, summary)
        if data.profile is not None:
            # The file's profile takes the place of the journal's (there is one per journal);
            # an empty one clears it, as an empty profile is no row.
            stored_profile = PROFILE.get(connection)
            if not data.profile.is_empty:
                _count(summary, stored_profile, data.profile)
                PROFILE.put(connection, data.profile)
            elif stored_profile is not None:
                PROFILE.delete(connection)
                summary.updated += 1
            else:
                summary.unchanged += 1
        for key, value in data.settings.items():
            SETTINGS.write(connection, key, value)
    return summary


def _count(summary: ImportSummary, stored: Any, record: Any) -> None:
    if stored is None:
        summary.added += 1
    elif stored == repository_of(stored).as_stored(record):
        summary.unchanged += 1
    else:
        summary.updated += 1


def _upsert_all(
    connection: sqlite3.Connection, records: Sequence[Any], summary: ImportSummary
) -> None:
    """Insert or replace each record by id, counting what was added, changed or the same."""
    if not records:
        return
    repository = repository_of(records[0])
    stored = repository.by_id(connection, (record.id for record in records))
    if repository is SESSIONS:
        records = [_keep_confirmed_speed(record, stored.get(record.id)) for record in records]
    for record in records:
        _count(summary, stored.get(record.id), record)
    repository.put_all(connection, records)


def _keep_confirmed_speed(session: SessionRecord, stored: SessionRecord | None) -> SessionRecord:
    """The journal file and the CSV tables have no field for a confirmed speed (the format's
    records refuse unknown keys): a session imported again with the same activity, distance and
    time keeps the confirmation the journal holds for it, so importing an export back changes
    nothing."""
    if stored is not None and (stored.activity, stored.distance_m, stored.duration_s) == (
        session.activity,
        session.distance_m,
        session.duration_s,
    ):
        return session._replace(speed_confirmed=stored.speed_confirmed)
    return session


def journal_data(db: Database) -> JournalData:
    with db.reading() as connection:
        return JournalData(
            shoes=SHOES.select(connection, order="id"),
            sessions=SESSIONS.select(connection, order="date, start_time, id"),
            checkins=CHECKINS.select(connection, order="date"),
            settings=SETTINGS.read(connection),
            program=PRESCRIPTIONS.select(connection),
            exercise_logs=EXERCISE_LOGS.select(connection),
            assessments=ASSESSMENTS.select(connection),
            visits=VISITS.select(connection, order="date, id"),
            profile=PROFILE.get(connection),
        )


def export_journal(db: Database, path: Path, now: dt.datetime | None = None) -> int:
    """Write the whole journal to `path` (0600, atomically); returns the number of records."""
    data = journal_data(db)
    document = journal_to_json(data, __version__, now or dt.datetime.now().astimezone())
    write_private_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return data.record_count


def export_csv(db: Database, folder: Path) -> dict[str, int]:
    """Write every KneeLog CSV table into `folder` (0600, atomically); file name -> rows."""
    output_folder(folder)
    data = journal_data(db)
    written: dict[str, int] = {}
    for name, text in journal_tables(data).items():
        write_private_text(folder / name, text)
        written[name] = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    return written


def import_csv_table(db: Database, path: Path, spec: TableSpec | None = None) -> ImportSummary:
    """Validate one KneeLog CSV table whole, then write it in one transaction (upsert by id)."""
    table = _read_table_file(path, spec)
    summary = ImportSummary(source=path.name)
    with db.writing() as connection:
        problems = _reference_problems(connection, table.records)
        if problems:
            raise JournalFileError(path.name, problems)
        if table.spec is CHECKINS_CSV:
            for record in table.records:
                assert isinstance(record, CheckInRecord)
                _put_checkin(connection, record, summary)
            return summary
        _upsert_all(connection, table.records, summary)
    return summary


def _reference_problems(connection: sqlite3.Connection, records: Sequence[Any]) -> list[str]:
    """Shoes and prescriptions a table refers to must already be in the journal."""
    shoes = {r.shoe_id for r in records if isinstance(r, SessionRecord) and r.shoe_id}
    prescriptions = {
        r.prescription_id for r in records if isinstance(r, ExerciseLogRecord) and r.prescription_id
    }
    problems: list[str] = []
    if shoes:
        known = set(SHOES.by_id(connection, shoes))
        problems += [
            f"column shoe: {shoe!r} is not a shoe in the journal (import shoes.csv first)"
            for shoe in sorted(shoes - known)
        ]
    if prescriptions:
        known = set(PRESCRIPTIONS.by_id(connection, prescriptions))
        problems += [
            f"column prescription: {p!r} is not in the program (import program.csv first)"
            for p in sorted(prescriptions - known)
        ]
    return problems


def _put_checkin(
    connection: sqlite3.Connection, checkin: CheckInRecord, summary: ImportSummary
) -> None:
    same_day = CHECKINS.first(connection, "date = ?", (checkin.date.isoformat(),))
    if same_day is not None and same_day.id != checkin.id:
        # One check-in per date: the file's record takes the place of the journal's.
        CHECKINS.delete(connection, same_day.id)
        CHECKINS.put(connection, checkin)
        summary.updated += 1
    else:
        _count(summary, CHECKINS.get(connection, checkin.id), checkin)
        CHECKINS.put(connection, checkin)
