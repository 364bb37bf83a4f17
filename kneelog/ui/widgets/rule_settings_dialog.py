"""The rule settings dialog: the PT's thresholds with a live preview of tomorrow's plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QVBoxLayout, QWidget

from kneelog.core import OverrideError, ParamValue, Plan, RuleSet, weekday_date
from kneelog.services import caps_line
from kneelog.ui.widgets.fit import fit_to_screen
from kneelog.ui.widgets.rule_settings import RuleSettingsPage

Preview = Callable[[Mapping[str, Mapping[str, ParamValue]]], Plan]


class RuleSettingsDialog(QDialog):
    """Hosts `RuleSettingsPage`; OK keeps the values shown (after "Reset to defaults": none).

    `preview(overrides)` computes the plan with the values being edited, so the PT sees at once
    what a change does to tomorrow's advice before saving it.
    """

    def __init__(
        self,
        rules: RuleSet,
        overrides: Mapping[str, Mapping[str, object]],
        preview: Preview,
        problems: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rule_settings_dialog")
        self.setWindowTitle("Rule settings")
        fit_to_screen(self, 620, 720)
        self._preview = preview
        self.page = RuleSettingsPage(rules, overrides, self)
        self.page.overrides_changed.connect(self._update_preview)

        self.preview_frame = QFrame(self)
        self.preview_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview_label = QLabel(self.preview_frame)
        self.preview_label.setObjectName("rule_settings_preview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        preview_layout = QVBoxLayout(self.preview_frame)
        preview_layout.addWidget(self.preview_label)

        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setVisible(bool(problems))
        if problems:
            self.problems_label.setText(
                "These stored settings could not be used and were left out:\n• "
                + "\n• ".join(problems)
            )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.preview_frame)
        layout.addWidget(buttons)
        self._update_preview(self.page.overrides())

    def overrides(self) -> dict[str, dict[str, ParamValue]]:
        return self.page.overrides()

    def _update_preview(self, overrides: Mapping[str, Mapping[str, ParamValue]]) -> None:
        try:
            plan = self._preview(overrides)
        except OverrideError as exc:  # the page keeps values in range; this is a last guard
            self.preview_label.setText(f"These values cannot be used: {exc}")
            return
        day = plan.for_date
        self.preview_label.setText(
            f"With these settings, the plan for {weekday_date(day)}:<br>"
            f"<b>{escape(plan.headline)}</b><br>{escape(caps_line(plan))}"
        )
