"""Wires the Exercises tab and the exercise menu actions to RehabService, with undo.

Prescription changes, exercise logs and AKPS scores go onto the shared QUndoStack as
`JournalCommand`s; each service call's change set is published to the window (`publish`), and
`apply_changes` refreshes the tab from any change set that makes its figures stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from kneelog import APP_NAME
from kneelog.core import (
    KneelogError,
    ProgressPoint,
    count_of,
    dose_text,
    long_date,
    percent,
    short_date,
    week_start_of,
)
from kneelog.services import (
    Changes,
    DeletedPrescription,
    Derived,
    ProgramStatus,
    RecordKind,
    RehabService,
    program_status,
)
from kneelog.ui.actions import ActionId
from kneelog.ui.commands import JournalCommand
from kneelog.ui.main_window import MainWindow
from kneelog.ui.widgets.akps_dialog import AkpsDialog, change_text
from kneelog.ui.widgets.exercises_tab import (
    AdherenceRow,
    ExercisesTab,
    ProgramRow,
    ProgressionRow,
)
from kneelog.ui.widgets.today_checklist import prescribed_dose_text

# Each dialog's module is imported when the dialog first opens: start-up does not wait for it.
if TYPE_CHECKING:
    from kneelog.core import ExerciseLogRecord, PrescriptionRecord

FOUR_WEEKS = dt.timedelta(days=27)  # today and the 27 days before it
STATUS_ORDER = (
    ProgramStatus.ACTIVE,
    ProgramStatus.PAUSED,
    ProgramStatus.PLANNED,
    ProgramStatus.ENDED,
)


def _accepted(dialog: QDialog) -> bool:
    """Run a modal dialog; it is deleted once control returns here (its values stay readable)."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


def point_text(point: ProgressPoint) -> str:
    """One logged dose, e.g. "Mon 4 May: 3 × 12, 5 kg" (the year only when not this one)."""
    dose = dose_text(point.sets, point.reps, point.hold_s, point.load_kg)
    same_year = point.date.year == dt.date.today().year
    day = short_date(point.date) if same_year else long_date(point.date)
    return f"{day}: {dose or 'done'}"


AKPS_EXPLAINED = (
    "The AKPS (Anterior Knee Pain Scale, or Kujala score) is a 13-question questionnaire about "
    "what your knee lets you do: 0-100, higher is better, and a change of 10 points or more is a "
    "real change (Crossley et al. 2004). KneeLog asks for it every 4 weeks so that you and your "
    "physical therapist can see the trend. Fill it in with Log → Knee questionnaire (Ctrl+K)."
)


class RehabController(QObject):
    """Every exercise-program change goes through here: service, undo command, change set."""

    def __init__(
        self,
        window: MainWindow,
        rehab: RehabService,
        undo_stack: QUndoStack,
        publish: Callable[[Changes[Any]], None],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.rehab = rehab
        self.library = rehab.library
        self.undo_stack = undo_stack
        self.publish = publish
        self.today = today
        self.tab = ExercisesTab(self.library)
        self.tab_action = window.add_tab(self.tab, "&Exercises")
        self.reminder_status = QLabel()
        self.reminder_status.setObjectName("akps_reminder_status")
        window.statusBar().addPermanentWidget(self.reminder_status)

        a = window.action
        a(ActionId.EXERCISES_TODAY).triggered.connect(self.show_today)
        a(ActionId.PRESCRIBE).triggered.connect(self.add_prescription)
        a(ActionId.APPLY_PRESET).triggered.connect(self.apply_preset)
        a(ActionId.EXERCISE_LIBRARY).triggered.connect(self.show_library)
        a(ActionId.AKPS).triggered.connect(self.fill_in_akps)
        tab = self.tab
        tab.log_requested.connect(self.log_exercise)
        tab.log_edit_requested.connect(self.change_exercise_log)
        tab.add_requested.connect(self.add_prescription)
        tab.edit_requested.connect(self.edit_prescription)
        tab.pause_requested.connect(self.set_paused)
        tab.end_requested.connect(self.end_prescription)
        tab.remove_requested.connect(self.remove_prescription)
        tab.preset_requested.connect(self.apply_preset)
        tab.library_requested.connect(self.show_library)
        tab.akps_requested.connect(self.fill_in_akps)
        self._program_stale = True
        window.tabs.currentChanged.connect(self._tab_changed)

    # --- showing ---------------------------------------------------------------------------

    def load(self) -> None:
        """Everything from the journal again (start-up, after an import)."""
        # The tab's tables wait until the tab is shown: on a long journal the adherence and
        # progression tables cost a tenth of the start-up, for a tab most starts never open.
        self._program_stale = True
        if self.window.tabs.currentWidget() is self.tab:
            self.refresh_program()
        self.refresh_akps()  # the AKPS reminder is in the status line: always current

    def apply_changes(self, changes: Changes[Any]) -> None:
        """Connected to `MainWindow.changed`: the program's tables and the questionnaire's
        history again if the change made them stale."""
        if changes.everything:
            self.load()
            return
        if changes.is_stale(Derived.ADHERENCE) or changes.touches(RecordKind.PRESCRIPTION):
            self._refresh_program_if_shown()
        if changes.is_stale(Derived.AKPS):
            self.refresh_akps()

    def _refresh_program_if_shown(self) -> None:
        self._program_stale = True
        if self.window.tabs.currentWidget() is self.tab:
            self.refresh_program()

    def _tab_changed(self, _index: int) -> None:
        if self._program_stale and self.window.tabs.currentWidget() is self.tab:
            self.refresh_program()

    @Slot()
    def refresh_program(self) -> None:
        self._program_stale = False
        today = self.today()
        # What is current first, what is over last; by start date within each.
        prescriptions = sorted(
            self.rehab.prescriptions(),
            key=lambda p: (STATUS_ORDER.index(program_status(p, today)), p.start),
        )
        self.tab.set_today(today, self.rehab.due_on(today), self.rehab.exercise_logs(today, today))
        self.tab.set_program(
            [
                ProgramRow(
                    id=p.id,
                    exercise=p.exercise,
                    dose=prescribed_dose_text(p),
                    per_week=p.per_week,
                    start=p.start,
                    end=p.end,
                    status=program_status(p, today).label,
                )
                for p in prescriptions
            ]
        )
        self._refresh_adherence(today)
        self._refresh_progression({p.exercise for p in prescriptions})

    def _refresh_adherence(self, today: dt.date) -> None:
        week_first = week_start_of(today, self.rehab.week_start())
        four_weeks_first = today - FOUR_WEEKS
        this_week = self.rehab.adherence_by_exercise(week_first, today)
        four_weeks = self.rehab.adherence_by_exercise(four_weeks_first, today)
        week_total = self.rehab.adherence(week_first, today)
        four_weeks_total = self.rehab.adherence(four_weeks_first, today)
        exercises = sorted(
            set(this_week) | set(four_weeks), key=lambda e: self.library.name_of(e).casefold()
        )
        rows = [AdherenceRow(e, this_week.get(e), four_weeks.get(e)) for e in exercises]
        if week_total.ratio is None and four_weeks_total.ratio is None:
            summary = "Nothing prescribed in the last 4 weeks."
        else:
            parts = []
            if week_total.ratio is not None:
                parts.append(
                    f"<b>This week so far: {percent(week_total.ratio)}</b> "
                    f"({count_of(week_total.done, week_total.prescribed)} "
                    "sessions due by today)"
                )
            if four_weeks_total.ratio is not None:
                parts.append(f"last 4 weeks: {percent(four_weeks_total.ratio)}")
            weeks = self.rehab.weekly_adherence(week_first - dt.timedelta(weeks=4), today)
            by_week = " · ".join(
                f"{short_date(week.week_start)}: {percent(week.total.ratio)}"
                for week in weeks[:-1]
                if week.total.ratio is not None
            )
            summary = " · ".join(parts)
            if by_week:
                summary += f"<br>Weeks before (starting): {by_week}"
            summary += (
                "<br><small>A missed day stays missed: doubling up later does not count.</small>"
            )
        self.tab.set_adherence(summary, rows)

    def _refresh_progression(self, in_program: set[str]) -> None:
        series = self.rehab.progression_by_exercise()
        # Current program first, then anything else ever logged; most recent activity first.
        ordered = sorted(
            series.items(),
            key=lambda item: (item[0] not in in_program, -item[1][-1].date.toordinal()),
        )
        rows = [
            ProgressionRow(
                exercise=exercise,
                sessions=len(points),
                first=point_text(points[0]),
                latest=point_text(points[-1]),
                latest_pain=points[-1].pain,
            )
            for exercise, points in ordered
        ]
        self.tab.set_progression(rows)

    @Slot()
    def refresh_akps(self) -> None:
        today = self.today()
        history = self.rehab.akps_history()
        reminder = self.rehab.akps_reminder(today, history)
        text = reminder.text(today)
        self.tab.set_akps(history, change_text(history), text)
        self.reminder_status.setText("Knee questionnaire (AKPS) due: Ctrl+K" if text else "")
        self.reminder_status.setToolTip(f"{AKPS_EXPLAINED}\n\n{text}" if text else "")

    @Slot()
    def show_today(self) -> None:
        self.window.show_tab(self.tab)
        self._focus_next_due()

    def _focus_next_due(self) -> None:
        """Keyboard focus on the first exercise still to tick (else the first tickable)."""
        rows = self.tab.checklist.rows
        focus = next((r for r in rows if r.check.isEnabled() and r.item.is_due), None)
        focus = focus or next((r for r in rows if r.check.isEnabled()), None)
        if focus is not None:
            focus.check.setFocus()

    # --- applying changes (first run, undo and redo alike) ----------------------------------

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except KneelogError as exc:
            QMessageBox.warning(self.window, APP_NAME, str(exc))
            self._refresh_program_if_shown()  # a refused change: show the stored state again
            return False
        return True

    def _push(
        self, text: str, redo: Callable[[], Changes[Any]], undo: Callable[[], Changes[Any]]
    ) -> None:
        def do() -> None:
            self.publish(redo())

        def undo_it() -> None:
            self.publish(undo())

        if self._attempt(do):
            self.undo_stack.push(JournalCommand(text, do, lambda: self._attempt(undo_it)))

    def _put(self, prescription: PrescriptionRecord) -> Changes[PrescriptionRecord]:
        changes = self.rehab.save_prescription(prescription)
        self.tab.select_prescription(prescription.id)
        return changes

    # --- the program -----------------------------------------------------------------------

    @Slot()
    def add_prescription(self, exercise_id: str | None = None) -> None:
        from kneelog.ui.widgets.prescription_dialog import PrescriptionDialog

        dialog = PrescriptionDialog(
            self.library,
            today=self.today(),
            exercise_id=exercise_id if isinstance(exercise_id, str) else None,
            parent=self.window,
        )
        if not _accepted(dialog):
            return
        added = dialog.prescription()
        self.window.show_tab(self.tab)
        self._push(
            f"Prescribe {self.library.name_of(added.exercise)}",
            lambda: self._put(added),
            lambda: self.rehab.delete_prescription(added.id),
        )

    @Slot(str)
    def edit_prescription(self, prescription_id: str) -> None:
        from kneelog.ui.widgets.prescription_dialog import PrescriptionDialog

        before = self.rehab.get_prescription(prescription_id)
        dialog = PrescriptionDialog(self.library, before, today=self.today(), parent=self.window)
        if not _accepted(dialog):
            return
        after = dialog.prescription()
        if after == before:
            return
        self._push(
            f"Edit {self.library.name_of(after.exercise)}",
            lambda: self._put(after),
            lambda: self._put(before),
        )

    @Slot(str, bool)
    def set_paused(self, prescription_id: str, paused: bool) -> None:
        name = self.library.name_of(self.rehab.get_prescription(prescription_id).exercise)
        self._push(
            f"{'Pause' if paused else 'Resume'} {name}",
            lambda: self.rehab.set_paused(prescription_id, paused),
            lambda: self.rehab.set_paused(prescription_id, not paused),
        )

    @Slot(str)
    def end_prescription(self, prescription_id: str) -> None:
        before = self.rehab.get_prescription(prescription_id)
        today = self.today()
        self._push(
            f"End {self.library.name_of(before.exercise)}",
            lambda: self.rehab.end_prescription(prescription_id, today),
            lambda: self._put(before),
        )

    @Slot(str)
    def remove_prescription(self, prescription_id: str) -> None:
        before = self.rehab.get_prescription(prescription_id)
        deleted: list[DeletedPrescription] = []

        def remove() -> Changes[DeletedPrescription]:
            changes = self.rehab.delete_prescription(prescription_id)
            deleted[:] = [changes.record]
            return changes

        def restore() -> Changes[PrescriptionRecord]:
            return self.rehab.restore_prescription(deleted[0])

        self._push(
            f"Remove {self.library.name_of(before.exercise)}",
            remove,
            restore,
        )

    @Slot()
    def apply_preset(self, preset_id: str | None = None) -> None:
        from kneelog.ui.widgets.preset_dialog import PresetDialog

        dialog = PresetDialog(
            self.library,
            self.today(),
            preset_id if isinstance(preset_id, str) else None,
            parent=self.window,
        )
        if not _accepted(dialog):
            return
        chosen, start = dialog.preset_id(), dialog.start()
        created = self.library.preset(chosen).prescriptions(start)
        self.window.show_tab(self.tab)
        self._push(
            f"Apply preset {self.library.preset(chosen).name}",
            lambda: self.rehab.save_prescriptions(created),
            lambda: self.rehab.delete_prescriptions([p.id for p in created]),
        )

    @Slot()
    def show_library(self) -> None:
        from kneelog.ui.widgets.preset_dialog import ExerciseLibraryDialog

        dialog = ExerciseLibraryDialog(self.library, self.window)
        picked: list[tuple[str, str]] = []

        def choose(kind: str, value: str) -> None:
            picked.append((kind, value))
            dialog.accept()

        dialog.view.prescribe_requested.connect(lambda e: choose("exercise", e))
        dialog.view.preset_apply_requested.connect(lambda p: choose("preset", p))
        _accepted(dialog)
        # The follow-up dialog opens once the library has closed: one modal at a time.
        for kind, value in picked:
            if kind == "exercise":
                self.add_prescription(value)
            else:
                self.apply_preset(value)

    # --- exercise logs ---------------------------------------------------------------------

    @Slot(object)
    def log_exercise(self, log: ExerciseLogRecord) -> None:
        self._push(
            f"Log {self.library.name_of(log.exercise)}",
            lambda: self.rehab.log_exercise(log),
            lambda: self.rehab.delete_exercise_log(log.id),
        )
        self._focus_next_due()

    @Slot(object, object)
    def change_exercise_log(self, stored: ExerciseLogRecord, changed: ExerciseLogRecord) -> None:
        self._push(
            f"Change {self.library.name_of(changed.exercise)}",
            lambda: self.rehab.log_exercise(changed),
            lambda: self.rehab.log_exercise(stored),
        )

    # --- the knee questionnaire ------------------------------------------------------------

    @Slot()
    def fill_in_akps(self) -> None:
        dialog = AkpsDialog(self.rehab.akps_history(), today=self.today(), parent=self.window)
        if not _accepted(dialog):
            return
        assessment = dialog.assessment()
        self.window.show_tab(self.tab)
        self._push(
            "Knee questionnaire",
            lambda: self.rehab.save_assessment(assessment),
            lambda: self.rehab.delete_assessment(assessment.id),
        )
