"""The demo story: every session's speed is plausible for its activity, and the latest run still
waits for its pain an hour after (as KneeLog's reminder expects)."""

from __future__ import annotations

import datetime as dt

from kneelog.core.completeness import pain_after_to_ask
from kneelog.core.plausibility import speed_problem
from kneelog.persistence.db import Database
from kneelog.services.demo import populate_demo
from kneelog.services.kept_history import KeptHistory


def test_every_demo_session_has_a_plausible_speed(db: Database) -> None:
    today = dt.date(2026, 12, 4)
    populate_demo(db, today)
    sessions = KeptHistory(db).sessions()
    assert len(sessions) > 50
    problems = [
        (s.date, s.activity, s.distance_m, s.duration_s)
        for s in sessions
        if speed_problem(s.activity, s.distance_m, s.duration_s)
    ]
    assert problems == []
    missing = pain_after_to_ask(sessions, today)
    assert missing is not None and missing.date >= today - dt.timedelta(days=2)


def test_the_demo_counts_whole_in_the_load_figures_whatever_the_day(tmp_path) -> None:
    """Nothing of the demo is left out of the load figures, and nothing needed confirming: its
    story is built back from the day it is opened on, so two more weekdays are tried."""
    from kneelog.core.plausibility import load_sessions
    from kneelog.services.opening import open_journal

    for offset, today in enumerate(dt.date(2027, 3, 1) + dt.timedelta(days=d) for d in (0, 5)):
        demo = open_journal(tmp_path / str(offset) / "demo.sqlite3")
        try:
            populate_demo(demo, today)
            sessions = KeptHistory(demo).sessions()
            assert not any(s.speed_confirmed for s in sessions)
            assert load_sessions(sessions) == list(sessions)
        finally:
            demo.close()
