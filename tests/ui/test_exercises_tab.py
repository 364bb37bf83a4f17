"""The Exercises tab end to end: prescribe, tick off today, adherence moves, undo; AKPS history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from kneelog.core import akps
from kneelog.core.formatting import long_date
from kneelog.core.program import PrescriptionRecord
from kneelog.services.rehab import RehabService
from kneelog.ui.actions import ActionId
from kneelog.ui.widgets.akps_dialog import AkpsDialog
from kneelog.ui.widgets.journal_view import JournalMode
from kneelog.ui.widgets.prescription_dialog import PrescriptionDialog
from kneelog.ui.widgets.preset_dialog import ExerciseLibraryDialog, PresetDialog
from kneelog.ui.widgets.today_checklist import ExerciseLogDialog
from tests.ui.conftest import TODAY, answer_modal

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def _ok(dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _cell(table, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return table.item(row, column).text()


def test_prescribe_tick_today_see_adherence_change_and_undo(qtbot, app_on, db) -> None:
    app = app_on(db)
    window, tab = app.window, app.exercises.tab

    def prescribe(dialog: QWidget) -> None:
        assert isinstance(dialog, PrescriptionDialog)
        dialog.exercise_combo.setCurrentIndex(dialog.exercise_combo.findData("glute_bridge"))
        dialog.per_week_spin.setValue(7)
        dialog.start_edit.setDate(dialog.start_edit.date().addDays(-TODAY.weekday()))
        _ok(dialog)

    answer_modal(prescribe)
    window.action(ActionId.PRESCRIBE).trigger()
    assert window.tabs.currentWidget() is tab
    assert tab.program_table.rowCount() == 1
    assert [_cell(tab.program_table, 0, c) for c in (0, 2, 3, 5)] == [
        "Glute bridge",
        "7",
        long_date(MONDAY),
        "Active",
    ]
    (row,) = tab.checklist.rows
    assert row.item.is_due
    before = tab.adherence_label.text()
    assert "This week so far: 0%" in before

    # Keyboard: Ctrl+T focuses the row, Space ticks: that one action logs the prescribed dose.
    window.action(ActionId.EXERCISES_TODAY).trigger()
    qtbot.keyClick(row.check, Qt.Key.Key_Space)

    (log,) = RehabService(db).exercise_logs()
    assert (log.date, log.exercise, log.pain, log.sets, log.reps) == (
        TODAY,
        "glute_bridge",
        None,
        3,
        12,
    )
    (row,) = tab.checklist.rows
    assert row.item.remaining_today == 0 and not row.check.isEnabled()
    assert not row.edit_button.isHidden() and row.edit_button.isEnabled()
    after = tab.adherence_label.text()
    days_so_far = TODAY.weekday() + 1
    assert f"This week so far: {1 / days_so_far:.0%}" in after
    assert _cell(tab.adherence_table, 0, 0) == "Glute bridge"
    assert _cell(tab.progression_table, 0, 1) == "1"

    # The optional second step: "Edit…" changes that log (pain 2, 2 sets); undo restores it.
    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, ExerciseLogDialog)
        assert dialog.editor.sets_spin.value() == 3
        dialog.editor.sets_spin.setValue(2)
        qtbot.keyClicks(dialog.editor.pain_spin, "2")
        _ok(dialog)

    answer_modal(edit)
    row.edit_button.click()
    (edited,) = RehabService(db).exercise_logs()
    assert (edited.id, edited.sets, edited.reps, edited.pain) == (log.id, 2, 12, 2)
    window.undo_action.trigger()  # the change
    (restored,) = RehabService(db).exercise_logs()
    assert (restored.sets, restored.pain) == (3, None)

    window.undo_action.trigger()  # the log
    assert RehabService(db).exercise_logs() == []
    assert tab.adherence_label.text() == before
    assert tab.checklist.rows[0].check.isEnabled()
    window.undo_action.trigger()  # the prescription
    assert RehabService(db).prescriptions() == []
    assert tab.program_table.rowCount() == 0 and tab.checklist.rows == []
    window.redo_action.trigger()
    assert tab.program_table.rowCount() == 1


def test_pause_resume_end_and_remove_are_undoable(qtbot, app_on, db) -> None:
    rehab = RehabService(db)
    kept = rehab.save_prescription(
        PrescriptionRecord.new(exercise="step_up", sets=3, reps=10, per_week=3, start=MONDAY)
    ).record
    app = app_on(db)
    tab, window = app.exercises.tab, app.window
    assert tab.program_table.rowCount() == 0  # a hidden tab is filled when first shown
    window.show_tab(tab)
    tab.select_prescription(kept.id)

    tab.pause_button.click()
    assert rehab.get_prescription(kept.id).paused
    assert _cell(tab.program_table, 0, 5) == "Paused" and tab.pause_button.text() == "&Resume"
    assert tab.checklist.rows == []  # nothing is due while paused
    tab.pause_button.click()
    assert not rehab.get_prescription(kept.id).paused

    tab.end_button.click()
    assert rehab.get_prescription(kept.id).end == TODAY
    window.undo_action.trigger()
    assert rehab.get_prescription(kept.id).end is None

    tab.remove_button.click()
    assert rehab.prescriptions() == [] and tab.program_table.rowCount() == 0
    window.undo_action.trigger()
    assert rehab.get_prescription(kept.id) == kept


def test_a_preset_becomes_editable_prescriptions_and_undo_removes_them_all(
    qtbot, app_on, db
) -> None:
    app = app_on(db)
    tab, window = app.exercises.tab, app.window
    preset = app.exercises.library.preset("tendon_isometrics")

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, PresetDialog)
        dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData(preset.id))
        assert "Wall sit" in dialog.details.toPlainText()
        _ok(dialog)

    answer_modal(choose)
    tab.preset_button.click()
    program = RehabService(db).prescriptions()
    assert sorted(p.exercise for p in program) == sorted(i.exercise for i in preset.items)
    assert all(p.start == TODAY for p in program)
    assert tab.program_table.rowCount() == len(preset.items)
    window.undo_action.trigger()
    assert RehabService(db).prescriptions() == []


def test_the_library_dialog_prescribes_the_exercise_being_read(qtbot, app_on, db) -> None:
    app = app_on(db)

    def pick_from_library(dialog: QWidget) -> None:
        assert isinstance(dialog, ExerciseLibraryDialog)
        qtbot.keyClicks(dialog.view.search_edit, "wall sit")
        assert dialog.view.current_exercise_id() == "wall_sit"
        answer_modal(_ok)  # the prescription dialog that follows, pre-filled with wall sit
        dialog.view.prescribe_button.click()

    answer_modal(pick_from_library)
    app.window.action(ActionId.EXERCISE_LIBRARY).trigger()
    (added,) = RehabService(db).prescriptions()
    assert (added.exercise, added.hold_s, added.start) == ("wall_sit", 30, TODAY)


def test_akps_saves_a_score_that_shows_in_the_history_and_quiets_the_reminder(
    qtbot, app_on, db
) -> None:
    RehabService(db).record_akps(TODAY - dt.timedelta(weeks=5), given_score=60)
    app = app_on(db)
    tab, window = app.exercises.tab, app.window
    assert not tab.reminder_banner.isHidden()
    assert "5 weeks since your last" in tab.reminder_label.text()
    assert app.exercises.reminder_status.text() != ""

    def fill_in(dialog: QWidget) -> None:
        assert isinstance(dialog, AkpsDialog)
        dialog.set_answers({key: 0 for key in akps.AKPS_ITEM_KEYS})
        dialog.set_answers({"6": 1})  # running: pain after more than 2 km (8 of 10)
        _ok(dialog)

    answer_modal(fill_in)
    tab.akps_button.click()
    assert [_cell(tab.akps_table, 1, c) for c in range(3)] == [long_date(TODAY), "98/100", "+38"]
    assert "clinically important improvement" in tab.akps_change_label.text()
    assert tab.reminder_banner.isHidden() and app.exercises.reminder_status.text() == ""
    window.undo_action.trigger()
    assert tab.akps_table.rowCount() == 1 and not tab.reminder_banner.isHidden()


def test_journal_entry_actions_are_off_while_the_exercises_tab_shows(qtbot, app_on, db) -> None:
    from kneelog.core.session_records import SessionRecord
    from kneelog.services.entries import EntryService

    EntryService(db).save_session(SessionRecord.new(date=TODAY, activity="run", distance_m=5000))
    app = app_on(db)
    window = app.window
    window.journal.set_mode(JournalMode.LIST)
    window.journal.table.selectRow(0)
    assert window.action(ActionId.DELETE_ENTRY).isEnabled()
    window.tabs.setCurrentWidget(app.exercises.tab)
    assert not window.action(ActionId.DELETE_ENTRY).isEnabled()
    window.action(ActionId.FIND).trigger()
    assert window.tabs.currentWidget() is window.journal
    assert window.action(ActionId.DELETE_ENTRY).isEnabled()
