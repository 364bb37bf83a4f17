"""Change sets: each write says what it added, changed and removed, carries what it stored, and
names the figures it made stale; several combine into one."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.core.visits import ProfileRecord, VisitRecord
from kneelog.persistence.db import Database
from kneelog.services.changes import (
    EVERYTHING,
    NO_CHANGE,
    Changes,
    Derived,
    RecordKind,
    combined,
    removed,
    saved,
)
from kneelog.services.entries import EntryService
from kneelog.services.kept_history import KeptHistory
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService
from kneelog.services.visits import PROFILE_ID, VisitService

DAY = dt.date(2026, 5, 4)


def _run(**values: object) -> SessionRecord:
    return SessionRecord.new(date=DAY, activity="run", distance_m=5000, **values)


def test_a_session_saved_deleted_and_restored(journal: EntryService) -> None:
    added = journal.save_session(_run())
    run = added.record
    assert (added.added_ids(RecordKind.SESSION), added.changed, added.removed) == (
        {run.id},
        frozenset(),
        frozenset(),
    )
    assert added.saved(RecordKind.SESSION) == (run,)
    assert added.stale == {
        Derived.HISTORY,
        Derived.PLAN,
        Derived.TRENDS,
        Derived.WEEK_TOTALS,
        Derived.SHOE_MILEAGE,
    }
    edited = journal.save_session(run._replace(pain_during=3))
    assert edited.changed_ids(RecordKind.SESSION) == {run.id} and not edited.added
    deleted = journal.delete_entries([run.id], [], [])
    assert deleted.removed_ids(RecordKind.SESSION) == {run.id}
    assert deleted.result is None
    with pytest.raises(ValueError, match="no single record"):
        _ = deleted.record
    back = journal.restore_entries([edited.record], [], [])
    assert back.added_ids(RecordKind.SESSION) == {run.id}
    assert back.saved(RecordKind.SESSION) == (edited.record,)


def test_a_check_in_a_shoe_and_settings(journal: EntryService) -> None:
    checkin = journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=2))
    assert checkin.stale == {Derived.HISTORY, Derived.PLAN, Derived.TRENDS}
    assert journal.delete_checkin(checkin.record.id).removed_ids(RecordKind.CHECKIN) == {
        checkin.record.id
    }
    shoe = journal.save_shoe(ShoeRecord.new(name="Ghost"))
    assert shoe.added_ids(RecordKind.SHOE) == {shoe.record.id}
    assert shoe.stale == {Derived.SHOE_MILEAGE}
    units = journal.set_settings({"units": "mi", "runner_name": "Alex"})
    assert units.settings == {"units", "runner_name"} and units.setting_changed("units")
    assert Derived.PLAN in units.stale and Derived.ADHERENCE not in units.stale
    # Stored again unchanged: nothing changed, nothing to tell anyone.
    assert journal.set_settings({"units": "mi"}).is_empty
    week = journal.set_setting("week_start", "sunday")
    assert {Derived.ADHERENCE, Derived.WEEK_TOTALS} <= week.stale


def test_visits_and_the_profile(db: Database) -> None:
    visits = VisitService(db)
    visit = VisitRecord("v1", DAY, "PT", cleared_to_run=True)
    added = visits.save_visit(visit)
    assert added.added_ids(RecordKind.VISIT) == {"v1"} and added.stale == {Derived.PLAN}
    assert visits.save_visit(visit._replace(clinician="GP")).changed_ids(RecordKind.VISIT) == {"v1"}
    assert visits.delete_visit("v1").removed_ids(RecordKind.VISIT) == {"v1"}
    profile = ProfileRecord(goal="10 km")
    first = visits.save_profile(profile)
    assert first.added_ids(RecordKind.PROFILE) == {PROFILE_ID}
    assert first.record == ProfileRecord()  # the one it replaced: the undo
    assert first.saved(RecordKind.PROFILE) == (profile,)
    assert first.stale == frozenset()  # the report reads it when it is made


def test_the_exercise_program(db: Database) -> None:
    rehab = RehabService(db)
    bridge = PrescriptionRecord.new(exercise="glute_bridge", sets=3, reps=12, per_week=3, start=DAY)
    added = rehab.save_prescription(bridge)
    assert added.added_ids(RecordKind.PRESCRIPTION) == {bridge.id}
    assert {Derived.ADHERENCE, Derived.PLAN, Derived.TRENDS} <= added.stale
    assert rehab.set_paused(bridge.id, True).changed_ids(RecordKind.PRESCRIPTION) == {bridge.id}
    log = ExerciseLogRecord.new(date=DAY, exercise="glute_bridge", prescription_id=bridge.id)
    logged = rehab.log_exercise(log)
    assert logged.added_ids(RecordKind.EXERCISE_LOG) == {log.id}
    # Deleting the prescription unlinks its log; restoring it links the log again.
    deleted = rehab.delete_prescription(bridge.id)
    assert deleted.removed_ids(RecordKind.PRESCRIPTION) == {bridge.id}
    assert deleted.changed_ids(RecordKind.EXERCISE_LOG) == {log.id}
    assert deleted.saved(RecordKind.EXERCISE_LOG) == ()  # not carried: the database unlinked it
    restored = rehab.restore_prescription(deleted.record)
    assert restored.added_ids(RecordKind.PRESCRIPTION) == {bridge.id}
    assert restored.changed_ids(RecordKind.EXERCISE_LOG) == {log.id}
    akps = rehab.record_akps(DAY, given_score=70)
    assert akps.added_ids(RecordKind.ASSESSMENT) == {akps.record.id}
    assert Derived.AKPS in akps.stale and Derived.ADHERENCE not in akps.stale
    preset = rehab.apply_preset("hip_knee_strength_early", DAY)
    assert preset.added_ids(RecordKind.PRESCRIPTION) == {p.id for p in preset.record}
    undone = rehab.delete_prescriptions([p.id for p in preset.record])
    assert undone.removed_ids(RecordKind.PRESCRIPTION) == {p.id for p in preset.record}


def test_the_rule_settings(db: Database) -> None:
    changes = PlanningService(db).set_overrides({"S1": {"intensity_factor": 0.25}})
    assert changes.settings == {"rules"} and changes.stale == {Derived.PLAN, Derived.TRENDS}
    assert changes.record == {"S1": {"intensity_factor": 0.25}}


def test_changes_made_one_after_the_other_combine() -> None:
    a, b = _run(), _run()
    add_a = saved(RecordKind.SESSION, a, is_new=True)
    add_b = saved(RecordKind.SESSION, b, is_new=True)
    both = add_a | add_b
    assert both.added_ids(RecordKind.SESSION) == {a.id, b.id}
    # Added, then changed: still an addition, with the record as it is now.
    edited = a._replace(pain_during=2)
    after_edit = add_a | saved(RecordKind.SESSION, edited, is_new=False)
    assert after_edit.added_ids(RecordKind.SESSION) == {a.id} and not after_edit.changed
    assert after_edit.saved(RecordKind.SESSION) == (edited,)
    # Removed and then put back: it is there again, maybe different: changed.
    back = removed(RecordKind.SESSION, [a.id]) | saved(RecordKind.SESSION, a, is_new=True)
    assert back.changed_ids(RecordKind.SESSION) == {a.id} and not back.added and not back.removed
    # Changed and then removed: removed, and no record carried for it.
    gone = saved(RecordKind.SESSION, a, is_new=False) | removed(RecordKind.SESSION, [a.id])
    assert gone.removed_ids(RecordKind.SESSION) == {a.id} and not gone.records
    assert combined([]) == NO_CHANGE and NO_CHANGE.is_empty
    assert (add_a | EVERYTHING).everything
    assert EVERYTHING.stale == frozenset(Derived)


def test_the_kept_history_takes_a_change_set_in_without_reading(db: Database) -> None:
    journal = EntryService(db)
    first = journal.save_session(_run()).record
    history = KeptHistory(db)
    assert [s.id for s in history.sessions()] == [first.id]
    generation, version = history.generation, history.session_version
    later = _run(start_time="18:00")
    history.apply(saved(RecordKind.SESSION, later, is_new=True))  # never stored: not read
    assert history.sessions() == (first, later)
    assert history.replacements_since(version) == [(None, later)]
    history.apply(removed(RecordKind.SESSION, [first.id]))
    assert [s.id for s in history.sessions()] == [later.id]
    assert history.generation == generation
    history.apply(EVERYTHING)
    assert history.generation == generation + 1
    assert [s.id for s in history.sessions()] == [first.id]  # read afresh: what is stored


def test_a_change_set_is_typed_by_what_it_is_about() -> None:
    change: Changes[SessionRecord] = saved(RecordKind.SESSION, _run(), is_new=True)
    assert isinstance(change.record, SessionRecord)
    with pytest.raises(TypeError, match="has no id"):
        saved(RecordKind.PROFILE, ProfileRecord(), is_new=True)
