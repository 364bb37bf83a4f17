"""The Tomorrow panel in the main window: the CLI's plan, live updates, rule settings, history."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QDockWidget, QWidget

from kneelog.cli import main
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.persistence import REMEMBERED_PLANS
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.planning import PlanningService
from kneelog.services.remembered_plans import remembered_plan
from kneelog.ui.actions import ActionId
from kneelog.ui.widgets.checkin_dialog import CheckInDialog
from kneelog.ui.widgets.rule_settings_dialog import RuleSettingsDialog
from tests.ui.conftest import TODAY, answer_modal

TOMORROW = TODAY + dt.timedelta(days=1)


def settle(db: Database) -> None:
    """A settled runner: 6 km every other day and calm mornings up to TODAY - 1."""
    journal = EntryService(db)
    for k in range(28, 0, -2):
        journal.save_session(
            SessionRecord.new(
                date=TODAY - dt.timedelta(days=k),
                activity="run",
                distance_m=6000,
                duration_s=2400,
                pain_during=1,
                pain_after=1,
            )
        )
    for k in range(20, 0, -1):
        journal.save_checkin(
            CheckInRecord.new(
                date=TODAY - dt.timedelta(days=k), morning_pain=1, morning_stiffness=0
            )
        )


def _ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_panel_shows_exactly_what_kneelog_suggest_prints(
    app_on, db: Database, db_path, capsys: pytest.CaptureFixture[str]
) -> None:
    settle(db)
    EntryService(db).save_checkin(
        CheckInRecord.new(date=TODAY, morning_stiffness=3, symptoms=["clicking"])
    )
    app = app_on(db)
    plan = app.plans.refresh()
    assert main(["--db", str(db_path), "suggest", "--date", TOMORROW.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    shown = app.plans.panel.plan
    assert shown is plan
    assert shown.to_json() == printed
    assert app.plans.panel.headline_label.text() == printed["headline"]
    assert printed["action"] == "reduce"


def test_the_panel_is_docked_on_the_right_and_toggled_from_the_view_menu(qtbot, app_on, db) -> None:
    app = app_on(db)
    app.window.show()
    qtbot.waitExposed(app.window)
    dock = app.plans.dock
    assert isinstance(dock, QDockWidget) and dock.objectName() == "tomorrow_dock"
    assert app.window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert not dock.isHidden()
    assert dock.toggleViewAction() in app.window.view_menu.actions()
    dock.toggleViewAction().trigger()
    assert dock.isHidden()
    state = app.window.saveState()
    dock.toggleViewAction().trigger()
    assert not dock.isHidden()
    app.window.restoreState(state)
    assert dock.isHidden()


def test_saving_a_stiff_morning_updates_the_panel_at_once(qtbot, app_on, db: Database) -> None:
    settle(db)
    app = app_on(db)
    app.plans.refresh()
    assert app.plans.panel.plan is not None
    assert app.plans.panel.plan.action.value == "progress"

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CheckInDialog)
        qtbot.keyClicks(dialog.stiffness.spin, "3")
        _ok(dialog)

    answer_modal(fill)
    app.window.action(ActionId.CHECKIN).trigger()
    plan = app.plans.panel.plan
    assert plan is not None and plan.for_date == TOMORROW
    assert plan.action.value == "reduce"
    assert "Mild stiffness" in app.plans.panel.restrictions_label.text()
    assert plan == PlanningService(db).plan_for(TOMORROW)  # the kept view equals a fresh read
    app.window.undo_action.trigger()
    assert app.plans.panel.plan.action.value == "progress"


def test_an_import_refreshes_the_panel(qtbot, app_on, db: Database, tmp_path) -> None:
    app = app_on(db)
    app.plans.refresh()
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {
                "format": "kneelog-journal",
                "version": 1,
                "checkins": [{"date": TODAY.isoformat(), "symptoms": ["swelling", "fever"]}],
            }
        )
    )
    importer = app.controller.importer
    with qtbot.waitSignal(importer.finished, timeout=20000):
        app.controller.import_paths([source])
    assert importer.summary is not None
    importer.summary.close()
    assert app.plans.panel.plan.action.value == "urgent_care"
    assert app.plans.panel.level == "urgent"


def test_changing_a_threshold_in_the_dialog_changes_the_plan(qtbot, app_on, db: Database) -> None:
    settle(db)
    EntryService(db).save_checkin(CheckInRecord.new(date=TODAY, morning_stiffness=3))
    app = app_on(db)
    app.plans.refresh()
    # S1 halves the effort, not the distance (spec "Tolerances").
    assert app.plans.panel.plan.intensity_factor == 0.5
    previews: list[str] = []

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, RuleSettingsDialog)
        dialog.page.editor("S1", "intensity_factor").setValue(0.25)
        previews.append(dialog.preview_label.text())
        _ok(dialog)

    answer_modal(change)
    app.window.action(ActionId.RULE_SETTINGS).trigger()
    assert "25%" in previews[0]  # the preview followed the edit before saving
    assert app.plans.panel.plan.intensity_factor == 0.25
    assert EntryService(db).setting("rules") == {"S1": {"intensity_factor": 0.25}}
    assert "1 value differs" in app.window.statusBar().currentMessage()

    def reset(dialog: QWidget) -> None:
        assert isinstance(dialog, RuleSettingsDialog)
        assert dialog.page.editor("S1", "intensity_factor").value() == 0.25
        dialog.page.reset_button.click()
        _ok(dialog)

    answer_modal(reset)
    app.window.action(ActionId.RULE_SETTINGS).trigger()
    assert app.plans.panel.plan.intensity_factor == 0.5
    assert EntryService(db).setting("rules") is None


def test_cancel_keeps_the_stored_settings(qtbot, app_on, db: Database) -> None:
    app = app_on(db)

    def change_and_cancel(dialog: QWidget) -> None:
        dialog.page.editor("S1", "duration_days").setValue(9)
        dialog.reject()

    answer_modal(change_and_cancel)
    app.window.action(ActionId.RULE_SETTINGS).trigger()
    assert EntryService(db).setting("rules") is None


def test_each_plan_shown_is_kept_for_its_day(app_on, db: Database) -> None:
    settle(db)
    app = app_on(db)
    app.plans.refresh()
    journal = EntryService(db)
    app.controller.publish(journal.save_checkin(CheckInRecord.new(date=TODAY, morning_stiffness=3)))
    [record] = PlanningService(db).shown_plans(TOMORROW, TOMORROW)
    assert record.plan == app.plans.panel.plan.to_json()
    assert record.plan["action"] == "reduce"


def test_a_remembered_plan_is_shown_at_start_and_worked_out_again_once_ready(
    app_on, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    settle(db)
    plans = app_on(db).plans
    plans.remember_ahead()
    worked_out = PlanningService(db).plan_for(TOMORROW)
    assert remembered_plan(db, TOMORROW) == worked_out
    plans.show_at_start()  # as the next start does
    assert plans.shows_remembered and plans.panel.plan == worked_out
    with caplog.at_level(logging.WARNING):
        plans.settle()
    assert not plans.shows_remembered and "differed" not in caplog.text
    # What a fault in KneeLog or an edited file could leave: a plan that is not the journal's,
    # under the journal's revision. Once the window is ready the plan worked out replaces it.
    with db.writing() as connection:
        memo = REMEMBERED_PLANS.get(connection, TOMORROW)
        assert memo is not None
        doctored = {**memo.plan, "headline": "Run as far as you like"}
        REMEMBERED_PLANS.put(connection, memo._replace(plan=doctored))
    plans.show_at_start()
    assert plans.panel.plan is not None
    assert plans.panel.plan.headline == "Run as far as you like"
    with caplog.at_level(logging.WARNING):
        plans.settle()
    assert plans.panel.plan == worked_out and not plans.shows_remembered
    assert "differed" in caplog.text
    assert remembered_plan(db, TOMORROW) == worked_out  # remembered again, right this time
