"""Keeps the Tomorrow panel showing the plan for the day after today, and edits rule settings.

The plan is recomputed after every change that makes it stale (`apply_changes`, connected to the
window's one change signal): the planning service takes the change set in and catches up with the
kept history itself, so it does not matter which screen hears of a change first. Every plan shown
is kept for the report, once per change.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QMessageBox, QScrollArea

from kneelog import APP_NAME
from kneelog.core import KneelogError, OverrideError, Plan
from kneelog.services import (
    DAYS_AHEAD,
    Changes,
    Derived,
    PlanningService,
    plans_remembered,
    remember_plans,
    remembered_plan,
)
from kneelog.ui.actions import ActionId
from kneelog.ui.main_window import MainWindow
from kneelog.ui.widgets.tomorrow_panel import TomorrowPanel

log = logging.getLogger(__name__)

# Each dialog's module is imported when the dialog first opens: start-up does not wait for it.
if TYPE_CHECKING:
    from kneelog.ui.widgets.rule_settings_dialog import RuleSettingsDialog


class PlanController(QObject):
    """The Tomorrow panel (docked on the right of the window) and the Rule settings dialog."""

    plan_shown = Signal(object)
    """The `Plan` just put on the panel."""

    def __init__(
        self,
        window: MainWindow,
        planning: PlanningService,
        panel: TomorrowPanel,
        today: Callable[[], dt.date],
        publish: Callable[[Changes[Any]], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.planning = planning
        self.panel = panel
        # Scrolls when "Why?" is open on a small screen rather than squeezing the panel.
        scroll = QScrollArea()
        scroll.setObjectName("tomorrow_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(panel)
        scroll.setMinimumWidth(320)
        self.dock = window.add_side_panel(scroll, "Tomorrow", "tomorrow_dock")
        panel.set_exercise_names(planning.library.name_of)
        self.today = today
        self.publish = publish
        self._last_kept: tuple[dt.date, dict[str, Any]] | None = None
        self._unchecked: Plan | None = None  # shown as remembered, not yet worked out again
        window.action(ActionId.RULE_SETTINGS).triggered.connect(self.edit_rule_settings)

    def tomorrow(self) -> dt.date:
        return self.today() + dt.timedelta(days=1)

    # --- what changed ----------------------------------------------------------------------

    def apply_changes(self, changes: Changes[Any]) -> None:
        """Connected to `MainWindow.changed`: the plan again if the change made it stale."""
        self.planning.apply(changes)
        if changes.is_stale(Derived.PLAN):
            self.refresh()

    # --- showing ---------------------------------------------------------------------------

    def show_at_start(self) -> None:
        """Tomorrow's plan as remembered in the journal (`remembered_plans`) when the journal
        has not changed since it was worked out, else worked out now. A remembered plan is
        worked out again in `settle`, once the window is ready."""
        day = self.tomorrow()
        plan = remembered_plan(self.planning.db, day) if self.planning.remembers_plans else None
        if plan is None:
            self.refresh()
            return
        self._show(day, plan)
        self._unchecked = plan

    @property
    def shows_remembered(self) -> bool:
        """Whether the plan shown is a remembered one, not yet worked out again (`settle`)."""
        return self._unchecked is not None

    def settle(self) -> None:
        """Once the window is ready: the remembered plan shown at start worked out again (the
        plan worked out is shown if it differs, which it should never do), and the plans of the
        coming days remembered for the next start."""
        plan, self._unchecked = self._unchecked, None
        differed = plan is not None and self.planning.plan_for(plan.for_date) != plan
        if differed:
            log.warning("the remembered plan for tomorrow differed: worked out again")
            self.refresh()
        self.remember_ahead(again=differed)

    def remember_ahead(self, again: bool = False) -> None:
        """Remember the plans for tomorrow and the days after, unless they already are (`again`:
        whether they are or not, after one of them turned out wrong)."""
        if not self.planning.remembers_plans:
            return
        first = self.tomorrow()
        db = self.planning.db
        try:
            if not again and plans_remembered(db, first):
                return
            last = first + dt.timedelta(days=DAYS_AHEAD - 1)
            plans = self.planning.plans_between(first, last)
            remember_plans(db, plans, self.planning.records.read_after)
        except KneelogError as exc:  # derived data: the next start works the plan out instead
            log.warning("the coming days' plans could not be remembered: %s", exc)

    def refresh(self) -> Plan:
        """Compute tomorrow's plan, show it and keep it as the plan shown for that day."""
        day = self.tomorrow()
        plan = self.planning.plan_for(day)
        self._unchecked = None
        self._show(day, plan)
        return plan

    def _show(self, day: dt.date, plan: Plan) -> None:
        self.panel.set_unit(self.planning.unit())
        # Nothing logged yet: the panel says what to log rather than a plan with nothing behind it.
        self.panel.show_plan(plan, nothing_logged=not self.planning.has_entries())
        shown = plan.to_json()
        if self._last_kept != (day, shown):
            try:
                self.planning.keep_shown_plan(day, plan)
                self._last_kept = (day, shown)
            except KneelogError as exc:  # the advice is on screen; only its record failed
                self.window.statusBar().showMessage(f"The plan could not be kept: {exc}", 8000)
        self.plan_shown.emit(plan)

    # --- rule settings ---------------------------------------------------------------------

    def rule_settings_dialog(self) -> RuleSettingsDialog:
        from kneelog.ui.widgets.rule_settings_dialog import RuleSettingsDialog

        reading = self.planning.read_overrides()
        day = self.tomorrow()
        return RuleSettingsDialog(
            self.planning.rules,
            reading.overrides,
            lambda overrides: self.planning.plan_for(day, overrides),
            reading.problems,
            self.window,
        )

    def edit_rule_settings(self) -> None:
        dialog = self.rule_settings_dialog()
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        overrides = dialog.overrides()
        dialog.deleteLater()
        if accepted:
            self.save_rule_settings(overrides)

    def save_rule_settings(self, overrides: dict[str, dict[str, Any]]) -> None:
        try:
            changes = self.planning.set_overrides(overrides)
        except OverrideError as exc:
            QMessageBox.warning(self.window, APP_NAME, f"The rule settings were not saved: {exc}")
            return
        self.publish(changes)
        changed = len(self.planning.override_differences())
        self.window.statusBar().showMessage(
            "Rule settings saved: "
            + (
                "1 value differs from its default"
                if changed == 1
                else f"{changed} values differ from their defaults"
                if changed
                else "all defaults"
            ),
            8000,
        )
