"""The rehab tables store and load through a real SQLite file (dates, JSON answers, links)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from kneelog.core.program import dose_text
from kneelog.persistence.tables import Assessment, ExerciseLog, Prescription


def test_rehab_tables_round_trip_through_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'journal.sqlite'}")
    SQLModel.metadata.create_all(engine)
    answers = {str(n): 0 for n in range(1, 14)}
    with Session(engine) as session:
        prescription = Prescription(
            id="rx1", exercise="step_up", sets=3, reps=10, per_week=3, start=dt.date(2026, 5, 4)
        )
        session.add(prescription)
        session.add(
            ExerciseLog(date=dt.date(2026, 5, 4), exercise="step_up", pain=0, prescription_id="rx1")
        )
        session.add(Assessment(date=dt.date(2026, 5, 4), answers=answers, score=100))
        session.add(Assessment(date=dt.date(2026, 6, 1), score=90))
        session.commit()
    with Session(engine) as session:
        stored = session.get(Prescription, "rx1")
        assert stored is not None
        assert (stored.start, stored.end, stored.paused, stored.notes) == (
            dt.date(2026, 5, 4),
            None,
            False,
            "",
        )
        (log,) = session.exec(select(ExerciseLog)).all()
        assert (log.date, log.pain, log.prescription_id) == (dt.date(2026, 5, 4), 0, "rx1")
        scored = session.exec(select(Assessment).order_by(Assessment.date)).all()  # type: ignore[arg-type]
        assert [(a.answers, a.score) for a in scored] == [(answers, 100), (None, 90)]
    assert {"prescription", "exercise_log", "assessment"} <= set(SQLModel.metadata.tables)


@pytest.mark.parametrize(
    ("sets", "reps", "hold_s", "load_kg", "text"),
    [
        (3, 10, None, 2.5, "3 × 10, 2.5 kg"),
        (4, None, 45, None, "4 × 45 s"),
        (None, None, 30, None, "30 s"),
        (None, None, None, 5.0, "5 kg"),
        (None, None, None, None, ""),
    ],
)
def test_dose_text_as_the_exercise_screens_show_it(
    sets: int | None, reps: int | None, hold_s: int | None, load_kg: float | None, text: str
) -> None:
    assert dose_text(sets, reps, hold_s, load_kg) == text
