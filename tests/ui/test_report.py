"""The PT report as a PDF: text that can be extracted (pypdf), figures, dates, sections, pages."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QLocale, QPointF
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QApplication

from kneelog import DISCLAIMER, __version__
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.persistence.db import MEMORY, Database
from kneelog.services.demo import populate_demo
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.report import (
    Paper,
    ReportOptions,
    ReportSection,
    build_report,
)
from kneelog.ui.app import Application
from kneelog.ui.printing import layout_report, write_pdf
from kneelog.ui.report_layout import locale_paper, page_layout
from kneelog.ui.widgets.report_dialog import ReportDialog
from tests.report_journals import SMALL_FIRST, SMALL_LAST, fill_small, fill_year

TODAY = SMALL_LAST


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with runs of white space made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(str(path)).pages]


def write(db: Database, tmp_path: Path, options: ReportOptions, name: str = "r.pdf") -> list[str]:
    path = tmp_path / name
    pages = write_pdf(path, build_report(db, options, TODAY))
    text = pdf_pages(path)
    assert len(text) == pages
    return text


@pytest.fixture
def small(db: Database) -> Database:
    fill_small(db)
    return db


def test_summary_figures_dates_and_titles_are_in_the_pdf(
    qapp: QApplication, small: Database, tmp_path: Path
) -> None:
    pages = write(small, tmp_path, ReportOptions(SMALL_FIRST, SMALL_LAST, notes="Can I race?"))
    first = pages[0]
    for expected in (
        "Knee progress report",
        "Test Runner",
        "Dr Pat Therapist",
        "Wed 1 Apr 2026 to Tue 28 Apr 2026 (28 days)",
        "Printed Tue 28 Apr 2026",
        "This period against the 28 days before (Wed 4 Mar to Tue 31 Mar 2026)",
        "Pain during runs (0-10) 2.5 (14 days) – nothing logged before this period",
        "Morning pain (0-10) 2.0 (28 days)",
        "Running distance 18.6 km a week",
        "Kujala AKPS (0-100, higher is better) 72 on Sat 25 Apr 60 on Sun 1 Mar better: up 12",
        "Red-flag episodes",
        "Clinician visits None recorded",
        "Ran more than advised 3 days: Fri 10 Apr, Sun 12 Apr, Mon 20 Apr",
        "The plan in force today, Tue 28 Apr 2026",
        "Rule thresholds: the defaults",
    ):
        assert expected in first, expected
    everything = " ".join(pages)
    for expected in (
        "14 runs, 74.5 km in total; 18.6 km a week on average",
        "9.5 km on Mon 20 Apr",
        "2 sessions, 3 km",
        "Fri 10 Apr: Swelling (red flag)",
        "Trainer X 174 km of 600 km",
    ):
        assert expected in everything, expected
    everything = " ".join(pages)
    for title in ReportSection:
        # The summary is page 1's comparison, headed by what it compares.
        assert title is ReportSection.SUMMARY or title.heading in everything
    assert "Can I race?" in everything
    assert "Sun 12 Apr" in everything  # a journal row's date


def test_every_page_has_the_footer(qapp: QApplication, small: Database, tmp_path: Path) -> None:
    pages = write(small, tmp_path, ReportOptions(SMALL_FIRST, SMALL_LAST))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"KneeLog {__version__}" in text
        assert DISCLAIMER.split(".")[0] in text


def test_the_fonts_are_embedded(qapp: QApplication, small: Database, tmp_path: Path) -> None:
    write(small, tmp_path, ReportOptions(SMALL_FIRST, SMALL_LAST))
    reader = PdfReader(str(tmp_path / "r.pdf"))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor


def test_page_counts(qapp: QApplication, small: Database, tmp_path: Path) -> None:
    summary_only = ReportOptions(SMALL_FIRST, SMALL_LAST, frozenset({ReportSection.SUMMARY}))
    assert len(write(small, tmp_path, summary_only, "a.pdf")) == 1
    letter = ReportOptions(
        SMALL_FIRST, SMALL_LAST, frozenset({ReportSection.SUMMARY}), paper=Paper.LETTER
    )
    assert len(write(small, tmp_path, letter, "b.pdf")) == 1
    reader = PdfReader(str(tmp_path / "b.pdf"))
    width_pt = float(reader.pages[0].mediabox.width)
    assert width_pt == pytest.approx(612, abs=1)  # 8.5 in
    a4 = PdfReader(str(tmp_path / "a.pdf"))
    assert float(a4.pages[0].mediabox.width) == pytest.approx(595, abs=1)


def test_a_year_paginates_with_the_journal_header_on_every_page(
    qapp: QApplication, tmp_path: Path
) -> None:
    db = open_journal(MEMORY)  # a year of entries one by one: no disk syncs
    fill_year(db, TODAY, days=365)
    options = ReportOptions(
        TODAY - dt.timedelta(days=364), TODAY, frozenset({ReportSection.JOURNAL})
    )
    layout, pages = layout_report(_pdf_device(tmp_path, options), build_report(db, options, TODAY))
    assert len(pages) > 5
    text = write(db, tmp_path, options, "year.pdf")
    assert len(text) == len(pages)
    for page in text:
        assert (
            "Date Morning pain Stiffness Session Distance Time RPE Pain during Pain after "
            "Symptoms Notes" in page
        )
    # every day of the year is in the table once
    body = " ".join(text)
    assert "28 Apr 2026 " in body and "29 Apr 2025 " in body
    # no block runs into the footer
    for page in pages:
        for block, y in page.blocks:
            assert y + block.height <= layout.body_height() + 0.5
    db.close()


def _pdf_device(tmp_path: Path, options: ReportOptions):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setResolution(600)
    writer.setPageLayout(page_layout(options.paper))
    return writer


def test_an_empty_period_and_a_period_without_runs(
    qapp: QApplication, db: Database, tmp_path: Path
) -> None:
    empty = write(db, tmp_path, ReportOptions(SMALL_FIRST, SMALL_LAST), "empty.pdf")
    text = " ".join(empty)
    assert "No runs logged in this period" in text
    assert "Nothing was logged in this period." in text
    assert "nothing logged before this period" in text
    assert "No home exercises were prescribed in this period." in text
    assert "no score in this period" in text
    # No empty chart: one line says why each is left out.
    assert "no chart, as no pain score and no run with a distance was logged" in text
    assert "no chart, as no exercise program was prescribed and no AKPS score" in text
    assert "running km per week" not in text and "% of prescribed" not in text
    journal = EntryService(db)
    journal.save_checkin(CheckInRecord.new(date=SMALL_FIRST, morning_pain=3))
    journal.save_session(SessionRecord.new(date=SMALL_LAST, activity="cycle", duration_s=3600))
    no_runs = " ".join(write(db, tmp_path, ReportOptions(SMALL_FIRST, SMALL_LAST), "c.pdf"))
    assert "No runs logged in this period" in no_runs
    assert "1 session" in no_runs and "Cycle" in no_runs


def test_long_notes_and_many_symptoms_flow_over_pages(
    qapp: QApplication, db: Database, tmp_path: Path
) -> None:
    journal = EntryService(db)
    for offset in range(28):
        journal.save_checkin(
            CheckInRecord.new(
                date=SMALL_FIRST + dt.timedelta(days=offset),
                morning_pain=2,
                symptoms=["swelling", "locking", "night_pain", "giving_way", "stiffness"],
                notes="A very long note about the knee. " * 25,
            )
        )
    notes = "\n".join(f"Question {k}: " + "is this normal? " * 30 for k in range(15))
    options = ReportOptions(SMALL_FIRST, SMALL_LAST, notes=notes)
    pages = write(db, tmp_path, options)
    text = " ".join(pages)
    assert "Question 0:" in text and "Question 14:" in text
    assert "28 days." in text  # the symptom-day count on page 1
    assert "Days with red-flag or other warning symptoms" in text  # the full list, past 8 days
    assert len(pages) > 4
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_the_demo_journal_report(qapp: QApplication, db: Database, tmp_path: Path) -> None:
    today = dt.date(2026, 5, 6)
    populate_demo(db, today)
    options = ReportOptions(today - dt.timedelta(weeks=12, days=-1), today)
    path = tmp_path / "demo.pdf"
    write_pdf(path, build_report(db, options, today))
    first = pdf_pages(path)[0]
    assert "Alex Demo" in first and "Sam Rivera, PT" in first
    assert "84 on Wed 8 Apr 62 on Wed 14 Jan better: up 22 points" in first
    assert "Red-flag episodes" in first
    assert "The plan in force today, Wed 6 May 2026" in first


def test_the_cli_writes_the_pdf(db_path: Path, tmp_path: Path) -> None:
    database = open_journal(db_path)
    fill_small(database)
    database.close()
    out = tmp_path / "cli.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kneelog",
            "--db",
            str(db_path),
            "report",
            "--from",
            "2026-04-01",
            "--to",
            "2026-04-28",
            "-o",
            str(out),
            "--paper",
            "letter",
            "--notes",
            "Question from the command line",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert "2026-04-01 to 2026-04-28" in result.stdout
    text = " ".join(pdf_pages(out))
    assert "Question from the command line" in text
    assert "14 runs, 74.5 km in total" in text
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "kneelog",
            "--db",
            str(db_path),
            "report",
            "--from",
            "April",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert bad.returncode == 1 and "is not a date" in bad.stderr


def test_locale_paper() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    de = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert locale_paper(us) is Paper.LETTER and locale_paper(de) is Paper.A4
    assert page_layout(Paper.LETTER).pageSize().id() == QPageSize.PageSizeId.Letter


def test_the_dialog_reads_the_choice(qtbot) -> None:  # type: ignore[no-untyped-def]
    initial = ReportOptions(SMALL_FIRST, SMALL_LAST, notes="old notes")
    dialog = ReportDialog(initial, SMALL_FIRST + dt.timedelta(days=3), TODAY, "Save PDF…")
    qtbot.addWidget(dialog)
    dialog.sections[ReportSection.JOURNAL].setChecked(False)
    dialog.notes.setPlainText("  new question  ")
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    chosen = dialog.options()
    assert ReportSection.JOURNAL not in chosen.sections
    assert chosen.notes == "new question" and chosen.paper is Paper.LETTER
    dialog.last.setDate(QDate(2026, 3, 1))
    assert not dialog.ok.isEnabled() and "ends before" in dialog.problem.text()
    dialog.presets["weeks_4"].click()
    assert dialog.options().first == TODAY - dt.timedelta(days=27)
    dialog.presets["weeks_12"].click()
    assert dialog.options().first == TODAY - dt.timedelta(days=83)
    dialog.presets["since_visit"].click()
    assert (dialog.options().first, dialog.options().last) == (
        SMALL_FIRST + dt.timedelta(days=3),
        TODAY,
    )
    # Without a visit the "since the last visit" choice is there but cannot be taken.
    other = ReportDialog(initial, None, TODAY, "Save PDF…")
    qtbot.addWidget(other)
    assert not other.presets["since_visit"].isEnabled()


def test_export_from_the_window(app_on, small: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    application: Application = app_on(small)
    menu_texts = [a.text() for a in application.window.file_menu.actions()]
    assert "Print pre&view…" in menu_texts and "&Print report…" in menu_texts
    reports = application.reports
    options = ReportOptions(SMALL_FIRST, SMALL_LAST, notes="From the window")
    path = reports.export_pdf(options, tmp_path / "window.pdf")
    assert path is not None and "From the window" in " ".join(pdf_pages(path))
    assert reports.initial_options().first == SMALL_FIRST  # the first entry (no visit)
    preview = reports.preview(options)
    assert preview is not None
    preview.close()


def test_the_qt_bindings_keep_their_references_to_none() -> None:
    """PySide6 6.12.0 on Python < 3.12 dropped a reference to None per void call and aborted
    after about 5,000 calls (a report paints tens of thousands); the lock pins a good version."""
    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        point.setX(1.0)
    assert sys.getrefcount(None) >= before - 100


def test_the_cli_s_default_period_runs_from_the_last_visit(db_path: Path, tmp_path: Path) -> None:
    """Without --from/--to: from the first entry (at most 12 weeks back), then, once a visit is
    logged, from that visit to today."""
    from kneelog.services.visits import VisitService, new_visit

    today = dt.date.today()
    database = open_journal(db_path)
    journal = EntryService(database)
    started = today - dt.timedelta(days=30)
    journal.save_checkin(CheckInRecord.new(date=started, morning_pain=2))
    journal.save_session(SessionRecord.new(date=today, activity="run", distance_m=5000.0))
    database.close()

    def run() -> str:
        out = tmp_path / "default.pdf"
        result = subprocess.run(
            [sys.executable, "-m", "kneelog", "--db", str(db_path), "report", "-o", str(out)],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert f"{started} to {today}" in run()
    database = open_journal(db_path)
    visit = today - dt.timedelta(days=9)
    VisitService(database).save_visit(new_visit(visit)._replace(clinician="PT"))
    database.close()
    stdout = run()
    assert f"{visit} to {today}" in stdout
    first = pdf_pages(tmp_path / "default.pdf")[0]
    assert "since the last visit" in first
    assert f"{short(visit)}, PT" in first


def short(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def test_page_one_answers_and_every_day_is_in_the_advice(
    qapp: QApplication, db: Database, tmp_path: Path
) -> None:
    """The demo with a clearing visit: page 1 alone names the knee and condition, the period
    since the visit, the figures against the days before, red flags, the visit and today's plan;
    the advice table has every day of the period."""
    from kneelog.core.visits import ReturnPlan
    from kneelog.services.visits import VisitService, new_visit

    today = dt.date(2026, 5, 6)
    populate_demo(db, today)
    visit = today - dt.timedelta(weeks=5)
    VisitService(db).save_visit(
        new_visit(visit)._replace(
            clinician="PT", cleared_to_run=True, return_plan=ReturnPlan.WALK_RUN
        )
    )
    from kneelog.services.report import report_period

    first, last = report_period(db, today)
    assert (first, last) == (visit, today)
    path = tmp_path / "visit.pdf"
    data = build_report(db, ReportOptions(first, last), today)
    write_pdf(path, data)
    pages = pdf_pages(path)
    page_one = pages[0]
    for expected in (
        "Right knee · Patellofemoral pain (runner's knee)",
        "Made worse by stairs, running downhill, sitting for long",
        "Goal Run a 10 km race pain-free, by",
        f"Period {visit:%a} {visit.day} {visit:%b %Y} to Wed 6 May 2026 (36 days), since the "
        "last visit",
        "This period against the 36 days before",
        "Pain during runs (0-10)",
        "Pain after runs (0-10)",
        "Morning pain (0-10)",
        "Running distance",
        "Home exercises done",
        "Kujala AKPS (0-100, higher is better)",
        "Red-flag episodes",
        f"Clinician visits {short(visit)}, PT: cleared to run (walk-run return)",
        "The plan in force today, Wed 6 May 2026",
    ):
        assert expected in page_one, expected
    # Every change is worded by the thresholds, never as a bare signed number.
    for comparison in data.comparisons:
        assert comparison.change == "" or comparison.change.startswith(
            (
                "better",
                "worse",
                "no meaningful change",
                "no change",
                "more",
                "less",
                "about the same",
                "higher",
                "lower",
                "the first score",
                "running again",
                "nothing logged",
                "no running",
            )
        ), comparison.change
    # No codes and no fractional counts anywhere.
    everything = " ".join(pages)
    assert not re.search(r"\b[MSDA]\d\b", everything)
    assert not re.search(r"\d+ / \d+\.\d", everything)
    # Every day of the period has its advice row.
    advice = everything[everything.index("What was advised and what was done") :]
    assert "Visit: PT: cleared to run (walk-run return)" in advice
    day = first
    while day <= last:
        assert short(day) in advice, day
        day += dt.timedelta(days=1)


def test_no_page_is_mostly_blank(qapp: QApplication, small: Database, tmp_path: Path) -> None:
    """The small journal's tail of the journal table once took a page of its own: the tighter
    layout pulls it back, and every page is at least a third full."""
    options = ReportOptions(SMALL_FIRST, SMALL_LAST)
    data = build_report(small, options, TODAY)
    layout, pages = layout_report(_pdf_device(tmp_path, options), data)
    assert layout.row_padding < 2.5  # the tighter layout saved a page here
    assert all(layout.fill(page) >= 0.35 for page in pages), [layout.fill(p) for p in pages]


def test_partial_weeks_are_labelled_on_the_charts(
    qapp: QApplication, small: Database, tmp_path: Path
) -> None:
    """1-28 April 2026 runs Wednesday to Tuesday: both end weeks are partial and say so."""
    text = write(small, tmp_path, ReportOptions(SMALL_FIRST, SMALL_LAST))[0]
    assert "5 days" in text and "2 days" in text and "partial week" in text
