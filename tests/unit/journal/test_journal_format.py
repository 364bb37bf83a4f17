"""The journal JSON: every problem named by its path, the whole file refused, records converted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kneelog.core.errors import JournalFileError
from kneelog.formats.journal_json import parse_journal


def _doc(**sections: Any) -> str:
    return json.dumps({"format": "kneelog-journal", "version": 1, **sections})


def _problems(text: str) -> list[str]:
    with pytest.raises(JournalFileError) as caught:
        parse_journal(text, "test.json")
    return caught.value.problems


def test_the_spec_example_reads_in_metres_and_seconds() -> None:
    data = parse_journal(
        _doc(
            shoes=[
                {"id": "peg40", "name": "Pegasus 40", "started": "2026-03-01", "retire_at_km": 700}
            ],
            sessions=[
                {
                    "date": "2026-05-01",
                    "activity": "run",
                    "distance_km": 5.0,
                    "duration_min": 31,
                    "rpe": 4,
                    "cadence_spm": 166,
                    "shoe": "peg40",
                    "pain_during": 2,
                    "pain_after": 3,
                    "pain_trend": "same",
                }
            ],
            checkins=[
                {
                    "date": "2026-05-02",
                    "morning_pain": 1,
                    "morning_stiffness": 2,
                    "symptoms": ["stiffness"],
                }
            ],
        ),
        "example.json",
    )
    session = data.sessions[0]
    assert (session.distance_m, session.duration_s, session.shoe_id) == (5000.0, 1860.0, "peg40")
    assert data.checkins[0].symptoms == ("stiffness",)
    assert data.shoes[0].retire_at_km == 700


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"date": "2026-05-01", "activity": "run", "pain_during": 12},
            "sessions[0].pain_during: 12 is outside 0-10",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "pain_after": -1},
            "sessions[0].pain_after: -1 is outside 0-10",
        ),
        ({"date": "2026-05-01", "activity": "jog"}, "sessions[0].activity: 'jog' is not one of"),
        ({"date": "2026-02-30", "activity": "run"}, "sessions[0].date: '2026-02-30' is not a date"),
        ({"activity": "run"}, "sessions[0].date: is required"),
        ({"date": "2026-05-01"}, "sessions[0].activity: is required"),
        (
            {"date": "2026-05-01", "activity": "run", "distnce_km": 5},
            "sessions[0].distnce_km: unknown key",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "distance_km": -2},
            "sessions[0].distance_km: -2 is outside",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "duration_min": 0},
            "sessions[0].duration_min: 0 must be above 0",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "rpe": 4.5},
            "sessions[0].rpe: 4.5 is not a whole number",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "rpe": True},
            "sessions[0].rpe: True is not a whole number",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "cadence_spm": 90},
            "sessions[0].cadence_spm: 90 is outside 100-250",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "symptoms": ["wobbly"]},
            "sessions[0].symptoms: unknown code(s) 'wobbly'",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "pain_trend": "up"},
            "sessions[0].pain_trend: 'up' is not one of",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "surface": "ice"},
            "sessions[0].surface: 'ice' is not one of",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "start_time": "25:00"},
            "sessions[0].start_time: '25:00' is not HH:MM",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "start_time": "2026-05-01T07:00:00"},
            "has no UTC offset",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "distance_km": "5"},
            "sessions[0].distance_km: '5' is not a number",
        ),
        (
            {"date": "2026-05-01", "activity": "run", "id": ""},
            "sessions[0].id: must be a non-empty string",
        ),
        ("a run", "sessions[0]: is not an object"),
    ],
)
def test_each_session_problem_is_named_by_its_path(record: Any, expected: str) -> None:
    problems = _problems(_doc(sessions=[record]))
    assert any(expected in p for p in problems), problems


def test_every_problem_is_listed_not_only_the_first() -> None:
    problems = _problems(
        _doc(
            sessions=[
                {"date": "2026-05-01", "activity": "run", "pain_during": 12},
                {"date": "2026-05-02", "activity": "run"},
                {"date": "2026-05-03", "activity": "run", "rpe": 11},
            ],
            checkins=[{"date": "2026-05-01", "morning_pain": 20, "morning_stiffness": 11}],
        )
    )
    assert problems == [
        "sessions[0].pain_during: 12 is outside 0-10",
        "sessions[2].rpe: 11 is outside 0-10",
        "checkins[0].morning_pain: 20 is outside 0-10",
        "checkins[0].morning_stiffness: 11 is outside 0-10",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "the file is not a JSON object"),
        (
            json.dumps({"format": "something-else", "version": 1}),
            'format: expected "kneelog-journal"',
        ),
        (json.dumps({"format": "kneelog-journal"}), "version: a whole number is required"),
        (
            json.dumps({"format": "kneelog-journal", "version": 3}),
            "version: 3 is newer than this KneeLog",
        ),
        (_doc(sessions={"date": "2026-05-01"}), "sessions: is not an array"),
        (
            _doc(checkins=[{"date": "2026-05-01"}, {"date": "2026-05-01"}]),
            "checkins: 2026-05-01 has 2 check-ins",
        ),
        (
            _doc(
                sessions=[
                    {"id": "a", "date": "2026-05-01", "activity": "run"},
                    {"id": "a", "date": "2026-05-02", "activity": "run"},
                ]
            ),
            "sessions: id 'a' is used 2 times",
        ),
        (_doc(shoes=[{"id": "s1"}]), "shoes[0].name: is required"),
        (
            _doc(shoes=[{"id": "s1", "name": "X", "retire_at_km": 0}]),
            "shoes[0].retire_at_km: 0 must be above 0",
        ),
        (_doc(settings={"units": "furlongs"}), "settings.units: 'furlongs' is not one of km, mi"),
    ],
)
def test_file_level_refusals(text: str, expected: str) -> None:
    problems = _problems(text)
    assert any(expected in p for p in problems), problems


def test_unknown_top_level_keys_are_only_a_warning() -> None:
    data = parse_journal(_doc(made_by="another app", sessions=[]), "x.json")
    assert data.warnings == ["made_by: unknown top-level key, ignored"]


def test_records_without_ids_get_the_same_ids_every_time() -> None:
    text = _doc(
        sessions=[
            {"date": "2026-05-01", "activity": "run"},
            {"date": "2026-05-01", "activity": "run"},
        ]
    )
    first, second = parse_journal(text, "a.json"), parse_journal(text, "a.json")
    assert [s.id for s in first.sessions] == [s.id for s in second.sessions]
    assert len({s.id for s in first.sessions}) == 2
