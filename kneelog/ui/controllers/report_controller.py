"""File → Print preview, Print and Export PDF: the report dialog, then one renderer for all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from kneelog.core import KneelogError
from kneelog.persistence import Database
from kneelog.services import Changes, EntryService
from kneelog.ui.actions import ActionId
from kneelog.ui.main_window import MainWindow
from kneelog.ui.settings import AppSettings
from kneelog.ui.widgets.fit import fit_to_screen

if TYPE_CHECKING:
    # The report's services, dialog, printing and layout load when a report is first asked
    # for: Qt's print support, the page painter and the report's queries are memory and time
    # that opening the journal does not need.
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from kneelog.services import Paper, PlanningService, ReportData, ReportOptions

NOTES_SETTING = "report_notes"
"""Journal setting: the runner's notes for the next report, kept until they change them."""


class ReportController(QObject):
    def __init__(
        self,
        window: MainWindow,
        db: Database,
        settings: AppSettings,
        today: Callable[[], dt.date] = dt.date.today,
        planning: PlanningService | None = None,
        publish: Callable[[Changes[Any]], None] | None = None,
    ) -> None:
        """`publish` hands the change of the kept notes to the window (nothing shows them, so
        without it they are only stored)."""
        super().__init__(window)
        self.publish = publish
        # The window's planning service, whose journal view is already read and kept current:
        # a report then recomputes its days' plans without reading the journal again.
        self.planning = planning
        self.window = window
        self.db = db
        self.journal = EntryService(db)
        self.settings = settings
        self.today = today
        self._last_options: ReportOptions | None = None
        window.action(ActionId.PRINT_PREVIEW).triggered.connect(lambda: self.preview())
        window.action(ActionId.PRINT).triggered.connect(lambda: self.print_report())
        window.action(ActionId.EXPORT_PDF).triggered.connect(lambda: self.export_pdf())

    # --- choosing --------------------------------------------------------------------------

    def initial_options(self) -> ReportOptions:
        """The default period (since the last visit, else from the first entry but at most 12
        weeks back), every section, the notes kept in the journal and the paper of this locale;
        or the sections and paper chosen earlier in this session."""
        from kneelog.services import ReportOptions, report_period

        first, last = report_period(self.db, self.today())
        notes = str(self.journal.setting(NOTES_SETTING) or "")
        if self._last_options is not None:
            previous = self._last_options
            return ReportOptions(first, last, previous.sections, notes, previous.paper)
        from kneelog.ui.report_layout import locale_paper

        return ReportOptions(first, last, notes=notes, paper=locale_paper())

    def ask_options(self, action_text: str) -> ReportOptions | None:
        from kneelog.services import last_visit_date
        from kneelog.ui.widgets.report_dialog import ReportDialog

        today = self.today()
        dialog = ReportDialog(
            self.initial_options(),
            last_visit_date(self.db, today),
            today,
            action_text,
            self.window,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options() if accepted else None
        dialog.deleteLater()
        if options is not None:
            self._last_options = options
            changes = self.journal.set_setting(NOTES_SETTING, options.notes or None)
            if self.publish is not None:
                self.publish(changes)
        return options

    def report_data(self, options: ReportOptions) -> ReportData:
        from kneelog.services import build_report

        return build_report(self.db, options, self.today(), self.planning)

    # --- the three outputs -----------------------------------------------------------------

    def _printer(self, paper: Paper) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        from kneelog.ui.report_layout import page_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(paper))
        printer.setDocName("Knee progress report")
        return printer

    def preview(self, options: ReportOptions | None = None) -> QPrintPreviewDialog | None:
        """Show the report in a print preview (which can also print it)."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from kneelog.ui.printing import render_report

        options = options or self.ask_options("Preview")
        if options is None:
            return None
        data = self.report_data(options)
        printer = self._printer(options.paper)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle("Print preview: progress report")
        dialog.paintRequested.connect(lambda device: render_report(device, data))
        fit_to_screen(dialog, 900, 1000)
        # The printer must outlive the (non-modal) dialog that paints on it.
        self._preview = (dialog, printer)
        dialog.open()
        return dialog

    def print_report(self, options: ReportOptions | None = None) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        from kneelog.ui.printing import render_report

        options = options or self.ask_options("Print…")
        if options is None:
            return False
        data = self.report_data(options)
        printer = self._printer(options.paper)
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print the progress report")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return False
        try:
            render_report(printer, data)
        except RuntimeError as exc:
            QMessageBox.warning(self.window, "Print", f"The report could not be printed: {exc}")
            return False
        return True

    def export_pdf(
        self, options: ReportOptions | None = None, path: Path | None = None
    ) -> Path | None:
        options = options or self.ask_options("Save PDF…")
        if options is None:
            return None
        if path is None:
            suggested = (
                Path(self.settings.last_folder)
                / f"knee-report-{options.first.isoformat()}-to-{options.last.isoformat()}.pdf"
            )
            name, _filter = QFileDialog.getSaveFileName(
                self.window, "Export the report as PDF", str(suggested), "PDF (*.pdf)"
            )
            if not name:
                return None
            path = Path(name)
            if path.suffix.lower() != ".pdf":
                path = path.with_suffix(".pdf")
        self.settings.last_folder = str(path.parent)
        try:
            from kneelog.ui.printing import write_pdf

            pages = write_pdf(path, self.report_data(options))
        except (KneelogError, OSError, RuntimeError) as exc:
            QMessageBox.warning(self.window, "Export PDF", f"The report could not be saved: {exc}")
            return None
        self.window.statusBar().showMessage(
            f"Saved the report ({pages} page{'s' if pages != 1 else ''}) to {path}", 8000
        )
        return path
