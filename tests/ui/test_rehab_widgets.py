"""The home-exercise widgets: library browsing, the daily checklist, prescriptions and the AKPS."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from kneelog.core import akps
from kneelog.core.adherence import due_on
from kneelog.core.exercises import ExerciseLibrary, default_library
from kneelog.core.program import AssessmentRecord, ExerciseLogRecord, PrescriptionRecord
from kneelog.ui.widgets.akps_dialog import AkpsDialog
from kneelog.ui.widgets.exercise_library import ExerciseLibraryView
from kneelog.ui.widgets.prescription_dialog import PrescriptionDialog
from kneelog.ui.widgets.today_checklist import ExerciseLogDialog, TodayChecklist
from tests.ui.conftest import answer_modal

pytestmark = pytest.mark.gui

MONDAY = dt.date(2026, 5, 4)


@pytest.fixture
def library() -> ExerciseLibrary:
    return default_library()


# ----------------------------------------------------------------- library view


def test_library_view_searches_filters_and_shows_the_card(
    qtbot: QtBot, library: ExerciseLibrary
) -> None:
    view = ExerciseLibraryView(library)
    qtbot.addWidget(view)
    assert len(view.visible_ids()) == 28
    assert view.count_label.text() == "28 of 28 exercises"

    view.search_edit.setText("step")
    assert view.visible_ids()[:2] == ["step_up", "step_down"]
    assert view.current_exercise_id() == "step_up"
    html = view.details.toPlainText()
    assert "How to do it" in html
    assert "Knee over the second toe" in html
    assert "Raise the step by about 5 cm (2 in) every two weeks" in html
    assert "Usual dose: 3 × 10 per leg, 3 days a week" in html

    view.search_edit.clear()
    view.category_combo.setCurrentIndex(view.category_combo.findData("stretch"))
    assert set(view.visible_ids()) == {
        "hamstring_stretch_standing",
        "hamstring_stretch_seated",
        "quad_stretch_standing",
        "calf_stretch_wall",
    }
    view.target_combo.setCurrentIndex(view.target_combo.findData("calves"))
    assert view.visible_ids() == ["calf_stretch_wall"]

    view.search_edit.setText("zzz")
    assert view.visible_ids() == []
    assert not view.prescribe_button.isEnabled()


def test_library_view_emits_intents(qtbot: QtBot, library: ExerciseLibrary) -> None:
    view = ExerciseLibraryView(library)
    qtbot.addWidget(view)
    view.category_combo.setCurrentIndex(view.category_combo.findData("stretch"))
    view.select_exercise("wall_sit")  # hidden by the filter: the filter is cleared
    assert view.current_exercise_id() == "wall_sit"
    with qtbot.waitSignal(view.prescribe_requested, timeout=1000) as blocker:
        qtbot.mouseClick(view.prescribe_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["wall_sit"]

    view.preset_combo.setCurrentIndex(view.preset_combo.findData("stretch_mobility"))
    assert "Stretching and mobility" in view.details.toPlainText()
    assert "Source: ITBS rehabilitation protocol" in view.details.toPlainText()
    with qtbot.waitSignal(view.preset_apply_requested, timeout=1000) as blocker:
        qtbot.mouseClick(view.preset_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["stretch_mobility"]


# ----------------------------------------------------------------- today's checklist


def test_one_tick_logs_the_prescribed_dose(qtbot: QtBot, library: ExerciseLibrary) -> None:
    step_up = PrescriptionRecord.new(
        id="rx1", exercise="step_up", sets=3, reps=12, load_kg=2.5, per_week=3, start=MONDAY
    )
    wall_sit = PrescriptionRecord.new(
        id="rx2", exercise="wall_sit", sets=4, hold_s=45, per_week=7, start=MONDAY
    )
    checklist = TodayChecklist(library)
    qtbot.addWidget(checklist)
    checklist.show()
    checklist.set_items(MONDAY, due_on(MONDAY, [step_up, wall_sit], []))
    assert len(checklist.rows) == 2
    assert "2 exercise sessions to do" in checklist.title_label.text()

    row = checklist.row_for("rx1")
    row.check.setFocus()
    with qtbot.waitSignal(checklist.log_requested, timeout=1000) as blocker:
        qtbot.keyClick(row.check, Qt.Key.Key_Space)  # the tick is the whole action
    log = blocker.args[0]
    assert isinstance(log, ExerciseLogRecord)
    assert (log.date, log.exercise, log.prescription_id) == (MONDAY, "step_up", "rx1")
    assert (log.sets, log.reps, log.hold_s, log.load_kg, log.pain) == (3, 12, None, 2.5, None)
    assert row.status_label.text() == "Logged as prescribed"
    assert not row.check.isEnabled()

    # The controller stores it and refreshes: the row shows as done, "Edit…" still on it.
    checklist.set_items(MONDAY, due_on(MONDAY, [step_up, wall_sit], [log]), [log])
    done = checklist.row_for("rx1")
    assert done.check.isChecked()
    assert not done.check.isEnabled()
    assert done.status_label.text().startswith("Done today")
    assert done.logged is log
    assert done.edit_button.text() == "Edit…" and done.edit_button.isVisible()
    assert "1 exercise session to do" in checklist.title_label.text()


def test_edit_changes_today_s_log_and_details_log_a_new_one(
    qtbot: QtBot, library: ExerciseLibrary
) -> None:
    wall_sit = PrescriptionRecord.new(
        id="rx2", exercise="wall_sit", sets=4, hold_s=45, per_week=7, start=MONDAY
    )
    checklist = TodayChecklist(library)
    qtbot.addWidget(checklist)
    checklist.show()
    checklist.set_items(MONDAY, due_on(MONDAY, [wall_sit], []))
    row = checklist.row_for("rx2")
    assert row.edit_button.text() == "Details…"

    def details(dialog: QWidget) -> None:
        assert isinstance(dialog, ExerciseLogDialog)
        assert dialog.editor.hold_spin.value() == 45
        dialog.editor.hold_spin.setValue(60)
        dialog.editor.notes_edit.setText("felt easy")
        dialog.accept()

    answer_modal(details)
    with qtbot.waitSignal(checklist.log_requested, timeout=2000) as blocker:
        row.edit_button.click()
    log = blocker.args[0]
    assert (log.sets, log.reps, log.hold_s, log.pain, log.notes) == (4, None, 60, None, "felt easy")

    checklist.set_items(MONDAY, due_on(MONDAY, [wall_sit], [log]), [log])
    row = checklist.row_for("rx2")

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, ExerciseLogDialog)
        assert dialog.editor.notes_edit.text() == "felt easy"
        qtbot.keyClicks(dialog.editor.pain_spin, "3")
        dialog.accept()

    answer_modal(change)
    with qtbot.waitSignal(checklist.edit_requested, timeout=2000) as blocker:
        row.edit_button.click()
    stored, changed = blocker.args
    assert stored is log
    assert (changed.id, changed.hold_s, changed.pain) == (log.id, 60, 3)

    def cancel(dialog: QWidget) -> None:
        dialog.reject()

    answer_modal(cancel)
    with qtbot.assertNotEmitted(checklist.edit_requested):
        row.edit_button.click()


def test_checklist_empty_day(qtbot: QtBot, library: ExerciseLibrary) -> None:
    checklist = TodayChecklist(library)
    qtbot.addWidget(checklist)
    checklist.show()
    checklist.set_items(MONDAY, [])
    assert checklist.empty_label.isVisible()
    assert "all done" in checklist.title_label.text()


# ----------------------------------------------------------------- prescription dialog


def test_new_prescription_takes_library_defaults(qtbot: QtBot, library: ExerciseLibrary) -> None:
    dialog = PrescriptionDialog(library, today=MONDAY, exercise_id="clamshell")
    qtbot.addWidget(dialog)
    assert dialog.exercise_combo.currentData() == "clamshell"
    assert (dialog.sets_spin.value(), dialog.reps_spin.value(), dialog.per_week_spin.value()) == (
        3,
        15,
        3,
    )
    dialog.exercise_combo.setCurrentIndex(dialog.exercise_combo.findData("wall_sit"))
    assert (dialog.sets_spin.value(), dialog.hold_spin.value(), dialog.reps_spin.value()) == (
        4,
        30,
        0,
    )
    dialog.per_week_spin.setValue(5)
    dialog.end_check.setChecked(True)
    with qtbot.waitSignal(dialog.prescription_save_requested, timeout=1000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    saved = blocker.args[0]
    assert isinstance(saved, PrescriptionRecord)
    assert (saved.exercise, saved.sets, saved.reps, saved.hold_s, saved.per_week) == (
        "wall_sit",
        4,
        None,
        30,
        5,
    )
    assert (saved.start, saved.end, saved.paused) == (MONDAY, MONDAY + dt.timedelta(weeks=6), False)


def test_edit_prescription_keeps_id_and_validates(qtbot: QtBot, library: ExerciseLibrary) -> None:
    original = PrescriptionRecord.new(
        id="rx1", exercise="step_up", sets=3, reps=10, per_week=3, start=MONDAY, notes="10 cm"
    )
    dialog = PrescriptionDialog(library, original, today=MONDAY)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.exercise_combo.currentData() == "step_up"
    assert dialog.notes_edit.toPlainText() == "10 cm"
    assert ok.isEnabled()

    dialog.end_check.setChecked(True)
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-1))
    assert not ok.isEnabled()
    assert "End: Sun 3 May 2026 is before the start, Mon 4 May 2026" in dialog.problems_label.text()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(27))
    for spin in (dialog.sets_spin, dialog.reps_spin, dialog.hold_spin):
        spin.setValue(0)
    assert not ok.isEnabled()
    dialog.sets_spin.setValue(3)
    dialog.reps_spin.setValue(12)
    dialog.paused_check.setChecked(True)
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.prescription_save_requested, timeout=1000) as blocker:
        ok.click()
    saved = blocker.args[0]
    assert (saved.id, saved.reps, saved.end, saved.paused) == (
        "rx1",
        12,
        dt.date(2026, 5, 31),
        True,
    )
    assert original.reps == 10  # the original object is untouched


# ----------------------------------------------------------------- AKPS dialog


def test_akps_dialog_scores_live_and_saves(qtbot: QtBot) -> None:
    history = [
        AssessmentRecord.new(date=dt.date(2026, 4, 6), score=62),
        AssessmentRecord.new(date=dt.date(2026, 3, 9), score=58),
    ]
    dialog = AkpsDialog(history, today=MONDAY)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.history_table.rowCount() == 2
    first_score, change = dialog.history_table.item(0, 1), dialog.history_table.item(1, 2)
    assert first_score is not None
    assert change is not None
    assert (first_score.text(), change.text()) == ("58", "+4")
    assert "+4 points" in dialog.change_label.text()
    assert "Less than the 10 points" in dialog.change_label.text()

    # Item 1 "Slight or periodical" (3) by clicking, then the rest best except item 4, option 1.
    dialog.groups["1"].button(1).click()
    assert "3 points so far · 1 of 13 answered" in dialog.score_label.text()
    dialog.set_answers({key: 0 for key in akps.AKPS_ITEM_KEYS if key not in {"1", "4"}})
    assert not ok.isEnabled()
    dialog.set_answers({"4": 1})
    assert ok.isEnabled()
    # 100 - 2 (limp) - 2 (stairs) = 96, 38 more than the first score
    assert "Score: 96 / 100" in dialog.score_label.text()
    assert "+38 from the first" in dialog.score_label.text()
    with qtbot.waitSignal(dialog.assessment_save_requested, timeout=1000) as blocker:
        ok.click()
    saved = blocker.args[0]
    assert isinstance(saved, AssessmentRecord)
    assert (saved.date, saved.instrument, saved.score) == (MONDAY, "akps", 96)
    assert saved.answers is not None
    assert saved.answers["1"] == 1
    assert saved.answers["4"] == 1


def test_akps_dialog_shows_clinically_important_change(qtbot: QtBot) -> None:
    history = [
        AssessmentRecord.new(date=dt.date(2026, 3, 9), score=58),
        AssessmentRecord.new(date=dt.date(2026, 4, 6), score=70),
    ]
    dialog = AkpsDialog(history, today=MONDAY)
    qtbot.addWidget(dialog)
    assert "+12 points" in dialog.change_label.text()
    assert "clinically important improvement" in dialog.change_label.text()
    first_time = AkpsDialog([], today=MONDAY)
    qtbot.addWidget(first_time)
    assert "every 4 weeks" in first_time.change_label.text()
    assert first_time.history_table.rowCount() == 0
