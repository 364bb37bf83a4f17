"""Remembered plans: exactly the plans worked out, and never used once the journal changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
from pathlib import Path

import pytest

from kneelog.core import (
    Action,
    CheckInRecord,
    Episode,
    ExerciseDue,
    Plan,
    Reason,
    RememberedPlan,
    ReturnPlan,
    SessionRecord,
    Severity,
    VisitRecord,
    plan_from_memo,
    plan_memo_json,
)
from kneelog.core.rules import Restriction
from kneelog.persistence import REMEMBERED_PLANS, Database, read_revision
from kneelog.services import (
    DAYS_AHEAD,
    EntryService,
    PlanningService,
    open_journal,
    plans_remembered,
    populate_demo,
    remember_plans,
    remembered_plan,
)
from kneelog.services.remembered_plans import plan_maker
from kneelog.services.visits import VisitService
from tests.report_journals import fill_year

TODAY = dt.date(2026, 5, 4)
TOMORROW = TODAY + dt.timedelta(days=1)


def _week(first: dt.date = TOMORROW) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range(DAYS_AHEAD)]


def _remember(db: Database, planning: PlanningService, first: dt.date = TOMORROW) -> list[Plan]:
    plans = planning.plans_between(first, first + dt.timedelta(days=DAYS_AHEAD - 1))
    assert remember_plans(db, plans, planning.records.read_after)
    return plans


def test_a_plan_reads_back_whole_from_its_memo(db: Database) -> None:
    """Every plan of a year with symptoms, a program and AKPS scores, and of the demo story
    (walk-run, a flare, cross-training), reads back equal from the JSON it is remembered as."""
    fill_year(db, TODAY)
    plans = PlanningService(db).plans_between(TODAY - dt.timedelta(days=300), TOMORROW)
    scratch = open_journal(Path(str(db.path)).parent / "demo.sqlite3")
    try:
        populate_demo(scratch, TODAY - dt.timedelta(days=30))
        # Then a red-flag episode: swelling on three mornings, and the visit that clears it
        # with a walk-run return.
        journal = EntryService(scratch)
        for offset in (29, 28, 27):
            journal.save_checkin(
                CheckInRecord.new(
                    date=TODAY - dt.timedelta(days=offset), morning_pain=3, symptoms=["swelling"]
                )
            )
        cleared = TODAY - dt.timedelta(days=20)
        VisitService(scratch).save_visit(
            VisitRecord("visit", cleared, cleared_to_run=True, return_plan=ReturnPlan.WALK_RUN)
        )
        first = TODAY - dt.timedelta(days=120)
        plans += PlanningService(scratch).plans_between(first, TOMORROW)
    finally:
        scratch.close()
    assert {plan.action for plan in plans} >= {Action.CONTINUE, Action.REST, Action.REDUCE}
    assert any(plan.episode for plan in plans) and any(plan.restrictions for plan in plans)
    assert any(plan.max_run_min for plan in plans) and any(plan.overridden for plan in plans)
    for plan in plans:
        assert plan_from_memo(plan_memo_json(plan)) == plan


def test_every_field_of_a_plan_survives_its_memo() -> None:
    reason = Reason(
        "R4", "Night pain", Action.SEE_SPECIALIST, ("2026-05-01",), "NICE", Severity.REFER, "why"
    )
    plan = Plan(
        for_date=TOMORROW,
        action=Action.SEE_SPECIALIST,
        run_allowed=False,
        max_run_km=4.5,
        max_run_min=30,
        intensity_factor=0.5,
        cross_training=("cycling",),
        headline="See a specialist",
        reasons=(reason,),
        restrictions=(Restriction("R4", Action.REST, TODAY, TOMORROW),),
        exercises=(ExerciseDue("wall_sit", "3 x 45 s hold"),),
        summary="Night pain on three mornings.",
        overridden=(dataclasses.replace(reason, rule="P1", severity=Severity.INFO),),
        notices=("A morning check-in would allow progress.",),
        episode=Episode("R4", TODAY, False, "a clinician visit that clears running"),
    )
    assert plan_from_memo(plan_memo_json(plan)) == plan


@pytest.mark.parametrize(
    "damage",
    [
        lambda memo: memo.pop("headline"),
        lambda memo: memo.update(run_allowed=1),
        lambda memo: memo.update(max_run_km=True),
        lambda memo: memo.update(action="sprint"),
        lambda memo: memo.update(for_date="tomorrow"),
        lambda memo: memo["reasons"][0].pop("severity"),
        lambda memo: memo.update(reasons="R4"),
        lambda memo: memo.update(episode={"rule": "R4"}),
    ],
)
def test_a_damaged_memo_is_refused(damage: object) -> None:
    reason = Reason("R4", "Night pain", Action.REST, (), "NICE", Severity.STOP, "")
    plan = Plan(TOMORROW, Action.REST, False, None, None, None, (), "Rest", (reason,), (), ())
    memo = plan_memo_json(plan)
    damage(memo)  # type: ignore[operator]
    with pytest.raises(ValueError, match=r"not a remembered plan|is not a valid|Invalid"):
        plan_from_memo(memo)


def test_the_remembered_plans_are_the_plans_worked_out(db: Database) -> None:
    fill_year(db, TODAY)
    planning = PlanningService(db)
    assert remembered_plan(db, TOMORROW) is None and not plans_remembered(db, TOMORROW)
    plans = _remember(db, planning)
    assert plans_remembered(db, TOMORROW)
    for day, plan in zip(_week(), plans, strict=True):
        assert remembered_plan(db, day) == plan == PlanningService(db).plan_for(day)
    assert remembered_plan(db, TOMORROW + dt.timedelta(days=DAYS_AHEAD)) is None
    # A week later the week is not remembered: only its first day is.
    assert not plans_remembered(db, TOMORROW + dt.timedelta(days=1))


def test_a_change_by_kneelog_forgets_them(db: Database, journal: EntryService) -> None:
    fill_year(db, TODAY)
    _remember(db, PlanningService(db))
    journal.save_session(SessionRecord.new(date=TODAY, activity="run", pain_during=7))
    assert remembered_plan(db, TOMORROW) is None
    assert not plans_remembered(db, TOMORROW)


def test_a_change_by_another_program_forgets_them(db: Database, db_path: Path) -> None:
    fill_year(db, TODAY)
    _remember(db, PlanningService(db))
    with sqlite3.connect(db_path) as other:
        other.execute("UPDATE checkin SET morning_pain = 9 WHERE date = ?", (TODAY.isoformat(),))
    assert remembered_plan(db, TOMORROW) is None


def test_nothing_is_remembered_from_a_history_another_program_changed_since(
    db: Database, db_path: Path
) -> None:
    fill_year(db, TODAY)
    planning = PlanningService(db)
    planning.plan_for(TOMORROW)  # the history read now ...
    with sqlite3.connect(db_path) as other:  # ... and changed by someone else after
        other.execute("UPDATE checkin SET symptoms = '[\"night_pain\"]'")
    plans = planning.plans_between(TOMORROW, TOMORROW)
    assert not remember_plans(db, plans, planning.records.read_after)
    with db.reading() as connection:
        assert REMEMBERED_PLANS.select(connection) == []
    assert remembered_plan(db, TOMORROW) is None


def test_a_plan_made_by_another_kneelog_is_not_used(db: Database) -> None:
    fill_year(db, TODAY)
    _remember(db, PlanningService(db))
    with db.writing() as connection:
        memo = REMEMBERED_PLANS.get(connection, TOMORROW)
        assert memo is not None and memo.made_by == plan_maker()
        REMEMBERED_PLANS.put(connection, memo._replace(made_by="kneelog 0.0.9 00000000"))
    assert remembered_plan(db, TOMORROW) is None
    assert plan_maker().startswith("kneelog ")


def test_a_damaged_memo_is_worked_out_again(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    fill_year(db, TODAY)
    _remember(db, PlanningService(db))
    with db.writing() as connection:
        revision = read_revision(connection)
        assert revision is not None
        REMEMBERED_PLANS.put(
            connection, RememberedPlan(TOMORROW, revision, plan_maker(), {"action": "hold"})
        )
    with caplog.at_level(logging.WARNING):
        assert remembered_plan(db, TOMORROW) is None
    assert "damaged" in caplog.text


def test_remembering_the_same_plans_again_writes_nothing(db: Database) -> None:
    fill_year(db, TODAY)
    planning = PlanningService(db)
    _remember(db, planning)
    before = db.connection().total_changes
    _remember(db, planning)
    assert db.connection().total_changes == before


def test_a_throw_away_journal_remembers_nothing(tmp_path: Path) -> None:
    demo = open_journal(tmp_path / "demo.sqlite3", durable=False)
    try:
        populate_demo(demo, TODAY)
        planning = PlanningService(demo)
        plans = planning.plans_between(TOMORROW, TOMORROW)
        assert not remember_plans(demo, plans, planning.records.read_after)
        assert remembered_plan(demo, TOMORROW) is None
    finally:
        demo.close()
