"""Wires journal intents to the services, the undo stack, the table model and the status line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from kneelog import APP_NAME, DISCLAIMER, __version__
from kneelog.core import (
    CheckInRecord,
    EntryKind,
    EntryRow,
    Knee,
    KneelogError,
    ProfileRecord,
    SessionRecord,
    ShoeRecord,
    VisitRecord,
    pain_after_to_ask,
)
from kneelog.services import (
    EVERYTHING,
    Changes,
    Derived,
    EntryService,
    KeptHistory,
    RecordKind,
    VisitService,
    checkin_row,
    combined,
    new_visit,
    session_row,
    visit_row,
)
from kneelog.ui.actions import ActionId
from kneelog.ui.change_feed import ChangeFeed
from kneelog.ui.commands import JournalCommand
from kneelog.ui.controllers.import_controller import ImportController
from kneelog.ui.main_window import MainWindow
from kneelog.ui.qtmodels.journal_filter import KindFilter
from kneelog.ui.qtmodels.journal_model import JournalTableModel
from kneelog.ui.settings import AppSettings
from kneelog.ui.widgets.journal_view import SetupAnswers

# Each dialog's module is imported when the dialog first opens: start-up does not wait for it.
if TYPE_CHECKING:
    from kneelog.services import WeeklyAdherence
    from kneelog.ui.widgets.checkin_dialog import CheckInDialog
    from kneelog.ui.widgets.profile_dialog import ProfileDialog
    from kneelog.ui.widgets.session_dialog import SessionDialog
    from kneelog.ui.widgets.visit_dialog import VisitDialog


STATUS_FIGURES = frozenset({Derived.HISTORY, Derived.WEEK_TOTALS, Derived.SHOE_MILEAGE})
"""What the status line shows: the week's distances, the last pain scores, the shoe's mileage."""
ACTIVITY_WORDS = {"run": "run", "walk_run": "walk-run"}
SETUP_DONE = "setup_done"
"""Journal setting: the first run's questions were answered or skipped."""
STATUS_EXPLAINED = (
    "This week: the running distance (runs and walk-runs) and cross-training distance logged "
    "since the week began (Edit → Preferences sets the first day of the week).\n"
    "Last run pain: the knee pain of your latest run, during it and about an hour after, on the "
    "0-10 scale (0 = no pain, 10 = worst imaginable); – when not logged.\n"
    "Last morning: the knee pain of your latest morning check-in, 0-10.\n"
    "Shoe: the distance on the shoe you ran in last, and a warning once it passes the "
    "replacement distance you set (Log → Shoes)."
)


def _accepted(dialog: QDialog) -> bool:
    """Run a modal dialog; it is deleted once control returns here (its values stay readable)."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


ENTRY_KINDS = (
    (RecordKind.SESSION, EntryKind.SESSION),
    (RecordKind.CHECKIN, EntryKind.CHECKIN),
    (RecordKind.VISIT, EntryKind.VISIT),
)
"""The records the journal table lists, and the kind of line each is."""


class JournalController(QObject):
    """Every journal change goes through here: service call, undo command, then the change set
    published to the window (`publish`); `apply_changes` updates the table and the status line
    from each change set, whoever made it."""

    def __init__(
        self,
        window: MainWindow,
        journal: EntryService,
        model: JournalTableModel,
        undo_stack: QUndoStack,
        settings: AppSettings,
        today: Callable[[], dt.date] = dt.date.today,
        records: KeptHistory | None = None,
        publish: Callable[[Changes[Any]], None] | None = None,
    ) -> None:
        """`publish` hands a change set to the window (the `ChangeFeed` of the assembly); by
        default one feeding the history `records` and the window is made here."""
        super().__init__(window)
        self.window = window
        self.journal = journal
        self.visits = VisitService(journal.db)
        # The history kept for the rules and the charts (shared with them when given): the
        # table's lines are made from it, so a twenty-year journal is read once at start-up.
        self.records = records if records is not None else KeptHistory(journal.db)
        self.publish = publish or ChangeFeed(window, self.records).publish
        self.model = model
        self.undo_stack = undo_stack
        self.settings = settings
        self.today = today
        # Set by the assembly: the week views' exercise figures follow the week start.
        self.weekly_adherence: WeeklyAdherence | None = None
        self.shows_whole_journal = False
        """False while only the journal's last weeks are shown (`load_recent`)."""
        a = window.action
        a(ActionId.LOG_SESSION).triggered.connect(self.log_session)
        a(ActionId.CHECKIN).triggered.connect(self.morning_checkin)
        a(ActionId.LOG_VISIT).triggered.connect(lambda: self.log_visit())
        a(ActionId.PROFILE).triggered.connect(lambda: self.edit_profile())
        a(ActionId.EDIT_ENTRY).triggered.connect(self.edit_current)
        a(ActionId.DELETE_ENTRY).triggered.connect(self.delete_selected)
        a(ActionId.SHOES).triggered.connect(self.manage_shoes)
        self.importer = ImportController(
            window,
            journal.db,
            last_folder=lambda: self.settings.last_folder,
            remember_folder=lambda folder: setattr(self.settings, "last_folder", folder),
        )
        self.importer.finished.connect(self._after_import)
        self.importer.show_unscored_requested.connect(self.show_unscored_runs)
        a(ActionId.IMPORT).triggered.connect(self.import_files)
        a(ActionId.IMPORT_FOLDER).triggered.connect(self.import_folder)
        window.files_dropped.connect(self.import_paths)
        a(ActionId.EXPORT_JSON).triggered.connect(self.export_json)
        a(ActionId.PREFERENCES).triggered.connect(self.preferences)
        a(ActionId.ABOUT).triggered.connect(self.about)
        a(ActionId.QUIT).triggered.connect(window.close)
        window.journal.edit_requested.connect(self.edit_entry)
        welcome = window.journal.welcome
        welcome.setup_answered.connect(self.store_setup)
        welcome.prescribe_requested.connect(a(ActionId.PRESCRIBE).trigger)
        window.journal.pain_after_bar.save_requested.connect(self.save_pain_after)

    # --- loading -------------------------------------------------------------------------

    def load_recent(self) -> None:
        """At start-up: the journal's last weeks (`EntryService.recent`), more than a screen
        shows in any of its views, while `load_whole` reads the whole journal just after. A
        small journal is read whole at once."""
        recent = self.journal.recent(self.today())
        if recent is None:
            self.load()
            return
        self._apply_week_start()
        self.model.set_unit(self.journal.unit)
        self.model.set_lines(recent.lines)
        self.window.journal.set_whole_count(recent.whole_count)
        self.window.journal.set_today(self.today())
        self.ask_missing_pain_after(recent.sessions)
        self.shows_whole_journal = False

    def load_whole(self) -> None:
        """The whole journal in place of its last weeks (`load_recent`), if it is not shown yet.
        Only weeks that were off screen gain entries: the view stays where it was."""
        if not self.shows_whole_journal:
            self.load()

    def load(self) -> None:
        """Show the whole journal (at start-up, after an import or a restore), from the kept
        history: after an import or a restore the change feed has had it read afresh."""
        self.shows_whole_journal = True
        self._apply_week_start()
        self.model.set_unit(self.journal.unit)
        self.model.set_lines(self.journal.lines(self.records))
        self.window.journal.set_whole_count(None)
        # A new journal asks its three questions once (answered or skipped, never again).
        ask = self.model.rowCount() == 0 and not self.journal.setting(SETUP_DONE)
        self.window.journal.welcome.ask_setup(ask)
        self.refresh_status()
        self.ask_missing_pain_after()

    def ask_missing_pain_after(self, sessions: Sequence[SessionRecord] | None = None) -> None:
        """At start and after each morning check-in: the latest recent run still without its
        pain an hour after is asked for in one line above the journal (never a dialog).
        `sessions`: the recent ones, in date order (default: every session kept)."""
        run = pain_after_to_ask(
            self.records.sessions() if sessions is None else sessions, self.today()
        )
        bar = self.window.journal.pain_after_bar
        if run is None:
            bar.clear()
            return
        what = ACTIVITY_WORDS.get(run.activity, "run")
        day = f"{run.date:%a} {run.date.day} {run.date:%b}"
        if run.date == self.today():
            day = "today"
        elif run.date == self.today() - dt.timedelta(days=1):
            day = "yesterday"
        else:
            day = f"on {day}"
        distance = (
            f" ({self.journal.unit.format_distance(run.distance_m)})" if run.distance_m else ""
        )
        bar.ask(run.id, f"{what} {day}{distance}")

    def save_pain_after(self, session_id: str, pain: int) -> None:
        before = self.journal.get_session(session_id)
        after = before._replace(pain_after=pain)
        self._push(
            "Pain an hour after",
            lambda: self._put_session(after),
            lambda: self._put_session(before),
        )

    def store_setup(self, answers: SetupAnswers | None) -> None:
        """The first run's answers: units in the journal's settings, the knee in the runner's
        profile, and whether a PT prescribed exercises in the settings."""
        values: dict[str, Any] = {SETUP_DONE: True}
        changes: list[Changes[Any]] = []
        if answers is not None:
            if answers.units:
                values["units"] = answers.units
            if answers.knee:
                changed = self.visits.profile()._replace(knee=Knee(answers.knee))
                self._attempt(lambda: changes.append(self.visits.save_profile(changed)))
            if answers.pt_exercises is not None:
                values["pt_exercises"] = answers.pt_exercises
        changes.append(self.journal.set_settings(values))
        self.publish(combined(changes))

    def _apply_week_start(self) -> None:
        week_start = 6 if self.journal.setting("week_start") == "sunday" else 0
        self.window.journal.set_week_start(week_start)
        if self.weekly_adherence is not None:
            self.weekly_adherence.set_week_start(week_start)

    def refresh_status(self) -> None:
        self.window.journal.set_today(self.today())
        status = self.journal.status(self.today(), self.records)
        unit = self.journal.unit
        parts = [
            f"This week: {unit.format_distance(status.week_running_m)} running"
            + (
                f", {unit.format_distance(status.week_cross_training_m)} cross-training"
                if status.week_cross_training_m
                else ""
            )
        ]
        if status.last_pain_during is not None or status.last_pain_after is not None:
            during = "–" if status.last_pain_during is None else status.last_pain_during
            after = "–" if status.last_pain_after is None else status.last_pain_after
            parts.append(f"Last run pain: {during}/10 during, {after}/10 after")
        if status.last_morning_pain is not None:
            parts.append(f"Last morning: {status.last_morning_pain}/10")
        if (shoe := status.current_shoe) is not None:
            text = f"{shoe.name}: {unit.format_distance(shoe.km * 1000, 0)}"
            if shoe.past_retirement:
                text += " ⚠ time to replace"
            parts.append(text)
        self.window.status_label.setText("    ·    ".join(parts))
        self.window.status_label.setToolTip(STATUS_EXPLAINED)

    # --- what changed ---------------------------------------------------------------------

    def apply_changes(self, changes: Changes[Any]) -> None:
        """The table, the week views' totals and the status line after one change (connected to
        `MainWindow.changed`); the records come in the change set, nothing is read back."""
        if changes.everything:
            if self.weekly_adherence is not None:
                self.weekly_adherence.invalidate()  # exercise logs may have come too
            self.load()
            self.window.journal.refresh_totals()
            return
        if changes.setting_changed("units"):
            self.model.set_unit(self.journal.unit)
        if changes.setting_changed("week_start"):
            self._apply_week_start()
        if changes.touches(RecordKind.SHOE):
            # Shoe names show in the table; renaming one touches many rows, so remake them all
            # (the sessions themselves did not change).
            self.model.set_lines(self.journal.lines(self.records))
        elif any(changes.touches(kind) for kind, _ in ENTRY_KINDS):
            names = self.journal.shoe_names() if changes.touches(RecordKind.SESSION) else {}
            for kind, entry_kind in ENTRY_KINDS:
                for entry_id in changes.removed_ids(kind):
                    self.model.remove(entry_kind, entry_id)
                for record in changes.saved(kind):
                    self.model.upsert(_row(entry_kind, record, names))
        if changes.is_stale(Derived.ADHERENCE) and self.weekly_adherence is not None:
            self.weekly_adherence.invalidate()
            self.window.journal.refresh_totals()
        if changes.stale & STATUS_FIGURES:
            self.refresh_status()
        if changes.touches(RecordKind.CHECKIN):
            self.ask_missing_pain_after()

    def _select(self, kind: EntryKind, entry_id: str) -> None:
        row = self.model.row_of(kind, entry_id)
        if row >= 0:
            self.window.journal.select_source_row(row)

    # --- applying changes (used by first run, undo and redo alike) ------------------------

    def _put_session(self, item: SessionRecord) -> None:
        self.publish(self.journal.save_session(item))
        self._select(EntryKind.SESSION, item.id)

    def _drop_session(self, session_id: str) -> None:
        self.publish(self.journal.delete_session(session_id))

    def _put_checkin(self, item: CheckInRecord) -> None:
        self.publish(self.journal.save_checkin(item))
        self._select(EntryKind.CHECKIN, item.id)

    def _drop_checkin(self, checkin_id: str) -> None:
        self.publish(self.journal.delete_checkin(checkin_id))

    def _put_visit(self, item: VisitRecord) -> None:
        self.publish(self.visits.save_visit(item))
        self._select(EntryKind.VISIT, item.id)

    def _drop_visit(self, visit_id: str) -> None:
        self.publish(self.visits.delete_visit(visit_id))

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except KneelogError as exc:
            QMessageBox.warning(self.window, APP_NAME, str(exc))
            return False
        return True

    def _push(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        if self._attempt(redo):
            self.undo_stack.push(JournalCommand(text, redo, lambda: self._attempt(undo)))

    # --- sessions ------------------------------------------------------------------------

    def new_session_draft(self) -> SessionRecord:
        last = self.journal.last_session()
        return SessionRecord.new(
            date=self.today(),
            activity=last.activity if last else "run",
            surface=last.surface if last else None,
            shoe_id=self.journal.last_shoe_id(),
        )

    def session_dialog(self, initial: SessionRecord, is_new: bool) -> SessionDialog:
        from kneelog.ui.widgets.session_dialog import SessionDialog

        return SessionDialog(
            self.journal.unit, self.journal.shoes(), initial, is_new=is_new, parent=self.window
        )

    def log_session(self) -> None:
        draft = self.new_session_draft()
        while True:
            dialog = self.session_dialog(draft, is_new=True)
            if not _accepted(dialog):
                return
            item = dialog.session()
            self._add_session(item)
            if not dialog.log_another:
                return
            # The next one on the same day (a warm-up and a run, a ride and a swim).
            draft = self.new_session_draft()._replace(date=item.date)

    def _add_session(self, item: SessionRecord) -> None:
        self._push(
            "Log session", lambda: self._put_session(item), lambda: self._drop_session(item.id)
        )

    def edit_session(self, session_id: str) -> None:
        before = self.journal.get_session(session_id)
        dialog = self.session_dialog(before, is_new=False)
        if not _accepted(dialog):
            return
        after = dialog.session()
        if after == before:
            return
        self._push(
            "Edit session", lambda: self._put_session(after), lambda: self._put_session(before)
        )

    # --- check-ins -----------------------------------------------------------------------

    def new_checkin_draft(self) -> CheckInRecord:
        return CheckInRecord.new(date=self.today())

    def checkin_dialog(self, initial: CheckInRecord, is_new: bool) -> CheckInDialog:
        from kneelog.ui.widgets.checkin_dialog import CheckInDialog

        return CheckInDialog(
            initial,
            is_new=is_new,
            date_taken=lambda day: self.journal.checkin_on(day) is not None,
            parent=self.window,
        )

    def morning_checkin(self) -> None:
        existing = self.journal.checkin_on(self.today())
        if existing is not None:
            # One check-in per day: open today's again rather than refuse.
            self.edit_checkin(existing.id)
            return
        dialog = self.checkin_dialog(self.new_checkin_draft(), is_new=True)
        if not _accepted(dialog):
            return
        item = dialog.checkin()
        self._push(
            "Morning check-in", lambda: self._put_checkin(item), lambda: self._drop_checkin(item.id)
        )

    def edit_checkin(self, checkin_id: str) -> None:
        before = self.journal.get_checkin(checkin_id)
        dialog = self.checkin_dialog(before, is_new=False)
        if not _accepted(dialog):
            return
        after = dialog.checkin()
        if after == before:
            return
        self._push(
            "Edit check-in", lambda: self._put_checkin(after), lambda: self._put_checkin(before)
        )

    # --- clinician visits ----------------------------------------------------------------

    def visit_dialog(self, initial: VisitRecord, is_new: bool) -> VisitDialog:
        from kneelog.ui.widgets.visit_dialog import VisitDialog

        return VisitDialog(initial, is_new=is_new, today=self.today(), parent=self.window)

    def log_visit(self, day: dt.date | None = None) -> None:
        """Log → Clinician visit… (and the Tomorrow panel's button): a new visit on `day`, or
        today."""
        dialog = self.visit_dialog(new_visit(day or self.today()), is_new=True)
        if not _accepted(dialog):
            return
        item = dialog.visit()
        self._push(
            "Clinician visit", lambda: self._put_visit(item), lambda: self._drop_visit(item.id)
        )

    def edit_visit(self, visit_id: str) -> None:
        before = self.visits.get_visit(visit_id)
        dialog = self.visit_dialog(before, is_new=False)
        if not _accepted(dialog):
            return
        after = dialog.visit()
        if after == before:
            return
        self._push(
            "Edit clinician visit", lambda: self._put_visit(after), lambda: self._put_visit(before)
        )

    # --- the runner's profile --------------------------------------------------------------

    def profile_dialog(self, initial: ProfileRecord) -> ProfileDialog:
        from kneelog.ui.widgets.profile_dialog import ProfileDialog

        return ProfileDialog(initial, today=self.today(), parent=self.window)

    def edit_profile(self) -> None:
        """File → Profile… (and the welcome page's button): edit it, undoable."""
        before = self.visits.profile()
        dialog = self.profile_dialog(before)
        if not _accepted(dialog):
            return
        after = dialog.profile()
        if after == before:
            return
        self._push(
            "Edit profile", lambda: self._put_profile(after), lambda: self._put_profile(before)
        )

    def _put_profile(self, profile: ProfileRecord) -> None:
        self.publish(self.visits.save_profile(profile))
        self.window.statusBar().showMessage("Profile saved", 4000)

    # --- any entry -----------------------------------------------------------------------

    def edit_entry(self, entry: EntryRow) -> None:
        if entry.kind is EntryKind.SESSION:
            self.edit_session(entry.id)
        elif entry.kind is EntryKind.VISIT:
            self.edit_visit(entry.id)
        else:
            self.edit_checkin(entry.id)

    def edit_current(self) -> None:
        self.window.journal.edit_current()

    def delete_selected(self) -> None:
        entries = self.window.journal.selected_entries()
        if not entries:
            return
        sessions = [self.journal.get_session(e.id) for e in entries if e.kind is EntryKind.SESSION]
        checkins = [self.journal.get_checkin(e.id) for e in entries if e.kind is EntryKind.CHECKIN]
        visits = [self.visits.get_visit(e.id) for e in entries if e.kind is EntryKind.VISIT]
        kinds: tuple[
            tuple[EntryKind, list[SessionRecord] | list[CheckInRecord] | list[VisitRecord]], ...
        ]
        kinds = (
            (EntryKind.SESSION, sessions),
            (EntryKind.CHECKIN, checkins),
            (EntryKind.VISIT, visits),
        )

        def delete() -> None:
            # One transaction for the lot: a crash never leaves half of a delete done.
            self.publish(
                self.journal.delete_entries(
                    [s.id for s in sessions], [c.id for c in checkins], [v.id for v in visits]
                )
            )

        def restore() -> None:
            self.publish(self.journal.restore_entries(sessions, checkins, visits))
            for kind, ids in kinds:
                for entry in ids:
                    self._select(kind, entry.id)

        count = len(entries)
        self._push(f"Delete {count} entr{'y' if count == 1 else 'ies'}", delete, restore)

    # --- shoes ---------------------------------------------------------------------------

    def manage_shoes(self) -> None:
        from kneelog.ui.widgets.shoes_dialog import ShoeEditor, ShoesDialog

        dialog = ShoesDialog(self.window, self.journal.unit)
        dialog.set_shoes(self.journal.shoes())

        def edit(shoe: ShoeRecord, is_new: bool) -> None:
            editor = ShoeEditor(shoe, is_new=is_new, unit=self.journal.unit, parent=dialog)
            if _accepted(editor) and self._attempt(
                lambda: self.publish(self.journal.save_shoe(editor.shoe()))
            ):
                dialog.set_shoes(self.journal.shoes())

        def retire(shoe_id: str, retire: bool) -> None:
            shoe = self.journal.get_shoe(shoe_id)._replace(retired=self.today() if retire else None)
            if self._attempt(lambda: self.publish(self.journal.save_shoe(shoe))):
                dialog.set_shoes(self.journal.shoes())

        dialog.add_requested.connect(
            lambda: edit(ShoeRecord.new(name="", started=self.today()), True)
        )
        dialog.edit_requested.connect(lambda shoe_id: edit(self.journal.get_shoe(shoe_id), False))
        dialog.retire_requested.connect(retire)
        dialog.exec()
        dialog.deleteLater()

    # --- files ---------------------------------------------------------------------------

    def import_files(self) -> None:
        """File → Import…: several activity files, zips, exports or KneeLog files."""
        self.importer.choose_files()

    def import_folder(self) -> None:
        self.importer.choose_folder()

    def import_paths(self, paths: list[Path]) -> None:
        """Import in the background; the journal reloads and a summary shows at the end."""
        self.importer.import_paths(paths)

    def _after_import(self, outcome: object) -> None:
        # An import changes many records at once; it is not undoable record by record.
        self.undo_stack.clear()
        # A report says what it changed; a failed run may still have written part of a
        # folder's files before it stopped, so then the journal is read afresh.
        changes = getattr(outcome, "changes", EVERYTHING)
        self.publish(changes if isinstance(changes, Changes) else EVERYTHING)

    def show_unscored_runs(self) -> None:
        """The journal filtered to imported runs that still need their knee pain scores."""
        view = self.window.journal
        self.window.show_tab(view)
        view.range.setCurrentIndex(0)  # any time: imported runs can be old
        view.search.clear()
        view.set_kind_filter(KindFilter.NO_PAIN_SCORES)

    def export_json(self) -> None:
        # Here, not at the top: the journal format and its checksums are not needed to open
        # the journal, and start-up imports every controller.
        from kneelog.services import export_journal

        suggested = Path(self.settings.last_folder) / f"kneelog-{self.today().isoformat()}.json"
        name, _filter = QFileDialog.getSaveFileName(
            self.window, "Export journal", str(suggested), "KneeLog journal (*.json)"
        )
        if not name:
            return
        path = Path(name)
        self.settings.last_folder = str(path.parent)
        try:
            count = export_journal(self.journal.db, path)
        except (KneelogError, OSError) as exc:
            QMessageBox.warning(self.window, "Export", f"The journal could not be saved: {exc}")
            return
        self.window.statusBar().showMessage(f"Exported {count} records to {path}", 8000)

    # --- preferences and about -----------------------------------------------------------

    def preferences(self) -> None:
        from kneelog.ui.widgets.preferences_dialog import Preferences, PreferencesDialog

        settings = self.journal.settings()
        current = Preferences(
            units=settings.get("units") or "km",
            week_start=settings.get("week_start") or "monday",
            runner_name=settings.get("runner_name") or "",
            pt_name=settings.get("pt_name") or "",
        )
        dialog = PreferencesDialog(current, self.window)
        if not _accepted(dialog):
            return
        chosen = dialog.preferences()
        keys = ("units", "week_start", "runner_name", "pt_name")
        self.publish(self.journal.set_settings({k: getattr(chosen, k) or None for k in keys}))

    def about(self) -> None:
        QMessageBox.about(
            self.window,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>A training log for runners coming back from knee pain: runs, knee pain, "
            "morning check-ins and a plan for tomorrow.</p>"
            f"<p><b>Medical disclaimer.</b> {DISCLAIMER}</p>"
            "<p>Your journal stays on this computer; KneeLog makes no network connections.</p>",
        )


def _row(kind: EntryKind, record: Any, shoe_names: dict[str, str]) -> EntryRow:
    """The table's line for a record a change set carries."""
    if kind is EntryKind.SESSION:
        return session_row(record, shoe_names)
    if kind is EntryKind.CHECKIN:
        return checkin_row(record)
    return visit_row(record)
