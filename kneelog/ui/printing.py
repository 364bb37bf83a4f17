"""Paints the PT-visit progress report on any paged device: print preview, printer and PDF alike.

`render_report(device, data)` lays the report out at the device's own resolution (text measured
with the device's font metrics), flows it over pages (tables split between rows and repeat their
header row, long text splits between lines), then paints every page with its footer ("page X of
Y", the version and the disclaimer). Everything is vector: text stays text in a PDF and the
charts are QPainter paths, sharp at any print resolution.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)

from kneelog import APP_NAME, DISCLAIMER, __version__
from kneelog.core.akps import MCID as AKPS_MCID
from kneelog.core.errors import KneelogError
from kneelog.services.plan_text import ACTION_WORDS, caps_line
from kneelog.services.report import (
    AKPS_MCID_SOURCE,
    PAIN_MCID_SOURCE,
    SUMMARY_SYMPTOM_DAYS,
    ReportData,
    ReportSection,
    long_date,
    percent,
    period_span,
    short_date,
)
from kneelog.ui.report_charts import (
    draw_adherence_chart,
    draw_pain_chart,
)
from kneelog.ui.report_layout import (
    ACCENT,
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
                f"({len({e.exercise for e in data.exercise_adherence})} exercises in the program)",
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
    if plan.summary:
        lines.append((plan.summary, fonts.body, INK))
    if not plan.run_allowed:
        lines.append((caps_line(plan, data.unit), fonts.body, INK))
    titles = {reason.rule: reason.title for reason in plan.reasons + plan.overridden}
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
    # Qt would only warn on stderr and fail to paint: name the problem first.
    if path.is_dir():
        raise ReportPaintError(f"{path}: is a folder; give a file name ending in .pdf")
    if not path.parent.is_dir():
        raise ReportPaintError(f"{path}: cannot be written (no folder {path.parent})")
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(data.options.paper))
    writer.setTitle(f"Knee progress report {data.first.isoformat()} to {data.last.isoformat()}")
    writer.setCreator(f"{APP_NAME} {__version__}")
    try:
        pages = render_report(writer, data)
    except ReportPaintError:
        raise ReportPaintError(f"{path}: cannot be written") from None
    del writer  # the file is complete once the writer is gone
    return pages
