"""The Tomorrow panel's box for an open red-flag episode: since when, and what closes it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from kneelog.core import Episode, Plan, short_date

_BORDER = "#c62828"  # the panel's "see a clinician" colour; the words say the same
_BACKGROUND = "#fbe9e7"


def episode_title(episode: Episode, plan: Plan) -> str:
    """What opened the episode in words: its rule's title (lower case), or the rule id."""
    title = next((r.title for r in (*plan.reasons, *plan.overridden) if r.rule == episode.rule), "")
    return title[:1].lower() + title[1:] if title else episode.rule


class EpisodeBox(QFrame):
    """Hidden without an open episode; `record_visit_requested` asks for the visit dialog."""

    record_visit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("episodeBox")
        self.setStyleSheet(
            f"QFrame#episodeBox {{ border: 1px solid {_BORDER}; border-left: 6px solid {_BORDER};"
            f" background: {_BACKGROUND}; border-radius: 3px; }}"
            "QFrame#episodeBox QLabel { background: transparent; color: #1b1b1b; border: none; }"
        )
        self.title_label = QLabel(self)
        self.title_label.setObjectName("episodeTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.body_label = QLabel(self)
        self.body_label.setObjectName("episodeBody")
        self.body_label.setWordWrap(True)
        self.button = QPushButton("Record clinician visit…", self)
        self.button.setToolTip("Log the visit; one that cleared running closes this episode")
        self.button.clicked.connect(self.record_visit_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.body_label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setVisible(False)

    def show_plan(self, plan: Plan) -> None:
        """Show the plan's open episode, or hide while there is none."""
        episode = plan.episode
        if episode is None:
            self.setVisible(False)
            return
        since = episode.since
        self.title_label.setText(
            f"<b>Red flag since {short_date(since)}: {escape(episode_title(episode, plan))}</b>"
        )
        lines = []
        if episode.urgent:
            lines.append("Seek care today.")
        lines.append(
            "No running until a clinician has seen the knee: this does not end by itself. "
            "Recording the clinician visit that clears running closes it."
        )
        self.body_label.setText(" ".join(lines))
        self.setVisible(True)
