"""The one chart style: date ticks at any span, and the same colours on screen and on paper."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from kneelog.persistence.db import Database
from kneelog.services.demo import populate_demo
from kneelog.services.report import ReportOptions, ReportSection, build_report
from kneelog.services.trends import TrendsService, trend_series
from kneelog.ui import chart_style as style
from kneelog.ui.chart_style import TickUnit, date_ticks
from kneelog.ui.printing import write_pdf
from kneelog.ui.report_charts import draw_pain_chart
from kneelog.ui.report_layout import ReportLayout, page_layout
from kneelog.ui.widgets.trends_view import RangePreset, TrendsView
from tests.report_journals import fill_year
from tests.ui.test_report import pdf_pages

UI = Path(__file__).resolve().parents[2] / "kneelog" / "ui"
CHART_MODULES = ("widgets/trends_view.py", "report_charts.py", "charts_export.py")
UNITS = list(TickUnit)


@given(
    first=st.dates(dt.date(1980, 1, 1), dt.date(2060, 12, 31)),
    span=st.integers(0, 20 * 366),
    max_labels=st.integers(-1, 40),
    finest=st.sampled_from(UNITS),
    week_start=st.integers(0, 6),
)
def test_date_ticks_fit_any_span_from_a_day_to_twenty_years(
    first: dt.date, span: int, max_labels: int, finest: TickUnit, week_start: int
) -> None:
    last = first + dt.timedelta(days=span)
    ticks = date_ticks(first, last, max_labels, finest=finest, week_start=week_start)
    days, labels = ticks.days, ticks.labels
    assert 1 <= len(days) <= max(1, max_labels)
    assert all(first <= day <= last for day in days)
    assert list(days) == sorted(set(days))
    assert len(set(labels)) == len(labels), labels  # no label comes round again
    assert UNITS.index(ticks.unit) >= UNITS.index(finest)
    if days == (first,):
        return  # no tick day in the span (a day or two between week starts): the first day
    if ticks.unit is TickUnit.WEEK:
        assert {day.weekday() for day in days} == {week_start}
    if ticks.unit in (TickUnit.MONTH, TickUnit.YEAR):
        assert all(day.day == 1 for day in days)
    if ticks.unit is TickUnit.YEAR:
        assert all(day.month == 1 for day in days)
        assert labels == [str(day.year) for day in days]


def test_date_ticks_take_the_finest_that_fits_and_name_the_year_beyond_one() -> None:
    day = dt.date(2026, 12, 4)
    one = date_ticks(day, day, 10)
    assert (one.unit, one.labels) == (TickUnit.DAY, ["4 Dec"])
    weeks = date_ticks(dt.date(2026, 11, 1), dt.date(2026, 11, 30), 10, finest=TickUnit.WEEK)
    assert weeks.labels == ["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]
    sundays = date_ticks(
        dt.date(2026, 11, 1), dt.date(2026, 11, 30), 10, finest=TickUnit.WEEK, week_start=6
    )
    assert sundays.labels == ["1 Nov", "8 Nov", "15 Nov", "22 Nov", "29 Nov"]
    two_years = date_ticks(dt.date(2024, 6, 1), dt.date(2026, 6, 30), 10, finest=TickUnit.WEEK)
    assert (two_years.unit, two_years.step) == (TickUnit.MONTH, 3)
    assert two_years.labels[:2] == ["Jul 2024", "Oct 2024"]
    twenty = date_ticks(dt.date(2006, 7, 1), dt.date(2026, 6, 30), 8)
    assert twenty.labels == ["2010", "2015", "2020", "2025"]  # steps of 1, 2, 5, 10, ... years
    # Per unit, as a month label is wider than a day's.
    room = {TickUnit.DAY: 40, TickUnit.WEEK: 40, TickUnit.MONTH: 3, TickUnit.YEAR: 5}
    assert date_ticks(dt.date(2025, 1, 1), dt.date(2026, 12, 31), room.__getitem__).labels == [
        "2025",
        "2026",
    ]
    with pytest.raises(ValueError, match="before"):
        date_ticks(day, day - dt.timedelta(days=1), 5)


def test_the_chart_modules_name_no_colour_of_their_own() -> None:
    """Every colour the Trends tab, the report's charts and the chart export draw with comes from
    chart_style: no hex colour, and no colour built from numbers, in their source."""
    literal = re.compile(
        r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|(?:QColor|mkBrush|mkPen|mkColor)\(\d"
    )
    found = {
        name: literal.findall((UI / name).read_text(encoding="utf-8")) for name in CHART_MODULES
    }
    assert found == {name: [] for name in CHART_MODULES}
    # The report's page keeps its own inks, but no second copy of the chart palette.
    okabe_ito = {c.hex.lower() for c in (style.ORANGE, style.SKY_BLUE, style.GREEN, style.BLUE)}
    okabe_ito |= {c.hex.lower() for c in (style.VERMILLION, style.PURPLE)}
    for name in ("report_layout.py", "printing.py"):
        source = (UI / name).read_text(encoding="utf-8").lower()
        assert not [hex for hex in okabe_ito if hex in source], name


def _has(image: QImage, colour: QColor) -> bool:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32)
    return bool((pixels == (colour.rgb() & 0xFFFFFFFF)).any())


@pytest.mark.gui
def test_each_pain_series_has_one_colour_on_screen_and_on_paper(
    qapp: QApplication, db: Database, tmp_path: Path
) -> None:
    """The Trends tab and the printed chart both draw during, after and next-morning pain in
    the palette's colour for it (the morning was orange on screen and blue on paper)."""
    today = dt.date(2026, 12, 4)
    populate_demo(db, today)
    view = TrendsView()
    view.resize(1200, 900)
    view.set_series(trend_series(TrendsService(db).read(), today))
    view.set_preset(RangePreset.WEEKS_4)
    screen = view.canvas.grab().toImage()

    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setResolution(300)
    writer.setPageLayout(page_layout(ReportOptions(today, today).paper))
    data = build_report(db, ReportOptions(today - dt.timedelta(days=27), today), today)
    layout = ReportLayout(writer, data)
    paper = QImage(int(layout.width), int(90 * layout.pt), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    try:
        draw_pain_chart(painter, QRectF(0, 0, paper.width(), paper.height()), data, layout)
    finally:
        painter.end()
    for line in (style.PAIN_DURING, style.PAIN_AFTER, style.PAIN_MORNING):
        colour = line.colour.qcolor()
        assert _has(screen, colour), colour.name()
        assert _has(paper, colour), colour.name()
    view.deleteLater()


@pytest.mark.gui
def test_a_year_long_report_labels_months_with_their_year(
    qapp: QApplication, db: Database, tmp_path: Path
) -> None:
    """Week starts ("4 May") only while they fit; a year's chart says "Jan 2026", not a run of
    week starts that never names the year."""
    last = dt.date(2026, 5, 6)
    fill_year(db, last)
    options = ReportOptions(
        last - dt.timedelta(days=364), last, sections=frozenset({ReportSection.CHARTS})
    )
    write_pdf(tmp_path / "year.pdf", build_report(db, options, last))
    text = " ".join(pdf_pages(tmp_path / "year.pdf"))
    months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    assert "Jul 2025 Sep 2025 Nov 2025 Jan 2026 Mar 2026 May 2026" in text
    # A day and month without its year: a week-start label (the page's own dates have the year).
    assert not re.findall(rf"\b\d{{1,2}} (?:{months})\b(?! \d{{4}})", text)


def test_the_report_and_the_style_load_no_pyqtgraph() -> None:
    """The chart style serves the report without the screen's chart library."""
    code = (
        "import sys, kneelog.ui.chart_style, kneelog.ui.printing, kneelog.ui.report_charts; "
        "print('pyqtgraph' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=UI.parents[1],
    )
    assert result.stdout.strip() == "False"
