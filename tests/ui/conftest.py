"""GUI fixtures: the whole application on a real journal file, and a helper for modal dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kneelog.persistence.db import Database
from kneelog.ui.app import Application, build

TODAY = dt.date(2026, 5, 6)


@pytest.fixture
def settings_file(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def app_on(qtbot, settings_file: QSettings) -> Iterator[Callable[[Database], Application]]:  # type: ignore[no-untyped-def]
    built: list[Application] = []

    def make(db: Database) -> Application:
        application = build(db, settings_file, "Test journal")
        application.controller.today = lambda: TODAY
        application.controller.refresh_status()
        qtbot.addWidget(application.window)
        built.append(application)
        return application

    yield make
    for application in built:
        application.window.close()


def answer_modal(interact: Callable[[QWidget], None]) -> None:
    """Run `interact` on the next modal dialog once it is shown (exec() blocks the test)."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(5, attempt)
            return
        interact(dialog)

    QTimer.singleShot(0, attempt)
