"""The demo story: every session's speed is plausible for its activity, and the latest run still
waits for its pain an hour after (as KneeLog's reminder expects)."""

from __future__ import annotations

import datetime as dt

from kneelog.core.completeness import pain_after_to_ask
from kneelog.core.plausibility import speed_problem
from kneelog.persistence.db import Database
from kneelog.services.demo import populate_demo
from kneelog.services.journal_records import JournalRecords


def test_every_demo_session_has_a_plausible_speed(db: Database) -> None:
    today = dt.date(2026, 12, 4)
    populate_demo(db, today)
    sessions = JournalRecords(db).sessions()
    assert len(sessions) > 50
    problems = [
        (s.date, s.activity, s.distance_m, s.duration_s)
        for s in sessions
        if speed_problem(s.activity, s.distance_m, s.duration_s)
    ]
    assert problems == []
    missing = pain_after_to_ask(sessions, today)
    assert missing is not None and missing.date >= today - dt.timedelta(days=2)
