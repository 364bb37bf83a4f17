"""The charts' one style, on screen and on paper: palette by role, pens, marks, date ticks, words.

The Trends tab (pyqtgraph) and the printed report (QPainter) both draw from here, so a series
has one colour, one line style and one name wherever it is shown. This module imports no
pyqtgraph: the report does not load it.

Colours are Okabe-Ito (told apart with colour-blindness) and every series also differs by line
style or mark, so a greyscale print stays readable. Where paper needs another colour than the
screen (pale bars under the pain lines, black marks on white) the role is named `..._PAPER` and
its note says why; the hatch, label patch and mark edge are drawn on paper only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kneelog.core import DistanceUnit, axis_date, month_name


@dataclass(frozen=True)
class Colour:
    """A colour as "#rrggbb" with an alpha from 0 (clear) to 255 (opaque)."""

    hex: str
    alpha: int = 255

    def rgba(self) -> tuple[int, int, int, int]:
        """As pyqtgraph's mkPen and mkBrush take it."""
        return (int(self.hex[1:3], 16), int(self.hex[3:5], 16), int(self.hex[5:7], 16), self.alpha)

    def qcolor(self) -> QColor:
        return QColor(*self.rgba())

    def with_alpha(self, alpha: int) -> Colour:
        return replace(self, alpha=alpha)


# --- palette -------------------------------------------------------------------------------

# Okabe-Ito.
ORANGE = Colour("#E69F00")
SKY_BLUE = Colour("#56B4E9")
GREEN = Colour("#009E73")
BLUE = Colour("#0072B2")
VERMILLION = Colour("#D55E00")
PURPLE = Colour("#CC79A7")
GREY = Colour("#999999")
# The paper's own: pale fills under black text and lines, and a red that prints dark enough.
BLACK = Colour("#000000")
WHITE = Colour("#ffffff")
PALE_GREY = Colour("#c9ced6")
PALE_GREEN = Colour("#8fcfb8")
SLATE = Colour("#7f8791")
STEEL = Colour("#7f8c8d")
RED = Colour("#c0392b")


@dataclass(frozen=True)
class Line:
    """A plotted series: colour, line style, and the mark at each point.

    `width` and `symbol_size` are screen pixels; paper widths are the `*_PT` sizes below.
    `symbol` is a pyqtgraph symbol name ("o" circle, "t" triangle, "s" square, "d" diamond).
    """

    colour: Colour
    style: Qt.PenStyle = Qt.PenStyle.SolidLine
    width: float = 2.0
    symbol: str | None = None
    symbol_size: int = 7


@dataclass(frozen=True)
class Mark:
    """Scattered marks without a line (a flagged week, a warning symptom)."""

    colour: Colour
    symbol: str
    size: int = 11


# Knee pain: one colour and one line style per time of scoring, on screen and on paper.
PAIN_DURING = Line(VERMILLION, Qt.PenStyle.SolidLine, symbol="o")
PAIN_AFTER = Line(PURPLE, Qt.PenStyle.DashLine, symbol="t")
PAIN_MORNING = Line(BLUE, Qt.PenStyle.DotLine, symbol="s")
ACCEPTABLE_PAIN = GREEN.with_alpha(40)
"""The band of pain the pain-monitoring model accepts (screen)."""
ACCEPTABLE_PAIN_PAPER = Line(STEEL, Qt.PenStyle.DashLine)
"""The same limit on paper: a line, as a band would tint the distance bars behind it."""
SYMPTOM = Mark(VERMILLION, "star", 13)
RED_FLAG = RED
"""A red-flag symptom on paper (filled), and the report's text about one."""
OTHER_SYMPTOM_PAPER = ORANGE
"""Another warning symptom on paper (hollow)."""

# Distance and load.
RUNNING = BLUE
RUNNING_PAPER = PALE_GREY
"""Paper draws the pain lines over the running bars: pale, so the lines stay readable."""
CROSS_TRAINING = GREEN
RUNNING_MEAN = Line(ORANGE, width=2.5)
WEEK_UP = Mark(VERMILLION, "t", 11)
LONG_RUN = Mark(PURPLE, "star", 13)
LOAD_7_DAYS = Line(BLUE)
LOAD_28_DAYS = Line(SKY_BLUE, Qt.PenStyle.DashLine)
EFFORT_7_DAYS = Line(VERMILLION, width=1.5)
EFFORT_28_DAYS = Line(PURPLE, Qt.PenStyle.DashLine, width=1.5)
RATIO = Line(BLUE, width=1.5)
USUAL_RATIO = Colour("#808080", 35)

# Home exercises and the knee questionnaire.
ADHERENCE = SKY_BLUE.with_alpha(150)
ADHERENCE_PAPER = PALE_GREEN
"""Paper writes each week's percentage in black on its bar: a pale, opaque fill."""
AKPS = Line(VERMILLION, symbol="d", symbol_size=10)
AKPS_PAPER = BLACK
"""Black diamonds with a white edge: the strongest mark on white paper, in any print."""
AKPS_IMPORTANT_GAIN = Line(GREEN, Qt.PenStyle.DashLine, width=1.5)
AKPS_FIRST = Line(GREY, Qt.PenStyle.DotLine, width=1.0)
PARTIAL_WEEK_HATCH = SLATE
LABEL_PATCH = WHITE.with_alpha(215)
"""Behind small text on paper, so it reads over bars and lines."""
MARK_EDGE = WHITE

# Reading aids on screen.
CROSSHAIR = Line(GREY, width=1.0)

# --- widths on paper, in points -----------------------------------------------------------

PAIN_LINE_PT = 0.9
PAIN_DOT_PT = 1.4
THRESHOLD_PT = 0.6
AXIS_PT = 0.6
GRID_PT = 0.3
TICK_PT = 0.4
AKPS_LINE_PT = 0.5
AKPS_SIZE_PT = 3.0
SYMPTOM_SIZE_PT = 2.6

# --- words ---------------------------------------------------------------------------------

PAIN_AXIS = "pain"
PAIN_AXIS_PAPER = "pain (0-10)"
EFFORT_AXIS = "effort × min"
ADHERENCE_AXIS = "% done"
ADHERENCE_AXIS_PAPER = "adherence (%)"
AKPS_AXIS = "AKPS score"
AKPS_AXIS_PAPER = "AKPS (0-100)"
RATIO_AXIS = "ratio"


def distance_axis(unit: DistanceUnit) -> str:
    """The distance axis on screen: the unit alone ("km", "mi")."""
    return unit.value


def weekly_distance_axis(unit: DistanceUnit) -> str:
    """The weekly distance axis on paper: "distance (km/week)"."""
    return f"distance ({unit.value}/week)"


# --- date ticks ----------------------------------------------------------------------------


class TickUnit(Enum):
    """What one step between date ticks counts, finest first."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


_STEPS = {
    TickUnit.DAY: (1, 2, 3),
    TickUnit.WEEK: (1, 2),
    TickUnit.MONTH: (1, 2, 3, 6),
}
DAY_LABELS_MAX_DAYS = 366
"""Day and week ticks ("4 Dec") only within a year: beyond, a label would come round again."""


def date_label(day: dt.date, unit: TickUnit) -> str:
    """One date style at every zoom: "4 Dec" for days and weeks, "Dec 2026" for months, "2026"
    for years."""
    if unit is TickUnit.YEAR:
        return str(day.year)
    if unit is TickUnit.MONTH:
        return f"{month_name(day)} {day.year}"
    return axis_date(day)


def unit_of_spacing(spacing_days: float) -> TickUnit:
    """The label style for ticks this many days apart (pyqtgraph places the screen's ticks)."""
    if spacing_days >= 360:
        return TickUnit.YEAR
    if spacing_days >= 28:
        return TickUnit.MONTH
    return TickUnit.DAY


@dataclass(frozen=True)
class DateTicks:
    """Labelled date ticks: each tick is the first day its label names."""

    unit: TickUnit
    step: int
    days: tuple[dt.date, ...]

    @property
    def labels(self) -> list[str]:
        return [date_label(day, self.unit) for day in self.days]


def _tick_days(
    first: dt.date, last: dt.date, unit: TickUnit, step: int, week_start: int
) -> list[dt.date]:
    """Every step-th day, week start, first of a month or 1 January in first..last, on a fixed
    grid (a tick stays on its day when the span moves)."""
    if unit is TickUnit.DAY or unit is TickUnit.WEEK:
        every = step * (7 if unit is TickUnit.WEEK else 1)
        # Ordinal 1 (1 January of year 1) was a Monday; `week_start` days later, a week starts.
        offset = 1 + (week_start if unit is TickUnit.WEEK else 0)
        start = first.toordinal() + (offset - first.toordinal()) % every
        return [dt.date.fromordinal(o) for o in range(start, last.toordinal() + 1, every)]
    if unit is TickUnit.MONTH:
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        days = [dt.date(m // 12, m % 12 + 1, 1) for m in months if m % step == 0]
    else:
        days = [dt.date(y, 1, 1) for y in range(first.year, last.year + 1) if y % step == 0]
    return [day for day in days if day >= first]


def _ladder(finest: TickUnit, span_days: int) -> list[tuple[TickUnit, int]]:
    units = list(TickUnit)[list(TickUnit).index(finest) :]
    ladder: list[tuple[TickUnit, int]] = [
        (unit, step)
        for unit in units
        if unit is not TickUnit.YEAR
        and (unit is TickUnit.MONTH or span_days <= DAY_LABELS_MAX_DAYS)
        for step in _STEPS[unit]
    ]
    return ladder


def date_ticks(
    first: dt.date,
    last: dt.date,
    max_labels: int | Callable[[TickUnit], int],
    finest: TickUnit = TickUnit.DAY,
    week_start: int = 0,
) -> DateTicks:
    """The finest ticks from `finest` up (days, weeks, months, years) that give at most
    `max_labels` labels in first..last (a number, or one per unit as label widths differ).

    Weeks start on `week_start` (0 Monday to 6 Sunday). Never empty: when no tick day falls in
    the span (two days between week starts), the first day.
    """
    if last < first:
        raise ValueError(f"date ticks: {last} is before {first}")

    def room(unit: TickUnit) -> int:
        return max(1, max_labels(unit) if callable(max_labels) else max_labels)

    span = last.toordinal() - first.toordinal() + 1
    for unit, step in _ladder(finest, span):
        days = _tick_days(first, last, unit, step, week_start)
        if len(days) <= room(unit):
            return DateTicks(unit, step, tuple(days) or (first,))
    years = last.year - first.year + 1
    raw = years / room(TickUnit.YEAR)
    step = 1
    # 1, 2, 5, 10, 20, 50, ... years.
    while step < raw:
        power = 10 ** math.floor(math.log10(step))
        step = next((f * power for f in (1, 2, 5, 10) if f * power > step), 10 * power)
    days = _tick_days(first, last, TickUnit.YEAR, step, week_start)
    while len(days) > room(TickUnit.YEAR):
        step *= 2
        days = _tick_days(first, last, TickUnit.YEAR, step, week_start)
    return DateTicks(TickUnit.YEAR, step, tuple(days) or (first,))
