"""Paints the PT-visit progress report on any paged device: print preview, printer and PDF alike.

`render_report(device, data)` lays the report out at the device's own resolution (text measured
with the device's font metrics), flows it over pages (tables split between rows and repeat their
header row, long text splits between lines), then paints every page with its footer ("page X of
Y", the version and the disclaimer). Everything is vector: text stays text in a PDF and the
charts are QPainter paths, sharp at any print resolution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
    QTextLayout,
)

from kneelog import APP_NAME, DISCLAIMER, __version__
from kneelog.core.akps import MCID as AKPS_MCID
from kneelog.core.rules import Severity
from kneelog.core.series import TrendSeries
from kneelog.services.plan_text import ACTION_WORDS, caps_line
from kneelog.services.report import (
    AKPS_MCID_SOURCE,
    PAIN_MCID_SOURCE,
    SUMMARY_SYMPTOM_DAYS,
    Paper,
    ReportData,
    ReportSection,
    long_date,
    paper_for_territory,
    percent,
    period_span,
    short_date,
)

MARGINS_MM = QMarginsF(16.0, 14.0, 16.0, 12.0)
PDF_RESOLUTION = 600
WEEKLY_PAIN_AFTER_DAYS = 120
"""Longer periods chart each week's mean pain instead of every day's score."""
FONT_CANDIDATES = (
    "Segoe UI",
    "Helvetica Neue",
    "Helvetica",
    "Arial",
    "Liberation Sans",
    "DejaVu Sans",
)

INK = QColor("#1a1a1a")
MUTED = QColor("#5f6368")
RULE = QColor("#b8bcc2")
STRIPE = QColor("#f1f3f5")
ACCENT = QColor("#1f4e79")
# Okabe-Ito colours: told apart with colour-blindness; each series also has its own line style
# so a greyscale print stays readable.
PAIN_DURING = QColor("#D55E00")
PAIN_AFTER = QColor("#CC79A7")
PAIN_MORNING = QColor("#0072B2")
RUN_BAR = QColor("#c9ced6")
ADHERENCE_BAR = QColor("#8fcfb8")
AKPS_MARK = QColor("#000000")
RED_FLAG = QColor("#c0392b")
SEED_MARK = QColor("#E69F00")
SEVERITY_COLOURS = {
    Severity.URGENT: QColor("#c0392b"),
    Severity.REFER: QColor("#c0392b"),
    Severity.STOP: QColor("#E69F00"),
    Severity.CAUTION: QColor("#E69F00"),
    Severity.INFO: QColor("#009E73"),
}


def gui_application() -> QCoreApplication:
    """The running Qt application, or a new QGuiApplication (fonts need one) for headless use."""
    return QGuiApplication.instance() or QGuiApplication(["kneelog"])


def locale_paper(locale: QLocale | None = None) -> Paper:
    """Letter in the US and Canada, A4 elsewhere, from the system locale."""
    territory = (locale or QLocale.system()).territory()
    return paper_for_territory(QLocale.territoryToCode(territory))


def page_size(paper: Paper) -> QPageSize:
    return QPageSize(
        QPageSize.PageSizeId.Letter if paper is Paper.LETTER else QPageSize.PageSizeId.A4
    )


def page_layout(paper: Paper) -> QPageLayout:
    return QPageLayout(
        page_size(paper), QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter
    )


def report_family() -> str:
    """The first installed family of a short list of clean sans-serif faces."""
    installed = set(QFontDatabase.families())
    return next((name for name in FONT_CANDIDATES if name in installed), QFont().defaultFamily())


# --- text measuring ----------------------------------------------------------------------


class Fonts:
    """The report's fonts and their metrics on one device."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        family = report_family()

        def make(size: float, bold: bool = False, italic: bool = False) -> QFont:
            font = QFont(family)
            font.setPointSizeF(size)
            font.setBold(bold)
            font.setItalic(italic)
            # Exact glyph advances at print resolution (no hinting to screen pixels).
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setKerning(True)
            # No "fi"/"fl" ligatures: a PDF reader's search and copy then see plain letters.
            for tag in ("liga", "clig"):
                font.setFeature(QFont.Tag(tag), 0)
            return font

        self.title = make(17, bold=True)
        self.heading = make(11.5, bold=True)
        self.subheading = make(9.5, bold=True)
        self.body = make(9)
        self.body_bold = make(9, bold=True)
        self.table = make(8)
        self.table_bold = make(8, bold=True)
        self.small = make(7)
        self.small_italic = make(7, italic=True)
        self._metrics: dict[int, QFontMetricsF] = {}

    def metrics(self, font: QFont) -> QFontMetricsF:
        key = id(font)
        found = self._metrics.get(key)
        if found is None:
            found = self._metrics[key] = QFontMetricsF(font, self.device)
        return found

    def line_height(self, font: QFont) -> float:
        return self.metrics(font).lineSpacing()

    def wrap(self, text: str, font: QFont, width: float) -> list[str]:
        """The lines `text` breaks into at `width` (explicit newlines kept; words kept whole
        unless one is wider than the line)."""
        lines: list[str] = []
        metrics = self.metrics(font)
        for paragraph in text.split("\n"):
            paragraph = paragraph.rstrip()
            if metrics.horizontalAdvance(paragraph) <= width:
                lines.append(paragraph)
                continue
            layout = QTextLayout(paragraph, font, self.device)
            option = layout.textOption()
            option.setWrapMode(option.WrapMode.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                start, length = line.textStart(), line.textLength()
                lines.append(paragraph[start : start + length].rstrip())
            layout.endLayout()
        return lines


# --- the flow: blocks of known height placed on pages ------------------------------------

Painter = Callable[[QPainter, float, float, float, bool], None]
"""paint(painter, x, y, width, first_on_page)"""


@dataclass
class Block:
    """A piece of the report that is never split: a line of text, a table row, a chart."""

    height: float
    paint: Painter
    keep_with_next: bool = False
    table: Block | None = None
    """For a table row: the header block repeated at the top of each page the table continues on."""
    space_before: float = 0.0


@dataclass
class Page:
    blocks: list[tuple[Block, float]] = field(default_factory=list)


class ReportLayout:
    """Builds the blocks for a report on a device and flows them onto pages."""

    def __init__(self, device: QPagedPaintDevice, data: ReportData) -> None:
        self.device = device
        self.data = data
        self.fonts = Fonts(device)
        self.dpi = float(device.logicalDpiY())
        self.pt = self.dpi / 72.0
        self.width = float(device.width())
        self.height = float(device.height())
        self.footer_height = 2 * self.fonts.line_height(self.fonts.small) + 6 * self.pt
        self.header_height = self.fonts.line_height(self.fonts.small) + 8 * self.pt
        self.blocks: list[Block] = []

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    # --- building blocks -----------------------------------------------------------------

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def space(self, points: float) -> None:
        self.add(Block(points * self.pt, lambda *_: None))

    def text(
        self,
        text: str,
        font: QFont,
        *,
        colour: QColor = INK,
        indent: float = 0.0,
        keep_with_next: bool = False,
        space_before: float = 0.0,
    ) -> None:
        """A paragraph: one block per line, so long text flows over pages."""
        lines = self.fonts.wrap(text, font, self.width - indent)
        height = self.fonts.line_height(font)
        ascent = self.fonts.metrics(font).ascent()
        for index, line in enumerate(lines):

            def paint(
                p: QPainter, x: float, y: float, _w: float, _f: bool, line: str = line
            ) -> None:
                p.setFont(font)
                p.setPen(colour)
                p.drawText(QPointF(x + indent, y + ascent), line)

            last = index == len(lines) - 1
            self.add(
                Block(
                    height,
                    paint,
                    keep_with_next=keep_with_next or (not last and index < 1),
                    space_before=space_before * self.pt if index == 0 else 0.0,
                )
            )

    def heading(self, text: str) -> None:
        font = self.fonts.heading
        metrics = self.fonts.metrics(font)
        height = metrics.lineSpacing() + 5 * self.pt

        def paint(p: QPainter, x: float, y: float, w: float, _f: bool) -> None:
            p.setFont(font)
            p.setPen(ACCENT)
            p.drawText(QPointF(x, y + metrics.ascent()), text)
            p.setPen(QPen(ACCENT, 0.8 * self.pt))
            rule_y = y + metrics.lineSpacing() + 1.5 * self.pt
            p.drawLine(QLineF(x, rule_y, x + w, rule_y))

        self.add(Block(height, paint, keep_with_next=True, space_before=12 * self.pt))

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        fractions: Sequence[float],
        *,
        bold_first: bool = False,
        group_first: bool = False,
        row_colours: Sequence[QColor | None] | None = None,
        show_header: bool = True,
    ) -> None:
        """A table that splits between rows, its header row repeated on every page it reaches.

        `group_first`: a repeated first-column value (the date) is printed only on the first row
        of its group and on the first row of a page.
        """
        fonts = self.fonts
        font, bold = fonts.table, fonts.table_bold
        pad = 2.5 * self.pt
        total = sum(fractions)
        widths = [self.width * f / total for f in fractions]
        lefts = [sum(widths[:i]) for i in range(len(widths))]
        line_h = fonts.line_height(font)
        ascent = fonts.metrics(font).ascent()

        header_block: Block | None = None
        if show_header:
            header_lines = [
                fonts.wrap(h, bold, w - 2 * pad) for h, w in zip(headers, widths, strict=True)
            ]
            header_h = max(len(lines) for lines in header_lines) * line_h + 2 * pad

            def paint_header(p: QPainter, x: float, y: float, w: float, _f: bool) -> None:
                p.fillRect(QRectF(x, y, w, header_h), QColor("#e3e7ec"))
                p.setFont(bold)
                p.setPen(INK)
                for left, lines in zip(lefts, header_lines, strict=True):
                    for k, line in enumerate(lines):
                        p.drawText(QPointF(x + left + pad, y + pad + ascent + k * line_h), line)
                p.setPen(QPen(MUTED, 0.6 * self.pt))
                p.drawLine(QLineF(x, y + header_h, x + w, y + header_h))

            header_block = Block(header_h, paint_header, keep_with_next=True)
            self.add(header_block)

        max_lines = max(1, int((self.body_height() - self.header_height * 2) / line_h) - 4)
        previous_key: str | None = None
        for index, row in enumerate(rows):
            cells = [
                fonts.wrap(text, bold if (bold_first and c == 0) else font, w - 2 * pad)
                for c, (text, w) in enumerate(zip(row, widths, strict=True))
            ]
            show_key = not group_first or row[0] != previous_key
            new_group = group_first and row[0] != previous_key
            previous_key = row[0]
            stripe = index % 2 == 1 and not group_first
            colour = row_colours[index] if row_colours else None
            # A giant cell (pages of notes) becomes several blocks so it can cross pages.
            count = max(len(lines) for lines in cells)
            for start in range(0, count, max_lines):
                chunk = [lines[start : start + max_lines] for lines in cells]
                height = max(1, max(len(lines) for lines in chunk)) * line_h + 2 * pad
                key_text = row[0] if group_first else ""

                def paint_row(
                    p: QPainter,
                    x: float,
                    y: float,
                    w: float,
                    first_on_page: bool,
                    chunk: list[list[str]] = chunk,
                    height: float = height,
                    show_key: bool = show_key and start == 0,
                    new_group: bool = new_group and start == 0,
                    stripe: bool = stripe,
                    colour: QColor | None = colour,
                    key_text: str = key_text,
                ) -> None:
                    if stripe:
                        p.fillRect(QRectF(x, y, w, height), STRIPE)
                    if new_group or not group_first:
                        p.setPen(QPen(RULE, 0.4 * self.pt))
                        p.drawLine(QLineF(x, y, x + w, y))
                    for c, (left, lines) in enumerate(zip(lefts, chunk, strict=True)):
                        if c == 0 and group_first and not (show_key or first_on_page):
                            continue
                        if c == 0 and group_first and first_on_page and not show_key:
                            lines = fonts.wrap(key_text, font, widths[0] - 2 * pad)
                        p.setFont(bold if (bold_first and c == 0) else font)
                        p.setPen(colour if (colour is not None and c == len(chunk) - 1) else INK)
                        for k, line in enumerate(lines):
                            p.drawText(QPointF(x + left + pad, y + pad + ascent + k * line_h), line)

                self.add(Block(height, paint_row, table=header_block))

        def paint_end(p: QPainter, x: float, y: float, w: float, _f: bool) -> None:
            p.setPen(QPen(MUTED, 0.6 * self.pt))
            p.drawLine(QLineF(x, y, x + w, y))

        self.add(Block(1 * self.pt, paint_end))

    def chart(self, height_mm: float, draw: Callable[[QPainter, QRectF], None]) -> None:
        height = self.mm(height_mm)

        def paint(p: QPainter, x: float, y: float, w: float, _f: bool) -> None:
            draw(p, QRectF(x, y, w, height))

        self.add(Block(height, paint, space_before=4 * self.pt))

    # --- flowing ------------------------------------------------------------------------

    def body_top(self, page_index: int) -> float:
        return self.header_height if page_index > 0 else 0.0

    def body_height(self) -> float:
        return self.height - self.footer_height - 4 * self.pt

    def paginate(self) -> list[Page]:
        pages = [Page()]
        y = self.body_top(0)
        bottom = self.body_height()
        blocks = self.blocks
        for index, block in enumerate(blocks):
            page = pages[-1]
            gap = block.space_before if page.blocks else 0.0
            needed = gap + block.height
            # Keep a heading (or a paragraph's first line) with what follows it.
            follow = index + 1
            while block.keep_with_next and follow < len(blocks):
                needed += blocks[follow].height
                if not blocks[follow].keep_with_next:
                    break
                follow += 1
            if page.blocks and y + needed > bottom and block.height != 0:
                pages.append(Page())
                page = pages[-1]
                y = self.body_top(len(pages) - 1)
                gap = 0.0
                if block.table is not None:
                    # A table row opens the page: repeat the table's header row above it.
                    page.blocks.append((block.table, y))
                    y += block.table.height
            y += gap
            page.blocks.append((block, y))
            y += block.height
        return pages


# --- the report's content ------------------------------------------------------------------


def _build(layout: ReportLayout) -> None:
    data = layout.data
    fonts = layout.fonts
    options = data.options

    layout.text("Knee progress report", fonts.title, colour=ACCENT)
    layout.text(
        "Running, knee pain and home exercises, for the physical therapist",
        fonts.body,
        colour=MUTED,
    )
    layout.space(6)
    people = [("Runner", data.runner_name or "(name not entered)")]
    if data.pt_name:
        people.append(("Physical therapist", data.pt_name))
    people += [("Period", data.period_text()), ("Printed", long_date(data.printed))]
    layout.table(
        ["", ""], [list(row) for row in people], [0.22, 0.78], bold_first=True, show_header=False
    )

    if options.has(ReportSection.SUMMARY):
        _summary(layout)
    if options.has(ReportSection.CHARTS):
        layout.heading(ReportSection.CHARTS.heading)
        layout.chart(74, lambda p, r: draw_pain_chart(p, r, data, layout))
        layout.chart(50, lambda p, r: draw_adherence_chart(p, r, data, layout))
    if options.has(ReportSection.NOTES):
        layout.heading(ReportSection.NOTES.heading)
        notes = options.notes.strip()
        layout.text(
            notes or "No notes or questions were written for this report.",
            fonts.body,
            colour=INK if notes else MUTED,
        )
    if options.has(ReportSection.SUMMARY) and len(data.symptom_days) > SUMMARY_SYMPTOM_DAYS:
        layout.heading("Days with red-flag or seed symptoms")
        layout.table(
            ["Date", "Symptoms", "Kind"],
            [
                [data.row_date(d.date), d.describe(), "red flag" if d.red_flags else "seed symptom"]
                for d in data.symptom_days
            ],
            [0.18, 0.62, 0.20],
        )
    if options.has(ReportSection.ADVICE):
        layout.heading(ReportSection.ADVICE.heading)
        if data.advice:
            layout.text(
                "The plan KneeLog showed for each day (the last one shown that day), and the "
                "sessions logged on that day.",
                fonts.small,
                colour=MUTED,
            )
            layout.space(2)
            layout.table(
                ["Date", "Advised", "Done", "Kept to it?"],
                [
                    [data.row_date(r.date), r.detail or r.advice, r.done, r.followed]
                    for r in data.advice
                ],
                [0.125, 0.41, 0.295, 0.17],
                row_colours=[
                    None if r.followed in ("yes", "no run") else RED_FLAG for r in data.advice
                ],
            )
        else:
            layout.text(
                "KneeLog kept no daily plans for this period (a plan is kept each day the app "
                "shows it).",
                fonts.body,
                colour=MUTED,
            )
    if options.has(ReportSection.PROGRAM):
        _program(layout)
    if options.has(ReportSection.JOURNAL):
        layout.heading(f"{ReportSection.JOURNAL.heading}, {period_span(data.first, data.last)}")
        if data.journal:
            layout.text(
                "One row per day. Pain 0-10: M in the morning, D during and A after the session; "
                "S morning stiffness (0-10); ↑ pain grew during the session; RPE effort 0-10.",
                fonts.small,
                colour=MUTED,
            )
            layout.space(2)
            layout.table(
                [
                    "Date",
                    "Morning",
                    "Session",
                    "Distance",
                    "Time",
                    "RPE",
                    "Pain",
                    "Symptoms",
                    "Notes",
                ],
                [
                    [
                        data.row_date(r.date),
                        r.morning,
                        r.activity,
                        r.distance,
                        r.time,
                        r.rpe,
                        r.pain,
                        r.symptoms,
                        r.notes,
                    ]
                    for r in data.journal
                ],
                [0.115, 0.085, 0.085, 0.09, 0.085, 0.045, 0.095, 0.15, 0.25],
            )
        else:
            layout.text("Nothing was logged in this period.", fonts.body, colour=MUTED)


def _summary(layout: ReportLayout) -> None:
    data = layout.data
    fonts = layout.fonts
    layout.heading(ReportSection.SUMMARY.heading)
    rows: list[list[str]] = []
    if data.runs:
        rows.append(
            [
                "Running",
                f"{data.runs} run{'s' if data.runs != 1 else ''}, {data.distance(data.running_km)} "
                f"in total; {data.distance(data.weekly_km)} a week on average "
                f"over {data.weeks:.1f} weeks",
            ]
        )
    else:
        rows.append(["Running", "No runs logged in this period"])
    if data.longest_run is not None and data.longest_run.distance_m:
        rows.append(
            [
                "Longest run",
                f"{data.unit.format_distance(data.longest_run.distance_m)} on "
                f"{short_date(data.longest_run.date)}",
            ]
        )
    cross = (
        f"{data.cross_training_sessions} session{'s' if data.cross_training_sessions != 1 else ''}"
    )
    if data.cross_training_km:
        cross += f", {data.distance(data.cross_training_km, 0)}"
    if data.other_sessions:
        cross += f"; {data.other_sessions} other (walks, strength and others)"
    rows.append(["Cross-training", cross])
    if data.symptom_days:
        listed = "; ".join(
            f"{short_date(d.date)}: {d.describe()}" + (" (red flag)" if d.red_flags else "")
            for d in data.symptom_days[:SUMMARY_SYMPTOM_DAYS]
        )
        more = len(data.symptom_days) - SUMMARY_SYMPTOM_DAYS
        count = len(data.symptom_days)
        text = f"{count} day{'s' if count != 1 else ''}. {listed}"
        if more > 0:
            text += f"; and {more} more days (all listed below)"
        rows.append(["Red-flag or seed symptoms", text])
    else:
        rows.append(["Red-flag or seed symptoms", "None logged"])
    if data.exercise_adherence:
        rows.append(
            [
                "Exercise adherence",
                f"{percent(data.adherence)} of the prescribed exercise sessions done "
                f"({len(data.exercise_adherence)} exercises in the program)",
            ]
        )
    else:
        rows.append(["Exercise adherence", "No exercise program in this period"])
    rows.append(["Kujala AKPS (0-100)", _akps_text(data)])
    if data.shoes:
        rows.append(["Shoes", "; ".join(_shoe_text(data, s) for s in data.shoes)])
    layout.table(["", ""], rows, [0.22, 0.78], bold_first=True, show_header=False)

    layout.text(
        f"Knee pain (0-10), mean of the daily scores: first {data.compare_days} days "
        f"against the last {data.compare_days} days of the period",
        fonts.subheading,
        keep_with_next=True,
        space_before=8,
    )
    layout.space(2)
    pain_rows = [
        [
            p.label,
            _mean_text(p.first_mean, p.first_days),
            _mean_text(p.last_mean, p.last_days),
            p.verdict(),
        ]
        for p in data.pain
    ]
    colours = [
        RED_FLAG if p.clinically_important and p.direction == "worse" else None for p in data.pain
    ]
    layout.table(
        ["Pain", f"First {data.compare_days} days", f"Last {data.compare_days} days", "Change"],
        pain_rows,
        [0.22, 0.2, 0.2, 0.38],
        bold_first=True,
        row_colours=colours,
    )
    layout.text(f"Lower is better; {PAIN_MCID_SOURCE}.", fonts.small, colour=MUTED, space_before=2)

    _plan(layout)


def _mean_text(mean: float | None, days: int) -> str:
    if mean is None:
        return "–"
    return f"{mean:.1f}  ({days} day{'s' if days != 1 else ''})"


def _akps_text(data: ReportData) -> str:
    if data.akps is not None:
        change = data.akps.change
        sign = "+" if change > 0 else ""
        if data.akps.improved_by_mcid:
            verdict = f"better by at least the {AKPS_MCID}-point clinically important difference"
        elif data.akps.worsened_by_mcid:
            verdict = f"worse by at least the {AKPS_MCID}-point clinically important difference"
        else:
            verdict = f"less than the {AKPS_MCID}-point clinically important difference"
        text = (
            f"{data.akps.first_score} ({long_date(data.akps.first_date)}) → "
            f"{data.akps.latest_score} ({long_date(data.akps.latest_date)}): "
            f"{sign}{change} points, {verdict}"
        )
    elif data.akps_scores:
        only = data.akps_scores[0]
        text = f"{only.score} on {short_date(only.date)} (the first score: nothing to compare yet)"
    else:
        return "Not filled in yet"
    if data.akps_scores:
        text += ". In this period: " + ", ".join(
            f"{a.score} on {short_date(a.date)}" for a in data.akps_scores
        )
    return text + f". Higher is better; {AKPS_MCID_SOURCE}."


def _shoe_text(data: ReportData, shoe: object) -> str:
    from kneelog.services.report import ShoeLine

    assert isinstance(shoe, ShoeLine)
    text = f"{shoe.name} {data.distance(shoe.km, 0)}"
    if shoe.retire_at_km is not None:
        text += f" of {data.distance(shoe.retire_at_km, 0)}"
        if shoe.past_retirement:
            text += " (past its replacement mileage)"
    return text


def _plan(layout: ReportLayout) -> None:
    data = layout.data
    fonts = layout.fonts
    plan = data.plan
    day = plan.for_date
    lines: list[tuple[str, QFont, QColor]] = [
        (f"Plan for {long_date(day)}: {ACTION_WORDS[plan.action]}", fonts.body_bold, INK),
        (plan.headline, fonts.body, INK),
    ]
    if not plan.run_allowed:
        lines.append((caps_line(plan), fonts.body, INK))
    titles = {reason.rule: reason.title for reason in plan.reasons}
    for r in plan.restrictions:
        lines.append(
            (
                f"Restriction in force: {r.rule} {titles.get(r.rule, '')}: "
                f"{ACTION_WORDS[r.action]}, {short_date(r.start)} to {short_date(r.until)}",
                fonts.body,
                INK,
            )
        )
    if not plan.restrictions:
        lines.append(("No restriction in force.", fonts.body, MUTED))
    if data.override_differences:
        changed = "; ".join(
            f"{d.rule} {d.title}: {d.label} {d.value} (default {d.default})"
            for d in data.override_differences
        )
        lines.append((f"Rule thresholds changed by the PT: {changed}", fonts.body, INK))
    else:
        lines.append(("Rule thresholds: the defaults (not changed by a PT).", fonts.body, MUTED))
    for problem in data.override_problems:
        lines.append((f"Rule setting ignored: {problem}", fonts.body, RED_FLAG))

    pad = 4 * layout.pt
    bar = 2.2 * layout.pt
    inner = layout.width - 2 * pad - bar
    wrapped = [(layout.fonts.wrap(text, font, inner), font, colour) for text, font, colour in lines]
    height = 2 * pad + sum(len(w) * layout.fonts.line_height(font) for w, font, _ in wrapped)
    colour = SEVERITY_COLOURS.get(plan.severity, ACCENT)

    def paint(p: QPainter, x: float, y: float, w: float, _f: bool) -> None:
        p.fillRect(QRectF(x, y, w, height), QColor("#f4f6f8"))
        p.fillRect(QRectF(x, y, bar, height), colour)
        cursor = y + pad
        for text_lines, font, ink in wrapped:
            metrics = layout.fonts.metrics(font)
            p.setFont(font)
            p.setPen(ink)
            for line in text_lines:
                p.drawText(QPointF(x + bar + pad, cursor + metrics.ascent()), line)
                cursor += metrics.lineSpacing()

    layout.text(
        "Tomorrow and the rules in use", fonts.subheading, keep_with_next=True, space_before=8
    )
    layout.space(2)
    layout.add(Block(height, paint))


def _program(layout: ReportLayout) -> None:
    data = layout.data
    layout.heading(ReportSection.PROGRAM.heading)
    if not data.exercise_adherence:
        layout.text(
            "No home exercises were prescribed in this period.", layout.fonts.body, colour=MUTED
        )
        return
    layout.text(
        f"Adherence: exercise sessions done against those prescribed in the period "
        f"(all exercises together: {percent(data.adherence)}).",
        layout.fonts.small,
        colour=MUTED,
    )
    layout.space(2)
    layout.table(
        ["Exercise", "Dose", "Days a week", "Prescribed", "Status", "Done / due", "Adherence"],
        [
            [
                e.name,
                e.dose,
                str(e.per_week),
                e.dates,
                e.status,
                f"{e.done} / {e.prescribed:.1f}",
                percent(e.ratio),
            ]
            for e in data.exercise_adherence
        ],
        [0.29, 0.18, 0.07, 0.17, 0.07, 0.1, 0.12],
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
    import datetime as dt

    for index, ordinal in enumerate(weeks):
        x = axes.x(ordinal)
        p.setPen(QPen(RULE, 0.4 * layout.pt))
        p.drawLine(QLineF(x, axes.plot.bottom(), x, axes.plot.bottom() + 2 * layout.pt))
        if index % every:
            continue
        day = dt.date.fromordinal(ordinal)
        text = f"{day.day} {day:%b}"
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
    p.setFont(layout.fonts.small)
    for value in range(0, 11, 2):
        y = axes.y(value)
        p.setPen(QPen(RULE, 0.3 * pt, Qt.PenStyle.SolidLine if value == 0 else Qt.PenStyle.DotLine))
        p.drawLine(QLineF(plot.left(), y, plot.right(), y))
        p.setPen(MUTED)
        label = str(value)
        p.drawText(
            QPointF(
                plot.left() - 3 * pt - small.horizontalAdvance(label), y + small.ascent() / 2.6
            ),
            label,
        )
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
        f"acceptable-pain limit {limit:g} (rule P2)",
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
            ("red flag (hollow: seed symptom)", flag_swatch),
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
    p.setFont(layout.fonts.small)
    for value in range(0, 101, 25):
        y = axes.y(value)
        p.setPen(QPen(RULE, 0.3 * pt, Qt.PenStyle.SolidLine if value == 0 else Qt.PenStyle.DotLine))
        p.drawLine(QLineF(plot.left(), y, plot.right(), y))
        p.setPen(MUTED)
        label = str(value)
        p.drawText(
            QPointF(
                plot.left() - 3 * pt - small.horizontalAdvance(label), y + small.ascent() / 2.6
            ),
            label,
        )
        p.drawText(QPointF(plot.right() + 3 * pt, y + small.ascent() / 2.6), label)
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
        _label(p, layout, x + size + 1.5 * pt, y + small.ascent() / 2.6, f"AKPS {score:.0f}")
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
        [("exercise sessions done, % of prescribed (week)", bar_swatch), ("AKPS score", diamond)],
        layout,
    )
    if not trends.has_program:
        _empty_note(p, plot, "No exercise program or AKPS scores in this period", layout)


def _empty_note(p: QPainter, plot: QRectF, text: str, layout: ReportLayout) -> None:
    p.setFont(layout.fonts.body)
    p.setPen(MUTED)
    p.drawText(plot, Qt.AlignmentFlag.AlignCenter, text)


# --- painting pages ----------------------------------------------------------------------


def _paint_footer(p: QPainter, layout: ReportLayout, number: int, count: int) -> None:
    fonts = layout.fonts
    small = fonts.metrics(fonts.small)
    top = layout.height - layout.footer_height + 2 * layout.pt
    p.setPen(QPen(RULE, 0.5 * layout.pt))
    p.drawLine(QLineF(0, top, layout.width, top))
    p.setFont(fonts.small)
    p.setPen(MUTED)
    baseline = top + 2 * layout.pt + small.ascent()
    left = f"{APP_NAME} {__version__}"
    if layout.data.runner_name:
        left += f"  ·  {layout.data.runner_name}"
    left += f"  ·  {period_span(layout.data.first, layout.data.last)}"
    p.drawText(QPointF(0, baseline), left)
    page_text = f"Page {number} of {count}"
    p.setFont(fonts.table_bold)
    p.setPen(INK)
    p.drawText(
        QPointF(
            layout.width - fonts.metrics(fonts.table_bold).horizontalAdvance(page_text), baseline
        ),
        page_text,
    )
    p.setFont(fonts.small_italic)
    p.setPen(MUTED)
    disclaimer = fonts.wrap(DISCLAIMER, fonts.small_italic, layout.width)
    for k, line in enumerate(disclaimer[:2]):
        p.drawText(QPointF(0, baseline + (k + 1) * small.lineSpacing()), line)


def _paint_running_header(p: QPainter, layout: ReportLayout) -> None:
    fonts = layout.fonts
    small = fonts.metrics(fonts.small)
    p.setFont(fonts.small)
    p.setPen(MUTED)
    who = layout.data.runner_name or "Knee progress report"
    text = f"Knee progress report  ·  {who}" if layout.data.runner_name else who
    p.drawText(QPointF(0, small.ascent()), text)
    period = period_span(layout.data.first, layout.data.last)
    p.drawText(QPointF(layout.width - small.horizontalAdvance(period), small.ascent()), period)
    y = small.lineSpacing() + 2 * layout.pt
    p.setPen(QPen(RULE, 0.5 * layout.pt))
    p.drawLine(QLineF(0, y, layout.width, y))


def layout_report(device: QPagedPaintDevice, data: ReportData) -> tuple[ReportLayout, list[Page]]:
    """The blocks and pages of the report on `device` (nothing painted yet)."""
    layout = ReportLayout(device, data)
    _build(layout)
    return layout, layout.paginate()


def render_report(device: QPagedPaintDevice, data: ReportData) -> int:
    """Paint the whole report on `device` (a QPdfWriter, a QPrinter, the preview's printer).

    The device's page layout must already be set (`page_layout(paper)`). Returns the page count.
    """
    layout, pages = layout_report(device, data)
    painter = QPainter(device)
    if not painter.isActive():
        raise RuntimeError("the printer or PDF file could not be opened for painting")
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for number, page in enumerate(pages, start=1):
            if number > 1:
                device.newPage()
                _paint_running_header(painter, layout)
            _paint_footer(painter, layout, number, len(pages))
            first_row = next((b for b, _ in page.blocks if b.table is not None), None)
            for block, y in page.blocks:
                block.paint(painter, 0.0, y, layout.width, block is first_row)
    finally:
        painter.end()
    return len(pages)


def write_pdf(path: Path, data: ReportData) -> int:
    """Save the report as a PDF (text as text, fonts embedded); returns the page count."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(data.options.paper))
    writer.setTitle(f"Knee progress report {data.first.isoformat()} to {data.last.isoformat()}")
    writer.setCreator(f"{APP_NAME} {__version__}")
    pages = render_report(writer, data)
    del writer  # the file is complete once the writer is gone
    return pages
