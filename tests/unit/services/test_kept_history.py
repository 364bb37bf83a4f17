"""The kept history: plain records that say exactly what the journal holds, kept current entry by
entry (sessions, check-ins, exercise logs), and told apart (session or check-in) whatever kind
of object an entry is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord, is_checkin
from kneelog.persistence.db import Database
from kneelog.services.changes import EVERYTHING
from kneelog.services.entries import EntryService
from kneelog.services.kept_history import KeptHistory, SortedRecords, session_key
from kneelog.services.opening import open_journal
from kneelog.services.rehab import RehabService, read_log_records
from tests.unit.services.journal_strategies import dates, scores, symptom_lists, training_sessions


def _as_record(session: SessionRecord) -> SessionRecord:
    # The journal hands out the records it stores: a record is its own stored form.
    return session


def _as_checkin_record(checkin: CheckInRecord) -> CheckInRecord:
    return checkin


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sessions=st.lists(training_sessions, max_size=10),
    checkins=st.dictionaries(dates, st.tuples(scores, scores, symptom_lists), max_size=6),
    edits=st.lists(st.tuples(st.integers(0, 9), training_sessions | st.none()), max_size=4),
)
def test_the_records_are_what_the_journal_holds_before_and_after_edits(
    tmp_path_factory: pytest.TempPathFactory,
    sessions: list[SessionRecord],
    checkins: dict[dt.date, tuple[int | None, int | None, list[str]]],
    edits: list[tuple[int, SessionRecord | None]],
) -> None:
    db = open_journal(tmp_path_factory.mktemp("records") / "journal.sqlite3")
    journal = EntryService(db)
    saved = [journal.save_session(s).record for s in sessions]
    for day, (pain, stiffness, symptoms) in checkins.items():
        journal.save_checkin(
            CheckInRecord.new(
                date=day, morning_pain=pain, morning_stiffness=stiffness, symptoms=symptoms
            )
        )
    kept = KeptHistory(db)
    kept.sessions()  # read now, so the edits below are applied from their change sets
    for position, replacement in edits:
        if not saved:
            break
        target = saved[position % len(saved)]
        if replacement is None:
            kept.apply(journal.delete_session(target.id))
            saved.remove(target)
        else:
            changes = journal.save_session(replacement._replace(id=target.id))
            kept.apply(changes)
            saved[saved.index(target)] = changes.record

    expected = sorted((_as_record(s) for s in journal.sessions()), key=session_key)
    assert list(kept.sessions()) == expected
    assert list(KeptHistory(db).sessions()) == expected
    assert list(kept.checkins()) == [_as_checkin_record(c) for c in journal.checkins()]
    db.close()


def test_a_record_cannot_be_changed() -> None:
    record = _as_record(SessionRecord.new(date=dt.date(2026, 5, 1), activity="run"))
    with pytest.raises(AttributeError):
        record.pain_during = 3  # type: ignore[misc]


def test_a_checkin_is_told_from_a_session_whatever_object_holds_it() -> None:
    session = SessionRecord.new(date=dt.date(2026, 5, 1), activity="run", distance_m=5000)
    checkin = CheckInRecord.new(date=dt.date(2026, 5, 2), morning_pain=2)
    assert [is_checkin(x) for x in (session, _as_record(session))] == [False, False]
    assert [is_checkin(x) for x in (checkin, _as_checkin_record(checkin))] == [True, True]
    assert _as_record(session).distance_km == session.distance_km == 5.0


def test_the_exercise_logs_are_kept_current_by_every_kind_of_program_change(
    tmp_path: Path,
) -> None:
    db = open_journal(tmp_path / "journal.sqlite3")
    rehab = RehabService(db)
    wall_sits = rehab.save_prescription(
        PrescriptionRecord.new(exercise="wall_sit", start=dt.date(2026, 3, 1))
    ).record
    logs = [
        rehab.log_exercise(
            ExerciseLogRecord.new(
                date=dt.date(2026, 3, day), exercise=exercise, pain=pain, prescription_id=link
            )
        ).record
        for day, exercise, pain, link in (
            (2, "wall_sit", 2, wall_sits.id),
            (2, "clamshell", None, None),
            (3, "wall_sit", 5, wall_sits.id),
        )
    ]
    kept = KeptHistory(db)
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    # Every change the program's screens make, applied from its change set alone.
    kept.apply(rehab.log_exercise(logs[1]._replace(date=dt.date(2026, 3, 4), pain=1)))
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    kept.apply(rehab.delete_exercise_log(logs[0].id))
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    bridge = ExerciseLogRecord.new(date=dt.date(2026, 3, 1), exercise="glute_bridge")
    kept.apply(rehab.log_exercise(bridge))
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    deleted = rehab.delete_prescription(wall_sits.id)  # unlinks its logs: nothing carried
    kept.apply(deleted)
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    assert {log.prescription_id for log in kept.exercise_logs()} == {None}
    kept.apply(rehab.restore_prescription(deleted.record))
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    assert [log.prescription_id for log in kept.exercise_logs() if log.exercise == "wall_sit"] == [
        wall_sits.id
    ]
    kept.apply(EVERYTHING)
    assert kept.exercise_logs() == tuple(read_log_records_of(db))
    db.close()


def read_log_records_of(db: Database) -> list[ExerciseLogRecord]:
    with db.reading() as connection:
        return read_log_records(connection)


@given(
    start=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 5), max_size=8),
    edits=st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 5) | st.none()), max_size=12
    ),
)
def test_sorted_records_stay_sorted_and_give_back_what_they_replaced(
    start: dict[str, int], edits: list[tuple[str, int | None]]
) -> None:
    class Item(NamedTuple):
        rank: int
        id: str

    def key(item: Item) -> tuple[int, str]:
        return (item.rank, item.id)

    kept = SortedRecords(key, [Item(rank, ident) for ident, rank in start.items()])
    expected = dict(start)
    for ident, rank in edits:
        new = None if rank is None else Item(rank, ident)
        old = kept.replace(ident, new)
        assert old == (None if ident not in expected else Item(expected[ident], ident))
        if rank is None:
            expected.pop(ident, None)
        else:
            expected[ident] = rank
        assert kept.items == sorted((Item(r, i) for i, r in expected.items()), key=key)
