"""Every record kind goes into its table and comes back equal, through its repository, on a real
journal file; an upsert keeps the rows that point at the record; bad dates never reach the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kneelog.core.errors import NotFoundError, ValidationError
from kneelog.core.program import AssessmentRecord, ExerciseLogRecord, PrescriptionRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.core.values import RememberedPlan, ShownPlan
from kneelog.core.visits import (
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    ReturnPlan,
    VisitRecord,
)
from kneelog.persistence import repositories as repos
from kneelog.persistence.columns import COLUMNS
from kneelog.persistence.db import Database
from kneelog.services.opening import open_journal
from tests.unit.services.journal_strategies import dates, training_sessions

ROUND_TRIPS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text the journal may hold (no lone surrogates: they are not text SQLite can store).
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
ids = st.text("0123456789abcdef", min_size=1, max_size=32)
counts = st.none() | st.integers(0, 500)
kilos = st.none() | st.floats(0, 500, allow_nan=False)
optional_dates = st.none() | dates

checkins = st.builds(
    CheckInRecord.new,
    id=ids,
    date=dates,
    morning_pain=st.none() | st.integers(0, 10),
    morning_stiffness=st.none() | st.integers(0, 10),
    symptoms=st.lists(texts, max_size=3).map(tuple),
    notes=texts,
)
shoes = st.builds(
    ShoeRecord,
    id=ids,
    name=texts,
    started=optional_dates,
    retired=optional_dates,
    initial_km=st.floats(0, 5000, allow_nan=False),
    retire_at_km=st.none() | st.floats(1, 5000, allow_nan=False),
)
prescriptions = st.builds(
    PrescriptionRecord,
    id=ids,
    exercise=texts,
    sets=counts,
    reps=counts,
    hold_s=counts,
    load_kg=kilos,
    per_week=st.integers(1, 14),
    start=dates,
    end=optional_dates,
    paused=st.booleans(),
    notes=texts,
)
exercise_logs = st.builds(
    ExerciseLogRecord,
    id=ids,
    date=dates,
    exercise=texts,
    sets=counts,
    reps=counts,
    hold_s=counts,
    load_kg=kilos,
    pain=st.none() | st.integers(0, 10),
    notes=texts,
    prescription_id=st.none(),
)
assessments = st.builds(
    AssessmentRecord,
    id=ids,
    date=dates,
    instrument=st.sampled_from(["akps", "other"]),
    answers=st.none()
    | st.dictionaries(st.sampled_from([str(n) for n in range(1, 14)]), st.integers(0, 5)),
    score=st.integers(0, 100),
)
visits = st.builds(
    VisitRecord,
    id=ids,
    date=dates,
    clinician=texts,
    cleared_to_run=st.booleans(),
    return_plan=st.none() | st.sampled_from(ReturnPlan),
    next_visit=optional_dates,
    notes=texts,
)
profiles = st.builds(
    ProfileRecord,
    knee=st.none() | st.sampled_from(Knee),
    condition=st.none() | st.sampled_from(Condition),
    pain_location=st.lists(st.sampled_from(PainLocation), unique=True).map(tuple),
    aggravated_by=st.lists(st.sampled_from(Aggravator), unique=True).map(tuple),
    since=optional_dates,
    goal=texts,
    goal_date=optional_dates,
    clinician=texts,
    notes=texts,
)

shown_plans = st.builds(
    ShownPlan,
    for_date=dates,
    plan=st.dictionaries(texts, st.none() | st.integers() | texts | st.lists(st.integers())),
    shown_at=st.just("2026-05-05T21:14:03+02:00"),
)

remembered_plans = st.builds(
    RememberedPlan,
    for_date=dates,
    revision=st.integers(0, 2**62),
    made_by=st.just("kneelog 0.1.0 0123abcd"),
    plan=st.dictionaries(texts, st.none() | st.integers() | texts | st.lists(st.integers())),
)

KINDS: list[tuple[repos.Repository[Any], st.SearchStrategy[Any]]] = [
    (repos.SESSIONS, training_sessions),
    (repos.CHECKINS, checkins),
    (repos.SHOES, shoes),
    (repos.PRESCRIPTIONS, prescriptions),
    (repos.EXERCISE_LOGS, exercise_logs),
    (repos.ASSESSMENTS, assessments),
    (repos.VISITS, visits),
    (repos.PROFILE, profiles),
    (repos.SHOWN_PLANS, shown_plans),
    (repos.REMEMBERED_PLANS, remembered_plans),
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_journal(Path(tmp_path_factory.mktemp("repositories")) / "journal.sqlite3")
    yield db
    db.close()


def _key(repository: repos.Repository[Any], record: Any) -> tuple[Any, ...]:
    return () if repository.fixed else tuple(getattr(record, name) for name in repository.key)


@pytest.mark.parametrize(
    ("repository", "records"), KINDS, ids=[repository.table for repository, _ in KINDS]
)
def test_every_kind_round_trips(
    journal: Database, repository: repos.Repository[Any], records: st.SearchStrategy[Any]
) -> None:
    @ROUND_TRIPS
    @given(record=records)
    def round_trip(record: Any) -> None:
        key = _key(repository, record)
        with journal.writing() as connection:
            stored = repository.put(connection, record)
        with journal.reading() as connection:
            again = repository.get(connection, *key)
            listed = repository.select(connection)
        assert stored == again == record
        assert listed == [record]
        with journal.writing() as connection:
            assert repository.delete(connection, *key) == record
        with journal.reading() as connection:
            assert repository.get(connection, *key) is None

    round_trip()


def test_every_table_of_a_record_kind_has_a_repository() -> None:
    tables = {repository.table for repository, _ in KINDS}
    # Settings are read and written by key, the revision by its triggers.
    assert tables | {"journal_setting", "journal_revision"} == set(COLUMNS)


def test_replacing_a_shoe_keeps_the_sessions_that_name_it(journal: Database) -> None:
    shoe = ShoeRecord.new(name="Road")
    run = SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", shoe_id=shoe.id)
    with journal.writing() as connection:
        repos.SHOES.put(connection, shoe)
        repos.SESSIONS.put(connection, run)
        repos.SHOES.put(connection, shoe._replace(name="Road, worn"))
    with journal.writing() as connection:
        assert repos.SESSIONS.fetch(connection, run.id, what="session").shoe_id == shoe.id
        assert repos.SHOES.remove(connection, shoe.id, what="shoe").name == "Road, worn"
        # The foreign key's ON DELETE SET NULL: the session stays, without its shoe.
        assert repos.SESSIONS.remove(connection, run.id, what="session").shoe_id is None


def test_a_date_outside_the_stored_range_is_refused_and_nothing_is_written(
    journal: Database,
) -> None:
    far = SessionRecord.new(date=dt.date(1850, 1, 1), activity="run", start_time="25:99")
    with pytest.raises(ValidationError) as caught, journal.writing() as connection:
        repos.SESSIONS.put(connection, far)
    assert [problem.split(":")[0] for problem in caught.value.problems] == [
        "training_session.date",
        "training_session.start_time",
    ]
    with journal.reading() as connection:
        assert repos.SESSIONS.get(connection, far.id) is None


def test_a_missing_record_is_named(journal: Database) -> None:
    with (
        pytest.raises(NotFoundError, match="check-in nope no longer exists"),
        journal.reading() as connection,
    ):
        repos.CHECKINS.fetch(connection, "nope", what="check-in")


def test_a_record_without_the_tables_columns_is_refused() -> None:
    with pytest.raises(TypeError, match="does not have the columns of checkin"):
        repos.Repository("checkin", ShoeRecord)


def test_settings_hold_any_json_value_and_none_removes_one(journal: Database) -> None:
    with journal.writing() as connection:
        repos.SETTINGS.write(connection, "units", "mi")
        repos.SETTINGS.write(connection, "rules", {"r1": {"limit": 3}})
    with journal.reading() as connection:
        assert repos.SETTINGS.read(connection) == {"units": "mi", "rules": {"r1": {"limit": 3}}}
    with journal.writing() as connection:
        repos.SETTINGS.write(connection, "units", None)
        repos.SETTINGS.write(connection, "rules", None)
    with journal.reading() as connection:
        assert repos.SETTINGS.read(connection, "units") == {}
