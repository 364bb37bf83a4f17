"""The plain-SQL reads of the start-up path give what SQLModel, reading the same file with its
own mapping, gives: field by field and type by type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, create_engine, select

from kneelog.core.program import AKPS_INSTRUMENT
from kneelog.persistence.db import Database
from kneelog.persistence.plain import read_assessments, read_program, read_settings
from kneelog.persistence.tables import Assessment, JournalSetting, Prescription
from kneelog.services.rehab import RehabService

DAY = dt.date(2026, 3, 2)


def _fields(record: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in names)


def test_program_assessments_and_settings_read_as_the_orm_reads_them(db: Database) -> None:
    rehab = RehabService(db)
    rehab.save_prescription(Prescription(exercise="wall_sit", sets=3, hold_s=45, start=DAY))
    rehab.save_prescription(
        Prescription(
            exercise="calf_stretch_wall",
            sets=2,
            reps=12,
            load_kg=2.5,
            per_week=5,
            start=DAY - dt.timedelta(days=30),
            end=DAY + dt.timedelta(days=10),
            paused=True,
            notes="slow on the way down",
        )
    )
    rehab.save_prescription(Prescription(exercise="step_up", start=DAY))
    rehab.save_assessment(Assessment(date=DAY, score=62))
    rehab.save_assessment(
        Assessment(
            date=DAY - dt.timedelta(days=28), answers={str(i): 0 for i in range(1, 14)}, score=100
        )
    )
    rehab.save_assessment(Assessment(date=DAY, instrument="other", score=40))
    stored: dict[str, Any] = {
        "units": "mi",
        "rules": {"R1": {"pain_after_max": 4}},
        "runner_name": None,
        "flags": [1, 2.5, "three"],
    }
    engine = create_engine(f"sqlite:///{db.path}")
    with Session(engine) as s:
        for key, value in stored.items():
            s.add(JournalSetting(key=key, value=value))
        s.commit()

    with Session(engine) as s:
        program = s.exec(
            select(Prescription).order_by(
                col(Prescription.start), col(Prescription.exercise), col(Prescription.id)
            )
        ).all()
        assessments = s.exec(
            select(Assessment).order_by(col(Assessment.date), col(Assessment.id))
        ).all()
        settings = {row.key: row.value for row in s.exec(select(JournalSetting))}
        names = tuple(Prescription.model_fields)
        orm_program = [_fields(p, names) for p in program]
        assessment_names = tuple(Assessment.model_fields)
        orm_assessments = [_fields(a, assessment_names) for a in assessments]

    engine.dispose()
    with db.reading() as connection:
        plain_program = [_fields(p, names) for p in read_program(connection)]
        plain_assessments = [_fields(a, assessment_names) for a in read_assessments(connection)]
        akps_only = read_assessments(connection, AKPS_INSTRUMENT)
        plain_settings = read_settings(connection)
        units_only = read_settings(connection, "units", "missing")

    assert plain_program == orm_program
    assert [type(value) for value in plain_program[1]] == [type(v) for v in orm_program[1]]
    assert plain_assessments == orm_assessments
    assert [a.instrument for a in akps_only] == [AKPS_INSTRUMENT, AKPS_INSTRUMENT]
    assert plain_settings == settings == stored
    assert units_only == {"units": "mi"}
