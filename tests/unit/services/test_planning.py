"""PlanningService on real journal files: the kept view, overrides, exercise status, plan history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.core.rules import Action, OverrideError
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.values import EntryKind
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService
from kneelog.services.remembered_plans import remember_plans

D = dt.date(2026, 5, 4)


def day(offset: int) -> dt.date:
    return D + dt.timedelta(days=offset)


def settle(journal: EntryService) -> None:
    for k in range(28, 1, -2):
        journal.save_session(
            SessionRecord.new(
                date=day(-k),
                activity="run",
                distance_m=6000,
                duration_s=2400,
                pain_during=1,
                pain_after=1,
            )
        )
    for k in range(20, 0, -1):
        journal.save_checkin(CheckInRecord.new(date=day(-k), morning_pain=1, morning_stiffness=0))


def test_a_saved_check_in_changes_the_next_plan(db: Database, journal: EntryService) -> None:
    settle(journal)
    planning = PlanningService(db)
    assert planning.plan_for(D).action.value == "progress"
    changes = journal.save_checkin(CheckInRecord.new(date=D, morning_pain=1, morning_stiffness=3))
    planning.apply(changes)
    plan = planning.plan_for(D)
    assert plan.action.value == "reduce"
    assert (plan.max_run_km, plan.intensity_factor) == (6.0, 0.5)
    planning.apply(journal.delete_checkin(changes.record.id))
    assert planning.plan_for(D).action.value == "progress"


def test_invalidate_rereads_after_a_wholesale_change(db: Database, journal: EntryService) -> None:
    settle(journal)
    planning = PlanningService(db)
    planning.plan_for(D)
    journal.save_checkin(CheckInRecord.new(date=D, morning_stiffness=3))
    assert planning.plan_for(D).action.value == "progress"  # not told yet: the kept view
    planning.invalidate()
    assert planning.plan_for(D).action.value == "reduce"


_edits = st.lists(
    st.tuples(
        st.sampled_from(["run", "checkin", "delete", "move"]),
        st.integers(-12, 0),
        st.integers(0, 9),
        st.sampled_from([[], ["stiffness"], ["swelling"], ["sharp_pain"]]),
        st.sampled_from([None, "07:00", "18:30"]),
    ),
    max_size=12,
)


@settings(max_examples=30)
@given(edits=_edits)
def test_an_entry_by_entry_kept_view_plans_like_a_fresh_read(
    tmp_path_factory: pytest.TempPathFactory,
    edits: list[tuple[str, int, int, list[str], str | None]],
) -> None:
    db = open_journal(tmp_path_factory.mktemp("j") / "j.sqlite3")
    try:
        journal = EntryService(db)
        settle(journal)
        kept = PlanningService(db)
        kept.plan_for(D)
        ids: list[tuple[EntryKind, str]] = []
        for kind, offset, pain, symptoms, start in edits:
            if kind == "run":
                saved = journal.save_session(
                    SessionRecord.new(
                        date=day(offset - 1),
                        start_time=start,
                        activity="run",
                        distance_m=1000 * (3 + pain),
                        pain_during=pain,
                        symptoms=symptoms,
                    )
                )
                ids.append((EntryKind.SESSION, saved.record.id))
                kept.apply(saved)
            elif kind == "checkin":
                existing = journal.checkin_on(day(offset))
                item = CheckInRecord.new(date=day(offset), morning_pain=pain, symptoms=symptoms)
                if existing is not None:
                    item = item._replace(id=existing.id)
                saved_checkin = journal.save_checkin(item)
                ids.append((EntryKind.CHECKIN, saved_checkin.record.id))
                kept.apply(saved_checkin)
            elif kind == "move" and (runs := [i for k, i in ids if k is EntryKind.SESSION]):
                # The same session saved again on another day, longer: an edit.
                moved = journal.get_session(runs[pain % len(runs)])
                moved = moved._replace(
                    date=day(offset - 1), distance_m=(moved.distance_m or 0) + 500
                )
                kept.apply(journal.save_session(moved))
            elif kind == "delete" and ids:
                entry_kind, entry_id = ids.pop(pain % len(ids))
                if (entry_kind, entry_id) in ids:
                    continue
                if entry_kind is EntryKind.SESSION:
                    kept.apply(journal.delete_session(entry_id))
                else:
                    kept.apply(journal.delete_checkin(entry_id))
        fresh = PlanningService(db)
        for plan_day in (day(-3), D, day(1)):
            assert kept.plan_for(plan_day) == fresh.plan_for(plan_day)
        kept_runs, fresh_runs = kept.rule_inputs(D).running, fresh.rule_inputs(D).running
        assert [r.id for r in kept_runs.runs] == [r.id for r in fresh_runs.runs]
        assert kept_runs.km == fresh_runs.km
        assert kept_runs.srpe_load_between(day(-40), D) == fresh_runs.srpe_load_between(day(-40), D)
    finally:
        db.close()


def test_overrides_are_checked_stored_in_the_journal_and_listed(
    db: Database, journal: EntryService
) -> None:
    settle(journal)
    journal.save_checkin(CheckInRecord.new(date=D, morning_stiffness=3))
    planning = PlanningService(db)
    with pytest.raises(OverrideError, match=r"S1.intensity_factor: 2 is outside 0.1-1"):
        planning.set_overrides({"S1": {"intensity_factor": 2}})
    with pytest.raises(OverrideError, match="no such rule"):
        planning.set_overrides({"Z9": {"x": 1}})
    assert journal.setting("rules") is None
    stored = planning.set_overrides({"S1": {"intensity_factor": 0.25, "tolerance": 1.0}}).record
    assert stored == {"S1": {"intensity_factor": 0.25}}  # the default value is not kept
    assert journal.setting("rules") == {"S1": {"intensity_factor": 0.25}}
    assert PlanningService(db).plan_for(D).intensity_factor == 0.25
    [difference] = planning.override_differences()
    assert (difference.rule, difference.name, difference.default, difference.value) == (
        "S1",
        "intensity_factor",
        0.5,
        0.25,
    )
    planning.reset_overrides()
    assert journal.setting("rules") is None
    assert planning.override_differences() == []
    assert planning.plan_for(D).intensity_factor == 0.5


def test_bad_stored_values_are_skipped_one_by_one(db: Database, journal: EntryService) -> None:
    journal.set_setting("rules", {"S1": {"intensity_factor": 0.3, "bogus": 1}, "Q7": {"a": 1}})
    reading = PlanningService(db).read_overrides()
    assert reading.overrides == {"S1": {"intensity_factor": 0.3}}
    assert reading.problems == ("S1.bogus: S1 has no setting 'bogus'", "Q7: no such rule")


def test_the_exercise_program_feeds_e1_and_the_plans_exercises(db: Database) -> None:
    rehab = RehabService(db)
    squat = rehab.save_prescription(
        PrescriptionRecord.new(exercise="step_up", sets=2, reps=10, per_week=3, start=day(-30))
    ).record
    planning = PlanningService(db)
    plan = planning.plan_for(D)
    assert [(e.exercise, e.dose) for e in plan.exercises] == [("step_up", "2 x 10 per leg")]
    assert "E1" in {r.rule for r in plan.reasons}
    status = planning.rule_inputs(D).exercise
    assert status is not None
    assert (status.sessions_per_week_done, status.sessions_per_week_prescribed) == (0.0, 3.0)
    for offset in (-13, -11, -9, -6, -4, -2):
        rehab.log_exercise(
            ExerciseLogRecord.new(date=day(offset), exercise="step_up", prescription_id=squat.id)
        )
    planning.program_changed()
    status = planning.rule_inputs(D).exercise
    assert status is not None and status.sessions_per_week_done == 3.0
    assert "E1" not in {r.rule for r in planning.plan_for(D).reasons}


def test_shown_plans_are_kept_one_per_day(db: Database, journal: EntryService) -> None:
    settle(journal)
    planning = PlanningService(db)
    first = planning.plan_for(D)
    planning.keep_shown_plan(D, first, dt.datetime(2026, 5, 3, 21, 0, tzinfo=dt.UTC))
    journal.save_checkin(CheckInRecord.new(date=D, morning_stiffness=3))
    planning.invalidate()
    later = planning.plan_for(D)
    planning.keep_shown_plan(D, later, dt.datetime(2026, 5, 4, 7, 0, tzinfo=dt.UTC))
    # The same plan shown again (every start shows it) keeps the time it was first shown.
    planning.keep_shown_plan(D, later, dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC))
    planning.keep_shown_plan(day(1), planning.plan_for(day(1)))
    with pytest.raises(ValueError, match="not 2026-05-06"):
        planning.keep_shown_plan(day(2), later)
    [record] = PlanningService(db).shown_plans(D, D)
    assert record.plan == later.to_json()
    assert record.shown_at == "2026-05-04T07:00:00+00:00"
    assert [r.for_date for r in planning.shown_plans(day(-5), day(5))] == [D, day(1)]


def test_plan_history_is_not_exported(db: Database, journal: EntryService, tmp_path: Path) -> None:
    from kneelog.services.transfer import export_journal

    settle(journal)
    planning = PlanningService(db)
    planning.keep_shown_plan(D, planning.plan_for(D))
    # Nor the plans remembered ahead, nor the revision they were made from.
    assert remember_plans(db, planning.plans_between(D, day(6)), planning.records.read_after)
    export_journal(db, tmp_path / "out.json")
    assert "plan_record" not in (tmp_path / "out.json").read_text()
    assert '"headline"' not in (tmp_path / "out.json").read_text()
    assert "revision" not in (tmp_path / "out.json").read_text()


def test_every_day_s_recomputed_plan_is_the_plan_of_that_day(db: Database) -> None:
    """`plans_between` shares the rule work between days (and reads the exercise logs once), yet
    each plan is exactly `plan_for(day)`: flare-ups, walk-run returns and the program included."""
    from kneelog.services.demo import populate_demo

    today = dt.date(2026, 5, 6)
    populate_demo(db, today)
    first, last = today - dt.timedelta(weeks=16), today
    plans = PlanningService(db).plans_between(first, last)
    fresh = PlanningService(db)
    expected = [fresh.plan_for(first + dt.timedelta(days=k)) for k in range(len(plans))]
    assert len(plans) == (last - first).days + 1
    assert plans == expected
    assert {p.action for p in plans} >= {Action.CONTINUE, Action.CROSS_TRAIN}
    assert PlanningService(db).plans_between(last, first) == []


def test_recomputed_plans_use_the_stored_overrides(db: Database) -> None:
    from kneelog.services.demo import populate_demo

    today = dt.date(2026, 5, 6)
    populate_demo(db, today)
    planning = PlanningService(db)
    planning.set_overrides({"P1": {"max_pain_during": 2}})
    first = today - dt.timedelta(weeks=6)
    plans = planning.plans_between(first, today)
    assert plans == [planning.plan_for(first + dt.timedelta(days=k)) for k in range(len(plans))]
