"""Journal format 2: `visits` and `profile` read, checked, written and round-tripped; v1 still read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from kneelog.core.errors import JournalFileError
from kneelog.core.visits import ProfileRecord, ReturnPlan, VisitRecord
from kneelog.formats.journal_json import JournalData, journal_to_json, parse_journal
from kneelog.persistence.db import Database
from kneelog.services.demo import populate_demo
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.transfer import export_csv, export_journal, import_csv_table, import_journal
from kneelog.services.visits import VisitService

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
VISITS = [
    {
        "id": "v1",
        "date": "2026-11-20",
        "clinician": "A&E",
        "cleared_to_run": False,
        "next_visit": "2026-11-27",
        "notes": "knee gave way; X-ray clear",
    },
    {
        "id": "v2",
        "date": "2026-11-27",
        "clinician": "PT",
        "cleared_to_run": True,
        "return_plan": "walk_run",
    },
]
PROFILE = {
    "knee": "right",
    "condition": "patellofemoral",
    "pain_location": ["around_kneecap", "below_kneecap"],
    "aggravated_by": ["stairs", "downhill", "sitting_long"],
    "since": "2026-08-15",
    "goal": "run 10 km pain-free",
    "goal_date": "2027-05-01",
    "clinician": "Sam (PT)",
    "notes": "ran a marathon in 2025",
}


def _doc(version: int = 2, **keys: Any) -> str:
    return json.dumps({"format": "kneelog-journal", "version": version, **keys})


def _problems(text: str) -> list[str]:
    with pytest.raises(JournalFileError) as caught:
        parse_journal(text, "test.json")
    return caught.value.problems


def test_visits_and_profile_are_read() -> None:
    data = parse_journal(_doc(visits=VISITS, profile=PROFILE), "test.json")
    assert list(data.visits) == [
        VisitRecord(
            "v1",
            dt.date(2026, 11, 20),
            "A&E",
            False,
            None,
            dt.date(2026, 11, 27),
            "knee gave way; X-ray clear",
        ),
        VisitRecord("v2", dt.date(2026, 11, 27), "PT", True, ReturnPlan.WALK_RUN),
    ]
    assert data.profile is not None
    assert data.profile.goal == "run 10 km pain-free"
    assert data.record_count == 3
    assert data.warnings == []


def test_a_visit_without_an_id_gets_the_same_one_every_time() -> None:
    text = _doc(visits=[{"date": "2026-11-20"}])
    first, second = parse_journal(text, "a.json"), parse_journal(text, "b.json")
    assert first.visits[0].id == second.visits[0].id
    assert first.visits[0].cleared_to_run is False


def test_every_problem_is_named_by_its_json_path() -> None:
    text = _doc(
        visits=[
            {"date": "2026-11-20", "cleared_to_run": "yes"},
            {"date": "2026-11-20", "return_plan": "hold"},
            {"date": "1850-01-01", "return_plan": "jog", "cleared_to_run": True},
            {"clinician": 3, "next_visit": "soon", "colour": "red"},
            {"date": "2026-11-20", "next_visit": "2026-11-01"},
            "a visit",
            {"id": "dup", "date": "2026-11-21"},
            {"id": "dup", "date": "2026-11-22"},
        ],
        profile={
            "knee": "middle",
            "pain_location": ["front", "elbow"],
            "since": "2026-13-01",
            "goal_date": "3001-01-01",
            "aggravated_by": "stairs",
            "age": 40,
        },
    )
    problems = _problems(text)
    assert problems == [
        "visits[0].cleared_to_run: 'yes' is not true or false",
        "visits[1].return_plan: is only given when the visit cleared running",
        "visits[2].date: 1850-01-01 is outside the years 1900-2999",
        "visits[2].return_plan: 'jog' is not one of as_before, hold, walk_run",
        "visits[3].colour: unknown key",
        "visits[3].date: is required",
        "visits[3].clinician: 3 is not a string",
        "visits[3].next_visit: 'soon' is not a date (YYYY-MM-DD)",
        "visits[4].next_visit: is before the visit",
        "visits[5]: is not an object",
        "visits: id 'dup' is used 2 times",
        "profile.age: unknown key",
        "profile.knee: 'middle' is not one of both, left, right",
        "profile.pain_location: unknown code(s) 'elbow'",
        "profile.aggravated_by: is not a list of strings",
        "profile.since: '2026-13-01' is not a date (YYYY-MM-DD)",
        "profile.goal_date: 3001-01-01 is outside the years 1900-2999",
    ]


def test_a_version_1_file_still_imports_and_its_unknown_keys_are_ignored(db: Database) -> None:
    data = parse_journal(
        _doc(
            version=1,
            checkins=[{"date": "2026-11-20", "morning_pain": 2}],
            visits=[{"date": "2026-11-20", "cleared_to_run": True}],
        ),
        "old.json",
    )
    assert len(data.checkins) == 1 and data.visits == [] and data.profile is None
    assert data.warnings == ["visits: unknown top-level key, ignored"]


@pytest.mark.parametrize("version", [3, 17])
def test_a_newer_version_is_refused(version: int) -> None:
    assert _problems(_doc(version=version, visits=VISITS)) == [
        f"version: {version} is newer than this KneeLog understands (2); please update KneeLog"
    ]


def test_version_0_is_refused() -> None:
    assert _problems(_doc(version=0)) == ["version: 0 is not a version of this format"]


def test_export_import_export_keeps_visits_and_profile(tmp_path: Path) -> None:
    source = open_journal(tmp_path / "a.sqlite3")
    populate_demo(source, dt.date(2026, 11, 21))
    visits = VisitService(source)
    for record in parse_journal(_doc(visits=VISITS), "v.json").visits:
        visits.save_visit(record)
    profile = parse_journal(_doc(profile=PROFILE), "p.json").profile
    assert profile is not None
    visits.save_profile(profile)
    first = tmp_path / "first.json"
    export_journal(source, first, NOW)
    document = json.loads(first.read_text())
    assert document["version"] == 2
    assert document["visits"] == VISITS
    assert document["profile"] == PROFILE

    target = open_journal(tmp_path / "b.sqlite3")
    import_journal(target, first)
    second = tmp_path / "second.json"
    export_journal(target, second, NOW)
    assert json.loads(second.read_text()) == document
    assert VisitService(target).visits() == visits.visits()
    assert VisitService(target).profile() == visits.profile()
    again = import_journal(target, first)  # the same file twice changes nothing
    assert again.added == again.updated == 0
    source.close()
    target.close()


def test_an_empty_profile_is_not_written_and_a_file_without_one_keeps_the_journals(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "j.json"
    export_journal(db, path, NOW)
    assert "profile" not in json.loads(path.read_text())
    VisitService(db).save_profile(ProfileRecord(goal="run again"))
    path.write_text(_doc(visits=VISITS[:1]))
    import_journal(db, path)
    assert VisitService(db).profile() == ProfileRecord(goal="run again")
    assert [v.id for v in VisitService(db).visits()] == ["v1"]
    path.write_text(_doc(profile={}))  # an empty profile in a file clears the journal's
    assert import_journal(db, path).updated == 1
    assert VisitService(db).profile().is_empty
    export_journal(db, path, NOW)
    assert "profile" not in json.loads(path.read_text())


def test_a_refused_file_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        _doc(
            checkins=[{"date": "2026-11-20", "morning_pain": 2}],
            visits=[*VISITS, {"date": "2026-11-30", "return_plan": "hold"}],
            profile=PROFILE,
        )
    )
    with pytest.raises(JournalFileError) as caught:
        import_journal(db, path)
    assert caught.value.problems == [
        "visits[2].return_plan: is only given when the visit cleared running"
    ]
    assert VisitService(db).visits() == [] and VisitService(db).profile().is_empty
    assert EntryService(db).checkins() == []


def test_visits_are_a_csv_table_that_reads_back(db: Database, tmp_path: Path) -> None:
    for record in parse_journal(_doc(visits=VISITS), "v.json").visits:
        VisitService(db).save_visit(record)
    written = export_csv(db, tmp_path / "csv")
    assert written["visits.csv"] == 2
    text = (tmp_path / "csv" / "visits.csv").read_text()
    assert text.splitlines()[0] == "id,date,clinician,cleared_to_run,return_plan,next_visit,notes"
    other = open_journal(tmp_path / "other.sqlite3")
    summary = import_csv_table(other, tmp_path / "csv" / "visits.csv")
    assert summary.added == 2
    assert VisitService(other).visits() == VisitService(db).visits()
    other.close()


_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@st.composite
def _visits(draw: st.DrawFn) -> VisitRecord:
    day = draw(_dates)
    cleared = draw(st.booleans())
    return VisitRecord(
        id=draw(st.text("abcdef0123456789", min_size=1, max_size=12)),
        date=day,
        clinician=draw(_text),
        cleared_to_run=cleared,
        return_plan=draw(st.none() | st.sampled_from(ReturnPlan)) if cleared else None,
        next_visit=draw(st.none() | st.dates(min_value=day, max_value=dt.date(2999, 12, 31))),
        notes=draw(_text),
    )


@given(st.lists(_visits(), max_size=5, unique_by=lambda v: v.id))
def test_any_valid_visit_survives_the_file_unchanged(visits: list[VisitRecord]) -> None:
    data = JournalData(visits=list(visits))
    text = json.dumps(journal_to_json(data, "test", NOW))
    # Text is written as given (the dialog strips it; another tool's file may not).
    assert list(parse_journal(text, "t.json").visits) == sorted(
        visits, key=lambda v: (v.date, v.id)
    )
