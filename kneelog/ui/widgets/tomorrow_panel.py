"""The "Tomorrow" panel: the plan's headline, caps, restrictions and an expandable "Why?" list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kneelog import DISCLAIMER
from kneelog.core import Action, DistanceUnit, Plan, Reason, in_words, weekday_date
from kneelog.services import caps_line, restriction_span
from kneelog.ui.widgets.episode_box import EpisodeBox

# Level, words and icon per action: the level is shown as text and icon as well as colour.
_LEVELS: dict[Action, tuple[str, str]] = {
    Action.URGENT_CARE: ("urgent", "Seek care today"),
    Action.SEE_SPECIALIST: ("refer", "See a clinician"),
    Action.REST: ("stop", "No running"),
    Action.CROSS_TRAIN: ("stop", "Cross-train"),
    Action.REDUCE: ("caution", "Run less"),
    Action.HOLD: ("caution", "Hold"),
    Action.CONTINUE: ("go", "Run as planned"),
    Action.PROGRESS: ("go", "May increase"),
}

GETTING_STARTED_HEADLINE = "Log your runs and mornings to get a plan for tomorrow."
GETTING_STARTED = (
    "After each run, log it with your knee pain during and about an hour after (Ctrl+N); each "
    "morning, a ten-second check-in (Ctrl+M). From the first entries on, KneeLog suggests what "
    "to do next and shows why. Until then, follow what your physical therapist advised."
)

_COLOURS = {
    "none": "#607d8b",
    "urgent": "#b71c1c",
    "refer": "#c62828",
    "stop": "#e65100",
    "caution": "#f9a825",
    "go": "#2e7d32",
}

_GLYPHS = {"none": "i", "urgent": "!", "refer": "+", "stop": "✕", "caution": "–", "go": "✓"}

_RESTRICTION_WORDS = {
    Action.URGENT_CARE: "seek care",
    Action.SEE_SPECIALIST: "see a clinician",
    Action.REST: "no running",
    Action.CROSS_TRAIN: "cross-train, no running",
    Action.REDUCE: "run less",
    Action.HOLD: "no increase",
    Action.CONTINUE: "run as planned",
    Action.PROGRESS: "may increase",
}
_LIST = "'margin-left:-24px; margin-top:2px'"


def _text_colour(level: str) -> str:
    # Amber on a light background is hard to read: darken it for text, keep it for the stripe.
    colour = QColor(_COLOURS[level])
    return colour.darker(170).name() if level == "caution" else colour.name()


def _tint(colour: str, white: float = 0.86) -> str:
    """The colour mixed with white: a calm background that keeps its hue at every level."""
    base = QColor(colour)
    mixed = QColor(
        round(base.red() + (255 - base.red()) * white),
        round(base.green() + (255 - base.green()) * white),
        round(base.blue() + (255 - base.blue()) * white),
    )
    return mixed.name()


def level_pixmap(level: str, size: int = 36, ratio: float = 1.0) -> QPixmap:
    """A filled disc in the level's colour with its glyph, so the level reads without colour too."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_COLOURS[level]))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(size * 0.6))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff" if level != "caution" else "#3e2723"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _GLYPHS[level])
    painter.end()
    return pixmap


class TomorrowPanel(QWidget):
    """Shows one `Plan`; call `show_plan` whenever the plan is recomputed."""

    record_visit_requested = Signal()
    """The open episode's "Record clinician visit…" button was pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tomorrowPanel")
        self._plan: Plan | None = None
        self.nothing_logged = False
        self._unit = DistanceUnit.KM
        self.episode_box = EpisodeBox(self)
        self.episode_box.record_visit_requested.connect(self.record_visit_requested)

        self.banner = QFrame(self)
        self.banner.setObjectName("tomorrowBanner")
        self.icon_label = QLabel(self.banner)
        self.level_label = QLabel(self.banner)
        self.level_label.setObjectName("tomorrowLevel")
        self.level_label.setWordWrap(True)
        self.headline_label = QLabel(self.banner)
        self.headline_label.setObjectName("tomorrowHeadline")
        self.headline_label.setWordWrap(True)
        self.headline_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline_label.setFont(font)
        # Why, in plain words (the same sentence `kneelog suggest` and the report print).
        self.summary_label = QLabel(self.banner)
        self.summary_label.setObjectName("tomorrowSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text_column = QVBoxLayout()
        text_column.addWidget(self.level_label)
        text_column.addWidget(self.headline_label)
        text_column.addWidget(self.summary_label)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addLayout(text_column, 1)

        self.caps_label = QLabel(self)
        self.caps_label.setObjectName("tomorrowCaps")
        self.caps_label.setWordWrap(True)
        self._plain_font = self.caps_label.font()
        caps_font = self.caps_label.font()
        caps_font.setBold(True)
        self._bold_font = caps_font
        self.caps_label.setFont(caps_font)
        # What the plan could not see and how to fix it.
        self.notices_label = QLabel(self)
        self.notices_label.setObjectName("tomorrowNotices")
        self.notices_label.setWordWrap(True)
        self.notices_label.setTextFormat(Qt.TextFormat.RichText)
        self.notices_label.setVisible(False)
        self.restrictions_label = QLabel(self)
        self.restrictions_label.setObjectName("tomorrowRestrictions")
        self.restrictions_label.setWordWrap(True)
        self.restrictions_label.setTextFormat(Qt.TextFormat.RichText)
        self.exercises_label = QLabel(self)
        self.exercises_label.setObjectName("tomorrowExercises")
        self.exercises_label.setWordWrap(True)
        self.exercises_label.setTextFormat(Qt.TextFormat.RichText)
        self._exercise_name: Callable[[str], str] = lambda code: code.replace("_", " ")

        self.why_button = QToolButton(self)
        self.why_button.setText("Why?")
        self.why_button.setCheckable(True)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why_button.setArrowType(Qt.ArrowType.RightArrow)
        self.why_button.toggled.connect(self._toggle_reasons)
        self.reasons_label = QLabel(self)
        self.reasons_label.setObjectName("tomorrowReasons")
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setTextFormat(Qt.TextFormat.RichText)
        self.reasons_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons_label.setVisible(False)

        self.disclaimer_label = QLabel(DISCLAIMER, self)
        self.disclaimer_label.setWordWrap(True)
        small = self.disclaimer_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.disclaimer_label.setFont(small)

        self.setMinimumWidth(260)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self.episode_box)
        layout.addWidget(self.caps_label)
        layout.addWidget(self.notices_label)
        layout.addWidget(self.restrictions_label)
        layout.addWidget(self.exercises_label)
        layout.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.reasons_label)
        layout.addStretch(1)
        layout.addWidget(self.disclaimer_label)

    @property
    def plan(self) -> Plan | None:
        return self._plan

    def set_exercise_names(self, name_of: Callable[[str], str]) -> None:
        """How to show an exercise id (e.g. the library's names); ids with spaces by default."""
        self._exercise_name = name_of
        if self._plan is not None:
            self.show_plan(self._plan, nothing_logged=self.nothing_logged)

    def set_unit(self, unit: DistanceUnit) -> None:
        """The runner's distance unit, for the caps line and the Why? evidence."""
        if unit is self._unit:
            return
        self._unit = unit
        if self._plan is not None:
            self.show_plan(self._plan, nothing_logged=self.nothing_logged)

    def show_plan(self, plan: Plan, *, nothing_logged: bool = False) -> None:
        """Display `plan`: headline, level (colour, icon, words), caps, restrictions, reasons.

        `nothing_logged`: an empty journal, where no rule has anything to read; the panel then
        says what to log to get a plan instead of a plan with nothing behind it.
        """
        self._plan = plan
        self.nothing_logged = nothing_logged
        level, words = _LEVELS[plan.action]
        if nothing_logged:
            level, words = "none", "No plan yet"
        self.level = level
        colour = _COLOURS[level]
        self.icon_label.setPixmap(level_pixmap(level, 36, self.devicePixelRatioF()))
        self.icon_label.setToolTip(words)
        day = plan.for_date
        self.level_label.setText(
            f"<span style='color:{_text_colour(level)}; font-weight:bold'>"
            f"{escape(words)}</span>"
            f" · {weekday_date(day)}"
        )
        self.headline_label.setText(GETTING_STARTED_HEADLINE if nothing_logged else plan.headline)
        self.summary_label.setText(plan.summary)
        self.summary_label.setVisible(bool(plan.summary) and not nothing_logged)
        self.banner.setStyleSheet(
            f"QFrame#tomorrowBanner {{ border: none; border-left: 6px solid {colour}; "
            f"background: {_tint(colour)}; border-radius: 3px; }}"
            "QFrame#tomorrowBanner QLabel { background: transparent; color: #1b1b1b; }"
        )
        self.episode_box.show_plan(plan)
        self.caps_label.setText(GETTING_STARTED if nothing_logged else caps_line(plan, self._unit))
        self.caps_label.setFont(self._plain_font if nothing_logged else self._bold_font)
        if plan.notices:
            items = "".join(f"<li>{escape(notice)}</li>" for notice in plan.notices)
            self.notices_label.setText(
                f"<b>The plan could not see everything</b><ul style={_LIST}>{items}</ul>"
            )
        self.notices_label.setVisible(bool(plan.notices))
        titles = {reason.rule: reason.title for reason in plan.reasons + plan.overridden}
        if plan.restrictions:
            items = "".join(
                # The rule's title in words; its code is for the rule settings, not the runner.
                f"<li><b>{escape(titles.get(r.rule) or _RESTRICTION_WORDS[r.action])}</b>: "
                f"{escape(_RESTRICTION_WORDS[r.action])} "
                f"{escape(restriction_span(r.start, r.until))}</li>"
                for r in plan.restrictions
            )
            self.restrictions_label.setText(f"<b>In force</b><ul style={_LIST}>{items}</ul>")
        else:
            self.restrictions_label.setText("No restrictions in force.")
        self.restrictions_label.setVisible(not nothing_logged)
        if plan.exercises:
            items = "".join(
                f"<li>{escape(self._exercise_name(e.exercise))}: {escape(e.dose)}</li>"
                for e in plan.exercises
            )
            self.exercises_label.setText(f"<b>Exercises due</b><ul style={_LIST}>{items}</ul>")
        self.exercises_label.setVisible(bool(plan.exercises))
        self.reasons_label.setText(self._reasons_html(plan))
        self.why_button.setEnabled(bool(plan.reasons or plan.overridden))
        # No rule had anything to read: a "Why?" that can only say so would be noise.
        self.why_button.setVisible(not nothing_logged)
        if nothing_logged:
            self.why_button.setChecked(False)

    def _reasons_html(self, plan: Plan) -> str:
        if not plan.reasons and not plan.overridden:
            return "<p>No rule fired.</p>"
        day = plan.for_date
        blocks = [self._reason_html(reason, day) for reason in plan.reasons]
        if plan.overridden:
            blocks.append("<p><b>Also noticed, but this plan overrides their advice</b></p>")
            blocks += [self._reason_html(reason, day) for reason in plan.overridden]
        return "".join(blocks)

    def _reason_html(self, reason: Reason, day: dt.date) -> str:
        # The rule's title, not its code; the engine's ISO dates and km in the runner's words.
        evidence = "".join(
            f"<li>{escape(in_words(line, self._unit, day))}</li>" for line in reason.evidence
        )
        return (
            f"<p><b>{escape(reason.title)}</b> "
            f"({escape(_RESTRICTION_WORDS[reason.action])})<br>{escape(reason.explanation)}</p>"
            f"<ul>{evidence}</ul><p><i>Source: {escape(reason.source)}</i></p>"
        )

    def _toggle_reasons(self, shown: bool) -> None:
        self.reasons_label.setVisible(shown)
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
