"""The journal table model and its filter: Qt's model checks, ordering, formatting and filters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.core.units import DistanceUnit
from kneelog.core.values import EntryKind, EntryRow
from kneelog.services.entries import EntryService
from kneelog.ui.qtmodels.journal_filter import JournalFilterProxy, KindFilter
from kneelog.ui.qtmodels.journal_model import Column, EntryRole, JournalTableModel, SortRole

D = dt.date(2026, 5, 6)


def _rows() -> list[EntryRow]:
    return [
        EntryRow(
            EntryKind.SESSION,
            "r1",
            D,
            activity="run",
            distance_m=5000,
            duration_s=1800,
            pain_during=2,
            pain_after=7,
            notes="windy",
            symptoms=("sharp_pain",),
        ),
        EntryRow(EntryKind.CHECKIN, "c1", D, morning_pain=1, morning_stiffness=2),
        EntryRow(
            EntryKind.SESSION,
            "s1",
            D - dt.timedelta(days=3),
            activity="swim",
            distance_m=1500,
            source="pool.fit sha256:0123456789abcdef",
        ),
        EntryRow(
            EntryKind.SESSION,
            "r2",
            D - dt.timedelta(days=40),
            activity="run",
            distance_m=8000,
            source="run.fit sha256:fedcba9876543210",
        ),
    ]


def test_model_passes_qt_model_tests(qtmodeltester) -> None:
    model = JournalTableModel()
    model.set_rows(_rows())
    qtmodeltester.check(model, force_py=True)


def test_rows_are_newest_first_and_upsert_keeps_the_order() -> None:
    model = JournalTableModel()
    model.set_rows(_rows())
    assert [model.entry_at(i).id for i in range(4)] == ["r1", "c1", "s1", "r2"]
    position = model.upsert(
        EntryRow(EntryKind.SESSION, "n1", D - dt.timedelta(days=10), activity="walk")
    )
    assert position == 3
    model.upsert(EntryRow(EntryKind.SESSION, "r2", D + dt.timedelta(days=1), activity="run"))
    assert model.entry_at(0).id == "r2" and model.rowCount() == 5
    model.remove(EntryKind.SESSION, "r2")
    assert model.rowCount() == 4


def test_display_formats_and_highlights_high_pain() -> None:
    model = JournalTableModel(DistanceUnit.KM)
    model.set_rows(_rows())
    assert model.index(0, Column.KIND).data() == "Run"
    assert model.index(0, Column.PACE).data() == "6:00 /km"
    assert model.index(0, Column.TIME).data() == "30:00"
    assert model.index(0, Column.SYMPTOMS).data() == "Sharp pain"
    assert model.index(1, Column.KIND).data() == "Morning check-in"
    assert model.index(0, Column.PAIN_AFTER).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, Column.PAIN_DURING).data(Qt.ItemDataRole.ForegroundRole) is None


def test_filters_by_kind_text_and_dates() -> None:
    model = JournalTableModel()
    model.set_rows(_rows())
    proxy = JournalFilterProxy()
    proxy.setSourceModel(model)

    def shown() -> list[str]:
        return [
            proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 2).id for i in range(proxy.rowCount())
        ]

    proxy.set_filter(kind=KindFilter.RUNS)
    assert shown() == ["r1", "r2"]
    proxy.set_filter(kind=KindFilter.CHECKINS)
    assert shown() == ["c1"]
    proxy.set_filter(kind=KindFilter.CROSS_TRAINING)
    assert shown() == ["s1"]
    # Imported (a source) runs without pain scores: not the swim, not the scored run r1.
    proxy.set_filter(kind=KindFilter.NO_PAIN_SCORES)
    assert shown() == ["r2"]
    proxy.set_filter(text="WINDY sharp")
    assert shown() == ["r1"]
    proxy.set_filter(date_from=D - dt.timedelta(days=7), date_to=D - dt.timedelta(days=1))
    assert shown() == ["s1"]
    proxy.set_filter()
    assert not proxy.is_filtering and len(shown()) == 4


def test_an_unfiltered_journal_is_never_asked_about_each_row() -> None:
    """Qt filters an unfiltered journal in C++: no call into Python per row on a reset (15,000
    on a twenty-year journal); while a filter is on, each row is asked once."""
    from kneelog.ui.qtmodels.journal_model import MatchRole

    asked: list[int] = []

    class CountingModel(JournalTableModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            if role == MatchRole:
                asked.append(index.row())
            return super().data(index, role)

    model = CountingModel()
    proxy = JournalFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(_rows())
    assert proxy.rowCount() == 4 and asked == []
    proxy.set_filter(kind=KindFilter.RUNS)
    assert proxy.rowCount() == 2 and sorted(asked) == [0, 1, 2, 3]
    proxy.set_filter(kind=KindFilter.CHECKINS)  # another filter: asked again
    assert proxy.rowCount() == 1 and len(asked) == 8
    proxy.set_filter()
    model.set_rows(_rows())
    assert proxy.rowCount() == 4 and len(asked) == 8


def test_header_clicks_sort_and_the_newest_first_order_needs_no_proxy_sort(qtbot) -> None:
    from kneelog.ui.widgets.journal_view import JournalView

    model = JournalTableModel()
    model.set_rows(_rows())
    view = JournalView(model)
    qtbot.addWidget(view)
    header = view.table.horizontalHeader()
    assert (header.sortIndicatorSection(), view.proxy.sortColumn()) == (Column.DATE, -1)
    header.setSortIndicator(Column.DISTANCE, Qt.SortOrder.DescendingOrder)
    ids = [view.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 2).id for i in range(4)]
    assert ids == ["r2", "r1", "s1", "c1"]  # 8 km, 5 km, 1.5 km, then the empty distance
    header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
    assert view.proxy.sortColumn() == -1
    assert view.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2).id == "r1"


ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    SortRole,
    EntryRole,
)


def _shown(model: JournalTableModel) -> list[list[object]]:
    """Every cell in every role the table asks for (colours and fonts follow the sort values)."""
    return [
        [model.index(row, column).data(role) for column in Column for role in ROLES]
        for row in range(model.rowCount())
    ]


def _saved_journal(journal: EntryService) -> tuple[SessionRecord, CheckInRecord]:
    shoe = journal.save_shoe(ShoeRecord.new(name="Ghost")).record
    run = journal.save_session(
        SessionRecord.new(
            date=D,
            activity="run",
            start_time="07:00",
            distance_m=5000,
            duration_s=1800,
            pain_after=7,
            shoe_id=shoe.id,
            symptoms=["sharp_pain"],
            notes="windy\nhills",
            source="run.fit",
        )
    ).record
    checkin = journal.save_checkin(CheckInRecord.new(date=D, morning_pain=1, notes="stiff")).record
    for days in range(1, 30):
        journal.save_session(
            SessionRecord.new(date=D - dt.timedelta(days=days), activity="swim", distance_m=1500)
        )
        journal.save_checkin(
            CheckInRecord.new(date=D - dt.timedelta(days=days), morning_stiffness=days % 11)
        )
    return run, checkin


def test_loading_makes_no_line_and_showing_a_row_makes_that_one_alone(
    journal: EntryService,
) -> None:
    run, _checkin = _saved_journal(journal)
    lines = journal.lines()
    model = JournalTableModel()
    model.set_lines(lines)
    assert model.rowCount() == 60
    assert not any(lines.is_made(p) for p in range(len(lines)))
    assert model.index(0, Column.NOTES).data(Qt.ItemDataRole.ToolTipRole) == "windy\nhills"
    assert [p for p in range(len(lines)) if lines.is_made(p)] == [59]
    assert model.row_of(EntryKind.SESSION, run.id) == 0
    assert [p for p in range(len(lines)) if lines.is_made(p)] == [59]


def test_lines_made_late_show_what_lines_made_at_load_show_through_changes(
    journal: EntryService,
) -> None:
    """The same table whether its lines are made when read or when first shown, after edits."""
    run, checkin = _saved_journal(journal)
    lazy, eager = JournalTableModel(), JournalTableModel()
    lazy.set_lines(journal.lines())
    eager.set_rows(journal.entries())
    assert _shown(lazy) == _shown(eager)

    lazy_for_edits = JournalTableModel()
    lazy_for_edits.set_lines(journal.lines())
    moved = journal.save_session(run._replace(date=D - dt.timedelta(days=12))).record
    new = journal.save_session(
        SessionRecord.new(
            date=D - dt.timedelta(days=5), start_time="18:00", activity="walk", notes="new"
        )
    ).record
    journal.delete_checkin(checkin.id)
    for model in (lazy_for_edits, eager):
        assert model.upsert(journal.entry(EntryKind.SESSION, moved.id)) == 23
        assert model.upsert(journal.entry(EntryKind.SESSION, new.id)) == 9
        model.remove(EntryKind.CHECKIN, checkin.id)
    fresh = JournalTableModel()
    fresh.set_lines(journal.lines())
    assert _shown(lazy_for_edits) == _shown(eager) == _shown(fresh)
    assert lazy_for_edits.row_of(EntryKind.SESSION, new.id) == 8
    assert lazy_for_edits.row_of(EntryKind.CHECKIN, checkin.id) == -1
