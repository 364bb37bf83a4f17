"""The journal's week and month views: weeks laid out, days and totals, filters, keys and clicks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt

from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.values import EntryKind, EntryRow
from kneelog.services.entries import EntryService
from kneelog.services.rehab import RehabService
from kneelog.ui.actions import ActionId
from kneelog.ui.qtmodels.journal_filter import EntryFilter, KindFilter
from kneelog.ui.qtmodels.journal_model import JournalTableModel
from kneelog.ui.qtmodels.week_model import TOTALS_COLUMN, DayRole, TotalsRole, WeekModel
from kneelog.ui.widgets.journal_view import JournalMode
from kneelog.ui.widgets.week_view import MonthView, WeekTable
from tests.ui.conftest import TODAY, answer_modal

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())  # TODAY is Wednesday 6 May 2026


def _run(day: dt.date, ident: str, km: float = 8.0, **kw: object) -> EntryRow:
    fields: dict[str, object] = {
        "activity": "run",
        "distance_m": km * 1000,
        "duration_s": km * 330,
        "pain_during": 2,
        "pain_after": 3,
    }
    fields.update(kw)
    return EntryRow(EntryKind.SESSION, ident, day, **fields)  # type: ignore[arg-type]


def _model(rows: list[EntryRow]) -> tuple[JournalTableModel, WeekModel]:
    source = JournalTableModel()
    source.set_rows(rows)
    weeks = WeekModel(source)
    weeks.set_today(TODAY)
    return source, weeks


def test_weeks_newest_first_from_today_back_to_the_first_entry(qtmodeltester) -> None:
    _source, weeks = _model([_run(MONDAY - dt.timedelta(weeks=3), "old"), _run(MONDAY, "new")])
    qtmodeltester.check(weeks)
    assert weeks.rowCount() == 4 and weeks.columnCount() == 8
    assert [weeks.week_of_row(r) for r in (0, 3)] == [MONDAY, MONDAY - dt.timedelta(weeks=3)]
    assert [e.id for e in weeks.index(0, 0).data(DayRole)] == ["new"]
    assert weeks.index(1, 0).data(DayRole) == ()
    assert weeks.row_of_day(MONDAY + dt.timedelta(days=6)) == 0
    assert weeks.row_of_day(MONDAY + dt.timedelta(days=7)) == -1


def test_totals_add_running_and_cross_training_and_leave_out_implausible_speeds() -> None:
    rows = [
        _run(MONDAY, "r1", 8.0),
        _run(MONDAY + dt.timedelta(days=2), "r2", 5.0, pain_during=4, pain_after=6),
        # 50 km in 25 minutes: a typo for 5 km, left out of the running distance.
        _run(MONDAY + dt.timedelta(days=1), "typo", 50.0, duration_s=1500),
        EntryRow(
            EntryKind.SESSION, "bike", MONDAY, activity="cycle", distance_m=20000, duration_s=3600
        ),
        EntryRow(EntryKind.CHECKIN, "c", MONDAY, morning_pain=1),
    ]
    _source, weeks = _model(rows)
    summary = weeks.index(0, TOTALS_COLUMN).data(TotalsRole)
    assert summary.totals.running_m == 13000.0
    assert summary.totals.cross_training_s == 3600.0
    assert summary.totals.left_out == 1
    # Pain scores 2, 3, 4, 6 (runs), 2, 3 (the typo's), 1 (morning): 21 / 7.
    assert summary.totals.mean_pain == 3.0
    text = weeks.index(0, TOTALS_COLUMN).data()
    assert "Running 13.0 km" in text and "Cross 1 h 00" in text and "Pain 3.0" in text
    assert "Left out of the weekly figures" in weeks.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_a_run_without_pain_an_hour_after_says_so() -> None:
    _source, weeks = _model([_run(MONDAY, "r", pain_after=None)])
    assert "pain an hour after not logged yet" in weeks.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_a_kind_filter_keeps_only_the_weeks_with_a_matching_entry() -> None:
    rows = [
        _run(MONDAY, "r"),
        EntryRow(
            EntryKind.SESSION,
            "swim",
            MONDAY - dt.timedelta(weeks=2),
            activity="swim",
            distance_m=1500,
            duration_s=1800,
        ),
    ]
    _source, weeks = _model(rows)
    assert weeks.rowCount() == 3
    weeks.set_filter(EntryFilter.of(kind=KindFilter.CROSS_TRAINING))
    assert weeks.rowCount() == 1
    assert [e.id for e in weeks.index(0, 0).data(DayRole)] == ["swim"]
    weeks.set_filter(EntryFilter.of(text="nothing like this"))
    assert weeks.rowCount() == 0


def test_weeks_can_start_on_sunday() -> None:
    sunday = MONDAY - dt.timedelta(days=1)
    _source, weeks = _model([_run(sunday, "sun")])
    weeks.set_week_start(6)
    assert weeks.headerData(0, Qt.Orientation.Horizontal) == "Sun"
    assert weeks.week_of_row(0) == sunday
    assert [e.id for e in weeks.index(0, 0).data(DayRole)] == ["sun"]


def test_saving_an_entry_in_a_shown_week_keeps_the_rows(qtbot) -> None:
    source, weeks = _model([_run(MONDAY - dt.timedelta(weeks=1), "a")])
    with qtbot.assertNotEmitted(weeks.modelReset):
        source.upsert(_run(MONDAY + dt.timedelta(days=1), "b"))
    assert [e.id for e in weeks.index(0, 1).data(DayRole)] == ["b"]


def test_the_month_calendar_shows_whole_weeks_and_pages_by_month(qtbot) -> None:
    _source, weeks = _model([_run(dt.date(2026, 4, 30), "april"), _run(TODAY, "may")])
    view = MonthView(weeks)
    qtbot.addWidget(view)
    view.show_month(2026, 5)
    # May 2026: Friday 1 to Sunday 31, Monday weeks from 27 April: five rows.
    assert weeks.rowCount() == 5
    assert weeks.week_of_row(0) == dt.date(2026, 4, 27)
    assert view.title.text() == "May 2026"
    april_30 = weeks.index_of_day(dt.date(2026, 4, 30))
    assert [e.id for e in april_30.data(DayRole)] == ["april"]
    assert not weeks.in_focus(april_30)
    view.table.select_day(TODAY)
    qtbot.keyClick(view.table, Qt.Key.Key_PageUp)
    assert view.title.text() == "April 2026"
    assert weeks.day_of(view.table.currentIndex()) == dt.date(2026, 4, 6)


def test_the_row_header_asks_for_the_rows_it_shows_not_every_week(qtbot) -> None:
    asked: set[int] = set()

    class Counting(WeekModel):
        def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
            if orientation == Qt.Orientation.Vertical:
                asked.add(section)
            return super().headerData(section, orientation, role)

    source = JournalTableModel()
    source.set_rows([_run(MONDAY - dt.timedelta(weeks=1000), "old"), _run(MONDAY, "new")])
    weeks = Counting(source)
    weeks.set_today(TODAY)
    table = WeekTable(weeks)
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    table.viewport().repaint()
    assert weeks.rowCount() == 1001
    # The first row (measured for the header's width) and the few on screen.
    assert 0 in asked and len(asked) < 20
    header = table.verticalHeader()
    assert header.width() >= header.sectionSizeFromContents(500).width()


def test_enter_and_double_click_edit_the_entry_under_them(qtbot) -> None:
    checkin = EntryRow(EntryKind.CHECKIN, "c", MONDAY, morning_pain=1)
    _source, weeks = _model([checkin, _run(MONDAY, "r"), _run(MONDAY + dt.timedelta(days=1), "t")])
    table = WeekTable(weeks)
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    activated: list[EntryRow] = []
    table.entry_activated.connect(activated.append)
    table.select_day(MONDAY + dt.timedelta(days=1))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert [e.id for e in activated] == ["t"]
    # Monday holds the check-in (first line) and the run (second line).
    rect = table.visualRect(weeks.index_of_day(MONDAY))
    option = table.viewOptions()
    y = rect.top() + table.delegate.PADDING + table.delegate.date_height(option)
    y += table.delegate.line_height(option) + table.delegate.line_height(option) // 2
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 20, y))
    assert [e.id for e in activated] == ["t", "r"]


def test_the_window_opens_on_the_week_view_and_edits_from_it(qtbot, app_on, db) -> None:
    journal = EntryService(db)
    saved = journal.save_session(
        SessionRecord.new(
            date=TODAY,
            activity="run",
            distance_m=5000,
            duration_s=1650,
            pain_during=2,
            pain_after=2,
        )
    ).record
    journal.save_checkin(CheckInRecord.new(date=TODAY, morning_pain=1))
    RehabService(db).apply_preset("hip_knee_strength_early", MONDAY)
    app = app_on(db)
    view = app.window.journal
    assert view.mode is JournalMode.WEEK
    assert view.views.currentWidget() is view.weeks
    summary = view.week_model.index(0, TOTALS_COLUMN).data(TotalsRole)
    assert summary.start == MONDAY and summary.totals.running_m == 5000.0
    assert summary.adherence == 0.0  # prescribed this week, nothing logged yet
    view.weeks.select_day(TODAY)
    assert [e.kind for e in view.selected_entries()] == [EntryKind.CHECKIN, EntryKind.SESSION]
    assert app.window.action(ActionId.EDIT_ENTRY).isEnabled()  # the day's entries: a menu
    view.weeks.select_day(TODAY - dt.timedelta(days=1))
    assert not app.window.action(ActionId.EDIT_ENTRY).isEnabled()  # nothing that day
    view.weeks.select_day(TODAY)

    # A day with two entries asks which one with a menu; here the menu's answer is the run.
    offered: list[tuple[EntryRow, ...]] = []

    def choose(entries: tuple[EntryRow, ...], _at: QPoint) -> EntryRow:
        offered.append(entries)
        return entries[1]

    view.weeks.choose_entry = choose

    def change_pain(dialog) -> None:
        dialog.pain_during.set_score(5)
        dialog.accept()

    answer_modal(change_pain)
    qtbot.keyClick(view.weeks, Qt.Key.Key_Return)
    assert [e.kind for e in offered[0]] == [EntryKind.CHECKIN, EntryKind.SESSION]
    assert journal.get_session(saved.id).pain_during == 5


def test_the_chosen_view_is_kept_between_runs(qtbot, app_on, db) -> None:
    app = app_on(db)
    app.window.journal.set_mode(JournalMode.MONTH)
    app.save_layout()
    assert app.settings.journal_mode == "month"
    app.window.journal.set_mode(JournalMode.LIST)
    app.restore_layout()
    assert app.window.journal.mode is JournalMode.MONTH


def test_the_list_marks_implausible_speeds_and_missing_pain_after() -> None:
    from kneelog.ui.qtmodels.journal_model import Column

    source = JournalTableModel()
    source.set_rows([_run(MONDAY, "typo", 50.0, duration_s=1500, pain_after=None)])
    distance = source.index(0, Column.DISTANCE)
    assert distance.data() == "⚠ 50.00"
    assert "faster than 2:30 /km" in distance.data(Qt.ItemDataRole.ToolTipRole)
    after = source.index(0, Column.PAIN_AFTER)
    assert after.data() == "?"
    assert "not logged yet" in after.data(Qt.ItemDataRole.ToolTipRole)


def test_the_session_dialog_warns_of_an_implausible_speed_but_saves(qtbot) -> None:
    from kneelog.core.units import DistanceUnit
    from kneelog.ui.widgets.session_dialog import SessionDialog

    draft = SessionRecord.new(date=TODAY, activity="run")
    dialog = SessionDialog(DistanceUnit.KM, [], draft, is_new=True)
    qtbot.addWidget(dialog)
    dialog.distance.setText("50")
    dialog.duration.setText("25:00")
    assert not dialog.speed_warning.isHidden()
    assert "faster than 2:30 /km" in dialog.speed_warning.text()
    dialog.distance.setText("5")
    assert dialog.speed_warning.isHidden()
    dialog.distance.setText("50")
    dialog.accept()
    assert dialog.session().distance_m == 50_000


def test_the_speed_warning_is_never_cut_off(qtbot) -> None:
    """Qt sizes a window from its layout's minimum, which leaves wrapped text out: the dialog
    grows for the four lines of warning, typed into it or there when it opens."""
    from kneelog.core.units import DistanceUnit
    from kneelog.ui.widgets.session_dialog import SessionDialog

    def whole(dialog: SessionDialog) -> bool:
        warning = dialog.speed_warning
        return warning.height() >= warning.heightForWidth(warning.width())

    draft = SessionRecord.new(date=TODAY, activity="elliptical", duration_s=2400)
    typed = SessionDialog(DistanceUnit.KM, [], draft, is_new=True)
    qtbot.addWidget(typed)
    typed.show()
    qtbot.waitExposed(typed)
    typed.resize(typed.width(), typed.minimumHeight())  # as tight as Qt lets it be
    typed.distance.setText("50")
    assert typed.speed_warning.isVisible() and whole(typed)

    opened = SessionDialog(DistanceUnit.KM, [], draft._replace(distance_m=50_000), is_new=False)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    assert opened.speed_warning.isVisible() and whole(opened)


def test_a_clinician_visit_shows_on_its_day_and_adds_nothing_to_the_totals() -> None:
    visit = EntryRow(EntryKind.VISIT, "v", MONDAY, summary="GP, cleared to run")
    _source, weeks = _model([visit, _run(MONDAY, "r", 5.0)])
    assert [e.kind for e in weeks.index(0, 0).data(DayRole)] == [EntryKind.SESSION, EntryKind.VISIT]
    assert "Clinician visit: GP, cleared to run" in weeks.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    summary = weeks.index(0, TOTALS_COLUMN).data(TotalsRole)
    assert summary.totals.sessions == 1 and summary.totals.running_m == 5000.0


def test_confirming_an_implausible_speed_in_the_dialog_counts_the_session(
    qtbot, app_on, db
) -> None:
    journal = EntryService(db)
    # 12 km in 20 minutes (1:40 /km): a typo, unless the runner says otherwise.
    saved = journal.save_session(
        SessionRecord.new(
            date=TODAY, activity="run", distance_m=12_000, duration_s=1200, pain_after=1
        )
    ).record
    app = app_on(db)
    view = app.window.journal
    summary = view.week_model.index(0, TOTALS_COLUMN).data(TotalsRole)
    assert (summary.totals.running_m, summary.totals.left_out) == (0.0, 1)
    assert "0.0 km running" in app.window.status_label.text()
    from kneelog.ui.qtmodels.journal_model import Column

    assert view.model.index(0, Column.DISTANCE).data() == "⚠ 12.00"

    shown: list[str] = []

    def confirm(dialog) -> None:
        shown.append(dialog.speed_warning.text())
        assert dialog.speed_confirmed.isVisible() and not dialog.speed_confirmed.isChecked()
        dialog.speed_confirmed.setChecked(True)
        shown.append(dialog.speed_warning.text())
        dialog.accept()

    answer_modal(confirm)
    view.weeks.select_day(TODAY)
    qtbot.keyClick(view.weeks, Qt.Key.Key_Return)
    assert "faster than 2:30 /km" in shown[0] and "confirm it below" in shown[0]
    assert "You confirmed it" in shown[1]
    assert journal.get_session(saved.id).speed_confirmed
    # The mark is gone and every load figure counts the run now.
    assert view.model.index(0, Column.DISTANCE).data() == "12.00"
    summary = view.week_model.index(0, TOTALS_COLUMN).data(TotalsRole)
    assert (summary.totals.running_m, summary.totals.left_out) == (12_000.0, 0)
    assert "12.0 km running" in app.window.status_label.text()


def test_a_confirmed_speed_is_kept_while_implausible_and_dropped_once_corrected(qtbot) -> None:
    from kneelog.core.units import DistanceUnit
    from kneelog.ui.widgets.session_dialog import SessionDialog

    confirmed = SessionRecord.new(
        date=TODAY, activity="swim", distance_m=3000, duration_s=1500, speed_confirmed=True
    )
    dialog = SessionDialog(DistanceUnit.KM, [], confirmed, is_new=False)
    qtbot.addWidget(dialog)
    assert dialog.speed_confirmed.isChecked() and "You confirmed it" in dialog.speed_warning.text()
    dialog.accept()
    assert dialog.session().speed_confirmed
    dialog = SessionDialog(DistanceUnit.KM, [], confirmed, is_new=False)
    qtbot.addWidget(dialog)
    dialog.distance.setText("4")  # 0:37 /100 m: still implausible, but not the speed confirmed
    assert (
        not dialog.speed_confirmed.isChecked() and "confirm it below" in dialog.speed_warning.text()
    )
    dialog.accept()
    assert not dialog.session().speed_confirmed
    dialog = SessionDialog(DistanceUnit.KM, [], confirmed, is_new=False)
    qtbot.addWidget(dialog)
    dialog.duration.setText("60:00")  # 2:00 /100 m: nothing left to confirm
    assert dialog.speed_confirmed.isHidden() and dialog.speed_warning.isHidden()
    dialog.accept()
    assert not dialog.session().speed_confirmed
