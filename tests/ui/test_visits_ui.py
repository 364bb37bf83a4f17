"""Log → Clinician visit…: the dialog, undo, the journal table, and the panel's episode box."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from kneelog.core.rules import Action, Episode, Plan, Reason
from kneelog.core.rules.definitions import Severity
from kneelog.core.values import EntryKind
from kneelog.core.visits import ReturnPlan, VisitRecord
from kneelog.persistence.db import Database
from kneelog.services.visits import VisitService
from kneelog.ui.actions import ActionId
from kneelog.ui.qtmodels.journal_filter import KindFilter
from kneelog.ui.qtmodels.journal_model import Column
from kneelog.ui.widgets.journal_view import JournalMode
from kneelog.ui.widgets.tomorrow_panel import TomorrowPanel
from kneelog.ui.widgets.visit_dialog import VisitDialog
from tests.ui.conftest import TODAY, answer_modal


def _ok(dialog: VisitDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_a_visit_is_logged_listed_undone_and_redone(qtbot, app_on, db: Database) -> None:
    app = app_on(db)
    window = app.window

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, VisitDialog)
        assert dialog.date.date() == QDate(TODAY.year, TODAY.month, TODAY.day)
        assert not dialog.return_plan.isEnabled()  # only with "cleared to run"
        dialog.clinician.setEditText("")
        qtbot.keyClicks(dialog.clinician, "Sports-medicine doctor")
        dialog.cleared.setChecked(True)
        assert dialog.return_plan.isEnabled()
        dialog.return_plan.setCurrentIndex(dialog.return_plan.findData("walk_run"))
        dialog.has_next.setChecked(True)
        dialog.next_visit.setDate(QDate(2026, 5, 20))
        qtbot.keyClicks(dialog.notes, "MRI clear")
        qtbot.keyClick(_ok(dialog), Qt.Key.Key_Return)

    answer_modal(fill)
    window.action(ActionId.LOG_VISIT).trigger()

    (stored,) = VisitService(db).visits()
    assert stored._replace(id="") == VisitRecord(
        "",
        TODAY,
        "Sports-medicine doctor",
        True,
        ReturnPlan.WALK_RUN,
        dt.date(2026, 5, 20),
        "MRI clear",
    )
    model = window.journal.model
    row = model.entry_at(0)
    assert row.kind is EntryKind.VISIT
    assert model.index(0, Column.KIND).data() == "Clinician visit"
    assert model.index(0, Column.NOTES).data() == (
        "Sports-medicine doctor · cleared to run: walk-run return · next visit Wed 20 May 2026"
        " — MRI clear"
    )
    # The plan reads it at once.
    assert app.plans.planning.rule_inputs(TODAY).visits == (stored,)

    assert window.undo_action.text() == "&Undo Clinician visit"
    window.undo_action.trigger()
    assert VisitService(db).visits() == [] and model.rowCount() == 0
    assert app.plans.planning.rule_inputs(TODAY).visits == ()
    window.redo_action.trigger()
    assert VisitService(db).visits() == [stored] and model.rowCount() == 1


def test_double_click_edits_a_visit_and_undo_restores_it(qtbot, app_on, db: Database) -> None:
    visits = VisitService(db)
    before = visits.save_visit(VisitRecord("v1", TODAY - dt.timedelta(days=2), "PT")).record
    app = app_on(db)
    view = app.window.journal

    def clear_running(dialog: QWidget) -> None:
        assert isinstance(dialog, VisitDialog)
        assert dialog.windowTitle() == "Edit clinician visit"
        assert dialog.clinician.currentText() == "PT"
        dialog.cleared.setChecked(True)
        _ok(dialog).click()

    app.window.show()
    qtbot.waitExposed(app.window)
    answer_modal(clear_running)
    view.set_mode(JournalMode.LIST)  # the list's rows (the week view is the default)
    table = view.table
    index = view.proxy.mapFromSource(view.model.index(0, Column.DATE))
    centre = table.visualRect(index).center()
    # A real double-click starts with a press: QTest's double-click event alone is not one.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert visits.get_visit("v1") == before._replace(cleared_to_run=True)
    assert "cleared to run" in view.model.index(0, Column.NOTES).data()
    app.window.undo_action.trigger()
    assert visits.get_visit("v1") == before
    assert "not cleared to run" in view.model.index(0, Column.NOTES).data()


def test_deleting_a_visit_with_other_entries_is_one_undoable_step(
    qtbot, app_on, db: Database
) -> None:
    from kneelog.core.session_records import CheckInRecord
    from kneelog.services.entries import EntryService

    EntryService(db).save_checkin(CheckInRecord.new(date=TODAY, morning_pain=1))
    VisitService(db).save_visit(VisitRecord("v1", TODAY, "GP", notes="all fine"))
    app = app_on(db)
    view = app.window.journal
    view.set_kind_filter(KindFilter.VISITS)
    assert view.proxy.rowCount() == 1
    view.set_kind_filter(KindFilter.ALL)
    view.set_mode(JournalMode.LIST)
    view.table.selectAll()
    app.window.action(ActionId.DELETE_ENTRY).trigger()
    assert VisitService(db).visits() == [] and view.model.rowCount() == 0
    app.window.undo_action.trigger()
    assert [v.notes for v in VisitService(db).visits()] == ["all fine"]
    assert view.model.rowCount() == 2


def test_the_dialog_names_a_bad_next_visit_and_keeps_ok_disabled(qtbot) -> None:
    dialog = VisitDialog(VisitRecord("v", TODAY), is_new=True, today=TODAY)
    qtbot.addWidget(dialog)
    assert _ok(dialog).isEnabled()
    dialog.has_next.setChecked(True)
    dialog.next_visit.setDate(QDate(2026, 5, 1))
    assert not _ok(dialog).isEnabled()
    assert dialog.other_error.text() == "⚠ next visit: is before the visit"
    dialog.has_next.setChecked(False)
    assert _ok(dialog).isEnabled()
    # A return plan chosen, then clearance taken back: the plan is not kept.
    dialog.cleared.setChecked(True)
    dialog.return_plan.setCurrentIndex(dialog.return_plan.findData("hold"))
    dialog.cleared.setChecked(False)
    dialog.accept()
    assert dialog.visit().return_plan is None and not dialog.visit().cleared_to_run


def _plan(episode: Episode | None) -> Plan:
    reason = Reason(
        rule="R3",
        title="Locking or giving way",
        action=Action.SEE_SPECIALIST,
        evidence=("giving way on Tue 1 Dec",),
        source="Clinical reference",
        severity=Severity.REFER,
        explanation="The knee gave way.",
    )
    return Plan(
        for_date=dt.date(2026, 12, 5),
        action=Action.SEE_SPECIALIST,
        run_allowed=False,
        max_run_km=None,
        max_run_min=None,
        intensity_factor=None,
        cross_training=("swim",),
        headline="No running: see a physical therapist or sports-medicine doctor",
        reasons=(reason,),
        restrictions=(),
        exercises=(),
        episode=episode,
    )


def test_the_panel_says_since_when_the_episode_is_open_and_offers_the_visit(qtbot) -> None:
    panel = TomorrowPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_plan(_plan(Episode("R3", dt.date(2026, 12, 1), False, "a clearing visit")))
    box = panel.episode_box
    assert box.isVisible()
    assert box.title_label.text() == "<b>Red flag since Tue 1 Dec: locking or giving way</b>"
    assert "Recording the clinician visit that clears running closes it." in box.body_label.text()
    assert "Seek care today" not in box.body_label.text()
    with qtbot.waitSignal(panel.record_visit_requested):
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    panel.show_plan(_plan(Episode("R3", dt.date(2026, 12, 3), True, "a clearing visit")))
    assert "Red flag since Thu 3 Dec" in box.title_label.text()
    assert box.body_label.text().startswith("Seek care today.")
    panel.show_plan(_plan(None))
    assert not box.isVisible()


def test_the_panels_button_opens_the_dialog_on_today(qtbot, app_on, db: Database) -> None:
    app = app_on(db)
    seen: list[QDate] = []

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, VisitDialog)
        seen.append(dialog.date.date())
        dialog.reject()

    answer_modal(cancel)
    app.plans.panel.episode_box.button.click()
    assert seen == [QDate(TODAY.year, TODAY.month, TODAY.day)]
    assert VisitService(db).visits() == []
