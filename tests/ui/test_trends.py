"""pytest-qt tests of the Trends tab: plotted data, range presets, click to the journal, empty state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QImage

from kneelog.cli import main
from kneelog.core.series import EPOCH_ORDINAL
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.core.values import EntryKind
from kneelog.persistence.db import Database
from kneelog.services.demo import populate_demo
from kneelog.services.entries import EntryService
from kneelog.services.trends import TrendsService, trend_series
from kneelog.ui.charts_export import save_charts
from kneelog.ui.settings import AppSettings
from kneelog.ui.widgets.trends_view import (
    SECONDS_PER_DAY,
    RangePreset,
    TrendsView,
    date_labels,
    seconds,
)
from tests.ui.conftest import TODAY

pytestmark = pytest.mark.gui
DAY_S = 86_400


def fill(db: Database) -> None:
    journal = EntryService(db)
    start = TODAY - dt.timedelta(days=20)
    for k in range(0, 20, 2):
        journal.save_session(
            SessionRecord.new(
                id=f"run{k}",
                date=start + dt.timedelta(days=k),
                activity="run",
                distance_m=5000 + 500 * k,
                duration_s=1800,
                rpe=4,
                pain_during=k % 5,
                pain_after=(k + 1) % 5,
            )
        )
    journal.save_checkin(
        CheckInRecord.new(
            id="c1", date=start + dt.timedelta(days=3), morning_pain=4, symptoms=["swelling"]
        )
    )


def trends_of(application):  # type: ignore[no-untyped-def]
    view = application.window.findChild(TrendsView)
    assert view is not None
    application.trends.load()  # again, on the fixture's clock (TODAY)
    return view


def test_plotted_data_equals_the_core_series(app_on, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    application = app_on(db)
    view = trends_of(application)
    expected = trend_series(TrendsService(db).read(), TODAY)
    series = view.series
    assert series is not None
    np.testing.assert_array_equal(series.load7_km, expected.load7_km)
    # The pain markers are the finite daily scores at mid-day of their date.
    x, y = view.pain_during.getData()
    keep = np.isfinite(expected.pain_during)
    np.testing.assert_array_equal(y, expected.pain_during[keep])
    np.testing.assert_array_equal(x, seconds(expected.days[keep]))
    # Weekly bars and the daily loads, in km.
    np.testing.assert_array_equal(view.running_bars.opts["height"], expected.week_running_km)
    lx, ly = view.load7.getOriginalDataset()
    np.testing.assert_array_equal(ly, expected.load7_km)
    np.testing.assert_array_equal(lx, seconds(expected.days))
    # Spike marks (L1) and the symptom marker.
    sx, sy = view.spike_marks.getData()
    np.testing.assert_array_equal(sy, expected.spike_km)
    np.testing.assert_array_equal(sx, seconds(expected.spike_days))
    assert len(view.symptoms.getData()[0]) == len(expected.symptom_marks) == 1
    # The acceptable band reaches the P2 threshold.
    assert view.acceptable.getRegion() == (0, expected.thresholds.acceptable_pain)


def test_units_follow_the_preference(app_on, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    application = app_on(db)
    view = trends_of(application)
    km = view.running_bars.opts["height"].copy()
    application.controller.publish(EntryService(db).set_setting("units", "mi"))
    np.testing.assert_allclose(view.running_bars.opts["height"], km / 1.609344)
    assert view.plots["distance"].getAxis("left").labelText == "mi"


def test_pt_thresholds_move_the_band(app_on, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    EntryService(db).set_setting("rules", {"P3": {"min_pain": 5}})  # P2 ends below P3
    view = trends_of(app_on(db))
    assert view.acceptable.getRegion() == (0, 4)


def test_range_presets_set_the_x_range_and_are_remembered(
    app_on, db: Database, settings_file: QSettings, qtbot
) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    application = app_on(db)
    view = trends_of(application)
    series = view.series
    assert series is not None
    end = (series.last.toordinal() + 1 - 719163) * DAY_S
    qtbot.mouseClick(view._button(RangePreset.WEEKS_4), Qt.MouseButton.LeftButton)
    low, high = view.x_range()
    assert high == pytest.approx(end, abs=DAY_S)
    assert (high - low) / DAY_S == pytest.approx(28, abs=1)
    qtbot.mouseClick(view._button(RangePreset.ALL), Qt.MouseButton.LeftButton)
    low, high = view.x_range()
    first = (series.first.toordinal() - 719163) * DAY_S
    assert low == pytest.approx(first, abs=DAY_S)
    assert AppSettings(settings_file).trends_range == "all"
    # A new window starts on the remembered range.
    again = trends_of(app_on(db))
    assert again.preset is RangePreset.ALL


def test_clicking_a_point_selects_the_journal_entry(app_on, db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    application = app_on(db)
    window = application.window
    view = trends_of(application)
    window.resize(1200, 900)
    window.show()
    window.show_tab(view)
    view.set_preset(RangePreset.WEEKS_4)
    qtbot.waitExposed(window)
    # The 4 km... the run on day 8 of the journal: pain during 3.
    run = "run8"
    day = TODAY - dt.timedelta(days=12)
    index = view.series.day_index(day)  # type: ignore[union-attr]
    y = float(view.series.pain_during[index])  # type: ignore[union-attr]
    x = float(seconds(np.asarray([day.toordinal()]))[0])
    box = view.plots["pain"].getViewBox()
    scene_point = box.mapViewToScene(QPointF(x, y))
    viewport_point = view.canvas.mapFromScene(scene_point)
    with qtbot.waitSignal(view.entry_activated, timeout=2000) as blocker:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point)
    assert blocker.args == ["session", run]
    assert window.tabs.currentWidget() is window.journal
    selected = window.journal.selected_entries()
    assert [(e.kind, e.id) for e in selected] == [(EntryKind.SESSION, run)]


def test_crosshair_summary_lists_the_days_values(app_on, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    view = trends_of(app_on(db))
    day = TODAY - dt.timedelta(days=17)  # the check-in with swelling
    text = view.day_summary(day)
    assert "morning 4" in text
    assert "Swelling" in text


def test_axes_shown_and_their_plain_numbers(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Dates under the bottom chart, a y axis on the left of each, a second quantity on the right
    (effort × minutes beside the load, the AKPS score beside the exercises done), nothing on top;
    no axis rescales its numbers by an SI prefix."""
    view = TrendsView()
    qtbot.addWidget(view)
    shown = {
        key: sorted(
            side for side in ("left", "bottom", "right", "top") if plot.getAxis(side).isVisible()
        )
        for key, plot in view.plots.items()
    }
    assert shown == {
        "pain": ["bottom", "left"],
        "distance": ["bottom", "left"],
        "load": ["bottom", "left", "right"],
        "acwr": ["bottom", "left"],
        "program": ["bottom", "left", "right"],
    }
    axes = [plot.getAxis(side) for plot in view.plots.values() for side in ("left", "right")]
    assert not any(axis.autoSIPrefix for axis in axes)


def test_the_charts_fit_the_tab_of_a_1280_pixel_window(app_on, db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    """No chart's title and legend make the canvas wider than the tab beside the Tomorrow panel
    (the session-RPE axis on the right was cut off)."""
    fill(db)
    application = app_on(db)
    window = application.window
    window.resize(1280, 800)
    window.show()
    view = trends_of(application)
    window.show_tab(view)
    qtbot.waitUntil(lambda: view.canvas.width() > 0 and view.canvas.isVisible())
    needed = view.canvas.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
    assert needed <= view.canvas.viewport().width()


@pytest.mark.parametrize("preset", [RangePreset.ALL, RangePreset.WEEKS_4])
def test_the_linked_date_axes_tick_and_label_as_a_date_axis_of_their_own(  # type: ignore[no-untyped-def]
    app_on, db: Database, preset: RangePreset
) -> None:
    """The five date axes share one tick computation; each gets what it would work out alone."""
    populate_demo(db, TODAY)
    application = app_on(db)
    view = trends_of(application)
    application.window.show()
    application.window.show_tab(view)
    view.set_preset(preset)
    view.canvas.grab()  # painted: each axis has its font metrics (pyqtgraph takes them then)
    first, last = view.plots["program"].getAxis("bottom").range
    for size in (120.0, 900.0):  # far apart: different ticks, even another zoom level
        for plot in view.plots.values():
            axis = plot.getAxis("bottom")
            alone = pg.DateAxisItem()
            alone.fontMetrics = axis.fontMetrics
            expected = alone.tickValues(first, last, size)
            assert axis.tickValues(first, last, size) == expected
            spacing, values = expected[-1]
            assert axis.tickStrings(values, 1.0, spacing) == date_labels(values, spacing)


def test_date_labels_have_one_style_at_every_zoom() -> None:
    """Days and weeks "4 Dec", months "Dec 2026", years "2026": never pyqtgraph's "29 Oct",
    "04" and "Nov 03" mixed on one axis."""
    day = SECONDS_PER_DAY
    midnights = [float((dt.date(2026, 11, d).toordinal() - EPOCH_ORDINAL) * day) for d in (2, 9)]
    assert date_labels(midnights, 7 * day) == ["2 Nov", "9 Nov"]
    assert date_labels(midnights[:1], 30 * day) == ["Nov 2026"]
    assert date_labels(midnights[:1], 365 * day) == ["2026"]
    # A midnight an hour east of UTC is still that day.
    assert date_labels([midnights[0] - 3600], day) == ["2 Nov"]


def test_empty_journal_shows_the_explanation(app_on, db: Database) -> None:  # type: ignore[no-untyped-def]
    view = trends_of(app_on(db))
    assert view.stack.currentWidget() is view.empty
    assert "No trends yet" in view.empty.text()


def test_a_journal_change_updates_the_same_items(app_on, db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    application = app_on(db)
    view = trends_of(application)
    item = view.pain_during
    saved = EntryService(db).save_session(
        SessionRecord.new(date=TODAY, activity="run", distance_m=3000, pain_during=7)
    )
    application.controller.publish(saved)
    # Hidden charts wait for their tab; shown, they recompute once the signals are done.
    assert not application.trends._timer.isActive()
    application.window.tabs.setCurrentWidget(view)
    assert application.trends._timer.isActive()
    application.trends.refresh()
    assert view.series is not None
    assert view.series.pain_during[-1] == 7
    assert view.pain_during is item
    assert 7 in view.pain_during.getData()[1]


def test_charts_after_saves_and_deletes_match_a_fresh_read(app_on, db: Database) -> None:  # type: ignore[no-untyped-def]
    # The charts read the history the planning service keeps current entry by entry.
    fill(db)
    application = app_on(db)
    view = trends_of(application)
    controller = application.controller
    controller._put_session(
        SessionRecord.new(id="late", date=TODAY, activity="run", distance_m=3000, pain_during=6)
    )
    controller._drop_session("run4")
    controller._put_checkin(CheckInRecord.new(id="c2", date=TODAY, morning_pain=5))
    controller._drop_checkin("c1")
    application.window.tabs.setCurrentWidget(view)
    application.trends.refresh()
    expected = trend_series(TrendsService(db).read(), TODAY)
    assert view.series is not None
    np.testing.assert_array_equal(view.series.load7_km, expected.load7_km)
    np.testing.assert_array_equal(view.series.pain_during, expected.pain_during)
    np.testing.assert_array_equal(view.series.pain_morning, expected.pain_morning)
    assert view.series.pain_during[-1] == 6 and view.series.pain_morning[-1] == 5


def test_export_png_and_svg(app_on, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(db)
    view = trends_of(app_on(db))
    view.canvas.resize(800, 600)
    save_charts(view, tmp_path / "c.png")
    assert not QImage(str(tmp_path / "c.png")).isNull()
    save_charts(view, tmp_path / "c.svg")
    assert (tmp_path / "c.svg").read_text().lstrip().startswith("<?xml")


def test_cli_charts_writes_a_png_of_the_requested_size(db_path: Path, tmp_path: Path) -> None:
    from kneelog.services.opening import open_journal

    db = open_journal(db_path)
    populate_demo(db, TODAY)
    db.close()
    out = tmp_path / "charts.png"
    code = main(
        [
            "--db",
            str(db_path),
            "charts",
            "-o",
            str(out),
            "--width",
            "900",
            "--height",
            "700",
            "--from",
            "2026-02-01",
            "--to",
            "2026-05-01",
        ]
    )
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 700)


def test_cli_charts_refuses_other_formats(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "charts", "-o", str(tmp_path / "c.pdf")]) == 1
    assert ".png or .svg" in capsys.readouterr().err
