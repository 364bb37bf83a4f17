"""The journal window end to end: type a session, see it, undo, redo, reopen; edit and delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.units import DistanceUnit
from kneelog.services.entries import EntryService
from kneelog.services.entry_lines import EntryLines
from kneelog.services.kept_history import KeptHistory
from kneelog.services.opening import open_journal
from kneelog.ui.actions import ActionId
from kneelog.ui.qtmodels.journal_model import Column
from kneelog.ui.widgets.checkin_dialog import CheckInDialog
from kneelog.ui.widgets.journal_view import JournalMode
from kneelog.ui.widgets.session_dialog import SessionDialog
from tests.ui.conftest import TODAY, answer_modal


def _ok(dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_typed_session_shows_undoes_redoes_and_survives_reopening(
    qtbot, app_on, db_path: Path
) -> None:
    db = open_journal(db_path)
    app = app_on(db)
    window = app.window
    assert window.journal.stack.currentWidget() is window.journal.welcome

    def type_session(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        qtbot.keyClicks(dialog.distance, "5.2")
        qtbot.keyClicks(dialog.duration, "31:20")
        dialog.pain_during.spin.setFocus()
        qtbot.keyClicks(dialog.pain_during.spin, "3")
        qtbot.keyClicks(dialog.pain_after.spin, "2")
        dialog.symptoms.box("stiffness").setChecked(True)
        qtbot.keyClicks(dialog.notes, "Easy loop")
        qtbot.keyClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.Key.Key_Return)

    answer_modal(type_session)
    window.action(ActionId.LOG_SESSION).trigger()

    model = window.journal.model
    assert model.rowCount() == 1
    assert window.journal.stack.currentIndex() == 1
    row = model.entry_at(0)
    assert (row.date, row.distance_m, row.duration_s, row.pain_during, row.pain_after) == (
        TODAY,
        5200.0,
        1880.0,
        3,
        2,
    )
    assert model.index(0, Column.DISTANCE).data() == "5.20"
    assert "5.2 km running" in window.status_label.text()

    window.undo_action.trigger()
    assert model.rowCount() == 0
    assert EntryService(db).entries() == []
    window.redo_action.trigger()
    assert model.rowCount() == 1
    db.close()

    reopened = EntryService(open_journal(db_path))
    (entry,) = reopened.entries()
    assert (entry.distance_m, entry.symptoms, entry.notes) == (5200.0, ("stiffness",), "Easy loop")
    reopened.db.close()


def test_edit_by_enter_and_undo_restores_the_old_values(qtbot, app_on, db) -> None:
    journal = EntryService(db)
    saved = journal.save_session(
        SessionRecord.new(date=TODAY, activity="run", distance_m=5000, pain_during=2)
    ).record
    app = app_on(db)
    view = app.window.journal
    view.set_mode(JournalMode.LIST)
    view.select_source_row(0)

    def change_pain(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        dialog.pain_during.set_score(6)
        _ok(dialog)

    answer_modal(change_pain)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert journal.get_session(saved.id).pain_during == 6
    assert view.model.entry_at(0).pain_during == 6
    app.window.undo_action.trigger()
    assert journal.get_session(saved.id).pain_during == 2
    assert view.model.entry_at(0).pain_during == 2


def test_delete_removes_selected_rows_and_undo_brings_them_back(qtbot, app_on, db) -> None:
    journal = EntryService(db)
    journal.save_session(SessionRecord.new(date=TODAY, activity="run", distance_m=5000))
    journal.save_checkin(CheckInRecord.new(date=TODAY, morning_pain=2))
    app = app_on(db)
    app.window.journal.set_mode(JournalMode.LIST)
    app.window.journal.table.selectAll()
    app.window.action(ActionId.DELETE_ENTRY).trigger()
    assert app.window.journal.model.rowCount() == 0 and journal.entries() == []
    assert app.window.undo_action.text() == "&Undo Delete 2 entries"
    app.window.undo_action.trigger()
    assert app.window.journal.model.rowCount() == 2 and len(journal.entries()) == 2


def test_invalid_input_is_named_next_to_the_field_and_ok_stays_disabled(qtbot, db) -> None:
    journal = EntryService(db)
    dialog = SessionDialog(
        journal.unit, [], SessionRecord.new(date=TODAY, activity="run"), is_new=True
    )
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.keyClicks(dialog.distance, "five")
    assert not ok.isEnabled()
    assert dialog._errors["distance_km"].text().startswith("⚠ write the distance as a number")
    dialog.distance.setText("5000")
    assert "outside 0-500 km" in dialog._errors["distance_km"].text()
    dialog.distance.setText("5")
    qtbot.keyClicks(dialog.duration, "12:75")
    assert not ok.isEnabled() and dialog._errors["duration_min"].isVisibleTo(dialog)
    dialog.duration.setText("45")
    assert ok.isEnabled()


def test_checkin_defaults_to_today_and_reopens_todays_instead_of_duplicating(
    qtbot, app_on, db
) -> None:
    app = app_on(db)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CheckInDialog)
        assert dialog.windowTitle() == "Morning check-in"
        qtbot.keyClicks(dialog.pain.spin, "2")
        qtbot.keyClicks(dialog.stiffness.spin, "3")
        _ok(dialog)

    answer_modal(fill)
    app.window.action(ActionId.CHECKIN).trigger()
    (checkin,) = EntryService(db).checkins()
    assert (checkin.date, checkin.morning_pain, checkin.morning_stiffness) == (TODAY, 2, 3)

    seen: list[str] = []

    def look(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        dialog.reject()

    answer_modal(look)
    app.window.action(ActionId.CHECKIN).trigger()
    assert seen == ["Edit check-in"]
    assert len(EntryService(db).checkins()) == 1


def test_new_session_defaults_to_last_activity_and_shoe(qtbot, app_on, db) -> None:
    from kneelog.core.session_records import ShoeRecord

    journal = EntryService(db)
    shoe = journal.save_shoe(ShoeRecord.new(name="Pegasus")).record
    journal.save_session(
        SessionRecord.new(date=TODAY - dt.timedelta(days=2), activity="walk_run", shoe_id=shoe.id)
    )
    app = app_on(db)
    draft = app.controller.new_session_draft()
    assert (draft.date, draft.activity, draft.shoe_id) == (TODAY, "walk_run", shoe.id)


def test_units_preference_changes_the_table(qtbot, app_on, db) -> None:
    EntryService(db).save_session(
        SessionRecord.new(date=TODAY, activity="run", distance_m=16093.44)
    )
    app = app_on(db)
    model = app.window.journal.model

    def choose_miles(dialog: QWidget) -> None:
        dialog.units.setCurrentIndex(dialog.units.findData("mi"))
        dialog.runner_name.setText("Alex")
        _ok(dialog)

    answer_modal(choose_miles)
    app.window.action(ActionId.PREFERENCES).trigger()
    assert model.headerData(Column.DISTANCE, Qt.Orientation.Horizontal) == "Distance (mi)"
    assert model.index(0, Column.DISTANCE).data() == "10.00"
    assert EntryService(db).settings()["runner_name"] == "Alex"


def test_window_layout_is_remembered(qtbot, app_on, db, settings_file) -> None:
    app = app_on(db)
    app.window.resize(700, 500)
    app.window.journal.table.setColumnWidth(Column.NOTES, 333)
    app.window.close()
    again = app_on(db)
    again.restore_layout()
    assert again.window.journal.table.columnWidth(Column.NOTES) == 333
    assert (again.window.width(), again.window.height()) == (700, 500)


def test_the_table_the_plan_and_the_charts_share_one_read_of_the_journal(
    app_on, db, monkeypatch
) -> None:
    """Start-up reads the sessions and check-ins once, for the table, the rules and the charts."""
    journal = EntryService(db)
    journal.save_session(SessionRecord.new(date=TODAY, activity="run", distance_m=5000))
    journal.save_checkin(CheckInRecord.new(date=TODAY, morning_pain=2))
    reads: list[KeptHistory] = []
    real_read = KeptHistory._read_if_needed

    def counted_read(records: KeptHistory) -> None:
        if not records.is_read:
            reads.append(records)
        real_read(records)

    monkeypatch.setattr(KeptHistory, "_read_if_needed", counted_read)
    app = app_on(db)
    assert len(reads) == 1
    assert app.window.journal.model.rowCount() == 2
    assert app.trends.view.series is not None and app.plans.planning.records is reads[0]


def test_opening_a_long_journal_makes_only_the_lines_on_screen(
    qtbot, app_on, db, monkeypatch
) -> None:
    """A twenty-year journal opens without per-entry work: only the rows painted are made."""
    journal = EntryService(db)
    for days in range(300):
        journal.save_session(
            SessionRecord.new(date=TODAY - dt.timedelta(days=days), activity="run", distance_m=5000)
        )
    read: list[EntryLines] = []
    real_lines = EntryService.lines

    def kept_lines(service: EntryService, records: KeptHistory | None = None) -> EntryLines:
        read.append(real_lines(service, records))
        return read[-1]

    monkeypatch.setattr(EntryService, "lines", kept_lines)
    app = app_on(db)
    app.window.resize(1000, 700)
    app.window.show()
    (lines,) = read
    qtbot.waitUntil(lambda: lines.is_made(len(lines) - 1))  # the newest row painted
    made = [p for p in range(len(lines)) if lines.is_made(p)]
    assert len(made) < 100
    assert made == list(range(len(lines) - len(made), len(lines)))  # the newest, at the top

    app.window.journal.search.setText("run")  # searching reads every line, then all are made
    assert app.window.journal.proxy.rowCount() == 300
    assert all(lines.is_made(p) for p in range(len(lines)))


def test_the_log_dialog_starts_on_distance_shows_pace_and_keeps_symptoms_after_notes(
    qtbot, db
) -> None:
    dialog = SessionDialog(
        DistanceUnit.MI, [], SessionRecord.new(date=TODAY, activity="run"), is_new=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.distance
    qtbot.keyClicks(dialog.distance, "3")
    assert dialog.pace.text() == ""
    qtbot.keyClicks(dialog.duration, "27")
    assert dialog.pace.text() == "9:00 /mi"  # live, in the runner's unit
    dialog.activity.setCurrentIndex(dialog.activity.findData("cycle"))
    assert dialog.pace.text() == "6.7 mph"

    # Tab from the distance reaches Notes and Save before any of the fourteen symptom boxes.
    boxes = dialog.symptoms.boxes()
    dialog.distance.setFocus()
    reached = []
    while dialog.focusWidget() not in boxes and len(reached) < 40:
        reached.append(dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert reached[:7] == [
        dialog.distance,
        dialog.duration,
        dialog.rpe,
        dialog.pain_during.spin,
        dialog.pain_after.spin,
        dialog.pain_trend,
        dialog.notes,
    ]
    assert reached[7] is ok


def test_save_and_log_another_keeps_the_day_and_opens_a_fresh_form(qtbot, app_on, db) -> None:
    app = app_on(db)
    seen: list[str] = []

    def first(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        dialog.date.setDate(dialog.date.date().addDays(-1))
        qtbot.keyClicks(dialog.distance, "2")
        qtbot.keyClicks(dialog.duration, "15")
        answer_modal(second)
        dialog.another_button.click()

    def second(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        seen.append(dialog.distance.text())
        assert dialog.date.date().toPython() == TODAY - dt.timedelta(days=1)
        qtbot.keyClicks(dialog.distance, "8")
        qtbot.keyClicks(dialog.duration, "50")
        _ok(dialog)

    answer_modal(first)
    app.window.action(ActionId.LOG_SESSION).trigger()
    assert seen == [""]
    sessions = EntryService(db).sessions()
    assert sorted(s.distance_m for s in sessions) == [2000.0, 8000.0]
    assert {s.date for s in sessions} == {TODAY - dt.timedelta(days=1)}
    app.window.undo_action.trigger()  # each session is its own undo step
    assert [s.distance_m for s in EntryService(db).sessions()] == [2000.0]


def test_the_checkin_scores_stiffness_on_its_own_scale_without_a_second_box(qtbot) -> None:
    dialog = CheckInDialog(
        CheckInRecord.new(date=TODAY), is_new=True, date_taken=lambda _day: False
    )
    qtbot.addWidget(dialog)
    assert dialog.stiffness.anchors.text() == "0 = not stiff · 10 = as stiff as it can be"
    assert dialog.pain.anchors.text() == "0 = no pain · 10 = worst imaginable"
    labels = [box.text() for box in dialog.symptoms.boxes()]
    assert "Stiffness" not in labels and "Swelling" in labels
    dialog.symptoms.set_codes(["stiffness", "swelling"])  # an imported check-in keeps its codes
    assert sorted(dialog.symptoms.codes()) == ["stiffness", "swelling"]


def test_validation_messages_are_laid_out_in_full(qtbot) -> None:
    """Each message has the height its wrapped text needs, at the dialog's own size."""
    dialog = SessionDialog(
        DistanceUnit.KM, [], SessionRecord.new(date=TODAY, activity="run"), is_new=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.distance, "five")
    qtbot.keyClicks(dialog.duration, "12:75")
    for name in ("distance_km", "duration_min"):
        label = dialog._errors[name]
        qtbot.waitUntil(lambda label=label: label.isVisible())
        qtbot.waitUntil(lambda label=label: label.height() >= label.heightForWidth(label.width()))
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()) or (
            label.height() >= 2 * label.fontMetrics().lineSpacing()
        )
