"""The report's charts, drawn with QPainter as vector paths from the core trend series.

Pain against weekly distance, and exercise adherence with the Kujala AKPS, sharp at any print
resolution; the numbers are the same ones the Trends view plots.
"""

from __future__ import annotations

import datetime as dt
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
)

from kneelog.core import formatting as fmt
from kneelog.core.series import TrendSeries
from kneelog.services.report import ReportData
from kneelog.ui.report_layout import (
    ADHERENCE_BAR,
    AKPS_MARK,
    INK,
    MUTED,
    PAIN_AFTER,
    PAIN_DURING,
    PAIN_MORNING,
    RED_FLAG,
    RULE,
    RUN_BAR,
    SEED_MARK,
    WEEKLY_PAIN_AFTER_DAYS,
    ReportLayout,
)

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
    """A label at week starts, thinned so they never collide."""
    font = layout.fonts.small
    metrics = layout.fonts.metrics(font)
    p.setFont(font)
    label_w = metrics.horizontalAdvance("30 Sep ") * 1.15
    weeks = [
        int(w) for w in trends.weeks if trends.first.toordinal() <= w <= trends.last.toordinal()
    ]
    if not weeks:
        weeks = [trends.first.toordinal()]
    step_px = (axes.x(weeks[0] + 7) - axes.x(weeks[0])) if weeks else axes.plot.width()
    every = max(1, math.ceil(label_w / max(step_px, 1.0)))

    for index, ordinal in enumerate(weeks):
        x = axes.x(ordinal)
        p.setPen(QPen(RULE, 0.4 * layout.pt))
        p.drawLine(QLineF(x, axes.plot.bottom(), x, axes.plot.bottom() + 2 * layout.pt))
        if index % every:
            continue
        day = dt.date.fromordinal(ordinal)
        text = fmt.axis_date(day)
        p.setPen(MUTED)
        p.drawText(
            QPointF(
                x - metrics.horizontalAdvance(text) / 2,
                axes.plot.bottom() + 2 * layout.pt + metrics.ascent(),
            ),
            text,
        )


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
        p.setPen(QPen(RULE, 0.3 * pt, Qt.PenStyle.SolidLine if value == 0 else Qt.PenStyle.DotLine))
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
    p.fillRect(patch, QColor(255, 255, 255, 215))
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


def draw_pain_chart(p: QPainter, rect: QRectF, data: ReportData, layout: ReportLayout) -> None:
    """Daily knee pain (0-10, left axis) over weekly running distance (bars, right axis)."""
    trends = data.trends
    pt = layout.pt
    unit = data.unit.value
    weekly = len(trends.days) > WEEKLY_PAIN_AFTER_DAYS
    title = (
        "Knee pain (weekly means) and weekly distance"
        if weekly
        else "Knee pain and weekly distance"
    )
    plot = _frame(p, rect, title, layout, f"distance ({unit}/week)", "pain (0-10)")
    first, last = trends.first.toordinal(), trends.last.toordinal()
    axes = _Axes(plot, first, last, 0.0, 10.0)
    to_unit = data.unit.from_metres
    running = np.array([to_unit(km * 1000) for km in trends.week_running_km])
    top = float(max(running.max(initial=0.0), 1.0))
    step = _nice_step(top)
    km_top = step * math.ceil(top / step)

    # grid (pain), right-axis labels (distance)
    small = layout.fonts.metrics(layout.fonts.small)
    _grid(p, plot, axes, range(0, 11, 2), layout)
    steps = round(km_top / step)
    for k in range(steps + 1):
        tick = k * step
        y = axes.y(tick, 0, km_top)
        label = f"{tick:g}"
        p.setPen(MUTED)
        p.drawText(QPointF(plot.right() + 3 * pt, y + small.ascent() / 2.6), label)

    # weekly bars (clipped to the period)
    for week, run_km in zip(trends.weeks, running, strict=True):
        left = axes.x(max(int(week), first))
        right = axes.x(min(int(week) + 7, last + 1))
        inset = min(1.2 * pt, (right - left) * 0.1)
        if run_km > 0:
            p.fillRect(
                QRectF(
                    left + inset,
                    axes.y(run_km, 0, km_top),
                    right - left - 2 * inset,
                    axes.y(0, 0, km_top) - axes.y(run_km, 0, km_top),
                ),
                RUN_BAR,
            )

    # acceptable-pain line (rule P2)
    limit = trends.thresholds.acceptable_pain
    p.setPen(QPen(QColor("#7f8c8d"), 0.6 * pt, Qt.PenStyle.DashLine))
    p.drawLine(QLineF(plot.left(), axes.y(limit), plot.right(), axes.y(limit)))
    p.setPen(MUTED)
    _label(
        p,
        layout,
        plot.right() - 2 * pt,
        axes.y(limit) - 2 * pt,
        f"acceptable pain: up to {limit:g}",
        right=True,
    )

    # Over a long period daily dots become a blur: plot each week's mean of the daily values.
    weekly = len(trends.days) > WEEKLY_PAIN_AFTER_DAYS
    series = (
        (trends.pain_morning, PAIN_MORNING, Qt.PenStyle.SolidLine),
        (trends.pain_after, PAIN_AFTER, Qt.PenStyle.DashLine),
        (trends.pain_during, PAIN_DURING, Qt.PenStyle.SolidLine),
    )
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for daily, colour, style in series:
        if weekly:
            days, values = weekly_means(trends, daily)
        else:
            days, values = trends.days.astype(np.float64) + 0.5, daily
        pen = QPen(colour, 0.9 * pt, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(_series_path(axes, days, values, 7))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        for day, value in zip(days, values, strict=True):
            if np.isfinite(value):
                p.drawEllipse(QPointF(axes.x(float(day)), axes.y(float(value))), 1.4 * pt, 1.4 * pt)

    # symptom markers along the top
    for mark in trends.symptom_marks:
        red = any(
            code
            in {
                "swelling",
                "sharp_pain",
                "giving_way",
                "locking",
                "warm_red",
                "fever",
                "trauma",
                "cannot_bear_weight",
            }
            for code in mark.symptoms
        )
        x = axes.x(mark.day + 0.5)
        y = plot.top() - 1.5 * pt
        size = 2.6 * pt
        triangle = QPolygonF(
            [QPointF(x, y), QPointF(x - size, y - 2 * size), QPointF(x + size, y - 2 * size)]
        )
        p.setPen(QPen(RED_FLAG if red else SEED_MARK, 0.6 * pt))
        p.setBrush(RED_FLAG if red else QBrush(Qt.BrushStyle.NoBrush))
        p.drawPolygon(triangle)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    p.setPen(QPen(MUTED, 0.6 * pt))
    p.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
    _date_ticks(p, axes, trends, layout)

    def line_swatch(colour: QColor, style: Qt.PenStyle) -> Callable[[QPainter, QRectF], None]:
        def draw(q: QPainter, box: QRectF) -> None:
            q.setPen(QPen(colour, 1.0 * pt, style))
            q.drawLine(QLineF(box.left(), box.center().y(), box.right(), box.center().y()))
            q.setPen(Qt.PenStyle.NoPen)
            q.setBrush(colour)
            q.drawEllipse(box.center(), 1.6 * pt, 1.6 * pt)
            q.setBrush(Qt.BrushStyle.NoBrush)

        return draw

    def bar_swatch(q: QPainter, box: QRectF) -> None:
        q.fillRect(box, RUN_BAR)

    def flag_swatch(q: QPainter, box: QRectF) -> None:
        c = box.center()
        size = 2.4 * pt
        q.setPen(QPen(RED_FLAG, 0.6 * pt))
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

    legend_y = rect.top() + layout.fonts.line_height(layout.fonts.subheading) + 1 * pt
    _legend(
        p,
        rect.left(),
        legend_y,
        [
            ("during runs", line_swatch(PAIN_DURING, Qt.PenStyle.SolidLine)),
            ("after runs", line_swatch(PAIN_AFTER, Qt.PenStyle.DashLine)),
            ("next morning", line_swatch(PAIN_MORNING, Qt.PenStyle.SolidLine)),
            (f"running {unit} per week", bar_swatch),
            ("red flag (hollow: another warning symptom)", flag_swatch),
        ],
        layout,
    )
    if not trends.has_pain and not trends.has_distance:
        _empty_note(p, plot, "No pain scores or distances logged in this period", layout)


def draw_adherence_chart(p: QPainter, rect: QRectF, data: ReportData, layout: ReportLayout) -> None:
    """Weekly exercise adherence (bars) and the AKPS scores (diamonds), both out of 100."""
    trends = data.trends
    pt = layout.pt
    plot = _frame(
        p, rect, "Home-exercise adherence and Kujala AKPS", layout, "AKPS (0-100)", "adherence (%)"
    )
    first, last = trends.first.toordinal(), trends.last.toordinal()
    axes = _Axes(plot, first, last, 0.0, 100.0)
    small = layout.fonts.metrics(layout.fonts.small)
    _grid(p, plot, axes, range(0, 101, 25), layout, right_labels=True)
    few_weeks = len(trends.adherence_weeks) <= 16
    for week, pct in zip(trends.adherence_weeks, trends.adherence_pct, strict=True):
        if not np.isfinite(pct):
            continue
        left = axes.x(max(int(week), first))
        right = axes.x(min(int(week) + 7, last + 1))
        inset = min(1.2 * pt, (right - left) * 0.1)
        top = axes.y(min(float(pct), 100.0))
        p.fillRect(
            QRectF(left + inset, top, right - left - 2 * inset, axes.y(0) - top), ADHERENCE_BAR
        )
        if few_weeks and right - left > small.horizontalAdvance("100") + 2 * pt:
            label = f"{pct:.0f}"
            inside = axes.y(0) - top > small.height() + 2 * pt
            p.setPen(INK)
            p.drawText(
                QPointF(
                    (left + right) / 2 - small.horizontalAdvance(label) / 2,
                    top + small.ascent() + 1 * pt if inside else top - 1.5 * pt,
                ),
                label,
            )
    baseline = trends.akps_baseline
    if baseline is not None:
        target = min(100.0, baseline + trends.mcid)
        p.setPen(QPen(AKPS_MARK, 0.5 * pt, Qt.PenStyle.DashLine))
        p.drawLine(QLineF(plot.left(), axes.y(target), plot.right(), axes.y(target)))
        p.setPen(MUTED)
        text = f"first AKPS + {trends.mcid}: clinically important gain"
        # Below the line: the scores' own labels sit above and to the right of their marks.
        below = axes.y(target) + small.ascent() + 2 * pt
        _label(p, layout, plot.right() - 2 * pt, below, text, right=True)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    size = 3.0 * pt
    label_end = -math.inf  # where the last score's label ends: the next never overlaps it
    for day, score in zip(trends.akps_days, trends.akps_scores, strict=True):
        x, y = axes.x(float(day) + 0.5), axes.y(float(score))
        p.setPen(QPen(QColor("#ffffff"), 0.5 * pt))
        p.setBrush(AKPS_MARK)
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(x, y - size),
                    QPointF(x + size, y),
                    QPointF(x, y + size),
                    QPointF(x - size, y),
                ]
            )
        )
        p.setPen(INK)
        text = f"AKPS {score:.0f}"
        start = x + size + 1.5 * pt
        if start > label_end and start + small.horizontalAdvance(text) <= plot.right():
            _label(p, layout, start, y + small.ascent() / 2.6, text)
            label_end = start + small.horizontalAdvance(text) + 2 * pt
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(QPen(MUTED, 0.6 * pt))
    p.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
    _date_ticks(p, axes, trends, layout)

    def bar_swatch(q: QPainter, box: QRectF) -> None:
        q.fillRect(box, ADHERENCE_BAR)

    def diamond(q: QPainter, box: QRectF) -> None:
        c = box.center()
        q.setPen(Qt.PenStyle.NoPen)
        q.setBrush(AKPS_MARK)
        s = 2.6 * pt
        q.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() - s),
                    QPointF(c.x() + s, c.y()),
                    QPointF(c.x(), c.y() + s),
                    QPointF(c.x() - s, c.y()),
                ]
            )
        )
        q.setBrush(Qt.BrushStyle.NoBrush)

    legend_y = rect.top() + layout.fonts.line_height(layout.fonts.subheading) + 1 * pt
    _legend(
        p,
        rect.left(),
        legend_y,
        [
            ("exercise sessions done, % of prescribed (week)", bar_swatch),
            ("Kujala knee questionnaire (AKPS) score", diamond),
        ],
        layout,
    )
    if not trends.has_program:
        _empty_note(p, plot, "No exercise program or AKPS scores in this period", layout)


def _empty_note(p: QPainter, plot: QRectF, text: str, layout: ReportLayout) -> None:
    p.setFont(layout.fonts.body)
    p.setPen(MUTED)
    p.drawText(plot, Qt.AlignmentFlag.AlignCenter, text)
