"""The journal revision moves on with every change to the journal's data, whoever writes it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import SQLModel

from kneelog.core import (
    AssessmentRecord,
    CheckInRecord,
    ExerciseLogRecord,
    PrescriptionRecord,
    ProfileRecord,
    RememberedPlan,
    SessionRecord,
    ShoeRecord,
    ShownPlan,
    VisitRecord,
)
from kneelog.persistence import migrations, tables  # noqa: F401  (tables: SQLModel's schema)
from kneelog.persistence.db import Database
from kneelog.persistence.repositories import (
    ASSESSMENTS,
    CHECKINS,
    EXERCISE_LOGS,
    PRESCRIPTIONS,
    PROFILE,
    REMEMBERED_PLANS,
    SESSIONS,
    SETTINGS,
    SHOES,
    SHOWN_PLANS,
    VISITS,
)
from kneelog.persistence.revision import (
    REVISED_TABLES,
    UNREVISED_TABLES,
    outside_commits,
    read_revision,
)

D = dt.date(2026, 5, 4)


def _revision(db: Database) -> int:
    with db.reading() as connection:
        revision = read_revision(connection)
    assert revision is not None
    return revision


def test_every_table_is_either_the_journals_data_or_derived() -> None:
    # A new table must say which it is: a table of data without triggers would leave every
    # remembered plan looking current after a change to it.
    assert sorted(REVISED_TABLES + UNREVISED_TABLES) == sorted(SQLModel.metadata.tables)
    assert not set(REVISED_TABLES) & set(UNREVISED_TABLES)


def test_every_table_of_data_has_its_three_triggers(tmp_path: Path) -> None:
    for made in ("migrated", "defined"):
        path = tmp_path / f"{made}.sqlite3"
        if made == "migrated":
            db = Database(path)
            migrations.migrate(db, None)
            db.close()
        else:
            engine = create_engine(f"sqlite:///{path}")
            SQLModel.metadata.create_all(engine)
            engine.dispose()
        with sqlite3.connect(path) as connection:
            found = sorted(
                connection.execute(
                    "SELECT tbl_name, count(*) FROM sqlite_master WHERE type = 'trigger' "
                    "GROUP BY tbl_name"
                )
            )
        assert found == sorted((table, 3) for table in REVISED_TABLES), made


def _changes(prescription: PrescriptionRecord, shoe: ShoeRecord) -> list[tuple[str, object]]:
    return [
        ("shoe", SHOES.put, shoe),
        ("prescription", PRESCRIPTIONS.put, prescription),
        (
            "training_session",
            SESSIONS.put,
            SessionRecord.new(date=D, activity="run", distance_m=5000, shoe_id=shoe.id),
        ),
        ("checkin", CHECKINS.put, CheckInRecord.new(date=D, morning_pain=2)),
        (
            "exercise_log",
            EXERCISE_LOGS.put,
            ExerciseLogRecord.new(date=D, exercise="wall_sit", prescription_id=prescription.id),
        ),
        (
            "assessment",
            ASSESSMENTS.put,
            AssessmentRecord.new(date=D, instrument="akps", answers=None, score=70),
        ),
        ("visit", VISITS.put, VisitRecord("v1", D, clinician="PT", cleared_to_run=True)),
        ("profile", PROFILE.put, ProfileRecord(goal="10 km")),
    ]  # type: ignore[list-item]


def test_an_insert_an_update_and_a_delete_of_any_data_move_it_on(db: Database) -> None:
    shoe = ShoeRecord.new(name="Road")
    prescription = PrescriptionRecord.new(exercise="wall_sit", start=D)
    seen = [_revision(db)]
    for table, put, record in _changes(prescription, shoe):  # type: ignore[misc]
        with db.writing() as connection:
            put(connection, record)
        seen.append(_revision(db))
        assert seen[-1] > seen[-2], f"insert into {table}"
        with db.writing() as connection:
            put(connection, record)  # the same record again: an update of its row
        seen.append(_revision(db))
        assert seen[-1] > seen[-2], f"update of {table}"
    with db.writing() as connection:
        SETTINGS.write(connection, "units", "mi")
    assert _revision(db) > seen[-1]
    before = _revision(db)
    with db.writing() as connection:  # deletes, children first (the foreign keys)
        for table in ("exercise_log", "training_session", "checkin", "assessment", "visit"):
            connection.execute(f"DELETE FROM {table}")
        PROFILE.delete(connection)
        SETTINGS.write(connection, "units", None)
        connection.execute("DELETE FROM prescription")
        connection.execute("DELETE FROM shoe")
    # One step per row deleted: 5 tables of one row, the profile, the setting, 2 more rows.
    assert _revision(db) == before + 9


def test_derived_data_leaves_it_as_it_was(db: Database) -> None:
    before = _revision(db)
    with db.writing() as connection:
        SHOWN_PLANS.put(connection, ShownPlan(D, {"action": "hold"}, "2026-05-03T21:00:00+02:00"))
        REMEMBERED_PLANS.put(connection, RememberedPlan(D, before, "kneelog test", {}))
        REMEMBERED_PLANS.clear(connection)
    assert _revision(db) == before


def test_another_program_moves_it_on_and_the_journal_sees_who_wrote(
    db: Database, db_path: Path
) -> None:
    with db.reading() as connection:
        seen = outside_commits(connection)
    with db.writing() as connection:  # KneeLog's own change: the same connection
        CHECKINS.put(connection, CheckInRecord.new(date=D, morning_pain=1))
    with db.reading() as connection:
        assert outside_commits(connection) == seen
    before = _revision(db)
    with sqlite3.connect(db_path) as other:  # the sqlite3 shell, another KneeLog, ...
        other.execute("UPDATE checkin SET notes = 'edited elsewhere'")
    assert _revision(db) == before + 1
    with db.reading() as connection:
        assert outside_commits(connection) != seen


def test_a_journal_without_its_triggers_is_named_as_such(db: Database, db_path: Path) -> None:
    db.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER revise_after_update_checkin")
    assert migrations.schema_problems(db_path) == [
        f"it says schema version {migrations.SCHEMA_VERSION}, but trigger "
        "revise_after_update_checkin is missing"
    ]


def test_a_schema_5_journal_gets_its_revision_at_zero(tmp_path: Path) -> None:
    path, version = tmp_path / "old.sqlite3", 5
    connection = sqlite3.connect(path)
    for step in migrations.MIGRATIONS[:version]:
        step(connection)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    connection.execute("INSERT INTO checkin (id, date) VALUES ('c', '2026-05-01')")
    connection.commit()
    connection.close()
    db = Database(path)
    try:
        migrations.migrate(db, None)
        assert _revision(db) == 0
        with db.writing() as writing:
            writing.execute("UPDATE checkin SET morning_pain = 3")
        assert _revision(db) == 1
    finally:
        db.close()
    assert migrations.schema_problems(path) == []
