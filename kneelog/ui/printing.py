"""Paints the PT-visit progress report on any paged device: print preview, printer and PDF alike.

`render_report(device, data)` lays the report out at the device's own resolution (text measured
with the device's font metrics), flows it over pages (tables split between rows and repeat their
header row, long text splits between lines), then paints every page with its footer ("page X of
Y", the version and the disclaimer). Everything is vector: text stays text in a PDF and the
charts are QPainter paths, sharp at any print resolution.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QLineF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)

from kneelog import APP_NAME, DISCLAIMER, __version__
from kneelog.core import (
    KneelogError,
    date_span as period_span,
    long_date,
    percent,
    plural,
    short_date,
)
from kneelog.persistence import check_output, write_private_bytes
from kneelog.services import (
    ACTION_WORDS,
    AKPS_MCID_SOURCE,
    PAIN_MCID_SOURCE,
    SUMMARY_SYMPTOM_DAYS,
    DayAdvice,
    RedFlagEpisode,
    ReportData,
    ReportSection,
    ShoeLine,
    Tone,
    caps_line,
    profile_headline,
    profile_rows,
    visit_text,
)
from kneelog.ui.report_charts import draw_charts
from kneelog.ui.report_layout import (
    ACCENT,
    BETTER,
    INK,
    MUTED,
    PDF_RESOLUTION,
    RED_FLAG,
    RULE,
    SEVERITY_COLOURS,
    Block,
    Page,
    ReportLayout,
    page_layout,
)

# --- the report's content ------------------------------------------------------------------

MOSTLY_BLANK = 0.35
"""A last page filled less than this is worth one tighter layout to pull it back."""
TIGHT_ROW_PADDING = 1.4
TONE_COLOURS = {Tone.BETTER: BETTER, Tone.WORSE: RED_FLAG}


def _build(layout: ReportLayout) -> None:
    data = layout.data
    fonts = layout.fonts
    options = data.options

    layout.text("Knee progress report", fonts.title, colour=ACCENT)
    headline = profile_headline(data.profile)
    layout.text(
        headline or "Running, knee pain and home exercises, for the physical therapist",
        fonts.subheading if headline else fonts.body,
        colour=INK if headline else MUTED,
    )
    layout.space(6)
    people = [("Runner", data.runner_name or "(name not entered)")]
    if data.pt_name:
        people.append(("Physical therapist", data.pt_name))
    period = data.period_text()
    if data.last_visit is not None and data.last_visit.date == data.first:
        period += ", since the last visit"
    people += [("Period", period), ("Printed", long_date(data.printed))]
    if data.profile is not None and not data.profile.is_empty:
        people += [(label, text) for label, text in profile_rows(data.profile)]
    layout.table(
        ["", ""], [list(row) for row in people], [0.22, 0.78], bold_first=True, show_header=False
    )

    if options.has(ReportSection.SUMMARY):
        _summary(layout)
    if options.has(ReportSection.NOTES):
        notes = options.notes.strip()
        if notes:
            layout.heading(ReportSection.NOTES.heading)
            layout.text(notes, fonts.body)
    if options.has(ReportSection.CHARTS):
        layout.heading(ReportSection.CHARTS.heading)
        draw_charts(layout)
    if options.has(ReportSection.SUMMARY):
        _training(layout)
    if options.has(ReportSection.ADVICE):
        _advice(layout)
    if options.has(ReportSection.PROGRAM):
        _program(layout)
    if options.has(ReportSection.JOURNAL):
        _journal(layout)


def _summary(layout: ReportLayout) -> None:
    """Page 1: the headline figures against the days before, red flags, visits, today's plan."""
    data = layout.data
    fonts = layout.fonts
    layout.heading(f"This period against {data.previous_text()}")
    rows = [[c.label, c.now, c.before, c.change] for c in data.comparisons]
    layout.table(
        ["", "This period", f"The {plural(data.previous_days, 'day')} before", "Change"],
        rows,
        [0.29, 0.2, 0.2, 0.31],
        bold_first=True,
        row_colours=[TONE_COLOURS.get(c.tone) for c in data.comparisons],
    )
    layout.text(
        f"Pain: the mean of each day's worst score. Better or worse means a clinically important "
        f"change: {PAIN_MCID_SOURCE}; {AKPS_MCID_SOURCE}. Distance and exercises have no such "
        "threshold and are only described.",
        fonts.small,
        colour=MUTED,
        space_before=2,
    )

    rows = []
    if data.red_flag_episodes:
        rows.append(
            [
                "Red-flag episodes",
                "; ".join(_episode_text(data, e) for e in data.red_flag_episodes),
            ]
        )
    else:
        rows.append(["Red-flag episodes", "None in this period"])
    if data.visits:
        rows.append(
            [
                "Clinician visits",
                "; ".join(f"{short_date(v.date)}, {visit_text(v)}" for v in data.visits),
            ]
        )
    elif data.last_visit is not None:
        rows.append(
            [
                "Clinician visits",
                f"None in this period; the last: {long_date(data.last_visit.date)}, "
                f"{visit_text(data.last_visit)}",
            ]
        )
    else:
        rows.append(["Clinician visits", "None recorded"])
    over = data.over_days
    if over:
        listed = ", ".join(short_date(d.date) for d in over[:6])
        more = f" and {len(over) - 6} more" if len(over) > 6 else ""
        rows.append(
            [
                "Ran more than advised",
                f"{plural(len(over), 'day')}: {listed}{more} (each listed under "
                f"“{ReportSection.ADVICE.heading}”)",
            ]
        )
    else:
        rows.append(["Ran more than advised", "On no day of the period"])
    layout.space(6)
    layout.table(["", ""], rows, [0.22, 0.78], bold_first=True, show_header=False)
    _plan(layout)


def _episode_text(data: ReportData, episode: RedFlagEpisode) -> str:
    """E.g. "Locking or giving way: opened Tue 3 Nov, closed by the visit on Fri 6 Nov"."""
    opened = short_date(episode.first) if episode.first >= data.first else long_date(episode.first)
    text = f"{', '.join(episode.rules)}: opened {opened}"
    if episode.last >= data.last:
        text += ", still open (running stays stopped until a visit clears it)"
    else:
        # The plan of a day sees the visits before it: the last open day is the visit's.
        text += f", closed by the clinician visit on {short_date(episode.last)}"
    return f"{text}; advised: {episode.advice}"


def _training(layout: ReportLayout) -> None:
    data = layout.data
    layout.heading("Training in the period")
    rows: list[list[str]] = []
    if data.runs:
        rows.append(
            [
                "Running",
                f"{plural(data.runs, 'run')}, {data.distance(data.running_km)} in total; "
                f"{data.distance(data.weekly_km)} a week on average",
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
    cross = plural(data.cross_training_sessions, "session")
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
        text = f"{plural(len(data.symptom_days), 'day')}. {listed}"
        if more > 0:
            text += f"; and {more} more days (all listed below)"
        rows.append(["Red-flag or other warning symptoms", text])
    else:
        rows.append(["Red-flag or other warning symptoms", "None logged"])
    rows.append(["Kujala AKPS (0-100)", _akps_text(data)])
    if data.shoes:
        rows.append(["Shoes", "; ".join(_shoe_text(data, s) for s in data.shoes)])
    layout.table(["", ""], rows, [0.22, 0.78], bold_first=True, show_header=False)
    if len(data.symptom_days) > SUMMARY_SYMPTOM_DAYS:
        layout.text(
            "Days with red-flag or other warning symptoms",
            layout.fonts.subheading,
            keep_with_next=True,
            space_before=8,
        )
        layout.space(2)
        layout.table(
            ["Date", "Symptoms", "Kind"],
            [
                [
                    data.row_date(d.date),
                    d.describe(),
                    "red flag" if d.red_flags else "warning symptom",
                ]
                for d in data.symptom_days
            ],
            [0.18, 0.62, 0.20],
        )


def _akps_text(data: ReportData) -> str:
    if not data.akps_scores:
        return "No score in this period"
    scores = ", ".join(f"{a.score} on {short_date(a.date)}" for a in data.akps_scores)
    return f"In this period: {scores}. Higher is better; {AKPS_MCID_SOURCE}."


def _shoe_text(data: ReportData, shoe: ShoeLine) -> str:
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
    when = "today" if day == data.printed else "on the period's last day"
    lines: list[tuple[str, QFont, QColor]] = [
        (
            f"The plan in force {when}, {long_date(day)}: {ACTION_WORDS[plan.action]}",
            fonts.body_bold,
            INK,
        ),
        (plan.headline, fonts.body, INK),
    ]
    if plan.summary:
        lines.append((plan.summary, fonts.body, INK))
    if not plan.run_allowed:
        lines.append((caps_line(plan, data.unit), fonts.body, INK))
    titles = {reason.rule: reason.title for reason in plan.reasons + plan.overridden}
    for r in plan.restrictions:
        lines.append(
            (
                f"In force: {titles.get(r.rule, r.rule)}: {ACTION_WORDS[r.action]}, "
                f"{short_date(r.start)} to {short_date(r.until)}",
                fonts.body,
                INK,
            )
        )
    if data.override_differences:
        changed = "; ".join(
            f"{d.title}: {d.label} {d.value} (default {d.default})"
            for d in data.override_differences
        )
        lines.append((f"Rule thresholds changed by the PT: {changed}", fonts.body, INK))
    else:
        lines.append(("Rule thresholds: the defaults (not changed by a PT).", fonts.small, MUTED))
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

    layout.add(Block(height, paint, space_before=8 * layout.pt))


def _advice(layout: ReportLayout) -> None:
    data = layout.data
    layout.heading(ReportSection.ADVICE.heading)
    shown = any(r.shown for r in data.advice)
    intro = (
        "Every day of the period: the plan KneeLog works out for that day from the journal (the "
        "same rules as the app), what was logged that day, and whether the running kept to it. "
        "Pain and stiffness 0-10."
    )
    intro += (
        " “Shown”: the app showed that day's plan at the time."
        if shown
        else " The app showed none of these plans at the time (it keeps a plan when it shows it)."
    )
    layout.text(intro, layout.fonts.small, colour=MUTED)
    layout.space(2)
    rows = []
    before: DayAdvice | None = None
    for r in data.advice:
        # A plan repeated day after day is written once, and one that only changed its numbers
        # gives just the new limit: a year's table stays readable.
        text = r.advice
        if before is not None and before.action == r.action:
            if before.advice == r.advice:
                text = "As the day before"
            elif r.limit and _numbers_apart(before.advice) == _numbers_apart(r.advice):
                text = f"As the day before, {r.limit}"
        before = r
        row = [data.row_date(r.date), text, r.logged, r.kept]
        if shown:
            row.insert(2, r.shown)
        rows.append(row)
    headers = ["Date", "Advised", "Logged", "Kept to it?"]
    fractions = [0.1, 0.38, 0.36, 0.16]
    if shown:
        headers.insert(2, "Shown")
        fractions = [0.1, 0.34, 0.07, 0.33, 0.16]
    layout.table(
        headers, rows, fractions, row_colours=[RED_FLAG if r.over else None for r in data.advice]
    )


def _numbers_apart(text: str) -> str:
    """The text with its numbers blanked: two plans that differ only in them say the same."""
    return re.sub(r"\d+(?:\.\d+)?", "#", text)


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
        [
            "Exercise",
            "Dose",
            "Days a week",
            "Prescribed",
            "Status",
            "Sessions done",
            "Adherence",
        ],
        [
            [
                e.name,
                e.dose,
                str(e.per_week),
                e.dates,
                e.status,
                e.done_text,
                percent(e.ratio),
            ]
            for e in data.exercise_adherence
        ],
        [0.29, 0.18, 0.07, 0.17, 0.07, 0.1, 0.12],
    )


def _journal(layout: ReportLayout) -> None:
    data = layout.data
    layout.heading(f"{ReportSection.JOURNAL.heading}, {period_span(data.first, data.last)}")
    if not data.journal:
        layout.text("Nothing was logged in this period.", layout.fonts.body, colour=MUTED)
        return
    layout.text(
        "One row per day with an entry. Pain and stiffness 0-10; RPE: the session's effort (0-10).",
        layout.fonts.small,
        colour=MUTED,
    )
    layout.space(2)
    layout.table(
        [
            "Date",
            "Morning pain",
            "Stiffness",
            "Session",
            "Distance",
            "Time",
            "RPE",
            "Pain during",
            "Pain after",
            "Symptoms",
            "Notes",
        ],
        [
            [
                data.row_date(r.date),
                r.morning_pain,
                r.stiffness,
                r.activity,
                r.distance,
                r.time,
                r.rpe,
                r.pain_during,
                r.pain_after,
                r.symptoms,
                r.notes,
            ]
            for r in data.journal
        ],
        [0.11, 0.085, 0.075, 0.075, 0.095, 0.075, 0.04, 0.07, 0.06, 0.12, 0.155],
    )


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
    """The blocks and pages of the report on `device` (nothing painted yet).

    A last page holding only the tail of a table is mostly blank paper: the report is then laid
    out again with tighter table rows, and that layout is kept if it saves the page.
    """
    layout = ReportLayout(device, data)
    _build(layout)
    pages = layout.paginate()
    if len(pages) > 1 and layout.fill(pages[-1]) < MOSTLY_BLANK:
        tight = ReportLayout(device, data, row_padding=TIGHT_ROW_PADDING)
        _build(tight)
        tight_pages = tight.paginate()
        if len(tight_pages) < len(pages):
            return tight, tight_pages
    return layout, pages


class ReportPaintError(KneelogError, RuntimeError):
    """The printer or PDF file could not be painted on (no such folder, no permission...)."""


def render_report(device: QPagedPaintDevice, data: ReportData) -> int:
    """Paint the whole report on `device` (a QPdfWriter, a QPrinter, the preview's printer).

    The device's page layout must already be set (`page_layout(paper)`). Returns the page count.
    """
    layout, pages = layout_report(device, data)
    painter = QPainter(device)
    if not painter.isActive():
        raise ReportPaintError("the printer or PDF file could not be opened for painting")
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
    check_output(path)  # before the work of laying out the pages
    # Drawn in memory, then written by KneeLog: private, atomic, and a full disk is an error
    # naming the file instead of a truncated PDF (Qt's writer does not report write errors).
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(data.options.paper))
    writer.setTitle(f"Knee progress report {data.first.isoformat()} to {data.last.isoformat()}")
    writer.setCreator(f"{APP_NAME} {__version__}")
    pages = render_report(writer, data)
    del writer  # the document is complete once the writer is gone
    write_private_bytes(path, bytes(buffer.data().data()))
    return pages
