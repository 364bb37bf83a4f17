"""The "Tomorrow" panel: the plan's headline, caps, restrictions and an expandable "Why?" list."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kneelog import DISCLAIMER
from kneelog.core.rules import Action, Plan

# Level, words and icon per action: the level is shown as text and icon as well as colour.
_LEVELS: dict[Action, tuple[str, str, QStyle.StandardPixmap]] = {
    Action.URGENT_CARE: ("urgent", "Seek care today", QStyle.StandardPixmap.SP_MessageBoxCritical),
    Action.SEE_SPECIALIST: (
        "refer",
        "See a clinician",
        QStyle.StandardPixmap.SP_MessageBoxCritical,
    ),
    Action.REST: ("stop", "No running", QStyle.StandardPixmap.SP_MessageBoxWarning),
    Action.CROSS_TRAIN: ("stop", "Cross-train", QStyle.StandardPixmap.SP_MessageBoxWarning),
    Action.REDUCE: ("caution", "Run less", QStyle.StandardPixmap.SP_MessageBoxInformation),
    Action.HOLD: ("caution", "Hold", QStyle.StandardPixmap.SP_MessageBoxInformation),
    Action.CONTINUE: ("go", "Run as planned", QStyle.StandardPixmap.SP_DialogApplyButton),
    Action.PROGRESS: ("go", "May increase", QStyle.StandardPixmap.SP_DialogApplyButton),
}

_COLOURS = {
    "urgent": "#b71c1c",
    "refer": "#c62828",
    "stop": "#e65100",
    "caution": "#f9a825",
    "go": "#2e7d32",
}

_ACTION_WORDS = {action: action.value.replace("_", " ") for action in Action}


def caps_text(plan: Plan) -> str:
    """'At most 3.0 km · 20 min · 50 % of usual effort', or why there are no caps."""
    if not plan.run_allowed:
        alternatives = ", ".join(code.replace("_", " ") for code in plan.cross_training)
        return f"No running. Instead: {alternatives}." if alternatives else "No running."
    parts = []
    if plan.max_run_km is not None:
        parts.append(f"{plan.max_run_km:.1f} km")
    if plan.max_run_min is not None:
        parts.append(f"{plan.max_run_min} min")
    if plan.intensity_factor is not None:
        parts.append(f"{plan.intensity_factor:.0%} of usual effort")
    return "At most " + " · ".join(parts) if parts else "No limit beyond the plan."


class TomorrowPanel(QWidget):
    """Shows one `Plan`; call `show_plan` whenever the plan is recomputed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tomorrowPanel")
        self._plan: Plan | None = None

        self.banner = QFrame(self)
        self.banner.setObjectName("tomorrowBanner")
        self.icon_label = QLabel(self.banner)
        self.level_label = QLabel(self.banner)
        self.level_label.setObjectName("tomorrowLevel")
        self.headline_label = QLabel(self.banner)
        self.headline_label.setObjectName("tomorrowHeadline")
        self.headline_label.setWordWrap(True)
        self.headline_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline_label.setFont(font)
        text_column = QVBoxLayout()
        text_column.addWidget(self.level_label)
        text_column.addWidget(self.headline_label)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addLayout(text_column, 1)

        self.caps_label = QLabel(self)
        self.caps_label.setWordWrap(True)
        self.restrictions_label = QLabel(self)
        self.restrictions_label.setWordWrap(True)
        self.exercises_label = QLabel(self)
        self.exercises_label.setWordWrap(True)

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

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.caps_label)
        layout.addWidget(self.restrictions_label)
        layout.addWidget(self.exercises_label)
        layout.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.reasons_label)
        layout.addStretch(1)
        layout.addWidget(self.disclaimer_label)

    @property
    def plan(self) -> Plan | None:
        return self._plan

    def show_plan(self, plan: Plan) -> None:
        """Display `plan`: headline, level (colour, icon, words), caps, restrictions, reasons."""
        self._plan = plan
        level, words, pixmap = _LEVELS[plan.action]
        self.level = level
        icon = self.style().standardIcon(pixmap)
        self.icon_label.setPixmap(icon.pixmap(32, 32))
        self.icon_label.setToolTip(words)
        self.level_label.setText(f"{words} · {plan.for_date.strftime('%A %d %B %Y')}")
        self.headline_label.setText(plan.headline)
        colour = _COLOURS[level]
        self.banner.setStyleSheet(
            f"#tomorrowBanner {{ border-left: 6px solid {colour}; padding-left: 6px; }}"
        )
        self.caps_label.setText(caps_text(plan))
        if plan.restrictions:
            lines = [
                f"{r.rule} ({_ACTION_WORDS[r.action]}) until {r.until.strftime('%a %d %b')}"
                for r in plan.restrictions
            ]
            self.restrictions_label.setText("In force: " + "; ".join(lines))
        else:
            self.restrictions_label.setText("No restrictions in force.")
        self.restrictions_label.setVisible(True)
        if plan.exercises:
            items = ", ".join(f"{e.exercise.replace('_', ' ')} ({e.dose})" for e in plan.exercises)
            self.exercises_label.setText(f"Exercises due: {items}")
        self.exercises_label.setVisible(bool(plan.exercises))
        self.reasons_label.setText(self._reasons_html(plan))
        self.why_button.setEnabled(bool(plan.reasons))

    def _reasons_html(self, plan: Plan) -> str:
        if not plan.reasons:
            return "<p>No rule fired.</p>"
        blocks = []
        for reason in plan.reasons:
            evidence = "".join(f"<li>{escape(line)}</li>" for line in reason.evidence)
            blocks.append(
                f"<p><b>{escape(reason.rule)} · {escape(reason.title)}</b> "
                f"({escape(_ACTION_WORDS[reason.action])})<br>{escape(reason.explanation)}</p>"
                f"<ul>{evidence}</ul><p><i>Source: {escape(reason.source)}</i></p>"
            )
        return "".join(blocks)

    def _toggle_reasons(self, shown: bool) -> None:
        self.reasons_label.setVisible(shown)
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
