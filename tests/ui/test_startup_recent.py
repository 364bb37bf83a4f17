"""At start-up the journal shows its last weeks first and the whole of it just after; with a
remembered plan nothing reads the whole history before the window is useful."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings

from kneelog.core import CheckInRecord, SessionRecord
from kneelog.persistence import CHECKINS, SESSIONS, Database
from kneelog.services import RECENT_ENTRIES, RECENT_WEEKS, open_journal
from kneelog.ui.assembly import Application, build

TODAY = dt.date.today()
DAYS = 400  # a run every other day and a check-in every day: 600 entries, over a year


def _fill(db: Database) -> None:
    with db.writing() as connection:
        SESSIONS.put_all(
            connection,
            (
                SessionRecord.new(
                    date=TODAY - dt.timedelta(days=k),
                    activity="run",
                    distance_m=5000,
                    duration_s=1800,
                    pain_during=1,
                    pain_after=1,
                )
                for k in range(1, DAYS, 2)
            ),
        )
        CHECKINS.put_all(
            connection,
            (
                CheckInRecord.new(date=TODAY - dt.timedelta(days=k), morning_pain=1)
                for k in range(DAYS)
            ),
        )


def _start(qtbot, db: Database, tmp_path: Path) -> Application:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    application = build(db, settings, "Journal", charts_later=True)
    qtbot.addWidget(application.window)
    return application


def test_the_last_weeks_come_first_then_the_whole_journal(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_journal(tmp_path / "journal.sqlite3")
    try:
        _fill(db)
        application = _start(qtbot, db, tmp_path)
        controller, model = application.controller, application.window.journal_model
        assert not controller.shows_whole_journal
        shown = model.rowCount()
        # Ten weeks at least (each day a check-in, every other day a run), far from all 600.
        assert RECENT_WEEKS * 7 * 1.5 <= shown < 600 and shown >= RECENT_ENTRIES
        newest = [model.entry_at(row).date for row in range(3)]
        # The count says the journal's entries, not the last weeks'.
        assert application.window.journal.count.text() == "600 entries"
        controller.load_whole()
        assert controller.shows_whole_journal and model.rowCount() == 600
        assert application.window.journal.count.text() == "600 entries"
        # The newest entries are where they were: the weeks added are older ones.
        assert [model.entry_at(row).date for row in range(3)] == newest
        assert model.entry_at(599).date == TODAY - dt.timedelta(days=DAYS - 1)
        application.window.close()
    finally:
        db.close()


def test_a_small_journal_is_read_whole_at_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_journal(tmp_path / "journal.sqlite3")
    try:
        with db.writing() as connection:
            CHECKINS.put(connection, CheckInRecord.new(date=TODAY, morning_pain=2))
        application = _start(qtbot, db, tmp_path)
        assert application.controller.shows_whole_journal
        assert application.window.journal_model.rowCount() == 1
        application.window.close()
    finally:
        db.close()


def test_with_a_remembered_plan_the_history_is_read_after_the_window_is_useful(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = open_journal(tmp_path / "journal.sqlite3")
    try:
        _fill(db)
        first = _start(qtbot, db, tmp_path)
        first.plans.remember_ahead()  # as the window does once ready, and as it closes
        first.window.close()
        again = _start(qtbot, db, tmp_path)
        history = again.plans.planning.records
        assert again.plans.shows_remembered
        assert not history.is_read and not history.holds_exercise_logs
        assert again.plans.panel.plan == first.plans.panel.plan
        again.controller.load_whole()
        again.make_charts()
        again.plans.settle()  # worked out again: the same plan
        assert history.is_read and not again.plans.shows_remembered
        assert again.plans.panel.plan == first.plans.panel.plan
        again.window.close()
    finally:
        db.close()
