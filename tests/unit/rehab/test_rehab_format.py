"""Journal `program`, `exercise_logs` and `assessments`: problems by JSON path, and round trips."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, strategies as st

from kneelog.core import akps
from kneelog.core.exercises import default_library
from kneelog.core.program import AssessmentRecord, ExerciseLogRecord, PrescriptionRecord
from kneelog.formats.rehab_format import (
    assessments_to_json,
    exercise_logs_to_json,
    program_to_json,
    validate_assessments,
    validate_exercise_logs,
    validate_program,
)

BEST = {str(n): 0 for n in range(1, 14)}


def test_valid_program_builds_prescriptions() -> None:
    items = [
        {
            "id": "rx1",
            "exercise": "step_up",
            "sets": 3,
            "reps": 10,
            "load_kg": 2,
            "per_week": 3,
            "start": "2026-05-04",
            "end": None,
            "notes": "10 cm step",
        },
        {"exercise": "wall_sit", "sets": 4, "hold_s": 45.0, "per_week": 4, "start": "2026-05-04"},
    ]
    prescriptions, problems = validate_program(items)
    assert problems == []
    first, second = prescriptions
    assert (first.id, first.exercise, first.load_kg, first.end, first.notes) == (
        "rx1",
        "step_up",
        2.0,
        None,
        "10 cm step",
    )
    assert first.start == dt.date(2026, 5, 4)
    assert second.hold_s == 45
    assert isinstance(second.hold_s, int)
    assert len(second.id) == 32  # a fresh id when the record has none


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"per_week": 15}, "program[0].per_week: 15 is outside 1-14"),
        ({"per_week": 0}, "program[0].per_week: 0 is outside 1-14"),
        ({"exercise": "foo"}, "program[0].exercise: 'foo' is not in the exercise library"),
        ({"sets": 0}, "program[0].sets: 0 is outside 1-20"),
        ({"reps": 2.5}, "program[0].reps: 2.5 is not a whole number"),
        ({"sets": True}, "program[0].sets: True is not a whole number"),
        ({"load_kg": -1}, "program[0].load_kg: -1 is outside 0-500"),
        ({"start": "2026-02-30"}, "program[0].start: '2026-02-30' is not a date (YYYY-MM-DD)"),
        ({"start": "4 May"}, "program[0].start: '4 May' is not a date (YYYY-MM-DD)"),
        (
            {"end": "2026-05-01"},
            "program[0].end: Fri 1 May 2026 is before the start, Mon 4 May 2026",
        ),
        ({"paused": "yes"}, "program[0].paused: 'yes' is not true or false"),
        ({"notes": 5}, "program[0].notes: 5 is not a string"),
        ({"repz": 10}, "program[0].repz: unknown key"),
        ({"start": None}, "program[0].start: is required"),
    ],
)
def test_program_problems_by_path(record: dict[str, object], problem: str) -> None:
    base: dict[str, object] = {"exercise": "clamshell", "per_week": 3, "start": "2026-05-04"}
    prescriptions, problems = validate_program([base | record])
    assert problems == [problem]
    assert prescriptions == []


def test_every_problem_is_listed_in_record_order() -> None:
    items = [
        {"exercise": "clamshell", "per_week": 3, "start": "2026-05-04"},
        {"exercise": "foo", "per_week": 20, "start": "bad", "x": 1},
        "not an object",
        {"id": "same", "exercise": "squat", "per_week": 3, "start": "2026-05-04"},
        {"id": "same", "exercise": "squat", "per_week": 3, "start": "2026-05-04"},
    ]
    prescriptions, problems = validate_program(items, path="program")
    assert problems == [
        "program[1].x: unknown key",
        "program[1].start: 'bad' is not a date (YYYY-MM-DD)",
        "program[1].exercise: 'foo' is not in the exercise library",
        "program[1].per_week: 20 is outside 1-14",
        "program[2]: expected an object",
        "program[3].id: 'same' is used twice",
        "program[4].id: 'same' is used twice",
    ]
    assert len(prescriptions) == 3  # the importer refuses the file; valid records still parse
    assert validate_program(None) == ([], [])
    assert validate_program({"a": 1})[1] == ["program: expected an array"]


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"exercise": "foo"}, "exercise_logs[0].exercise: 'foo' is not in the exercise library"),
        ({"pain": 11}, "exercise_logs[0].pain: 11 is outside 0-10"),
        ({"pain": -1}, "exercise_logs[0].pain: -1 is outside 0-10"),
        ({"hold_s": 0}, "exercise_logs[0].hold_s: 0 is outside 1-3600"),
        ({"date": None}, "exercise_logs[0].date: is required"),
        ({"prescription": "rx9"}, "exercise_logs[0].prescription: 'rx9' is not in the program"),
        ({"sets": "3"}, "exercise_logs[0].sets: '3' is not a whole number"),
    ],
)
def test_exercise_log_problems_by_path(record: dict[str, object], problem: str) -> None:
    base: dict[str, object] = {"date": "2026-05-04", "exercise": "clamshell", "sets": 3}
    logs, problems = validate_exercise_logs([base | record], prescription_ids={"rx1"})
    assert problems == [problem]
    assert logs == []


def test_exercise_log_paths_use_the_given_path_and_index() -> None:
    items = [
        {"date": "2026-05-04", "exercise": "clamshell"},
        {"date": "2026-05-04", "exercise": "squat"},
        {"date": "2026-05-04", "exercise": "foo"},
    ]
    _, problems = validate_exercise_logs(items)
    assert problems == ["exercise_logs[2].exercise: 'foo' is not in the exercise library"]
    _, problems = validate_exercise_logs(items, path="logs")
    assert problems == ["logs[2].exercise: 'foo' is not in the exercise library"]


def test_assessment_score_must_match_answers() -> None:
    answers = BEST | {"1": 1, "3": 1, "4": 1, "5": 2, "6": 2, "7": 1, "8": 1, "9": 1, "12": 1}
    assert akps.akps_score(answers) == 79
    items = [
        {"date": "2026-05-04", "instrument": "akps", "answers": answers, "score": 70},
        {"date": "2026-05-04", "instrument": "akps", "answers": answers, "score": 79},
        {"date": "2026-05-04", "instrument": "akps", "answers": answers},
        {"date": "2026-05-04", "instrument": "akps", "score": 64},
    ]
    assessments, problems = validate_assessments(items)
    assert problems == ["assessments[0].score: 70 does not match the answers (79)"]
    assert [a.score for a in assessments] == [79, 79, 64]
    assert assessments[1].answers == answers
    assert assessments[1].answers is not answers  # a copy, not the parsed JSON object
    assert assessments[2].answers is None


@pytest.mark.parametrize(
    ("record", "problems"),
    [
        ({"score": 101}, ["assessments[0].score: 101 is outside 0-100"]),
        (
            {"instrument": "koos"},
            ["assessments[0].instrument: 'koos' is not a known instrument (akps)"],
        ),
        ({"score": None}, ["assessments[0]: needs answers or score"]),
        (
            {"score": 50, "answers": BEST | {"5": 9}},
            ['assessments[0].answers["5"]: 9 is outside 0-4'],
        ),
        (
            {"score": None, "answers": {"1": 0, "14": 0} | {k: 0 for k in map(str, range(2, 13))}},
            [
                "assessments[0].answers: '14' is not an AKPS item (1-13)",
                'assessments[0].answers["13"]: not answered',
            ],
        ),
        (
            {"answers": [0, 1]},
            ["assessments[0].answers: expected an object from item number to option index"],
        ),
        ({"date": "2026-5-4"}, ["assessments[0].date: '2026-5-4' is not a date (YYYY-MM-DD)"]),
        ({"level": 3}, ["assessments[0].level: unknown key"]),
    ],
)
def test_assessment_problems_by_path(record: dict[str, object], problems: list[str]) -> None:
    base: dict[str, object] = {"date": "2026-05-04", "instrument": "akps", "score": 64}
    merged = {key: value for key, value in (base | record).items() if value is not None}
    assessments, found = validate_assessments([merged])
    assert found == problems
    assert assessments == []


def _dump_and_load_json(records: list[dict[str, object]]) -> object:
    return json.loads(json.dumps(records))


library_ids = sorted(default_library().ids)
dates = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
optional_int = st.none() | st.integers(1, 20)
loads = st.none() | st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2))
texts = st.text(max_size=30)
ids = st.text("abcdef0123456789", min_size=1, max_size=12)


@st.composite
def prescriptions(draw: st.DrawFn) -> PrescriptionRecord:
    start = draw(dates)
    end = draw(st.none() | st.integers(0, 400).map(lambda n: start + dt.timedelta(days=n)))
    return PrescriptionRecord.new(
        id=draw(ids),
        exercise=draw(st.sampled_from(library_ids)),
        sets=draw(optional_int),
        reps=draw(st.none() | st.integers(1, 500)),
        hold_s=draw(st.none() | st.integers(1, 3600)),
        load_kg=draw(loads),
        per_week=draw(st.integers(1, 14)),
        start=start,
        end=end,
        paused=draw(st.booleans()),
        notes=draw(texts),
    )


@st.composite
def exercise_logs(draw: st.DrawFn) -> ExerciseLogRecord:
    return ExerciseLogRecord.new(
        id=draw(ids),
        date=draw(dates),
        exercise=draw(st.sampled_from(library_ids)),
        sets=draw(optional_int),
        reps=draw(st.none() | st.integers(1, 500)),
        hold_s=draw(st.none() | st.integers(1, 3600)),
        load_kg=draw(loads),
        pain=draw(st.none() | st.integers(0, 10)),
        notes=draw(texts),
        prescription_id=draw(st.none() | ids),
    )


answer_dicts = st.fixed_dictionaries(
    {item.key: st.integers(0, len(item.options) - 1) for item in akps.AKPS_ITEMS}
)


@st.composite
def assessments(draw: st.DrawFn) -> AssessmentRecord:
    answers = draw(st.none() | answer_dicts)
    score = akps.akps_score(answers) if answers is not None else draw(st.integers(0, 100))
    return AssessmentRecord.new(
        id=draw(ids), date=draw(dates), instrument="akps", answers=answers, score=score
    )


def _fields(entity: object, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(entity, name) for name in names)


PRESCRIPTION_FIELDS = (
    "id",
    "exercise",
    "sets",
    "reps",
    "hold_s",
    "load_kg",
    "per_week",
    "start",
    "end",
    "paused",
    "notes",
)
LOG_FIELDS = (
    "id",
    "date",
    "exercise",
    "sets",
    "reps",
    "hold_s",
    "load_kg",
    "pain",
    "notes",
    "prescription_id",
)
ASSESSMENT_FIELDS = ("id", "date", "instrument", "answers", "score")


@given(st.lists(prescriptions(), max_size=4, unique_by=lambda p: p.id))
def test_program_round_trip_is_lossless(original: list[PrescriptionRecord]) -> None:
    loaded, problems = validate_program(_dump_and_load_json(program_to_json(original)))
    assert problems == []
    key = {p.id: _fields(p, PRESCRIPTION_FIELDS) for p in original}
    assert {p.id: _fields(p, PRESCRIPTION_FIELDS) for p in loaded} == key


@given(st.lists(exercise_logs(), max_size=4, unique_by=lambda log: log.id))
def test_exercise_log_round_trip_is_lossless(original: list[ExerciseLogRecord]) -> None:
    loaded, problems = validate_exercise_logs(_dump_and_load_json(exercise_logs_to_json(original)))
    assert problems == []
    key = {log.id: _fields(log, LOG_FIELDS) for log in original}
    assert {log.id: _fields(log, LOG_FIELDS) for log in loaded} == key


@given(st.lists(assessments(), max_size=4, unique_by=lambda a: a.id))
def test_assessment_round_trip_is_lossless(original: list[AssessmentRecord]) -> None:
    loaded, problems = validate_assessments(_dump_and_load_json(assessments_to_json(original)))
    assert problems == []
    key = {a.id: _fields(a, ASSESSMENT_FIELDS) for a in original}
    assert {a.id: _fields(a, ASSESSMENT_FIELDS) for a in loaded} == key


def test_export_leaves_out_empty_values_and_orders_records() -> None:
    late = PrescriptionRecord.new(id="b", exercise="squat", per_week=3, start=dt.date(2026, 6, 1))
    early = PrescriptionRecord.new(
        id="a",
        exercise="plank",
        sets=3,
        hold_s=20,
        per_week=3,
        start=dt.date(2026, 5, 4),
        paused=True,
    )
    assert program_to_json([late, early]) == [
        {
            "id": "a",
            "exercise": "plank",
            "sets": 3,
            "hold_s": 20,
            "per_week": 3,
            "start": "2026-05-04",
            "paused": True,
        },
        {"id": "b", "exercise": "squat", "per_week": 3, "start": "2026-06-01"},
    ]
    log = ExerciseLogRecord.new(
        id="l", date=dt.date(2026, 5, 4), exercise="plank", pain=0, prescription_id="a"
    )
    assert exercise_logs_to_json([log]) == [
        {"id": "l", "date": "2026-05-04", "exercise": "plank", "pain": 0, "prescription": "a"}
    ]
    answers = dict(reversed(list(BEST.items())))
    (record,) = assessments_to_json(
        [AssessmentRecord.new(id="s", date=dt.date(2026, 5, 4), answers=answers, score=100)]
    )
    assert list(record["answers"]) == [str(n) for n in range(1, 14)]
    assert record["score"] == 100
