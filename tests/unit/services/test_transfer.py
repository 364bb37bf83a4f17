"""Journal import and export: lossless round trip, idempotent imports, refusals that write nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kneelog.core import akps
from kneelog.core.errors import JournalFileError
from kneelog.core.exercises import default_library
from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.services.demo import populate_demo
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.rehab import RehabService
from kneelog.services.transfer import export_journal, import_journal
from tests.unit.services.journal_strategies import dates, scores, training_sessions

NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def _records(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in ("exported_at",)}


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document))
    return path


def test_export_import_export_is_lossless(tmp_path: Path) -> None:
    source = open_journal(tmp_path / "a.sqlite3")
    populate_demo(source, dt.date(2026, 11, 21))
    EntryService(source).set_setting("units", "mi")
    first = tmp_path / "first.json"
    export_journal(source, first, NOW)
    target = open_journal(tmp_path / "b.sqlite3")
    summary = import_journal(target, first)
    assert summary.added > 100 and summary.updated == 0
    second = tmp_path / "second.json"
    export_journal(target, second, NOW)
    document = json.loads(first.read_text())
    assert document == json.loads(second.read_text())
    assert document["program"] and document["exercise_logs"] and document["assessments"]
    assert RehabService(target).exercise_logs() == RehabService(source).exercise_logs()
    source.close()
    target.close()


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    document = {
        "format": "kneelog-journal",
        "version": 1,
        "sessions": [
            {"date": "2026-05-01", "activity": "run", "distance_km": 5},
            {"id": "x1", "date": "2026-05-02", "activity": "swim"},
        ],
        "checkins": [{"date": "2026-05-02", "morning_pain": 1}],
    }
    path = _write(tmp_path / "j.json", document)
    db = open_journal(tmp_path / "k.sqlite3")
    import_journal(db, path)
    again = import_journal(db, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert len(EntryService(db).entries()) == 3
    db.close()


def test_a_record_with_a_known_id_is_updated(tmp_path: Path) -> None:
    db = open_journal(tmp_path / "k.sqlite3")
    base = {"format": "kneelog-journal", "version": 1}
    import_journal(
        db,
        _write(
            tmp_path / "a.json",
            {
                **base,
                "sessions": [
                    {"id": "r1", "date": "2026-05-01", "activity": "run", "pain_during": 2}
                ],
            },
        ),
    )
    summary = import_journal(
        db,
        _write(
            tmp_path / "b.json",
            {
                **base,
                "sessions": [
                    {"id": "r1", "date": "2026-05-01", "activity": "run", "pain_during": 4}
                ],
            },
        ),
    )
    assert summary.updated == 1
    assert EntryService(db).get_session("r1").pain_during == 4
    db.close()


def test_a_bad_file_is_refused_whole_and_nothing_is_written(tmp_path: Path) -> None:
    db = open_journal(tmp_path / "k.sqlite3")
    path = _write(
        tmp_path / "bad.json",
        {
            "format": "kneelog-journal",
            "version": 1,
            "shoes": [{"id": "s", "name": "ShoeRecord"}],
            "sessions": [
                {"date": "2026-05-01", "activity": "run"},
                {"date": "2026-05-02", "activity": "run", "pain_during": 12},
                {"date": "2026-05-03", "activity": "run", "shoe": "ghost"},
            ],
        },
    )
    with pytest.raises(JournalFileError) as caught:
        import_journal(db, path)
    assert caught.value.problems == ["sessions[1].pain_during: 12 is outside 0-10"]
    assert EntryService(db).entries() == []
    assert EntryService(db).shoes() == []
    db.close()


def test_an_unknown_shoe_reference_refuses_the_file(tmp_path: Path) -> None:
    db = open_journal(tmp_path / "k.sqlite3")
    path = _write(
        tmp_path / "bad.json",
        {
            "format": "kneelog-journal",
            "version": 1,
            "sessions": [
                {"date": "2026-05-01", "activity": "run"},
                {"date": "2026-05-03", "activity": "run", "shoe": "ghost"},
            ],
        },
    )
    with pytest.raises(JournalFileError) as caught:
        import_journal(db, path)
    assert caught.value.problems == [
        "sessions[1].shoe: 'ghost' is not a shoe in this file or the journal"
    ]
    assert EntryService(db).entries() == []
    db.close()


def test_a_checkin_for_a_date_already_logged_takes_its_place(tmp_path: Path) -> None:
    db = open_journal(tmp_path / "k.sqlite3")
    journal = EntryService(db)
    journal.save_checkin(CheckInRecord.new(date=dt.date(2026, 5, 1), morning_pain=5))
    import_journal(
        db,
        _write(
            tmp_path / "c.json",
            {
                "format": "kneelog-journal",
                "version": 1,
                "checkins": [{"id": "c9", "date": "2026-05-01", "morning_pain": 2}],
            },
        ),
    )
    (only,) = journal.checkins()
    assert (only.id, only.morning_pain) == ("c9", 2)
    db.close()


_sessions = st.lists(training_sessions, max_size=12)


_EXERCISE_IDS = sorted(default_library().ids)
_small = st.none() | st.integers(1, 20)
_program = st.lists(
    st.builds(
        PrescriptionRecord.new,
        exercise=st.sampled_from(_EXERCISE_IDS),
        sets=_small,
        reps=st.none() | st.integers(1, 500),
        hold_s=st.none() | st.integers(1, 3600),
        load_kg=st.none() | st.floats(0, 500).map(lambda kg: round(kg, 2)),
        per_week=st.integers(1, 14),
        start=dates,
        end=st.none() | dates,
        paused=st.booleans(),
        notes=st.text(max_size=20),
    ).filter(lambda p: p.end is None or p.end >= p.start),
    max_size=4,
)
_logs = st.lists(
    st.builds(
        ExerciseLogRecord.new,
        date=dates,
        exercise=st.sampled_from(_EXERCISE_IDS),
        sets=_small,
        reps=st.none() | st.integers(1, 500),
        hold_s=st.none() | st.integers(1, 3600),
        load_kg=st.none() | st.floats(0, 500).map(lambda kg: round(kg, 2)),
        pain=scores,
        notes=st.text(max_size=20),
    ),
    max_size=6,
)
_akps_answers = st.fixed_dictionaries(
    {item.key: st.integers(0, len(item.options) - 1) for item in akps.AKPS_ITEMS}
)
_assessments = st.lists(
    st.tuples(dates, st.none() | _akps_answers, st.integers(0, 100)), max_size=3
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sessions=_sessions,
    checkin_days=st.sets(dates, max_size=6),
    program=_program,
    logs=_logs,
    assessments=_assessments,
    link=st.booleans(),
)
def test_any_valid_journal_round_trips(
    tmp_path_factory: pytest.TempPathFactory,
    sessions: list[SessionRecord],
    checkin_days: set[dt.date],
    program: list[PrescriptionRecord],
    logs: list[ExerciseLogRecord],
    assessments: list[tuple[dt.date, dict[str, int] | None, int]],
    link: bool,
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    source = open_journal(folder / "a.sqlite3")
    journal = EntryService(source)
    shoe = journal.save_shoe(
        ShoeRecord.new(name="Road shoe", initial_km=12.5, retire_at_km=650)
    ).record
    for item in sessions:
        journal.save_session(item._replace(shoe_id=shoe.id if item.activity == "run" else None))
    for day in checkin_days:
        journal.save_checkin(CheckInRecord.new(date=day, morning_pain=3, symptoms=["stiffness"]))
    rehab = RehabService(source)
    for prescription in program:
        rehab.save_prescription(prescription)
    for log in logs:
        matching = [p for p in program if p.exercise == log.exercise]
        rehab.log_exercise(
            log._replace(prescription_id=matching[0].id if link and matching else None)
        )
    for day, answers, score in assessments:
        rehab.record_akps(day, answers, None if answers is not None else score)
    first = folder / "1.json"
    export_journal(source, first, NOW)
    target = open_journal(folder / "b.sqlite3")
    import_journal(target, first)
    second = folder / "2.json"
    export_journal(target, second, NOW)
    assert _records(json.loads(first.read_text())) == _records(json.loads(second.read_text()))
    assert EntryService(target).entries() == journal.entries()
    copied = RehabService(target)
    assert copied.prescriptions() == rehab.prescriptions()
    assert copied.exercise_logs() == rehab.exercise_logs()
    assert copied.assessments() == rehab.assessments()
    source.close()
    target.close()


_SPEC_EXERCISES = {
    "format": "kneelog-journal",
    "version": 1,
    "program": [
        {
            "exercise": "step_up",
            "sets": 3,
            "reps": 10,
            "per_week": 3,
            "start": "2026-05-04",
            "end": None,
        },
        {"id": "p2", "exercise": "wall_sit", "hold_s": 45, "per_week": 5, "start": "2026-05-04"},
    ],
    "exercise_logs": [
        {"date": "2026-05-04", "exercise": "step_up", "sets": 3, "reps": 10, "pain": 0},
        {"id": "l2", "date": "2026-05-05", "exercise": "wall_sit", "hold_s": 40, "pain": 2},
    ],
    "assessments": [
        {"date": "2026-05-04", "instrument": "akps", "score": 71},
        {
            "id": "a2",
            "date": "2026-06-01",
            "instrument": "akps",
            "answers": {key: 0 for key in akps.AKPS_ITEM_KEYS},
        },
    ],
}


def test_a_pure_spec_file_with_exercise_records_imports_and_reimports_unchanged(
    tmp_path: Path,
) -> None:
    """No `paused` on prescriptions, no `prescription` on logs, some records without ids."""
    db = open_journal(tmp_path / "k.sqlite3")
    path = _write(tmp_path / "spec.json", _SPEC_EXERCISES)
    first = import_journal(db, path)
    assert (first.added, first.updated, first.unchanged) == (6, 0, 0)
    again = import_journal(db, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    rehab = RehabService(db)
    assert [(p.exercise, p.paused) for p in rehab.prescriptions()] == [
        ("step_up", False),
        ("wall_sit", False),
    ]
    assert [log.prescription_id for log in rehab.exercise_logs()] == [None, None]
    assert [a.score for a in rehab.akps_history()] == [71, 100]
    # Logs without a prescription id still count for the prescription of their exercise.
    assert rehab.due_on(dt.date(2026, 5, 5))[0].done_this_week == 1
    db.close()


def test_bad_exercise_records_are_listed_with_the_other_problems_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    db = open_journal(tmp_path / "k.sqlite3")
    path = _write(
        tmp_path / "bad.json",
        {
            "format": "kneelog-journal",
            "version": 1,
            "sessions": [{"date": "2026-05-01", "activity": "run", "pain_during": 12}],
            "program": [{"exercise": "moonwalk", "per_week": 15, "start": "2026-05-04"}],
            "exercise_logs": [{"date": "2026-05-04", "exercise": "step_up", "pain": 11}],
            "assessments": [{"date": "2026-05-04", "instrument": "akps", "score": 101}],
        },
    )
    with pytest.raises(JournalFileError) as caught:
        import_journal(db, path)
    assert caught.value.problems == [
        "sessions[0].pain_during: 12 is outside 0-10",
        "program[0].exercise: 'moonwalk' is not in the exercise library",
        "program[0].per_week: 15 is outside 1-14",
        "exercise_logs[0].pain: 11 is outside 0-10",
        "assessments[0].score: 101 is outside 0-100",
    ]
    assert EntryService(db).entries() == [] and RehabService(db).prescriptions() == []
    db.close()


def test_a_log_naming_an_unknown_prescription_refuses_the_file(tmp_path: Path) -> None:
    db = open_journal(tmp_path / "k.sqlite3")
    rehab = RehabService(db)
    stored = rehab.save_prescription(
        PrescriptionRecord.new(exercise="step_up", per_week=3, start=dt.date(2026, 5, 4), sets=3)
    ).record
    document = {
        "format": "kneelog-journal",
        "version": 1,
        "exercise_logs": [
            {"date": "2026-05-04", "exercise": "step_up", "prescription": stored.id},
            {"date": "2026-05-05", "exercise": "step_up", "prescription": "ghost"},
        ],
    }
    with pytest.raises(JournalFileError) as caught:
        import_journal(db, _write(tmp_path / "l.json", document))
    assert caught.value.problems == [
        "exercise_logs[1].prescription: 'ghost' is not in the program of this file or the journal"
    ]
    assert rehab.exercise_logs() == []
    document["exercise_logs"] = document["exercise_logs"][:1]
    assert import_journal(db, _write(tmp_path / "m.json", document)).added == 1
    db.close()
