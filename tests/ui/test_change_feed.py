"""One change signal: every screen is current after each change whatever order it hears in, and a
saved session is not read back from the journal to show it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.values import EntryKind
from kneelog.persistence.db import Database
from kneelog.services.changes import EVERYTHING, Changes, RecordKind
from kneelog.services.entries import EntryService
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService
from kneelog.services.trends import TrendsService, trend_series
from kneelog.services.week_summary import WeeklyAdherence
from kneelog.ui.assembly import Application
from tests.ui.conftest import TODAY

TOMORROW = TODAY + dt.timedelta(days=1)
ORDERS = ("reversed", "shuffled-1", "shuffled-2")


def _fill(db: Database) -> None:
    journal = EntryService(db)
    for days_ago in range(20, 0, -1):
        day = TODAY - dt.timedelta(days=days_ago)
        journal.save_checkin(CheckInRecord.new(date=day, morning_pain=1, morning_stiffness=0))
        if days_ago % 2 == 0:
            journal.save_session(
                SessionRecord.new(
                    date=day,
                    activity="run",
                    distance_m=5000,
                    duration_s=1800,
                    rpe=4,
                    pain_during=1,
                    pain_after=1,
                )
            )


def _listen_in_order(application: Application, order: str) -> None:
    """Reconnect the screens to the window's change signal in another order."""
    listeners = list(application.listeners)
    assert len(listeners) == 4  # table, exercises, plan, charts
    for listener in listeners:
        application.window.changed.disconnect(listener)
    if order == "reversed":
        listeners.reverse()
    else:
        random.Random(order).shuffle(listeners)
        listeners = listeners[1:] + listeners[:1]  # never the assembly's order
    for listener in listeners:
        application.window.changed.connect(listener)


def _assert_current(application: Application, db: Database, qtbot: Any) -> None:
    """The table and its week rows, the Tomorrow panel, the Trends charts and the Exercises tab
    each show what a fresh read of the journal gives."""
    key = lambda row: (row.kind.value, row.id)  # noqa: E731
    shown_rows = sorted(application.window.journal_model.rows(), key=key)
    assert shown_rows == sorted(EntryService(db).entries(), key=key)
    assert application.plans.panel.plan == PlanningService(db).plan_for(TOMORROW)
    # The week row's home-exercise adherence (the journal's week view).
    weeks = application.window.journal.week_model
    this_week = weeks.summary_of_row(weeks.row_of_day(TODAY))
    assert this_week.adherence == WeeklyAdherence(db, today=lambda: TODAY).ratio(this_week.start)
    trends = application.trends
    assert trends is not None
    qtbot.waitUntil(lambda: not trends._timer.isActive())
    if application.window.tabs.currentWidget() is trends.view:
        expected = trend_series(TrendsService(db).read(), TODAY)
        series = trends.view.series
        assert series is not None
        np.testing.assert_array_equal(series.days, expected.days)
        np.testing.assert_array_equal(series.load7_km, expected.load7_km)
        np.testing.assert_array_equal(series.pain_during, expected.pain_during)
        np.testing.assert_array_equal(series.pain_morning, expected.pain_morning)
        np.testing.assert_array_equal(series.adherence_pct, expected.adherence_pct)
    exercises = application.exercises
    if application.window.tabs.currentWidget() is exercises.tab:
        due = [row.item for row in exercises.tab.checklist.rows]
        assert due == RehabService(db).due_on(TODAY)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("shown", ["trends", "exercises"])
def test_every_screen_is_current_after_each_change_in_any_listening_order(
    app_on: Callable[[Database], Application], db: Database, qtbot: Any, order: str, shown: str
) -> None:
    _fill(db)
    application = app_on(db)
    _listen_in_order(application, order)
    assert application.trends is not None
    # The shown tab recomputes as part of each change; the other catches up when shown.
    tab = application.trends.view if shown == "trends" else application.exercises.tab
    application.window.show_tab(tab)
    application.trends.load()  # on the fixture's clock
    controller, exercises, undo = (
        application.controller,
        application.exercises,
        application.window.undo_stack,
    )
    heard: list[Changes[Any]] = []
    application.window.changed.connect(heard.append)

    def check(changes_heard: int = 1) -> None:
        assert len(heard) == changes_heard, "one change signal per user change"
        heard.clear()
        _assert_current(application, db, qtbot)

    run = SessionRecord.new(
        date=TODAY, activity="run", distance_m=8000, duration_s=2700, rpe=6, pain_during=4
    )
    controller._add_session(run)
    check()
    assert application.window.journal_model.row_of(EntryKind.SESSION, run.id) >= 0

    before = EntryService(db).get_session(run.id)
    after = before._replace(pain_during=6, date=TODAY - dt.timedelta(days=1))
    controller._push(
        "Edit session",
        lambda: controller._put_session(after),
        lambda: controller._put_session(before),
    )
    check()

    row = application.window.journal_model.row_of(EntryKind.SESSION, run.id)
    application.window.journal.table.clearSelection()
    application.window.journal.select_source_row(row)
    # In the week view a row is a day: the day's check-in goes too (one delete, two kinds).
    selected = application.window.journal.selected_entries()
    assert run.id in {entry.id for entry in selected}
    controller.delete_selected()
    check()
    assert application.window.journal_model.row_of(EntryKind.SESSION, run.id) < 0

    undo.undo()  # the delete
    check()
    undo.undo()  # the edit
    check()
    assert application.plans.panel.plan == PlanningService(db).plan_for(TOMORROW)

    bridge = PrescriptionRecord.new(
        exercise="glute_bridge", sets=3, reps=12, per_week=7, start=TODAY
    )
    exercises._push(
        "Prescribe",
        lambda: exercises._put(bridge),
        lambda: exercises.rehab.delete_prescription(bridge.id),
    )
    check()
    exercises.log_exercise(ExerciseLogRecord.new(date=TODAY, exercise="glute_bridge", pain=3))
    check()
    undo.undo()  # the log
    check()
    undo.redo()
    check()

    # Written behind the window's back (an import, a restore): the journal read afresh.
    EntryService(db).save_checkin(
        CheckInRecord.new(date=TODAY, morning_pain=3, morning_stiffness=2)
    )
    RehabService(db).log_exercise(
        ExerciseLogRecord.new(date=TODAY, exercise="glute_bridge", sets=2)
    )
    controller.publish(EVERYTHING)
    check()


def _session_reads(statements: list[str]) -> list[str]:
    return [
        s
        for s in statements
        if s.lstrip().upper().startswith("SELECT") and "training_session" in s.lower()
    ]


@pytest.fixture
def traced(db: Database) -> Iterator[list[str]]:
    """Every SQL statement run on the journal file (KneeLog reads and writes it through one plain
    connection per thread; the window's thread is this one)."""
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)
    yield statements
    db.connection().set_trace_callback(None)


@pytest.mark.parametrize("shown", ["journal", "trends"])
def test_a_saved_session_is_not_read_back(
    app_on: Callable[[Database], Application],
    db: Database,
    qtbot: Any,
    traced: list[str],
    shown: str,
) -> None:
    _fill(db)
    application = app_on(db)
    assert application.trends is not None
    if shown == "trends":
        application.window.show_tab(application.trends.view)
        application.trends.load()
    application.plans.refresh()
    controller = application.controller
    traced.clear()
    run = SessionRecord.new(date=TODAY, activity="run", distance_m=6000, duration_s=2000, rpe=5)
    controller._add_session(run)
    qtbot.waitUntil(lambda: not application.trends._timer.isActive())  # type: ignore[union-attr]
    written = next(
        i
        for i, s in enumerate(traced)
        if s.lstrip().upper().startswith(("INSERT", "REPLACE")) and "training_session" in s
    )
    # At most the one look before the write (is the id new?), and nothing after it: the table,
    # the plan, the charts and the status line all take the session from the change set.
    assert len(_session_reads(traced)) <= 1, _session_reads(traced)
    assert _session_reads(traced[written:]) == []
    assert application.window.journal_model.row_of(EntryKind.SESSION, run.id) >= 0
    assert application.plans.panel.plan == PlanningService(db).plan_for(TOMORROW)


def test_a_change_set_names_what_the_call_changed(db: Database) -> None:
    journal = EntryService(db)
    added = journal.save_session(SessionRecord.new(date=TODAY, activity="run", distance_m=5000))
    run = added.record
    assert added.added_ids(RecordKind.SESSION) == {run.id}
    assert added.saved(RecordKind.SESSION) == (run,)
    assert not added.changed and not added.removed
    edited = journal.save_session(run._replace(distance_m=6000.0))
    assert edited.changed_ids(RecordKind.SESSION) == {run.id} and not edited.added
    assert edited.record.distance_m == 6000.0
    gone = journal.delete_session(run.id)
    assert gone.removed_ids(RecordKind.SESSION) == {run.id}
    assert gone.record == edited.record  # what an undo saves back
