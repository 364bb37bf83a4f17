"""The Trends tab: knee pain, weekly distance, load, the acute:chronic ratio and the program.

Charts are stacked on one pyqtgraph canvas with their time axes linked. Every plot item is made
once; `set_series` and `set_unit` only set new data on them, and a range change only moves the
view, so switching ranges on twenty years of data stays fast (items clip to the view and
downsample). Colours, line styles and marks come from `chart_style`, as the printed report's do;
the canvas follows the widget's palette so it reads in light and dark themes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QEvent, QIODevice, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import (
    EPOCH_ORDINAL,
    SYMPTOM_LABELS,
    DistanceUnit,
    EntryRef,
    EntryRefs,
    FloatArray,
    IntArray,
    OutputError,
    TrendSeries,
    distance_km,
    long_date,
)
from kneelog.ui import chart_style as style

SECONDS_PER_DAY = 86_400
CLICK_RADIUS_PX = 10
PAIN_LINES_MAX_DAYS = 200
DOWNSAMPLE_FACTOR = 0.5

CHART_HELP = {
    "pain": "Knee pain from 0 (none) to 10 (worst imaginable): during a run, about an hour "
    "after, and the next morning. The green band is the pain the pain-monitoring model "
    "accepts during and after running (up to 5 by default). Stars mark days with a warning "
    "symptom such as swelling, locking or giving way.",
    "distance": "Running per week (blue) with cross-training (green: cycling, swimming and the "
    "like) stacked on top: cross-training is not running distance. The line is the 4-week mean "
    "of running. Triangles mark weeks with over 30% more running than the week before; stars "
    "mark a single run much longer than your recent longest.",
    "load": "Distance over the last 7 and the last 28 days (left axis), and effort × minutes "
    "(right axis): each session's effort from 0 to 10 multiplied by its minutes, added up over "
    "7 and 28 days. It counts cross-training too.",
    "acwr": "The last 7 days' distance divided by the weekly average of the last 28 days (the "
    "acute:chronic workload ratio). The grey band is the usual range. Shown for information: "
    "no plan rule uses it.",
    "program": "Bars: the share of the prescribed home-exercise sessions done each week (left "
    "axis). Diamonds: the Kujala Anterior Knee Pain Scale (AKPS) questionnaire score from 0 to "
    "100, higher is better (right axis). The dotted line is your first score; a change of 10 "
    "points or more (the dashed line) is clinically important.",
}
"""Each chart in words: the tooltip of its title, plot and legend (no abbreviation unexplained)."""


class RangePreset(StrEnum):
    WEEKS_4 = "4w"
    WEEKS_12 = "12w"
    MONTHS_6 = "6m"
    YEAR = "1y"
    ALL = "all"

    @property
    def label(self) -> str:
        return _PRESET_LABELS[self]

    @property
    def days(self) -> int | None:
        return _PRESET_DAYS[self]


_PRESET_LABELS = {
    RangePreset.WEEKS_4: "4 weeks",
    RangePreset.WEEKS_12: "12 weeks",
    RangePreset.MONTHS_6: "6 months",
    RangePreset.YEAR: "1 year",
    RangePreset.ALL: "All",
}
_PRESET_DAYS = {
    RangePreset.WEEKS_4: 28,
    RangePreset.WEEKS_12: 84,
    RangePreset.MONTHS_6: 183,
    RangePreset.YEAR: 365,
    RangePreset.ALL: None,
}


def seconds(days: IntArray) -> FloatArray:
    """Ordinals as Unix seconds at noon (DateAxisItem's x), so a day's point sits mid-day."""
    return ((days - EPOCH_ORDINAL) * SECONDS_PER_DAY + SECONDS_PER_DAY // 2).astype(np.float64)


def day_of(x: float) -> dt.date:
    """The calendar day under an x position in Unix seconds."""
    return dt.date.fromordinal(math.floor(x / SECONDS_PER_DAY) + EPOCH_ORDINAL)


def _finite(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    keep = np.isfinite(y)
    return x[keep], y[keep]


@dataclass
class _Clickable:
    """Points of one chart that lead to journal entries (in data coordinates)."""

    x: FloatArray
    y: FloatArray
    entries: EntryRefs


def _pen(line: style.Line, width: float | None = None) -> QPen:
    return pg.mkPen(
        line.colour.rgba(), width=line.width if width is None else width, style=line.style
    )


def _curve(plot: pg.PlotItem, name: str | None, line: style.Line) -> pg.PlotDataItem:
    """A series' line, and its marks when `line` has a symbol."""
    colour = line.colour.rgba()
    item = pg.PlotDataItem(
        name=name,
        pen=_pen(line),
        symbol=line.symbol,
        symbolSize=line.symbol_size,
        symbolBrush=pg.mkBrush(colour),
        symbolPen=pg.mkPen(colour),
        connect="finite",
        # About one min/max pair per two pixels (pyqtgraph's default keeps ~5 points a pixel).
        autoDownsampleFactor=DOWNSAMPLE_FACTOR,
    )
    plot.addItem(item)
    # After addItem, which applies the plot's own (menu) settings to its data items.
    item.setClipToView(True)
    item.setDownsampling(auto=True, method="peak")
    return item


def _marks(plot: pg.PlotItem, name: str, mark: style.Mark) -> pg.ScatterPlotItem:
    colour = mark.colour.rgba()
    item = pg.ScatterPlotItem(
        name=name,
        symbol=mark.symbol,
        size=mark.size,
        brush=pg.mkBrush(colour),
        pen=pg.mkPen(colour),
    )
    plot.addItem(item)
    return item


def _bars(colour: style.Colour, name: str | None = None) -> pg.BarGraphItem:
    return pg.BarGraphItem(
        x0=[], height=[], width=1, brush=pg.mkBrush(colour.rgba()), pen=pg.mkPen(None), name=name
    )


def _band(values: tuple[float, float], colour: style.Colour) -> pg.LinearRegionItem:
    """A fixed horizontal band (the acceptable pain, the usual ratio)."""
    return pg.LinearRegionItem(
        values=values,
        orientation="horizontal",
        movable=False,
        brush=pg.mkBrush(colour.rgba()),
        pen=pg.mkPen(None),
    )


class _LinkedDateAxis(pg.DateAxisItem):
    """A date axis of the stacked charts, whose time axes are linked and equally wide.

    Working out where the date ticks go is most of a redraw over twenty years (time-zone offsets
    for every candidate tick), and the five axes would each do it for the same range and width:
    the first does it and the others take its result from `shared`.
    """

    def __init__(self, shared: dict[str, Any]) -> None:
        super().__init__(orientation="bottom")
        self._shared = shared

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        key = (minVal, maxVal, size)
        if self._shared.get("key") == key:
            # The zoom level picks the label format in tickStrings.
            self.zoomLevel, self.minSpacing = self._shared["zoom"]
            values: list[tuple[float, list[float]]] = self._shared["values"]
            return values
        values = super().tickValues(minVal, maxVal, size)
        self._shared.update(key=key, values=values, zoom=(self.zoomLevel, self.minSpacing))
        return values

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return date_labels(values, spacing)


def date_labels(values: Sequence[float], spacing: float) -> list[str]:
    """The chart style's date labels for pyqtgraph's ticks: "4 Dec" for days and weeks, "Dec
    2026" for months, "2026" for years (pyqtgraph's own mixes "29 Oct", "04" and "Nov 03")."""
    unit = style.unit_of_spacing(spacing / SECONDS_PER_DAY)
    # Ticks sit on local midnights: the nearest UTC midnight is the day that starts there.
    days = [dt.date.fromordinal(round(v / SECONDS_PER_DAY) + EPOCH_ORDINAL) for v in values]
    return [style.date_label(day, unit) for day in days]


class TrendsView(QWidget):
    """Stacked, time-linked charts of a `TrendSeries`, with range presets and a crosshair."""

    entry_activated = Signal(str, str)  # kind ("session" / "checkin"), id
    range_changed = Signal(str)  # a RangePreset value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trends_view")
        self.series: TrendSeries | None = None
        self.unit = DistanceUnit.KM
        self.preset = RangePreset.WEEKS_12
        self._clickable: dict[str, _Clickable] = {}

        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        for preset in RangePreset:
            button = QPushButton(preset.label)
            button.setCheckable(True)
            button.setObjectName(f"range_{preset.value}")
            button.setToolTip(
                f"Show the last {preset.label.lower()}" if preset.days else "Show everything"
            )
            self.buttons.addButton(button)
            button.clicked.connect(lambda _checked=False, p=preset: self.set_preset(p, user=True))
            bar.addWidget(button)
        bar.addStretch(1)
        self.readout = QLabel()
        self.readout.setObjectName("trends_readout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.readout, 4)

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setObjectName("trends_canvas")
        self.canvas.ci.setSpacing(6)
        self.canvas.ci.setContentsMargins(4, 4, 12, 4)
        self._build_plots()

        self.empty = QLabel(
            "<h3>No trends yet</h3><p>Log a run with its knee pain, or a morning check-in, and "
            "the charts appear here: pain against distance and load on one time axis, "
            "load-rule marks, exercise adherence and your knee questionnaire (AKPS) scores.</p>"
        )
        self.empty.setObjectName("trends_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(40)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.canvas)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._button(self.preset).setChecked(True)
        self.apply_palette()

        self.canvas.scene().sigMouseMoved.connect(self._mouse_moved)
        self.canvas.scene().sigMouseClicked.connect(self._mouse_clicked)

    # --- construction: one function per chart ---------------------------------------------

    def _build_plots(self) -> None:
        self._date_ticks: dict[str, Any] = {}
        self.plots: dict[str, pg.PlotItem] = {}
        self.crosshairs: list[pg.InfiniteLine] = []
        self.empty_notes: dict[str, pg.TextItem] = {}
        self.titles: dict[str, pg.LabelItem] = {}
        self._detailed = True
        self._pens: dict[pg.PlotDataItem, tuple[QPen, QPen]] = {}
        self._build_pain_chart()
        self._build_distance_chart()
        self._build_load_chart()
        self._build_ratio_chart()
        self._build_program_chart()
        self._finish_plots()

    def _build_pain_chart(self) -> None:
        pain = self._new_plot(0, "pain", "Knee pain (0-10)", style.PAIN_AXIS)
        self.acceptable = _band((0, 5), style.ACCEPTABLE_PAIN)
        pain.addItem(self.acceptable, ignoreBounds=True)
        # Each pain series is a line item and a marker item, so the lines can be hidden on
        # long ranges without rebuilding the markers.
        self.pain_lines: list[pg.PlotDataItem] = []
        markers = []
        for name, line in (
            ("During", style.PAIN_DURING),
            ("After", style.PAIN_AFTER),
            ("Next morning", style.PAIN_MORNING),
        ):
            self.pain_lines.append(_curve(pain, None, replace(line, symbol=None)))
            marker = _curve(pain, name, line)
            marker.setPen(None)
            markers.append(marker)
        self.pain_during, self.pain_after, self.pain_morning = markers
        self.symptoms = _marks(pain, "Warning symptom", style.SYMPTOM)
        self.band_sample = pg.BarGraphItem(
            x0=[], height=[], width=1, brush=self.acceptable.brush, pen=pg.mkPen(None)
        )
        pain.legend.addItem(self.band_sample, "Acceptable (0-5)")
        pain.getViewBox().sigXRangeChanged.connect(self._range_moved)
        pain.setYRange(-0.4, 10.9, padding=0)
        pain.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])

    def _build_distance_chart(self) -> None:
        distance = self._new_plot(
            1, "distance", "Distance per week", style.distance_axis(self.unit)
        )
        self.running_bars = _bars(style.RUNNING, "Running")
        self.cross_bars = _bars(style.CROSS_TRAINING, "Cross-training")
        distance.addItem(self.running_bars)
        distance.addItem(self.cross_bars)
        self.mean4 = _curve(distance, "4-week mean", style.RUNNING_MEAN)
        self.l2_marks = _marks(distance, "Week up > 30%", style.WEEK_UP)
        self.spike_marks = _marks(distance, "Unusually long run", style.LONG_RUN)

    def _build_load_chart(self) -> None:
        load = self._new_plot(2, "load", "Load, last 7 and 28 days", style.distance_axis(self.unit))
        self.load7 = _curve(load, "7-day distance", style.LOAD_7_DAYS)
        self.load28 = _curve(load, "28-day distance", style.LOAD_28_DAYS)
        self.srpe_box = self._right_axis_box(load, style.EFFORT_AXIS)
        self.srpe7, self.srpe28 = (
            pg.PlotDataItem(
                pen=_pen(line), connect="finite", autoDownsampleFactor=DOWNSAMPLE_FACTOR
            )
            for line in (style.EFFORT_7_DAYS, style.EFFORT_28_DAYS)
        )
        for item in (self.srpe7, self.srpe28):
            item.setClipToView(True)
            item.setDownsampling(auto=True, method="peak")
            self.srpe_box.addItem(item)
        load.legend.addItem(self.srpe7, "7-day effort × min (right)")
        load.legend.addItem(self.srpe28, "28-day effort × min")

    def _build_ratio_chart(self) -> None:
        acwr = self._new_plot(
            3, "acwr", "7-day against 28-day distance: information only", style.RATIO_AXIS
        )
        self.acwr_band = _band((0.8, 1.3), style.USUAL_RATIO)
        acwr.addItem(self.acwr_band, ignoreBounds=True)
        self.acwr = _curve(acwr, "Ratio", style.RATIO)
        self.acwr_sample = pg.BarGraphItem(
            x0=[], height=[], width=1, brush=self.acwr_band.brush, pen=pg.mkPen(None)
        )
        acwr.legend.addItem(self.acwr_sample, "Usual range (0.8-1.3)")

    def _build_program_chart(self) -> None:
        program = self._new_plot(
            4, "program", "Exercises and knee questionnaire", style.ADHERENCE_AXIS
        )
        self.adherence_bars = _bars(style.ADHERENCE)
        program.addItem(self.adherence_bars)
        program.legend.addItem(self.adherence_bars, "Done a week (%)")
        self._add_akps(program)
        quarters = [[(v, str(v)) for v in range(0, 101, 25)]]
        program.setYRange(0, 100, padding=0)
        program.getAxis("left").setTicks(quarters)
        self.akps_box.setYRange(0, 100, padding=0)
        program.getAxis("right").setTicks(quarters)

    def _add_akps(self, program: pg.PlotItem) -> None:
        """The knee questionnaire on the program chart, with the first score and the first plus
        a clinically important change."""
        # The score has its own axis on the right: 0-100 is not a percentage.
        self.akps_box = self._right_axis_box(program, style.AKPS_AXIS)
        line = style.AKPS
        self.akps = pg.PlotDataItem(
            pen=_pen(line),
            symbol=line.symbol,
            symbolSize=line.symbol_size,
            symbolBrush=pg.mkBrush(line.colour.rgba()),
            symbolPen=pg.mkPen(line.colour.rgba()),
        )
        self.akps_box.addItem(self.akps)
        program.legend.addItem(self.akps, "Knee score (right)")
        # The reference lines are explained in the legend, not by labels on the chart, which
        # sat on top of the bars.
        self.mcid_up = pg.InfiniteLine(angle=0, movable=False, pen=_pen(style.AKPS_IMPORTANT_GAIN))
        self.mcid_base = pg.InfiniteLine(angle=0, movable=False, pen=_pen(style.AKPS_FIRST))
        self.akps_box.addItem(self.mcid_up, ignoreBounds=True)
        self.akps_box.addItem(self.mcid_base, ignoreBounds=True)
        self.mcid_samples = (
            pg.PlotDataItem(pen=self.mcid_base.pen),
            pg.PlotDataItem(pen=self.mcid_up.pen),
        )
        program.legend.addItem(self.mcid_samples[0], "First score")
        program.legend.addItem(self.mcid_samples[1], "First + 10 points")

    def _finish_plots(self) -> None:
        """What every chart shares: help tooltips, one date axis, fast pens, the row heights."""
        for key, words in CHART_HELP.items():
            self.titles[key].setToolTip(words)
            self.plots[key].getViewBox().setToolTip(words)
            for _sample, label in self.plots[key].legend.items:
                label.setToolTip(words)
        # Dates under the bottom chart only: the axes are linked, and writing the labels five
        # times over was a third of the redraw time over twenty years.
        for key in ("pain", "distance", "load", "acwr"):
            self.plots[key].getAxis("bottom").setStyle(showValues=False)
            self.plots[key].getAxis("bottom").setHeight(6)
        for item in (self.load7, self.load28, self.srpe7, self.srpe28, self.acwr, self.mean4):
            pen = pg.mkPen(item.opts["pen"])
            fast = pg.mkPen(pen.color(), width=1)
            self._pens[item] = (pen, fast)
        # Y ranges follow the data in view; set by `_fit_y` from the arrays (cheaper and steadier
        # than the view box's own auto-range, which also stops clipping and downsampling).
        for plot in self.plots.values():
            plot.disableAutoRange()
        for row, stretch in enumerate((4, 3, 3, 2, 3)):
            self.canvas.ci.layout.setRowStretchFactor(row, stretch)

    # --- construction: what every chart has ---------------------------------------------

    def _new_plot(self, row: int, key: str, title: str, y_label: str) -> pg.PlotItem:
        # No context menus (they offer FFT, log axes and the like): made disabled, since
        # making each view box's menu and then dropping it costs a few ms per chart at start.
        # Only the axes shown are passed: pyqtgraph shows every axis it is given.
        axes = {"bottom": _LinkedDateAxis(self._date_ticks), "left": pg.AxisItem("left")}
        plot = self.canvas.addPlot(row=row, col=0, axisItems=axes, enableMenu=False)
        for side in ("left", "bottom", "right", "top"):
            # Plain numbers: pain, km, % and ratios never want an SI prefix, and the automatic
            # one rewrites the axis label's HTML on every range change.
            plot.getAxis(side).enableAutoSIPrefix(False)
        plot.setObjectName(key)
        plot.setLabel("left", y_label)
        # No vertical grid: over years it is hundreds of lines per chart and most of the
        # drawing time; the crosshair lines the charts up instead.
        plot.showGrid(x=False, y=True, alpha=0.15)
        plot.setMouseEnabled(x=True, y=False)
        # Big ranges: draw only what is in view, downsampled to the pixels available.
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        plot.hideButtons()
        plot.getAxis("left").setWidth(58)
        # Every chart keeps the right axis's width, so the time axes line up with the load
        # chart's session-RPE axis.
        plot.getAxis("right").setWidth(58)
        plot.layout.setColumnMinimumWidth(2, 58)
        if self.plots:
            plot.setXLink(self.plots["pain"])
        self._add_header(plot, key, title)
        self._add_reading_aids(plot, key)
        self.plots[key] = plot
        return plot

    def _add_header(self, plot: pg.PlotItem, key: str, title: str) -> None:
        """The title and the legend share a header row above the plot, so no legend hides data."""
        header = pg.GraphicsLayout()
        header.setContentsMargins(0, 0, 0, 0)
        self.titles[key] = header.addLabel(f"<b>{title}</b>", size="10pt", justify="left")
        legend = pg.LegendItem(colCount=6, labelTextSize="8pt", frame=False)
        header.addItem(legend)
        header.layout.setColumnStretchFactor(1, 1)
        plot.legend = legend
        plot.layout.removeItem(plot.titleLabel)
        plot.titleLabel.setVisible(False)
        # Across the axis columns too: a header only as wide as the plot area made the load and
        # distance charts (four and five legend entries) wider than the tab at 1280 pixels, and
        # the session-RPE axis was cut off on the right.
        plot.layout.addItem(header, 0, 0, 1, 3)
        plot.layout.setRowFixedHeight(0, 24)

    def _add_reading_aids(self, plot: pg.PlotItem, key: str) -> None:
        """The crosshair, hidden until the mouse is over a chart, and the "nothing yet" note."""
        crosshair = pg.InfiniteLine(angle=90, movable=False, pen=_pen(style.CROSSHAIR))
        crosshair.setVisible(False)
        plot.addItem(crosshair, ignoreBounds=True)
        self.crosshairs.append(crosshair)
        empty = pg.TextItem("", anchor=(0, 0))
        empty.setParentItem(plot.getViewBox())
        empty.setPos(12, 24)
        self.empty_notes[key] = empty

    def _right_axis_box(self, plot: pg.PlotItem, label: str) -> pg.ViewBox:
        """A second y scale on the right of `plot`, sharing its time axis."""
        plot.showAxis("right")
        plot.setLabel("right", label)
        box = pg.ViewBox(enableMenu=False)
        box.setMouseEnabled(x=False, y=False)
        plot.scene().addItem(box)
        plot.getAxis("right").linkToView(box)
        box.setXLink(plot)
        plot.getViewBox().sigResized.connect(partial(self._sync_box, plot, box))
        return box

    @staticmethod
    def _sync_box(plot: pg.PlotItem, box: pg.ViewBox, *_resized: object) -> None:
        # sigResized passes the resized view box: the same as plot.getViewBox().
        main = plot.getViewBox()
        box.setGeometry(main.sceneBoundingRect())
        box.linkedViewChanged(main, box.XAxis)

    def _button(self, preset: RangePreset) -> QPushButton:
        button = self.findChild(QPushButton, f"range_{preset.value}")
        assert button is not None
        return button

    # --- theme ---------------------------------------------------------------------------

    def apply_palette(self) -> None:
        """Canvas, axes and text in the palette's colours (light or dark)."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        foreground = palette.color(QPalette.ColorRole.Text)
        self.canvas.setBackground(background)
        for plot in self.plots.values():
            for name in ("left", "bottom", "right"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(foreground))
                axis.setTextPen(pg.mkPen(foreground))
            if plot.legend is not None:
                plot.legend.setLabelTextColor(foreground)
                for _sample, label in plot.legend.items:
                    label.setText(label.text, color=foreground.name())
        for label in self.titles.values():
            label.setText(label.text, color=foreground.name())
        for note in self.empty_notes.values():
            note.setColor(foreground)
        self.symptoms.setPen(pg.mkPen(foreground))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()
        super().changeEvent(event)

    # --- data ----------------------------------------------------------------------------

    def set_unit(self, unit: DistanceUnit) -> None:
        self.unit = unit
        for key in ("distance", "load"):
            self.plots[key].setLabel("left", style.distance_axis(unit))
        if self.series is not None:
            self._set_distance_data(self.series)

    def _per_unit(self, km: FloatArray) -> FloatArray:
        return km if self.unit is DistanceUnit.KM else km / 1.609344

    def set_series(self, series: TrendSeries) -> None:
        """Show `series`; the plot items stay, only their data change."""
        self.series = series
        has_any = series.has_pain or series.has_distance or series.has_program
        self.stack.setCurrentIndex(1 if has_any else 0)
        self._set_pain_data(series)
        self._set_distance_data(series)
        self._set_ratio_data(series)
        self._set_program_data(series)
        self.set_preset(self.preset)

    def _set_pain_data(self, series: TrendSeries) -> None:
        x = seconds(series.days)
        limit = series.thresholds.acceptable_pain
        self.acceptable.setRegion((0, limit))
        self.acceptable.setToolTip(f"Acceptable zone of the pain-monitoring model: 0-{limit:g}/10")
        self._legend_text("pain", self.band_sample, f"Acceptable (0-{limit:g})")
        clickable_x: list[FloatArray] = []
        clickable_y: list[FloatArray] = []
        clickable_refs: list[EntryRefs] = []
        for item, line, values, refs in (
            (self.pain_during, self.pain_lines[0], series.pain_during, series.pain_during_entry),
            (self.pain_after, self.pain_lines[1], series.pain_after, series.pain_after_entry),
            (self.pain_morning, self.pain_lines[2], series.pain_morning, series.pain_morning_entry),
        ):
            px, py = _finite(x, values)
            item.setData(px, py)
            line.setData(px, py)
            keep = np.flatnonzero(np.isfinite(values))
            clickable_x.append(px)
            clickable_y.append(py)
            clickable_refs.append(refs.take(keep))  # a finite value always has its entry
        marks = series.symptom_marks
        mark_x = seconds(np.asarray([m.day for m in marks], dtype=np.int64))
        mark_y = np.full(len(marks), 10.3)
        self.symptoms.setData(
            mark_x, mark_y, data=[", ".join(self._symptom_names(m.symptoms)) for m in marks]
        )
        clickable_x.append(mark_x)
        clickable_y.append(mark_y)
        clickable_refs.append(EntryRefs.of(m.entry for m in marks))
        self._clickable["pain"] = _Clickable(
            np.concatenate(clickable_x),
            np.concatenate(clickable_y),
            EntryRefs.joined(clickable_refs),
        )
        self.empty_notes["pain"].setText(
            "" if series.has_pain else "No pain scores in this journal yet."
        )

    def _set_ratio_data(self, series: TrendSeries) -> None:
        """The acute:chronic ratio chart, and the effort × minutes on the load chart's right."""
        x = seconds(series.days)
        limits = series.thresholds
        self._legend_text(
            "acwr", self.acwr_sample, f"Usual range ({limits.acwr_low:g}-{limits.acwr_high:g})"
        )
        self.acwr_band.setRegion((limits.acwr_low, limits.acwr_high))
        self.acwr.setData(*_finite(x, series.acwr))
        self.srpe7.setData(x, series.load7_srpe)
        self.srpe28.setData(x, series.load28_srpe)

    def _set_program_data(self, series: TrendSeries) -> None:
        week_x = seconds(series.adherence_weeks) - SECONDS_PER_DAY // 2
        self.adherence_bars.setOpts(
            x0=week_x + SECONDS_PER_DAY * 0.5,
            # Within the plot: a week can count more than 100% when extra sessions were logged.
            height=np.clip(np.nan_to_num(series.adherence_pct), 0, 100),
            width=SECONDS_PER_DAY * 6,
        )
        akps_x = seconds(series.akps_days)
        self.akps.setData(akps_x, series.akps_scores)
        baseline = series.akps_baseline
        for line, offset in ((self.mcid_base, 0), (self.mcid_up, series.mcid)):
            line.setVisible(baseline is not None)
            if baseline is not None:
                line.setValue(min(baseline + offset, 100))
        self.empty_notes["program"].setText(
            ""
            if series.has_program
            else "No exercise program or knee questionnaire yet: add your physical "
            "therapist's exercises and fill in the AKPS (Log menu) to see them here."
        )

    def _set_distance_data(self, series: TrendSeries) -> None:
        week_x = seconds(series.weeks) - SECONDS_PER_DAY // 2
        gap = SECONDS_PER_DAY * 0.5
        bar = SECONDS_PER_DAY * 6
        running = self._per_unit(series.week_running_km)
        cross = self._per_unit(series.week_cross_km)
        # Stacked, in another colour: cross-training never stands beside running as if alike.
        self.running_bars.setOpts(x0=week_x + gap, height=running, width=bar)
        self.cross_bars.setOpts(x0=week_x + gap, y0=running, height=cross, width=bar)
        mid = week_x + SECONDS_PER_DAY * 3.5
        self.mean4.setData(*_finite(mid, self._per_unit(series.week_running_mean4)))
        flagged = series.week_l2
        tops = (running + cross)[flagged]
        self.l2_marks.setData(mid[flagged], tops + self._per_unit(np.full(len(tops), 1.5)))
        spike_x = seconds(series.spike_days)
        spike_y = self._per_unit(series.spike_km)
        self.spike_marks.setData(spike_x, spike_y)
        self._clickable["distance"] = _Clickable(
            spike_x, spike_y, EntryRefs.of(series.spike_entries)
        )
        self.empty_notes["distance"].setText(
            "" if series.has_distance else f"No distance logged yet ({self.unit.value})."
        )
        x = seconds(series.days)
        self.load7.setData(x, self._per_unit(series.load7_km))
        self.load28.setData(x, self._per_unit(series.load28_km))

    def _legend_text(self, key: str, sample: pg.GraphicsObject, text: str) -> None:
        legend = self.plots[key].legend
        for item, label in legend.items:
            if item.item is sample and label.text != text:
                label.setText(text, color=self.palette().color(QPalette.ColorRole.Text).name())

    @staticmethod
    def _symptom_names(codes: Sequence[str]) -> list[str]:
        labels = {symptom.value: label for symptom, label in SYMPTOM_LABELS.items()}
        return [labels.get(code, code) for code in codes]

    # --- range ---------------------------------------------------------------------------

    def set_preset(self, preset: RangePreset, user: bool = False) -> None:
        """Show the last N days up to the series' last day, or everything."""
        self.preset = preset
        self._button(preset).setChecked(True)
        if self.series is not None:
            low, high = self.preset_range(preset)
            self.plots["pain"].setXRange(low, high, padding=0)
        if user:
            self.range_changed.emit(preset.value)

    def preset_range(self, preset: RangePreset) -> tuple[float, float]:
        """The x range (Unix seconds) a preset shows for the current series."""
        assert self.series is not None
        last = self.series.last.toordinal() + 1
        first = self.series.first.toordinal()
        if preset.days is not None:
            first = last - preset.days
        edges = seconds(np.asarray([first, last], dtype=np.int64)) - SECONDS_PER_DAY // 2
        return float(edges[0]), float(edges[1])

    def _fit_y(self) -> None:
        series = self.series
        if series is None:
            return
        low, high = self.x_range()
        days = seconds(series.days)
        lo, hi = np.searchsorted(days, [low, high])
        weeks = seconds(series.weeks) + SECONDS_PER_DAY * 3
        wlo, whi = np.searchsorted(weeks, [low, high])

        def top(*arrays: FloatArray) -> float:
            finite = [a[np.isfinite(a)] for a in arrays if len(a)]
            values = [float(a.max()) for a in finite if len(a)]
            return max(values, default=0.0)

        per = self._per_unit
        distance = top(per(series.week_running_km[wlo:whi] + series.week_cross_km[wlo:whi]))
        self.plots["distance"].setYRange(0, max(distance, 1.0) * 1.15, padding=0)
        load = top(per(series.load7_km[lo:hi]), per(series.load28_km[lo:hi]))
        self.plots["load"].setYRange(0, max(load, 1.0) * 1.08, padding=0)
        srpe = top(series.load7_srpe[lo:hi], series.load28_srpe[lo:hi])
        self.srpe_box.setYRange(0, max(srpe, 1.0) * 1.08, padding=0)
        acwr = top(series.acwr[lo:hi])
        self.plots["acwr"].setYRange(0, max(acwr, series.thresholds.acwr_high) * 1.1, padding=0)

    def _range_moved(self) -> None:
        """Fit the y ranges; join daily pain by lines up to about half a year, beyond, markers only.

        Over years the lines are a solid zigzag that hides the markers and costs most of the
        drawing time; the markers alone still show every flare-up.
        """
        self._fit_y()
        low, high = self.x_range()
        detailed = (high - low) / SECONDS_PER_DAY <= PAIN_LINES_MAX_DAYS
        if detailed == self._detailed:
            return
        self._detailed = detailed
        for line in self.pain_lines:
            line.setVisible(detailed)
        # Antialiasing long, dense curves is most of their drawing time and adds nothing
        # visible when several days share a pixel.
        for item in (*self.pain_lines, self.load7, self.load28, self.srpe7, self.srpe28, self.acwr):
            item.curve.opts["antialias"] = detailed
            item.curve.update()
        # Dashes on a curve with a point per pixel cannot be seen and are drawn point by point;
        # solid, they take Qt's fast line path.
        # Thin solid pens take Qt's fast path for one-pixel lines.
        for item, (pen, fast) in self._pens.items():
            item.setPen(pen if detailed else fast)

    def x_range(self) -> tuple[float, float]:
        low, high = self.plots["pain"].getViewBox().viewRange()[0]
        return float(low), float(high)

    # --- crosshair and clicks ------------------------------------------------------------

    def day_summary(self, day: dt.date) -> str:
        """The day's values as one line of text (the crosshair's tooltip)."""
        series = self.series
        if series is None or (index := series.day_index(day)) is None:
            return ""

        def score(values: FloatArray) -> str:
            value = values[index]
            return "–" if math.isnan(value) else f"{value:g}"

        unit = self.unit
        parts = [
            long_date(day),
            f"pain during {score(series.pain_during)}, after {score(series.pain_after)}, "
            f"next morning {score(series.pain_morning)}",
            f"last 7 days {distance_km(float(series.load7_km[index]), unit)}, "
            f"28 days {distance_km(float(series.load28_km[index]), unit)}",
            f"effort × minutes, 7 days: {series.load7_srpe[index]:.0f}",
        ]
        if not math.isnan(series.acwr[index]):
            parts.append(f"7-day to 28-day distance ratio {series.acwr[index]:.2f} (information)")
        marked = [m for m in series.symptom_marks if m.day == day.toordinal()]
        if marked:
            parts.append("symptoms: " + ", ".join(self._symptom_names(marked[0].symptoms)))
        return " · ".join(parts)

    def _plot_at(self, scene_pos: QPointF) -> tuple[str, pg.PlotItem] | None:
        for key, plot in self.plots.items():
            if plot.getViewBox().sceneBoundingRect().contains(scene_pos):
                return key, plot
        return None

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        found = self._plot_at(scene_pos)
        if found is None or self.series is None:
            for line in self.crosshairs:
                line.setVisible(False)
            return
        _key, plot = found
        x = plot.getViewBox().mapSceneToView(scene_pos).x()
        day = day_of(x)
        middle = float(seconds(np.asarray([day.toordinal()], dtype=np.int64))[0])
        for line in self.crosshairs:
            line.setPos(middle)
            line.setVisible(True)
        text = self.day_summary(day)
        self.readout.setText(text)
        view = self.canvas
        global_pos = view.mapToGlobal(view.mapFromScene(scene_pos))
        QToolTip.showText(global_pos, text.replace(" · ", "\n"), view)

    def entry_near(self, key: str, scene_pos: QPointF) -> EntryRef | None:
        """The entry whose point on chart `key` is within a few pixels of `scene_pos`."""
        points = self._clickable.get(key)
        if points is None or not len(points.x):
            return None
        box = self.plots[key].getViewBox()
        target = box.mapSceneToView(scene_pos)
        (x_per_px, y_per_px) = box.viewPixelSize()
        dx = (points.x - target.x()) / x_per_px
        dy = (points.y - target.y()) / y_per_px
        distance = np.hypot(dx, dy)
        best = int(np.argmin(distance))
        return points.entries[best] if distance[best] <= CLICK_RADIUS_PX else None

    def _mouse_clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        found = self._plot_at(scene_pos)
        if found is None:
            return
        entry = self.entry_near(found[0], scene_pos)
        if entry is not None:
            self.entry_activated.emit(entry.kind, entry.id)

    # --- export --------------------------------------------------------------------------

    def image_bytes(self, suffix: str) -> bytes:
        """The charts as shown, encoded as a raster image of the format `suffix` names."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.canvas.grab().save(buffer, suffix.lstrip(".").upper()):
            raise OutputError(f"the charts could not be drawn as {suffix}")
        return bytes(buffer.data().data())

    def svg_bytes(self) -> bytes:
        """The charts as shown as an SVG drawing (vector lines and text)."""
        size = self.canvas.size()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle("KneeLog trends")
        painter = QPainter(generator)
        try:
            self.canvas.render(painter)
        finally:
            painter.end()
        return bytes(buffer.data().data())
