"""Every tab and dialog fits the smallest screen KneeLog supports: 1280×720 (also 1920×1080 at
150 %), on the demo journal and on an empty one, with room for a title bar and a panel."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from kneelog.persistence.db import Database
from kneelog.services.demo import populate_demo
from kneelog.services.opening import open_journal
from kneelog.ui.widgets.fit import FRAME_ALLOWANCE, SMALLEST_SCREEN, fit_to_screen
from tests.ui.conftest import TODAY
from tests.ui.gallery import DIALOGS

ROOM = SMALLEST_SCREEN - FRAME_ALLOWANCE


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo journal, generated once for the module (it takes a few seconds)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_journal(path)
    populate_demo(db, TODAY)
    db.close()
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, copy)
    db = open_journal(copy)
    yield db
    db.close()


def _fits(widget: QWidget) -> tuple[bool, QSize]:
    hint = widget.minimumSizeHint()
    return hint.width() <= ROOM.width() and hint.height() <= ROOM.height(), hint


@pytest.mark.parametrize("journal_fixture", ["demo_db", "db"], ids=["demo", "empty"])
def test_every_tab_fits_1280_by_720(qtbot, app_on, request, journal_fixture: str) -> None:
    app = app_on(request.getfixturevalue(journal_fixture))
    window = app.window
    window.show()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(1)
        title = window.tabs.tabText(index).replace("&", "")
        fits, hint = _fits(window)
        assert fits, f"the window with the {title} tab needs at least {hint.toTuple()}"
        fits, hint = _fits(window.tabs.widget(index))
        assert fits, f"the {title} tab needs at least {hint.toTuple()}"


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_fits_1280_by_720(qtbot, app_on, demo_db, name: str) -> None:
    app = app_on(demo_db)
    dialog = DIALOGS[name](app)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fits, hint = _fits(dialog)
    assert fits, f"the {name} dialog needs at least {hint.toTuple()}"
    assert dialog.width() <= max(ROOM.width(), hint.width())


def test_a_dialog_asking_for_more_than_the_screen_gets_the_screen(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    screen = widget.screen().availableGeometry().size() - FRAME_ALLOWANCE
    fit_to_screen(widget, 5000, 5000)
    assert widget.size() == screen
    fit_to_screen(widget, 300, 200)
    assert widget.size() == QSize(300, 200)
