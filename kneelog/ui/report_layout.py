"""The report's page geometry, fonts, colours and flow: blocks of known height placed on pages.

Text is measured with the device's own font metrics, so what is laid out is what prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QLineF, QLocale, QMarginsF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextLayout,
)

from kneelog.core import Severity
from kneelog.services import Paper, ReportData, paper_for_territory
from kneelog.ui import chart_style

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
RED_FLAG = chart_style.RED_FLAG.qcolor()
"""The red of the charts' red-flag marks, for the words about one."""
BETTER = QColor("#1b7a46")
SEVERITY_COLOURS = {
    Severity.URGENT: RED_FLAG,
    Severity.REFER: RED_FLAG,
    Severity.STOP: chart_style.ORANGE.qcolor(),
    Severity.CAUTION: chart_style.ORANGE.qcolor(),
    Severity.INFO: chart_style.GREEN.qcolor(),
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

    def __init__(
        self, device: QPagedPaintDevice, data: ReportData, *, row_padding: float = 2.5
    ) -> None:
        self.device = device
        self.data = data
        self.row_padding = row_padding
        """Points above and below a table row's text (less in a tighter layout)."""
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
        pad = self.row_padding * self.pt
        total = sum(fractions)
        widths = [self.width * f / total for f in fractions]
        if show_header:
            widths = self._fit_header_words(headers, widths, pad)
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

    def _fit_header_words(
        self, headers: Sequence[str], widths: list[float], pad: float
    ) -> list[float]:
        """Widen any column whose header has a word wider than it (so no header word breaks in
        the middle, whatever the installed font), taking the room from the roomiest columns."""
        metrics = self.fonts.metrics(self.fonts.table_bold)
        needed = [
            max((metrics.horizontalAdvance(word) for word in header.split()), default=0.0)
            + 2 * pad
            + 0.5 * self.pt
            for header in headers
        ]
        widths = list(widths)
        for index, need in enumerate(needed):
            short = need - widths[index]
            while short > 0.01:
                donor = max(
                    (k for k in range(len(widths)) if k != index),
                    key=lambda k: widths[k] - needed[k],
                    default=None,
                )
                if donor is None or widths[donor] - needed[donor] <= 0:
                    break
                given = min(short, widths[donor] - needed[donor])
                widths[donor] -= given
                widths[index] += given
                short -= given
        return widths

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

    def fill(self, page: Page) -> float:
        """How much of the page's body its blocks take (0-1)."""
        if not page.blocks:
            return 0.0
        bottom = max(y + block.height for block, y in page.blocks)
        return bottom / self.body_height()

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
