"""The report's charts, drawn with QPainter as vector paths from the core trend series.

Pain against weekly distance, and exercise adherence with the Kujala AKPS, sharp at any print
resolution; the numbers are the same ones the Trends view plots.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from kneelog.core import RED_FLAG_SYMPTOMS, TrendSeries
from kneelog.services import MIN_WEEK_DAYS, ReportData, ReportWeek
from kneelog.ui import chart_style as style
from kneelog.ui.chart_style import TickUnit
from kneelog.ui.report_layout import (
    INK,
    MUTED,
    RULE,
    WEEKLY_PAIN_AFTER_DAYS,
    ReportLayout,
)

RUN_BAR = style.RUNNING_PAPER.qcolor()
ADHERENCE_BAR = style.ADHERENCE_PAPER.qcolor()
AKPS_MARK = style.AKPS_PAPER.qcolor()
RED_FLAG = style.RED_FLAG.qcolor()
OTHER_SYMPTOM = style.OTHER_SYMPTOM_PAPER.qcolor()
PARTIAL_HATCH = style.PARTIAL_WEEK_HATCH.qcolor()
PAIN_SERIES = (
    ("next morning", "pain_morning", style.PAIN_MORNING),
    ("after runs", "pain_after", style.PAIN_AFTER),
    ("during runs", "pain_during", style.PAIN_DURING),
)
"""Drawn in this order (during runs on top); the legend lists them the other way round."""
TICK_SAMPLES = {
    TickUnit.DAY: "30 Sep ",
    TickUnit.WEEK: "30 Sep ",
    TickUnit.MONTH: "Sep 2026 ",
    TickUnit.YEAR: "2026 ",
}
"""The widest label of each tick unit, with a space: how much room a label takes."""

Swatch = Callable[[QPainter, QRectF], None]

# --- charts ----------------------------------------------------------------------------


@dataclass
class _Axes:
    """Maps days and values into a plot rectangle."""

    plot: QRectF
    first: int
    last: int
    low: float
    high: float

    def x(self, ordinal: float) -> float:
        span = max(1, self.last + 1 - self.first)
        return self.plot.left() + (ordinal - self.first) / span * self.plot.width()

    def y(self, value: float, low: float | None = None, high: float | None = None) -> float:
        lo = self.low if low is None else low
        hi = self.high if high is None else high
        return self.plot.bottom() - (value - lo) / (hi - lo) * self.plot.height()


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _date_ticks(p: QPainter, axes: _Axes, trends: TrendSeries, layout: ReportLayout) -> None:
    """Date labels in the chart style, as many as fit without colliding: week starts while they
    fit (the bars are weeks), then months, then years. While the labels are days or weeks every
    week start has a tick mark, so the marks line up with the bars."""
    font = layout.fonts.small
    metrics = layout.fonts.metrics(font)
    p.setFont(font)

    def room(unit: TickUnit) -> int:
        return int(axes.plot.width() // (metrics.horizontalAdvance(TICK_SAMPLES[unit]) * 1.15))

    first, last = trends.first.toordinal(), trends.last.toordinal()
    ticks = style.date_ticks(
        trends.first, trends.last, room, finest=TickUnit.WEEK, week_start=trends.week_start
    )
    marks = {day.toordinal() for day in ticks.days}
    if ticks.unit in (TickUnit.DAY, TickUnit.WEEK):
        marks.update(int(w) for w in trends.weeks if first <= w <= last)
    p.setPen(QPen(RULE, style.TICK_PT * layout.pt))
    for ordinal in sorted(marks):
        x = axes.x(ordinal)
        p.drawLine(QLineF(x, axes.plot.bottom(), x, axes.plot.bottom() + 2 * layout.pt))
    p.setPen(MUTED)
    baseline = axes.plot.bottom() + 2 * layout.pt + metrics.ascent()
    for day, text in zip(ticks.days, ticks.labels, strict=True):
        x = axes.x(day.toordinal())
        p.drawText(QPointF(x - metrics.horizontalAdvance(text) / 2, baseline), text)


def _x_axis(p: QPainter, axes: _Axes, trends: TrendSeries, layout: ReportLayout) -> None:
    """The time axis under a chart: its line and the date ticks."""
    plot = axes.plot
    p.setPen(QPen(MUTED, style.AXIS_PT * layout.pt))
    p.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
    _date_ticks(p, axes, trends, layout)


def _legend(
    p: QPainter,
    x: float,
    y: float,
    items: Sequence[tuple[str, Callable[[QPainter, QRectF], None]]],
    layout: ReportLayout,
) -> None:
    font = layout.fonts.small
    metrics = layout.fonts.metrics(font)
    p.setFont(font)
    swatch = 12 * layout.pt
    for label, draw in items:
        box = QRectF(x, y + metrics.ascent() / 2 - 2.5 * layout.pt, swatch, 5 * layout.pt)
        draw(p, box)
        p.setPen(INK)
        p.drawText(QPointF(x + swatch + 2.5 * layout.pt, y + metrics.ascent()), label)
        x += swatch + 2.5 * layout.pt + metrics.horizontalAdvance(label) + 9 * layout.pt


def _frame(
    p: QPainter, rect: QRectF, title: str, layout: ReportLayout, right_label: str, left_label: str
) -> QRectF:
    """Title, room for the legend, and the plot rectangle with the axis names written up the
    sides (rotated text stays text in the PDF)."""
    fonts = layout.fonts
    pt = layout.pt
    small = fonts.metrics(fonts.small)
    p.setFont(fonts.subheading)
    p.setPen(INK)
    p.drawText(QPointF(rect.left(), rect.top() + fonts.metrics(fonts.subheading).ascent()), title)
    # title, legend line, then room for the symptom markers above the plot
    top = rect.top() + fonts.line_height(fonts.subheading) + small.lineSpacing() + 10 * pt
    side = small.lineSpacing() + 2 * pt
    left_pad = side + small.horizontalAdvance("100") + 4 * pt
    right_pad = side + small.horizontalAdvance("100") + 4 * pt
    plot = QRectF(
        rect.left() + left_pad,
        top,
        rect.width() - left_pad - right_pad,
        rect.bottom() - top - small.lineSpacing() - 4 * pt,
    )
    p.setFont(fonts.small)
    p.setPen(MUTED)
    middle = plot.center().y()
    p.save()
    p.translate(rect.left() + small.ascent(), middle + small.horizontalAdvance(left_label) / 2)
    p.rotate(-90)
    p.drawText(QPointF(0, 0), left_label)
    p.restore()
    p.save()
    p.translate(rect.right() - small.ascent(), middle - small.horizontalAdvance(right_label) / 2)
    p.rotate(90)
    p.drawText(QPointF(0, 0), right_label)
    p.restore()
    return plot


def _grid(
    p: QPainter,
    plot: QRectF,
    axes: _Axes,
    values: Iterable[int],
    layout: ReportLayout,
    *,
    right_labels: bool = False,
) -> None:
    """Horizontal grid lines at `values` (solid at 0, dotted above), labelled on the left, and
    on the right too when both axes share the scale."""
    pt = layout.pt
    small = layout.fonts.metrics(layout.fonts.small)
    p.setFont(layout.fonts.small)
    for value in values:
        y = axes.y(value)
        p.setPen(
            QPen(
                RULE,
                style.GRID_PT * pt,
                Qt.PenStyle.SolidLine if value == 0 else Qt.PenStyle.DotLine,
            )
        )
        p.drawLine(QLineF(plot.left(), y, plot.right(), y))
        p.setPen(MUTED)
        label = str(value)
        baseline = y + small.ascent() / 2.6
        p.drawText(QPointF(plot.left() - 3 * pt - small.horizontalAdvance(label), baseline), label)
        if right_labels:
            p.drawText(QPointF(plot.right() + 3 * pt, baseline), label)


def _label(
    p: QPainter, layout: ReportLayout, x: float, y: float, text: str, *, right: bool = False
) -> None:
    """Small text on a white patch, so it stays readable over bars and lines."""
    metrics = layout.fonts.metrics(layout.fonts.small)
    width = metrics.horizontalAdvance(text)
    left = x - width if right else x
    patch = QRectF(
        left - 1 * layout.pt, y - metrics.ascent(), width + 2 * layout.pt, metrics.height()
    )
    p.fillRect(patch, style.LABEL_PATCH.qcolor())
    p.setFont(layout.fonts.small)
    p.drawText(QPointF(left, y), text)


def _series_path(axes: _Axes, days: np.ndarray, values: np.ndarray, max_gap: float) -> QPainterPath:
    """A line through the finite points, broken where more than `max_gap` days have none."""
    path = QPainterPath()
    previous: float | None = None
    for day, value in zip(days, values, strict=True):
        if not np.isfinite(value):
            continue
        point = QPointF(axes.x(float(day)), axes.y(float(value)))
        if previous is None or day - previous > max_gap:
            path.moveTo(point)
        else:
            path.lineTo(point)
        previous = float(day)
    return path


def weekly_means(trends: TrendSeries, daily: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each calendar week's mean of the daily values in the period, at the week's middle day."""
    first, last = trends.first.toordinal(), trends.last.toordinal()
    centres, means = [], []
    for week in trends.weeks:
        lo, hi = max(int(week), first), min(int(week) + 6, last)
        chunk = daily[lo - first : hi - first + 1]
        finite = chunk[np.isfinite(chunk)]
        centres.append((lo + hi + 1) / 2)
        means.append(float(finite.mean()) if len(finite) else math.nan)
    return np.asarray(centres), np.asarray(means)


def draw_charts(layout: ReportLayout) -> None:
    """The two charts, or for each one with nothing to draw one line saying why."""
    data = layout.data
    trends = data.trends
    if trends.has_pain or any(w.running_km > 0 for w in data.weeks):
        layout.chart(74, lambda p, r: draw_pain_chart(p, r, data, layout))
    else:
        layout.text(
            "Knee pain and weekly distance: no chart, as no pain score and no run with a "
            "distance was logged in this period.",
            layout.fonts.body,
            colour=MUTED,
            space_before=4,
        )
    if has_adherence_chart(data):
        layout.chart(50, lambda p, r: draw_adherence_chart(p, r, data, layout))
    else:
        layout.text(
            "Home-exercise adherence and Kujala AKPS: no chart, as no exercise program was "
            "prescribed and no AKPS score was recorded in this period.",
            layout.fonts.body,
            colour=MUTED,
            space_before=4,
        )


def has_adherence_chart(data: ReportData) -> bool:
    return any(w.adherence_pct is not None for w in data.weeks) or bool(
        len(data.trends.akps_scores)
    )


def _hatch(p: QPainter, box: QRectF, fill: QColor, layout: ReportLayout) -> None:
    """A partial week's bar: a lighter fill with diagonal lines, so it reads as incomplete."""
    lighter = QColor(fill)
    lighter.setAlpha(110)
    p.fillRect(box, lighter)
    brush = QBrush(PARTIAL_HATCH, Qt.BrushStyle.BDiagPattern)
    # The pattern's spacing is in device pixels: scale it so it looks the same at any resolution.
    brush.setTransform(QTransform.fromScale(layout.pt * 0.9, layout.pt * 0.9))
    p.fillRect(box, brush)


def _week_span(axes: _Axes, week: ReportWeek, pt: float) -> tuple[float, float, float]:
    left = axes.x(week.first.toordinal())
    right = axes.x(week.last.toordinal() + 1)
    inset = min(1.2 * pt, (right - left) * 0.1)
    return left + inset, right - inset, right - left


def _partial_label(
    p: QPainter, layout: ReportLayout, week: ReportWeek, left: float, right: float, y: float
) -> None:
    """ "3 days" over a partial week when it fits, "3 d" when only that does."""
    metrics = layout.fonts.metrics(layout.fonts.small)
    for text in (f"{week.days} days", f"{week.days} d"):
        width = metrics.horizontalAdvance(text)
        if width <= right - left + 2 * layout.pt:
            p.setPen(MUTED)
            p.setFont(layout.fonts.small)
            p.drawText(QPointF((left + right - width) / 2, y), text)
            return


# --- legend swatches ---------------------------------------------------------------------


def _line_swatch(line: style.Line, pt: float) -> Swatch:
    colour = line.colour.qcolor()

    def draw(q: QPainter, box: QRectF) -> None:
        q.setPen(QPen(colour, 1.0 * pt, line.style))
        q.drawLine(QLineF(box.left(), box.center().y(), box.right(), box.center().y()))
        q.setPen(Qt.PenStyle.NoPen)
        q.setBrush(colour)
        q.drawEllipse(box.center(), 1.6 * pt, 1.6 * pt)
        q.setBrush(Qt.BrushStyle.NoBrush)

    return draw


def _fill_swatch(colour: QColor) -> Swatch:
    def draw(q: QPainter, box: QRectF) -> None:
        q.fillRect(box, colour)

    return draw


def _hatch_swatch(colour: QColor, layout: ReportLayout) -> Swatch:
    def draw(q: QPainter, box: QRectF) -> None:
        _hatch(q, box, colour, layout)

    return draw


def _diamond(centre: QPointF, size: float) -> QPolygonF:
    x, y = centre.x(), centre.y()
    return QPolygonF(
        [QPointF(x, y - size), QPointF(x + size, y), QPointF(x, y + size), QPointF(x - size, y)]
    )


def _flag_swatch(pt: float) -> Swatch:
    def draw(q: QPainter, box: QRectF) -> None:
        c = box.center()
        size = 2.4 * pt
        q.setPen(QPen(RED_FLAG, style.THRESHOLD_PT * pt))
        q.setBrush(RED_FLAG)
        q.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() + size),
                    QPointF(c.x() - size, c.y() - size),
                    QPointF(c.x() + size, c.y() - size),
                ]
            )
        )
        q.setBrush(Qt.BrushStyle.NoBrush)

    return draw


def _diamond_swatch(pt: float) -> Swatch:
    def draw(q: QPainter, box: QRectF) -> None:
        q.setPen(Qt.PenStyle.NoPen)
        q.setBrush(AKPS_MARK)
        q.drawPolygon(_diamond(box.center(), 2.6 * pt))
        q.setBrush(Qt.BrushStyle.NoBrush)

    return draw


# --- the pain and distance chart ---------------------------------------------------------


def draw_pain_chart(p: QPainter, rect: QRectF, data: ReportData, layout: ReportLayout) -> None:
    """Daily knee pain (0-10, left axis) over weekly running distance (bars, right axis)."""
    trends = data.trends
    weekly = len(trends.days) > WEEKLY_PAIN_AFTER_DAYS
    title = (
        "Knee pain (weekly means) and weekly distance"
        if weekly
        else "Knee pain and weekly distance"
    )
    plot = _frame(
        p, rect, title, layout, style.weekly_distance_axis(data.unit), style.PAIN_AXIS_PAPER
    )
    axes = _Axes(plot, trends.first.toordinal(), trends.last.toordinal(), 0.0, 10.0)
    to_unit = data.unit.from_metres
    running = [to_unit(w.running_km * 1000) for w in data.weeks]
    _grid(p, plot, axes, range(0, 11, 2), layout)
    km_top = _distance_scale(p, axes, running, layout)
    any_partial = _distance_bars(p, axes, data.weeks, running, km_top, layout)
    _acceptable_line(p, axes, trends.thresholds.acceptable_pain, layout)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    present = _pain_lines(p, axes, trends, weekly, layout)
    _symptom_marks(p, axes, trends, layout)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    _x_axis(p, axes, trends, layout)

    _pain_legend(p, rect, data, present, any_partial, layout)
    if not present:
        # At the top of the plot, on a white patch: the bars stay visible below it.
        text = "No pain scores were logged in this period"
        width = layout.fonts.metrics(layout.fonts.small).horizontalAdvance(text)
        p.setPen(MUTED)
        _label(p, layout, plot.center().x() - width / 2, axes.y(9.2), text)


def _pain_legend(
    p: QPainter,
    rect: QRectF,
    data: ReportData,
    present: list[tuple[str, style.Line]],
    any_partial: bool,
    layout: ReportLayout,
) -> None:
    """What the pain chart shows, in the order drawn, only what is there."""
    pt = layout.pt
    items = [(name, _line_swatch(line, pt)) for name, line in reversed(present)]
    if any(w.running_km > 0 for w in data.weeks):
        items.append((f"running {data.unit.value} per week", _fill_swatch(RUN_BAR)))
    if any_partial:
        items.append(("partial week", _hatch_swatch(RUN_BAR, layout)))
    if data.trends.symptom_marks:
        items.append(("red flag (hollow: another warning symptom)", _flag_swatch(pt)))
    _legend(p, rect.left(), _legend_top(rect, layout), items, layout)


def _legend_top(rect: QRectF, layout: ReportLayout) -> float:
    return rect.top() + layout.fonts.line_height(layout.fonts.subheading) + 1 * layout.pt


def _distance_scale(p: QPainter, axes: _Axes, running: list[float], layout: ReportLayout) -> float:
    """The distance labels on the right axis; returns the scale's top (a round number)."""
    top = float(max(max(running, default=0.0), 1.0))
    step = _nice_step(top)
    km_top = step * math.ceil(top / step)
    small = layout.fonts.metrics(layout.fonts.small)
    p.setPen(MUTED)
    for k in range(round(km_top / step) + 1):
        tick = k * step
        y = axes.y(tick, 0, km_top) + small.ascent() / 2.6
        p.drawText(QPointF(axes.plot.right() + 3 * layout.pt, y), f"{tick:g}")
    return km_top


def _distance_bars(
    p: QPainter,
    axes: _Axes,
    weeks: Sequence[ReportWeek],
    running: list[float],
    km_top: float,
    layout: ReportLayout,
) -> bool:
    """Weekly running bars (clipped to the period); a partial week is hatched and says how many
    days it has. Returns whether there was a partial week."""
    pt = layout.pt
    any_partial = False
    for week, run_km in zip(weeks, running, strict=True):
        left, right, _span = _week_span(axes, week, pt)
        top_y = axes.y(run_km, 0, km_top)
        box = QRectF(left, top_y, right - left, axes.y(0, 0, km_top) - top_y)
        if week.partial:
            any_partial = True
            if run_km > 0:
                _hatch(p, box, RUN_BAR, layout)
            _partial_label(p, layout, week, left, right, axes.plot.bottom() - 2 * pt)
        elif run_km > 0:
            p.fillRect(box, RUN_BAR)
    return any_partial


def _acceptable_line(p: QPainter, axes: _Axes, limit: float, layout: ReportLayout) -> None:
    """The acceptable-pain limit of the pain-monitoring model (rule P2), labelled."""
    pt = layout.pt
    plot = axes.plot
    line = style.ACCEPTABLE_PAIN_PAPER
    p.setPen(QPen(line.colour.qcolor(), style.THRESHOLD_PT * pt, line.style))
    p.drawLine(QLineF(plot.left(), axes.y(limit), plot.right(), axes.y(limit)))
    p.setPen(MUTED)
    text = f"acceptable-pain limit {limit:g}"
    _label(p, layout, plot.right() - 2 * pt, axes.y(limit) - 2 * pt, text, right=True)


def _pain_lines(
    p: QPainter, axes: _Axes, trends: TrendSeries, weekly: bool, layout: ReportLayout
) -> list[tuple[str, style.Line]]:
    """Each pain series as a line with a dot per score; returns the series drawn.

    Over a long period daily dots become a blur: each week's mean of the daily values instead.
    """
    pt = layout.pt
    present = []
    for name, field, line in PAIN_SERIES:
        daily: np.ndarray = getattr(trends, field)
        if not np.isfinite(daily).any():
            continue
        present.append((name, line))
        if weekly:
            days, values = weekly_means(trends, daily)
        else:
            days, values = trends.days.astype(np.float64) + 0.5, daily
        colour = line.colour.qcolor()
        pen = QPen(colour, style.PAIN_LINE_PT * pt, line.style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(_series_path(axes, days, values, 7))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        dot = style.PAIN_DOT_PT * pt
        for day, value in zip(days, values, strict=True):
            if np.isfinite(value):
                p.drawEllipse(QPointF(axes.x(float(day)), axes.y(float(value))), dot, dot)
    p.setBrush(Qt.BrushStyle.NoBrush)
    return present


def _symptom_marks(p: QPainter, axes: _Axes, trends: TrendSeries, layout: ReportLayout) -> None:
    """A triangle above the plot on each day with a warning symptom: filled for a red flag."""
    pt = layout.pt
    red_codes = {s.value for s in RED_FLAG_SYMPTOMS}
    size = style.SYMPTOM_SIZE_PT * pt
    for mark in trends.symptom_marks:
        red = any(code in red_codes for code in mark.symptoms)
        x = axes.x(mark.day + 0.5)
        y = axes.plot.top() - 1.5 * pt
        triangle = QPolygonF(
            [QPointF(x, y), QPointF(x - size, y - 2 * size), QPointF(x + size, y - 2 * size)]
        )
        p.setPen(QPen(RED_FLAG if red else OTHER_SYMPTOM, style.THRESHOLD_PT * pt))
        p.setBrush(RED_FLAG if red else QBrush(Qt.BrushStyle.NoBrush))
        p.drawPolygon(triangle)
    p.setBrush(Qt.BrushStyle.NoBrush)


# --- the adherence and AKPS chart --------------------------------------------------------


def draw_adherence_chart(p: QPainter, rect: QRectF, data: ReportData, layout: ReportLayout) -> None:
    """Weekly exercise adherence (bars) and the AKPS scores (diamonds), both out of 100."""
    trends = data.trends
    has_bars = any(w.adherence_pct is not None for w in data.weeks)
    has_akps = bool(len(trends.akps_scores))
    if has_bars and has_akps:
        title = "Home-exercise adherence and Kujala AKPS"
        left_label, right_label = style.ADHERENCE_AXIS_PAPER, style.AKPS_AXIS_PAPER
    elif has_bars:
        title, left_label, right_label = "Home-exercise adherence", style.ADHERENCE_AXIS_PAPER, ""
    else:
        title, left_label, right_label = "Kujala AKPS", style.AKPS_AXIS_PAPER, ""
    plot = _frame(p, rect, title, layout, right_label, left_label)
    axes = _Axes(plot, trends.first.toordinal(), trends.last.toordinal(), 0.0, 100.0)
    _grid(p, plot, axes, range(0, 101, 25), layout, right_labels=has_bars and has_akps)
    any_partial = _adherence_bars(p, axes, data.weeks, has_bars, layout)
    if has_akps:
        _draw_akps(p, axes, plot, trends, layout, [])
    _x_axis(p, axes, trends, layout)

    items: list[tuple[str, Swatch]] = []
    if has_bars:
        items.append(
            ("exercise sessions done, % of prescribed (week)", _fill_swatch(ADHERENCE_BAR))
        )
        if any_partial:
            items.append(
                (
                    f"partial week (under {MIN_WEEK_DAYS} days: no bar)",
                    _hatch_swatch(ADHERENCE_BAR, layout),
                )
            )
    if has_akps:
        items.append(("AKPS score", _diamond_swatch(layout.pt)))
    _legend(p, rect.left(), _legend_top(rect, layout), items, layout)


def _adherence_bars(
    p: QPainter, axes: _Axes, weeks: Sequence[ReportWeek], has_bars: bool, layout: ReportLayout
) -> bool:
    """Each week's share of prescribed sessions done, its number on the bar while few weeks
    are shown; a partial week is hatched or says its days. Returns whether one was partial."""
    pt = layout.pt
    small = layout.fonts.metrics(layout.fonts.small)
    few_weeks = len(weeks) <= 16
    any_partial = False
    for week in weeks:
        left, right, _span = _week_span(axes, week, pt)
        if week.adherence_pct is None:
            if has_bars and week.partial:
                any_partial = True
                _partial_label(p, layout, week, left, right, axes.plot.bottom() - 2 * pt)
            continue
        pct = week.adherence_pct
        top = axes.y(min(pct, 100.0))
        box = QRectF(left, top, right - left, axes.y(0) - top)
        if week.partial:
            any_partial = True
            _hatch(p, box, ADHERENCE_BAR, layout)
        else:
            p.fillRect(box, ADHERENCE_BAR)
        if few_weeks and right - left > small.horizontalAdvance("100") + 2 * pt:
            label = f"{pct:.0f}"
            inside = axes.y(0) - top > small.height() + 2 * pt
            p.setPen(INK)
            x = (left + right) / 2 - small.horizontalAdvance(label) / 2
            p.drawText(
                QPointF(x, top + small.ascent() + 1 * pt if inside else top - 1.5 * pt), label
            )
    return any_partial


def _draw_akps(
    p: QPainter,
    axes: _Axes,
    plot: QRectF,
    trends: TrendSeries,
    layout: ReportLayout,
    taken: list[QRectF],
) -> None:
    """The AKPS diamonds with their scores, and the first score + MCID line, labels apart."""
    pt = layout.pt
    size = style.AKPS_SIZE_PT * pt
    points = [
        (axes.x(float(day) + 0.5), axes.y(float(score)), float(score))
        for day, score in zip(trends.akps_days, trends.akps_scores, strict=True)
    ]
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(style.MARK_EDGE.qcolor(), style.AKPS_LINE_PT * pt))
    p.setBrush(AKPS_MARK)
    for x, y, _score in points:
        p.drawPolygon(_diamond(QPointF(x, y), size))
        taken.append(QRectF(x - size, y - size, 2 * size, 2 * size))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    _akps_scores(p, plot, points, layout, taken)
    if trends.akps_baseline is not None:
        _akps_gain_line(p, axes, trends.akps_baseline, trends.mcid, layout, taken)


def _akps_scores(
    p: QPainter,
    plot: QRectF,
    points: list[tuple[float, float, float]],
    layout: ReportLayout,
    taken: list[QRectF],
) -> None:
    """Each score's number right of its mark, or above it, or left of it; left out only when
    every place would cover another label (a crowded year of scores)."""
    pt = layout.pt
    small = layout.fonts.metrics(layout.fonts.small)
    size = style.AKPS_SIZE_PT * pt
    p.setPen(INK)
    for x, y, score in points:
        text = f"{score:.0f}"
        width = small.horizontalAdvance(text)
        for left, baseline in (
            (x + size + 1.5 * pt, y + small.ascent() / 2.6),
            (x - width / 2, y - size - 1.5 * pt),
            (x - size - 1.5 * pt - width, y + small.ascent() / 2.6),
        ):
            box = QRectF(left - pt, baseline - small.ascent(), width + 2 * pt, small.height())
            if plot.contains(box) and not any(box.intersects(other) for other in taken):
                _label(p, layout, left, baseline, text)
                taken.append(box)
                break


def _akps_gain_line(
    p: QPainter,
    axes: _Axes,
    first_score: float,
    mcid: int,
    layout: ReportLayout,
    taken: list[QRectF],
) -> None:
    """The first score plus the clinically important change, labelled where no label is."""
    pt = layout.pt
    plot = axes.plot
    small = layout.fonts.metrics(layout.fonts.small)
    target = min(100.0, first_score + mcid)
    p.setPen(QPen(AKPS_MARK, style.AKPS_LINE_PT * pt, style.AKPS_IMPORTANT_GAIN.style))
    p.drawLine(QLineF(plot.left(), axes.y(target), plot.right(), axes.y(target)))
    text = f"first AKPS + {mcid}: clinically important gain"
    width = small.horizontalAdvance(text)
    below = axes.y(target) + small.ascent() + 2 * pt
    above = axes.y(target) - small.descent() - 2 * pt
    candidates = [
        (plot.right() - 2 * pt - width, below),
        (plot.right() - 2 * pt - width, above),
        (plot.left() + 2 * pt, below),
        (plot.left() + 2 * pt, above),
    ]
    for left, baseline in candidates:
        box = QRectF(left - pt, baseline - small.ascent(), width + 2 * pt, small.height())
        if not any(box.intersects(other) for other in taken):
            break
    else:
        left, baseline = candidates[0]
    p.setPen(MUTED)
    _label(p, layout, left, baseline, text)
