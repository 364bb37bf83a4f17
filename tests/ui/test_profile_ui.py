"""File → Profile…: the dialog, undo and redo, the welcome page's button, and the report's top."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

from kneelog.core.visits import Aggravator, Condition, Knee, PainLocation, ProfileRecord
from kneelog.persistence.db import Database
from kneelog.services.report import ReportOptions
from kneelog.services.visits import VisitService
from kneelog.ui.actions import ActionId
from kneelog.ui.widgets.profile_dialog import ProfileDialog
from tests.ui.conftest import TODAY, answer_modal
from tests.ui.test_report import pdf_pages


def _ok(dialog: ProfileDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_profile_is_edited_undone_redone_and_printed(
    qtbot, app_on, db: Database, tmp_path: Path
) -> None:
    app = app_on(db)
    window = app.window
    assert window.action(ActionId.PROFILE) in window.file_menu.actions()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ProfileDialog)
        assert not dialog.since.isEnabled() and not dialog.goal_date.isEnabled()
        dialog.knee.setCurrentIndex(dialog.knee.findData("right"))
        dialog.condition.setCurrentIndex(dialog.condition.findData("patellofemoral"))
        dialog.locations["around_kneecap"].setChecked(True)
        dialog.aggravators["stairs"].setChecked(True)
        dialog.aggravators["downhill"].setChecked(True)
        dialog.has_since.setChecked(True)
        dialog.since.setDate(QDate(2026, 2, 1))
        qtbot.keyClicks(dialog.goal, "Run 10 km pain-free")
        dialog.has_goal_date.setChecked(True)
        dialog.goal_date.setDate(QDate(2026, 9, 20))
        qtbot.keyClicks(dialog.clinician, "Sam Rivera, PT")
        qtbot.keyClick(_ok(dialog), Qt.Key.Key_Return)

    answer_modal(fill)
    window.action(ActionId.PROFILE).trigger()
    expected = ProfileRecord(
        Knee.RIGHT,
        Condition.PATELLOFEMORAL,
        (PainLocation.AROUND_KNEECAP,),
        (Aggravator.STAIRS, Aggravator.DOWNHILL),
        dt.date(2026, 2, 1),
        "Run 10 km pain-free",
        dt.date(2026, 9, 20),
        "Sam Rivera, PT",
    )
    assert VisitService(db).profile() == expected
    assert window.undo_action.text() == "&Undo Edit profile"
    window.undo_action.trigger()
    assert VisitService(db).profile() == ProfileRecord()
    window.redo_action.trigger()
    assert VisitService(db).profile() == expected

    path = app.reports.export_pdf(
        ReportOptions(TODAY - dt.timedelta(days=27), TODAY), tmp_path / "profile.pdf"
    )
    assert path is not None
    first = pdf_pages(path)[0]
    for text in (
        "Right knee · Patellofemoral pain (runner's knee)",
        "Where it hurts around the kneecap",
        "Made worse by stairs, running downhill",
        "Pain since 1 Feb 2026",
        "Goal Run 10 km pain-free, by 20 Sep 2026",
        "Clinician Sam Rivera, PT",
    ):
        assert text in first, text


def test_a_cancelled_or_unchanged_profile_pushes_nothing(app_on, db: Database) -> None:
    app = app_on(db)
    answer_modal(lambda dialog: dialog.reject())
    app.window.action(ActionId.PROFILE).trigger()
    answer_modal(lambda dialog: dialog.accept())
    app.window.action(ActionId.PROFILE).trigger()
    assert not app.window.undo_action.isEnabled()
    assert VisitService(db).profile() == ProfileRecord()


def test_the_welcome_page_offers_the_profile(app_on, db: Database) -> None:
    app = app_on(db)
    button = app.window.journal.welcome.findChild(QPushButton, "welcome_profile")
    assert button is not None
    seen: list[QWidget] = []

    def look(dialog: QWidget) -> None:
        seen.append(dialog)
        dialog.close()

    answer_modal(look)
    button.click()
    assert len(seen) == 1 and isinstance(seen[0], ProfileDialog)
