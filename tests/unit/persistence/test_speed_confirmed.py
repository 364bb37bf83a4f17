"""Schema 5, a session's confirmed speed: the upgrade of a real schema-4 file, and how the flag
survives saves and a journal-file export and import."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from kneelog.core.session_records import SessionRecord
from kneelog.persistence import migrations
from kneelog.persistence.health import APPLICATION_ID
from kneelog.services.entries import EntryService
from kneelog.services.kept_history import KeptHistory
from kneelog.services.opening import open_journal
from kneelog.services.planning import PlanningService
from kneelog.services.transfer import export_csv, export_journal, import_csv_table, import_journal

DAY = dt.date(2026, 11, 3)


def _schema_4_journal(path: Path) -> None:
    """A journal as KneeLog wrote it at schema 4 (the released steps, append-only), with a run
    whose speed is implausible (12 km in 20 minutes) and a plausible one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    for step in migrations.MIGRATIONS[:4]:
        step(connection)
    connection.execute(
        "INSERT INTO training_session (id, date, activity, distance_m, duration_s, symptoms, "
        "notes) VALUES ('fast', ?, 'run', 12000, 1200, '[]', 'race?'), "
        "('easy', ?, 'run', 5000, 1800, '[]', '')",
        (DAY.isoformat(), (DAY - dt.timedelta(days=2)).isoformat()),
    )
    connection.execute("INSERT INTO visit (id, date) VALUES ('v1', ?)", (DAY.isoformat(),))
    connection.execute("PRAGMA user_version = 4")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("COMMIT")
    connection.close()


def test_a_schema_4_journal_upgrades_with_every_session_unconfirmed(db_path: Path) -> None:
    _schema_4_journal(db_path)
    assert migrations.schema_problems(db_path) == []
    db = open_journal(db_path)
    try:
        assert migrations.read_version(db) == (migrations.SCHEMA_VERSION, APPLICATION_ID)
        records = KeptHistory(db).sessions()
        assert [(s.id, s.distance_m, s.speed_confirmed) for s in records] == [
            ("easy", 5000, False),
            ("fast", 12000, False),
        ]
        journal = EntryService(db)
        fast = journal.get_session("fast")
        assert fast.notes == "race?" and not fast.speed_confirmed
        journal.save_session(fast._replace(speed_confirmed=True))
        assert journal.get_session("fast").speed_confirmed
        assert [s.speed_confirmed for s in KeptHistory(db).sessions()] == [False, True]
    finally:
        db.close()
    assert migrations.schema_problems(db_path) == []
    (backup,) = (db_path.parent / "backups").glob("*")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 4
        columns = {row[1] for row in old.execute("PRAGMA table_info(training_session)")}
        assert "speed_confirmed" not in columns
        assert old.execute("SELECT count(*) FROM training_session").fetchone()[0] == 2


def test_a_confirmation_is_not_in_the_journal_file_but_survives_importing_it_back(
    tmp_path: Path,
) -> None:
    db = open_journal(tmp_path / "a" / "kneelog.sqlite3")
    fresh = open_journal(tmp_path / "b" / "kneelog.sqlite3")
    try:
        journal = EntryService(db)
        saved = journal.save_session(
            SessionRecord.new(
                date=DAY, activity="run", distance_m=12_000, duration_s=1200, speed_confirmed=True
            )
        ).record
        exported = tmp_path / "journal.json"
        export_journal(db, exported)
        (record,) = json.loads(exported.read_text(encoding="utf-8"))["sessions"]
        assert "speed_confirmed" not in record  # format 2 has no such key, and refuses one
        # Into the same journal: nothing changes, the confirmation included.
        summary = import_journal(db, exported)
        assert (summary.unchanged, summary.updated) == (1, 0)
        assert journal.get_session(saved.id).speed_confirmed
        # The CSV tables the same way.
        export_csv(db, tmp_path / "csv")
        assert "speed_confirmed" not in (tmp_path / "csv" / "sessions.csv").read_text("utf-8")
        assert import_csv_table(db, tmp_path / "csv" / "sessions.csv").unchanged == 1
        assert journal.get_session(saved.id).speed_confirmed
        # Into another journal: the file cannot say it, so the session is to confirm again.
        import_journal(fresh, exported)
        assert not EntryService(fresh).get_session(saved.id).speed_confirmed
        # A file that changes the distance brings a new speed: its confirmation is not kept.
        data = json.loads(exported.read_text(encoding="utf-8"))
        data["sessions"][0]["distance_km"] = 13.0
        exported.write_text(json.dumps(data), encoding="utf-8")
        import_journal(db, exported)
        changed = journal.get_session(saved.id)
        assert changed.distance_m == 13_000 and not changed.speed_confirmed
    finally:
        db.close()
        fresh.close()


def test_the_plan_uses_every_session_confirmed_or_not_as_the_suggestion_spec_says(
    db_path: Path,
) -> None:
    db = open_journal(db_path)
    try:
        journal = EntryService(db)
        for days in (10, 7, 4):
            journal.save_session(
                SessionRecord.new(
                    date=DAY - dt.timedelta(days=days),
                    activity="run",
                    distance_m=5000,
                    duration_s=1800,
                    pain_during=1,
                    pain_after=1,
                )
            )
        typo = journal.save_session(
            SessionRecord.new(
                date=DAY - dt.timedelta(days=1),
                activity="run",
                distance_m=50_000,
                duration_s=1500,
                pain_during=1,
                pain_after=1,
            )
        ).record
        before = PlanningService(db).plan_for(DAY).to_json()
        journal.save_session(typo._replace(speed_confirmed=True))
        after = PlanningService(db).plan_for(DAY).to_json()
        # "It uses every session ... dated before D" (spec/suggestion.md): the 50 km is a spike
        # either way, and the `kneelog suggest` output does not depend on the confirmation.
        assert "L1" in [reason["rule"] for reason in before["reasons"]]
        assert before == after
    finally:
        db.close()
