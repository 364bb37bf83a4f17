"""Importing and exporting the whole journal as KneeLog journal JSON or CSV tables, a file per
transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kneelog import __version__
from kneelog.core.errors import JournalFileError, KneelogError
from kneelog.formats.errors import ImportRefused
from kneelog.formats.journal import JournalData, journal_to_json, parse_journal
from kneelog.formats.kneelog_csv import (
    CHECKINS,
    MAX_TABLE_BYTES,
    CsvTable,
    TableSpec,
    journal_tables,
    read_table_file,
)
from kneelog.formats.payload import open_input
from kneelog.persistence import orm
from kneelog.persistence.db import Database
from kneelog.persistence.files import output_folder, write_private_text

if TYPE_CHECKING:
    from sqlmodel import Session, SQLModel

    from kneelog.core.entities import CheckIn, TrainingSession

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
    with db.session(immediate=True) as s:
        known_shoes = set(s.exec(orm.select(orm.Shoe.id)).all()) | {shoe.id for shoe in data.shoes}
        problems = [
            f"sessions[{i}].shoe: {item.shoe_id!r} is not a shoe in this file or the journal"
            for i, item in enumerate(data.sessions)
            if item.shoe_id is not None and item.shoe_id not in known_shoes
        ]
        known_prescriptions = set(s.exec(orm.select(orm.Prescription.id)).all()) | {
            p.id for p in data.program
        }
        problems += [
            f"exercise_logs[{i}].prescription: {log.prescription_id!r} is not in the program "
            "of this file or the journal"
            for i, log in enumerate(data.exercise_logs)
            if log.prescription_id is not None and log.prescription_id not in known_prescriptions
        ]
        if problems:
            raise JournalFileError(path.name, problems)
        for shoe in data.shoes:
            _upsert(s, orm.Shoe, shoe, summary)
        for session in data.sessions:
            _keep_confirmed_speed(session, s.get(orm.TrainingSession, session.id))
            _upsert(s, orm.TrainingSession, session, summary)
        for checkin in data.checkins:
            _put_checkin(s, checkin, summary)
        for prescription in data.program:
            _upsert(s, orm.Prescription, prescription, summary)
        s.flush()  # the prescriptions first: exercise logs refer to them
        for log in data.exercise_logs:
            _upsert(s, orm.ExerciseLog, log, summary)
        for assessment in data.assessments:
            _upsert(s, orm.Assessment, assessment, summary)
        for visit in data.visits:
            _upsert(s, orm.Visit, visit, summary)
        if data.profile is not None:
            # The file's profile takes the place of the journal's (there is one per journal);
            # an empty one clears it, as an empty profile is no row.
            if not data.profile.record().is_empty:
                _upsert(s, orm.Profile, data.profile, summary)
            elif (stored_profile := s.get(orm.Profile, data.profile.id)) is not None:
                s.delete(stored_profile)
                summary.updated += 1
            else:
                summary.unchanged += 1
        for key, value in data.settings.items():
            stored = s.get(orm.JournalSetting, key)
            if stored is None:
                s.add(orm.JournalSetting(key=key, value=value))
            else:
                stored.value = value
                s.add(stored)
    return summary


def _stored_by_id(s: Session, model: type[SQLModel], ids: list[str]) -> dict[str, SQLModel]:
    """The records of `model` among `ids` already in the journal, by id, in a few queries."""
    found: dict[str, SQLModel] = {}
    key = orm.col(model.id)  # type: ignore[attr-defined]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update((row.id, row) for row in s.exec(orm.select(model).where(key.in_(chunk))))  # type: ignore[attr-defined]
    return found


def _keep_confirmed_speed(session: TrainingSession, stored: SQLModel | None) -> None:
    """The journal file and the CSV tables have no field for a confirmed speed (the format's
    records refuse unknown keys): a session imported again with the same activity, distance and
    time keeps the confirmation the journal holds for it, so importing an export back changes
    nothing."""
    if isinstance(stored, orm.TrainingSession) and (
        stored.activity,
        stored.distance_m,
        stored.duration_s,
    ) == (
        session.activity,
        session.distance_m,
        session.duration_s,
    ):
        session.speed_confirmed = stored.speed_confirmed


def _upsert(
    s: Session,
    model: type[SQLModel],
    record: SQLModel,
    summary: ImportSummary,
    known: dict[str, SQLModel] | None = None,
) -> None:
    values = record.model_dump()
    stored = s.get(model, values["id"]) if known is None else known.get(values["id"])
    if stored is None:
        s.add(model(**values))
        summary.added += 1
        return
    if stored.model_dump() == values:
        summary.unchanged += 1
        return
    for key, value in values.items():
        setattr(stored, key, value)
    s.add(stored)
    summary.updated += 1


def journal_data(db: Database) -> JournalData:
    with db.session() as s:
        return JournalData(
            shoes=list(s.exec(orm.select(orm.Shoe).order_by(orm.col(orm.Shoe.id)))),
            sessions=list(
                s.exec(
                    orm.select(orm.TrainingSession).order_by(
                        orm.col(orm.TrainingSession.date),
                        orm.col(orm.TrainingSession.start_time),
                        orm.col(orm.TrainingSession.id),
                    )
                )
            ),
            checkins=list(s.exec(orm.select(orm.CheckIn).order_by(orm.col(orm.CheckIn.date)))),
            settings={row.key: row.value for row in s.exec(orm.select(orm.JournalSetting))},
            program=list(s.exec(orm.select(orm.Prescription))),
            exercise_logs=list(s.exec(orm.select(orm.ExerciseLog))),
            assessments=list(s.exec(orm.select(orm.Assessment))),
            visits=list(
                s.exec(
                    orm.select(orm.Visit).order_by(orm.col(orm.Visit.date), orm.col(orm.Visit.id))
                )
            ),
            profile=s.exec(orm.select(orm.Profile)).first(),
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
    model = type(table.records[0]) if table.records else None
    with db.session(immediate=True) as s:
        problems = _reference_problems(s, table.records)
        if problems:
            raise JournalFileError(path.name, problems)
        if table.spec is CHECKINS:
            for record in table.records:
                assert isinstance(record, orm.CheckIn)
                _put_checkin(s, record, summary)
            return summary
        if model is None:  # a table with a header and no rows (e.g. no visits yet)
            return summary
        stored = _stored_by_id(s, model, [str(getattr(r, "id", "")) for r in table.records])
        # The stored records were fetched above: looking each one up would flush the session
        # before every query, and the import would slow down as the table grows.
        with s.no_autoflush:
            for record in table.records:
                if isinstance(record, orm.TrainingSession):
                    _keep_confirmed_speed(record, stored.get(record.id))
                _upsert(s, model, record, summary, stored)
    return summary


def _reference_problems(s: Session, records: list[SQLModel]) -> list[str]:
    """Shoes and prescriptions a table refers to must already be in the journal."""
    shoes = {r.shoe_id for r in records if isinstance(r, orm.TrainingSession) and r.shoe_id}
    prescriptions = {
        r.prescription_id for r in records if isinstance(r, orm.ExerciseLog) and r.prescription_id
    }
    problems: list[str] = []
    if shoes:
        known = set(s.exec(orm.select(orm.Shoe.id).where(orm.col(orm.Shoe.id).in_(shoes))).all())
        problems += [
            f"column shoe: {shoe!r} is not a shoe in the journal (import shoes.csv first)"
            for shoe in sorted(shoes - known)
        ]
    if prescriptions:
        query = orm.select(orm.Prescription.id).where(
            orm.col(orm.Prescription.id).in_(prescriptions)
        )
        known = set(s.exec(query).all())
        problems += [
            f"column prescription: {p!r} is not in the program (import program.csv first)"
            for p in sorted(prescriptions - known)
        ]
    return problems


def _put_checkin(s: Session, checkin: CheckIn, summary: ImportSummary) -> None:
    same_day = s.exec(orm.select(orm.CheckIn).where(orm.CheckIn.date == checkin.date)).first()
    if same_day is not None and same_day.id != checkin.id:
        # One check-in per date: the file's record takes the place of the journal's.
        s.delete(same_day)
        s.flush()
        s.add(orm.CheckIn(**checkin.model_dump()))
        summary.updated += 1
    else:
        _upsert(s, orm.CheckIn, checkin, summary)
