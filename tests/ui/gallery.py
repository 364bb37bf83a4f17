"""Every dialog of the window, built over an application on a journal: for the fit test and
for screenshots (tools/screenshot.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from kneelog.core.program import PrescriptionRecord
from kneelog.core.session_records import ShoeRecord
from kneelog.services.activity_import import ImportReport
from kneelog.services.report import last_visit_date
from kneelog.services.visits import new_visit
from kneelog.ui.assembly import Application
from kneelog.ui.widgets.akps_dialog import AkpsDialog
from kneelog.ui.widgets.import_summary import ImportSummaryDialog
from kneelog.ui.widgets.preferences_dialog import Preferences, PreferencesDialog
from kneelog.ui.widgets.prescription_dialog import PrescriptionDialog
from kneelog.ui.widgets.preset_dialog import ExerciseLibraryDialog, PresetDialog
from kneelog.ui.widgets.report_dialog import ReportDialog
from kneelog.ui.widgets.restore_dialog import RestoreDialog
from kneelog.ui.widgets.shoes_dialog import ShoeEditor, ShoesDialog
from kneelog.ui.widgets.today_checklist import ExerciseLogDialog


def _session(app: Application) -> QWidget:
    last = app.journal.last_session()
    initial = last or app.controller.new_session_draft()
    return app.controller.session_dialog(initial, is_new=last is None)


def _session_speed(app: Application) -> QWidget:
    """The session dialog warning of an implausible speed (a 5 km run typed as 50), with the
    control that confirms it."""
    dialog = _session(app)
    dialog.distance.setText("50")  # type: ignore[attr-defined]
    return dialog


def _shoes(app: Application) -> QWidget:
    dialog = ShoesDialog(app.window, app.journal.unit)
    dialog.set_shoes(app.journal.shoes())
    return dialog


def _prescription(app: Application) -> QWidget:
    program = app.exercises.rehab.prescriptions()
    today = app.controller.today()
    if program:
        return PrescriptionDialog(app.exercises.library, program[0], today=today, parent=app.window)
    return PrescriptionDialog(app.exercises.library, today=today, parent=app.window)


def _exercise_log(app: Application) -> QWidget:
    program = app.exercises.rehab.prescriptions()
    if not program:
        prescription = PrescriptionRecord.new(exercise="step_up", start=app.controller.today())
    else:
        prescription = program[0]
    name = app.exercises.library.name_of(prescription.exercise)
    return ExerciseLogDialog(name, app.controller.today(), prescription, None, app.window)


def _report(app: Application) -> QWidget:
    today = app.controller.today()
    return ReportDialog(
        app.reports.initial_options(),
        last_visit_date(app.db, today),
        today,
        "Preview",
        app.window,
    )


def _preferences(app: Application) -> QWidget:
    return PreferencesDialog(Preferences(app.journal.unit.value, "monday", "", ""), app.window)


DIALOGS: dict[str, Callable[[Application], QWidget]] = {
    "session": _session,
    "session-speed": _session_speed,
    "checkin": lambda app: app.controller.checkin_dialog(
        app.controller.new_checkin_draft(), is_new=True
    ),
    "visit": lambda app: app.controller.visit_dialog(
        new_visit(app.controller.today()), is_new=True
    ),
    "profile": lambda app: app.controller.profile_dialog(app.controller.visits.profile()),
    "shoes": _shoes,
    "shoe": lambda app: ShoeEditor(
        ShoeRecord.new(name=""), is_new=True, unit=app.journal.unit, parent=app.window
    ),
    "preferences": _preferences,
    "rules": lambda app: app.plans.rule_settings_dialog(),
    "prescription": _prescription,
    "exercise-log": _exercise_log,
    "preset": lambda app: PresetDialog(
        app.exercises.library, app.controller.today(), parent=app.window
    ),
    "library": lambda app: ExerciseLibraryDialog(app.exercises.library, app.window),
    "akps": lambda app: AkpsDialog(
        app.exercises.rehab.akps_history(), today=app.controller.today(), parent=app.window
    ),
    "report": _report,
    "restore": lambda app: RestoreDialog([], parent=app.window),
    "import-summary": lambda app: ImportSummaryDialog(ImportReport(), app.window),
}
"""Dialog name -> how to build it over an application (shown by the caller)."""
