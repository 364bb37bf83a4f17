"""The first run: three skippable questions, the example journal and back, the help, the empty
panel, and every status-bar term explained on hover."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QPushButton

from kneelog.core.session_records import SessionRecord
from kneelog.core.visits import Knee
from kneelog.services.entries import EntryService
from kneelog.services.visits import VisitService
from kneelog.ui.actions import ActionId
from kneelog.ui.controllers.help_controller import EXAMPLE_TITLE
from kneelog.ui.widgets.help_dialogs import ShortcutsDialog, UserGuideDialog, shortcut_rows
from tests.ui.conftest import TODAY


def test_a_new_journal_asks_three_questions_once_and_stores_the_answers(qtbot, app_on, db) -> None:
    app = app_on(db)
    welcome = app.window.journal.welcome
    assert welcome.asking_setup
    welcome.units.buttons()[1].setChecked(True)  # miles
    welcome.knee.buttons()[0].setChecked(True)  # left
    welcome.pt.buttons()[0].setChecked(True)  # yes
    welcome.findChild(QPushButton, "setup_save").click()
    journal = EntryService(db)
    assert journal.setting("units") == "mi"
    assert VisitService(db).profile().knee is Knee.LEFT
    assert journal.setting("pt_exercises") is True
    assert not welcome.asking_setup
    assert not welcome.prescribe.isHidden()  # a PT prescribed: adding the exercises is offered
    assert app.window.journal.model.unit.value == "mi"
    app.controller.load()
    assert not welcome.asking_setup  # asked once


def test_the_questions_can_be_skipped(qtbot, app_on, db) -> None:
    app = app_on(db)
    welcome = app.window.journal.welcome
    welcome.findChild(QPushButton, "setup_skip").click()
    journal = EntryService(db)
    assert journal.setting("units") == "km" and VisitService(db).profile().knee is None
    assert journal.setting("setup_done") is True
    assert welcome.prescribe.isHidden()


def test_explore_with_example_data_and_one_click_back(qtbot, app_on, db) -> None:
    app = app_on(db)
    app.window.show()
    assert app.help is not None
    example = app.help.explore_example()
    try:
        assert example.window.isVisible() and not app.window.isVisible()
        assert EXAMPLE_TITLE in example.window.windowTitle()
        assert example.window.example_banner.isVisible()
        assert example.window.journal.model.rowCount() > 100
        assert not example.window.action(ActionId.EXPLORE_DEMO).isEnabled()
        # The user's own journal is untouched by the example.
        assert EntryService(db).entries() == []
        example.window.findChild(QPushButton, "example_back").click()
        QApplication.processEvents()
        assert app.window.isVisible()
        assert app.help.example is None
    finally:
        if app.help.example is not None:
            app.help.back_to_journal()


def test_help_shows_the_guide_and_the_shortcuts_of_the_real_actions(qtbot, app_on, db) -> None:
    app = app_on(db)
    rows = shortcut_rows(app.window.menuBar())
    actions = {what: keys for _menu, what, keys in rows}
    log_key = app.window.action(ActionId.LOG_SESSION).shortcut().toString()
    assert actions["Log session"] == log_key
    assert "Week view" in actions and "Keyboard shortcuts" in actions
    dialog = ShortcutsDialog(app.window.menuBar(), app.window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() >= len(rows)
    guide = UserGuideDialog(app.window)
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    assert "KneeLog user guide" in text and "Week" in text and "AKPS" in text


def test_the_empty_journal_panel_says_what_to_log(qtbot, app_on, db) -> None:
    app = app_on(db)
    panel = app.plans.panel
    assert panel.nothing_logged
    assert "Log your runs" in panel.headline_label.text()
    assert panel.why_button.isHidden() and panel.restrictions_label.isHidden()
    assert "No cap" not in panel.caps_label.text()
    saved = EntryService(db).save_session(
        SessionRecord.new(
            date=TODAY,
            activity="run",
            distance_m=5000,
            duration_s=1800,
            pain_during=1,
            pain_after=1,
        )
    )
    app.controller.publish(saved)
    assert not panel.nothing_logged and not panel.why_button.isHidden()


def test_every_status_bar_term_is_explained_on_hover(qtbot, app_on, db) -> None:
    app = app_on(db)
    status = app.window.status_label
    assert "This week" in status.text()
    for term in ("This week", "Last run pain", "Last morning", "replacement"):
        assert term in status.toolTip()
    reminder = app.exercises.reminder_status
    assert "AKPS" in reminder.text()
    assert "Kujala" in reminder.toolTip() and "13" in reminder.toolTip()


def test_a_run_without_pain_after_is_asked_for_in_one_line_at_start_and_after_a_checkin(
    qtbot, app_on, db
) -> None:
    import datetime as dt

    from kneelog.core.session_records import CheckInRecord
    from tests.ui.conftest import answer_modal

    journal = EntryService(db)
    run = journal.save_session(
        SessionRecord.new(
            date=TODAY - dt.timedelta(days=1),
            activity="run",
            distance_m=6700,
            duration_s=2400,
            pain_during=1,
        )
    ).record
    journal.save_checkin(CheckInRecord.new(date=TODAY - dt.timedelta(days=1), morning_pain=0))
    app = app_on(db)
    app.controller.load()  # the start again, now on the fixture's clock (set after the first)
    bar = app.window.journal.pain_after_bar
    assert not bar.isHidden()
    assert "run yesterday (6.7 km)" in bar.question.text()
    bar.later.click()
    assert bar.isHidden()

    def log_checkin(dialog) -> None:
        dialog.accept()

    answer_modal(log_checkin)
    app.controller.morning_checkin()
    assert not bar.isHidden()  # the next check-in asks again
    bar.pain.setValue(4)
    bar.save.click()
    assert journal.get_session(run.id).pain_after == 4
    assert bar.isHidden()
    app.window.undo_action.trigger()
    assert journal.get_session(run.id).pain_after is None
