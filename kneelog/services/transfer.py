"""Importing and exporting the whole journal as KneeLog journal JSON, a file per transaction."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, SQLModel, col, select

from kneelog import __version__
from kneelog.core.entities import CheckIn, JournalSetting, Shoe, TrainingSession
from kneelog.core.errors import JournalFileError, KneelogError
from kneelog.formats.journal import JournalData, journal_to_json, parse_journal
from kneelog.persistence.db import Database
from kneelog.persistence.files import write_private_text

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


def read_journal_file(path: Path) -> JournalData:
    try:
        size = path.stat().st_size
        if size > MAX_JOURNAL_BYTES:
            raise JournalFileError(path.name, [f"the file is too large ({size} bytes)"])
        raw = path.read_bytes()
    except OSError as exc:
        raise KneelogError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return parse_journal(raw, path.name)


def import_journal(db: Database, path: Path) -> ImportSummary:
    """Validate the whole file, then write it in one transaction; refuse it whole on any problem."""
    data = read_journal_file(path)
    summary = ImportSummary(source=path.name, warnings=list(data.warnings))
    with db.session() as s:
        known_shoes = set(s.exec(select(Shoe.id)).all()) | {shoe.id for shoe in data.shoes}
        problems = [
            f"sessions[{i}].shoe: {item.shoe_id!r} is not a shoe in this file or the journal"
            for i, item in enumerate(data.sessions)
            if item.shoe_id is not None and item.shoe_id not in known_shoes
        ]
        if problems:
            raise JournalFileError(path.name, problems)
        for shoe in data.shoes:
            _upsert(s, Shoe, shoe, summary)
        for session in data.sessions:
            _upsert(s, TrainingSession, session, summary)
        for checkin in data.checkins:
            same_day = s.exec(select(CheckIn).where(CheckIn.date == checkin.date)).first()
            if same_day is not None and same_day.id != checkin.id:
                # One check-in per date: the file's record takes the place of the journal's.
                s.delete(same_day)
                s.flush()
                s.add(CheckIn(**checkin.model_dump()))
                summary.updated += 1
            else:
                _upsert(s, CheckIn, checkin, summary)
        for key, value in data.settings.items():
            stored = s.get(JournalSetting, key)
            if stored is None:
                s.add(JournalSetting(key=key, value=value))
            else:
                stored.value = value
                s.add(stored)
    return summary


def _upsert(s: Session, model: type[SQLModel], record: SQLModel, summary: ImportSummary) -> None:
    values = record.model_dump()
    stored = s.get(model, values["id"])
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
            shoes=list(s.exec(select(Shoe).order_by(col(Shoe.id)))),
            sessions=list(
                s.exec(
                    select(TrainingSession).order_by(
                        col(TrainingSession.date),
                        col(TrainingSession.start_time),
                        col(TrainingSession.id),
                    )
                )
            ),
            checkins=list(s.exec(select(CheckIn).order_by(col(CheckIn.date)))),
            settings={row.key: row.value for row in s.exec(select(JournalSetting))},
        )


def export_journal(db: Database, path: Path, now: dt.datetime | None = None) -> int:
    """Write the whole journal to `path` (0600, atomically); returns the number of records."""
    data = journal_data(db)
    document = journal_to_json(data, __version__, now or dt.datetime.now().astimezone())
    write_private_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return data.record_count
