"""Visits and the profile on a real journal file: the upgrade from schema 3, saves, checks, plans."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kneelog.core.errors import NotFoundError, ValidationError
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.values import EntryKind
from kneelog.core.visits import (
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    ReturnPlan,
    VisitRecord,
)
from kneelog.persistence import migrations
from kneelog.persistence.backups import record_counts
from kneelog.persistence.db import Database
from kneelog.persistence.health import APPLICATION_ID
from kneelog.persistence.plain import read_profile, read_visits
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.planning import PlanningService
from kneelog.services.visits import VisitService

DAY = dt.date(2026, 12, 1)
CLEARED = VisitRecord(
    "v-cleared", DAY, "PT", cleared_to_run=True, return_plan=ReturnPlan.WALK_RUN, notes="ok"
)
PROFILE = ProfileRecord(
    knee=Knee.RIGHT,
    condition=Condition.PATELLOFEMORAL,
    pain_location=(PainLocation.AROUND_KNEECAP, PainLocation.FRONT),
    aggravated_by=(Aggravator.STAIRS, Aggravator.DOWNHILL),
    since=dt.date(2026, 9, 1),
    goal="run 10 km pain-free",
    goal_date=dt.date(2027, 4, 1),
    clinician="Dr Ruiz",
    notes="worse after long sitting",
)


def _schema_3_journal(path: Path) -> None:
    """A journal as KneeLog wrote it before visits existed, with a session and a check-in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    for step in migrations.MIGRATIONS[:3]:
        step(connection)
    connection.execute(
        "INSERT INTO training_session (id, date, activity, distance_m, pain_during, symptoms, "
        "notes) VALUES ('s1', '2026-11-30', 'run', 5000, 2, '[\"stiffness\"]', 'easy')"
    )
    connection.execute(
        "INSERT INTO checkin (id, date, morning_pain, symptoms, notes) "
        "VALUES ('c1', '2026-12-01', 1, '[]', '')"
    )
    connection.execute("PRAGMA user_version = 3")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("COMMIT")
    connection.close()


def test_a_schema_3_journal_upgrades_with_its_data_and_a_backup(db_path: Path) -> None:
    _schema_3_journal(db_path)
    db = open_journal(db_path)
    try:
        assert migrations.read_version(db) == (migrations.SCHEMA_VERSION, APPLICATION_ID)
        journal = EntryService(db)
        (session,) = journal.sessions()
        assert (session.id, session.distance_m, session.symptoms, session.notes) == (
            "s1",
            5000,
            ("stiffness",),
            "easy",
        )
        assert [c.id for c in journal.checkins()] == ["c1"]
        with db.reading() as connection:
            assert read_visits(connection) == []
            assert read_profile(connection) == ProfileRecord()
        # The new tables take records at once.
        visits = VisitService(db)
        visits.save_visit(CLEARED)
        visits.save_profile(PROFILE)
        assert visits.visits() == [CLEARED]
        assert visits.profile() == PROFILE
    finally:
        db.close()
    assert record_counts(db_path)["visit"] == 1  # backup listings count visits too
    backups = list((db_path.parent / "backups").glob("*"))
    assert backups, "an upgrade backs the journal up first"
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 3
        assert old.execute("SELECT count(*) FROM training_session").fetchone()[0] == 1


def test_visits_are_saved_edited_read_in_date_order_and_deleted(db: Database) -> None:
    visits = VisitService(db)
    later = VisitRecord("v-later", DAY + dt.timedelta(days=9), "sports-medicine doctor")
    earlier = VisitRecord(
        "v-early", DAY - dt.timedelta(days=3), "A&E", next_visit=DAY + dt.timedelta(days=2)
    )
    for visit in (later, CLEARED, earlier):
        visits.save_visit(visit)
    assert visits.visits() == [earlier, CLEARED, later]
    edited = CLEARED._replace(return_plan=ReturnPlan.HOLD, notes="hold for two runs")
    visits.save_visit(edited)
    assert visits.get_visit(CLEARED.id) == edited
    assert visits.delete_visit(CLEARED.id).record == edited
    assert visits.visits() == [earlier, later]
    with pytest.raises(NotFoundError):
        visits.get_visit(CLEARED.id)
    with pytest.raises(NotFoundError):
        visits.delete_visit(CLEARED.id)


@pytest.mark.parametrize(
    ("visit", "message"),
    [
        (
            VisitRecord("x", dt.date(1899, 12, 31)),
            "date: 1899-12-31 is outside the years 1900-2999",
        ),
        (VisitRecord("x", dt.date(3000, 1, 1)), "date: 3000-01-01 is outside the years 1900-2999"),
        (
            VisitRecord("x", DAY, next_visit=DAY - dt.timedelta(days=1)),
            "next_visit: is before the visit",
        ),
        (
            VisitRecord("x", DAY, return_plan=ReturnPlan.HOLD),
            "return_plan: is only given when the visit cleared running",
        ),
        (VisitRecord("x", DAY, notes="n" * 10_001), "notes: longer than 10000 characters"),
    ],
)
def test_a_bad_visit_is_refused_and_nothing_is_written(
    db: Database, visit: VisitRecord, message: str
) -> None:
    visits = VisitService(db)
    with pytest.raises(ValidationError) as caught:
        visits.save_visit(visit)
    assert caught.value.problems == [message]
    assert visits.visits() == []


def test_the_profile_is_one_row_replaced_whole_and_cleared_by_an_empty_one(db: Database) -> None:
    visits = VisitService(db)
    assert visits.profile().is_empty
    assert visits.save_profile(PROFILE).record == ProfileRecord()
    changed = PROFILE._replace(knee=Knee.BOTH, pain_location=())
    assert visits.save_profile(changed).record == PROFILE  # what an undo saves back
    assert visits.profile() == changed
    with db.reading() as connection:
        assert connection.execute("SELECT count(*) FROM profile").fetchone()[0] == 1
    assert visits.save_profile(ProfileRecord()).record == changed
    with db.reading() as connection:
        assert connection.execute("SELECT count(*) FROM profile").fetchone()[0] == 0
    with pytest.raises(ValidationError, match=r"since: 1066-10-14 is outside the years 1900-2999"):
        visits.save_profile(PROFILE._replace(since=dt.date(1066, 10, 14)))
    assert visits.profile().is_empty


def test_the_plan_sees_the_visits_by_date_and_every_change_to_them(db: Database) -> None:
    journal = EntryService(db)
    journal.save_session(
        SessionRecord.new(date=DAY, activity="run", distance_m=4000, pain_during=1)
    )
    journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=1))
    planning = PlanningService(db)
    day = DAY + dt.timedelta(days=10)
    assert planning.rule_inputs(day).visits == ()
    planning.plan_for(day)  # builds and indexes the kept view
    visits = VisitService(db)
    second = VisitRecord("v2", DAY + dt.timedelta(days=5), "PT", cleared_to_run=True)
    for visit in (second, CLEARED):
        planning.apply(visits.save_visit(visit))
    view = planning.rule_inputs(day)
    assert view.visits == (CLEARED, second)
    assert [s.date for s in view.sessions] == [DAY]  # the rest of the view is kept
    planning.apply(visits.delete_visit(second.id))
    assert planning.rule_inputs(day).visits == (CLEARED,)
    # A fresh service (the next start) reads them too.
    assert PlanningService(db).rule_inputs(day).visits == (CLEARED,)


def test_the_journal_lists_a_visit_after_that_days_check_in_and_sessions(db: Database) -> None:
    journal = EntryService(db)
    journal.save_checkin(CheckInRecord.new(id="c", date=DAY, morning_pain=1))
    journal.save_session(SessionRecord.new(id="s", date=DAY, start_time="18:30", activity="run"))
    VisitService(db).save_visit(CLEARED)
    VisitService(db).save_visit(VisitRecord("v-before", DAY - dt.timedelta(days=1), "GP"))
    lines = journal.lines()
    assert [(row.kind, row.id) for row in lines] == [
        (EntryKind.VISIT, "v-before"),
        (EntryKind.CHECKIN, "c"),
        (EntryKind.SESSION, "s"),
        (EntryKind.VISIT, CLEARED.id),
    ]
    assert lines.position_of(EntryKind.VISIT, CLEARED.id) == 3
    assert lines.position_of(EntryKind.CHECKIN, CLEARED.id) == -1
    row = journal.entry(EntryKind.VISIT, CLEARED.id)
    assert row == lines[3]
    assert row.summary == "PT · cleared to run: walk-run return"
    assert lines.position_for(row) == 3  # where a made line of it belongs
    journal.delete_entries([], [], [CLEARED.id])
    assert [r.id for r in journal.lines()] == ["v-before", "c", "s"]
    journal.restore_entries([], [], [CLEARED])
    assert VisitService(db).get_visit(CLEARED.id) == CLEARED
