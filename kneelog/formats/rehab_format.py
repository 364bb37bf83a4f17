"""The journal format's `program`, `exercise_logs` and `assessments` arrays, to and from entities.

Pure functions for the journal importer and exporter. Validation collects every problem, each
prefixed with its JSON path (`program[0].per_week: 15 is outside 1-14`), and builds entities only
for records without problems. Unknown keys inside a record are errors (journal-format.md).

Two keys go beyond the v1 tables of journal-format.md so that a round trip loses nothing:
`paused` on a prescription (written only when true) and `prescription` on an exercise log (the
id of the prescription it was logged against, written only when set).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kneelog.core import (
    AKPS_ITEM_KEYS,
    INSTRUMENTS,
    PER_WEEK_RANGE,
    SCORE_RANGE,
    AssessmentRecord,
    ExerciseLibrary,
    ExerciseLogRecord,
    PrescriptionRecord,
    akps_item_problems,
    akps_score,
    default_library,
    exercise_log_problems,
    prescription_problems,
)
from kneelog.formats.json_fields import FieldReader, show_value

if TYPE_CHECKING:
    pass

PRESCRIPTION_KEYS = (
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
EXERCISE_LOG_KEYS = (
    "id",
    "date",
    "exercise",
    "sets",
    "reps",
    "hold_s",
    "load_kg",
    "pain",
    "notes",
    "prescription",
)
ASSESSMENT_KEYS = ("id", "date", "instrument", "answers", "score")

_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
_RECORD_INDEX = re.compile(r"^[^\[.:]*\[(\d+)\]")


def _records(items: Any, path: str, problems: list[str]) -> list[tuple[str, Mapping[str, Any]]]:
    """The (path, object) pairs of a JSON array; missing (None) means no records."""
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(f"{path}: expected an array")
        return []
    records: list[tuple[str, Mapping[str, Any]]] = []
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]"
        if isinstance(item, Mapping):
            records.append((item_path, item))
        else:
            problems.append(f"{item_path}: expected an object")
    return records


def _in_record_order(problems: list[str]) -> list[str]:
    """Problems sorted by record index (stable, so each record keeps its field order)."""

    def index(problem: str) -> int:
        match = _RECORD_INDEX.match(problem)
        return int(match.group(1)) if match else -1

    return sorted(problems, key=index)


def _check_unique_ids(records: list[tuple[str, Mapping[str, Any]]], problems: list[str]) -> None:
    counts = Counter(r.get("id") for _, r in records if isinstance(r.get("id"), str))
    for record_path, record in records:
        record_id = record.get("id")
        if isinstance(record_id, str) and counts[record_id] > 1:
            problems.append(f"{record_path}.id: {show_value(record_id)} is used twice")


def validate_program(
    items: Any, path: str = "program", library: ExerciseLibrary | None = None
) -> tuple[list[PrescriptionRecord], list[str]]:
    """Prescriptions from the journal's `program` array, and every problem with its JSON path.

    Required keys: `exercise`, `per_week`, `start`. Entities are returned only for valid records;
    an importer refuses the whole file when any problem is reported.
    """
    exercise_ids = (library or default_library()).ids
    problems: list[str] = []
    records = _records(items, path, problems)
    _check_unique_ids(records, problems)
    prescriptions: list[PrescriptionRecord] = []
    for record_path, record in records:
        reader = FieldReader(record, record_path, problems)
        reader.reject_unknown(PRESCRIPTION_KEYS)
        exercise = reader.string("exercise", required=True)
        sets, reps = reader.integer("sets"), reader.integer("reps")
        hold_s, load_kg = reader.integer("hold_s"), reader.number("load_kg")
        per_week = reader.integer("per_week", required=True)
        start, end = reader.date("start", required=True), reader.date("end")
        paused, notes = reader.boolean("paused"), reader.string("notes") or ""
        record_id = reader.string("id")
        # Build with stand-ins for unreadable fields so the range and library checks still run
        # on the readable ones: every problem in the file is listed, not only the first.
        prescription = PrescriptionRecord.new(
            exercise=exercise or "",
            sets=sets,
            reps=reps,
            hold_s=hold_s,
            load_kg=load_kg,
            per_week=PER_WEEK_RANGE[0] if per_week is None else per_week,
            start=start or dt.date.min,
            end=end,
            paused=paused,
            notes=notes,
        )
        if record_id is not None:
            prescription = prescription._replace(id=record_id)
        _add_own_problems(reader, prescription_problems(prescription, exercise_ids))
        if not reader.failed:
            prescriptions.append(prescription)
    return prescriptions, _in_record_order(problems)


def _add_own_problems(reader: FieldReader, found: Iterable[tuple[str, str]]) -> None:
    """The entity's own checks, except on keys already reported as unreadable."""
    unreadable = set(reader.failed_keys)
    for key, message in found:
        if key not in unreadable:
            reader.problem(key, message)


def validate_exercise_logs(
    items: Any,
    path: str = "exercise_logs",
    library: ExerciseLibrary | None = None,
    prescription_ids: Collection[str] | None = None,
) -> tuple[list[ExerciseLogRecord], list[str]]:
    """Exercise logs from the journal's `exercise_logs` array, and every problem with its path.

    Required keys: `date`, `exercise`. When `prescription_ids` is given (the ids in the file's
    program plus those already stored), a `prescription` key naming another id is a problem.
    """
    exercise_ids = (library or default_library()).ids
    problems: list[str] = []
    records = _records(items, path, problems)
    _check_unique_ids(records, problems)
    logs: list[ExerciseLogRecord] = []
    for record_path, record in records:
        reader = FieldReader(record, record_path, problems)
        reader.reject_unknown(EXERCISE_LOG_KEYS)
        exercise = reader.string("exercise", required=True)
        date = reader.date("date", required=True)
        sets, reps = reader.integer("sets"), reader.integer("reps")
        hold_s, load_kg = reader.integer("hold_s"), reader.number("load_kg")
        pain, notes = reader.integer("pain"), reader.string("notes") or ""
        prescription_id = reader.string("prescription")
        record_id = reader.string("id")
        if (
            prescription_ids is not None
            and prescription_id is not None
            and prescription_id not in prescription_ids
        ):
            reader.problem("prescription", f"{show_value(prescription_id)} is not in the program")
        log = ExerciseLogRecord.new(
            date=date or dt.date.min,
            exercise=exercise or "",
            sets=sets,
            reps=reps,
            hold_s=hold_s,
            load_kg=load_kg,
            pain=pain,
            notes=notes,
            prescription_id=prescription_id,
        )
        if record_id is not None:
            log = log._replace(id=record_id)
        _add_own_problems(reader, exercise_log_problems(log, exercise_ids))
        if not reader.failed:
            logs.append(log)
    return logs, _in_record_order(problems)


def _answers(reader: FieldReader) -> dict[str, int] | None:
    raw = reader.record.get("answers")
    if raw is None:
        return None
    problems = akps_item_problems(raw)
    for item_key, message in problems:
        reader.problem("answers" if item_key is None else f'answers["{item_key}"]', message)
    return None if problems else {key: int(raw[key]) for key in AKPS_ITEM_KEYS}


def validate_assessments(
    items: Any, path: str = "assessments"
) -> tuple[list[AssessmentRecord], list[str]]:
    """Assessments from the journal's `assessments` array, and every problem with its path.

    Required keys: `date`, `instrument` (`"akps"`), and `answers` or `score`. When both are given
    the score must equal the score of the answers.
    """
    problems: list[str] = []
    records = _records(items, path, problems)
    _check_unique_ids(records, problems)
    assessments: list[AssessmentRecord] = []
    for record_path, record in records:
        reader = FieldReader(record, record_path, problems)
        reader.reject_unknown(ASSESSMENT_KEYS)
        date = reader.date("date", required=True)
        instrument = reader.string("instrument", required=True)
        if instrument is not None and instrument not in INSTRUMENTS:
            known = ", ".join(INSTRUMENTS)
            reader.problem(
                "instrument", f"{show_value(instrument)} is not a known instrument ({known})"
            )
        given = reader.integer("score")
        if given is not None and not SCORE_RANGE[0] <= given <= SCORE_RANGE[1]:
            reader.problem("score", f"{given} is outside {SCORE_RANGE[0]}-{SCORE_RANGE[1]}")
        answers = _answers(reader)
        record_id = reader.string("id")
        if "answers" not in record and "score" not in record:
            reader.problem(None, "needs answers or score")
        if reader.failed or date is None or instrument is None:
            continue
        total = akps_score(answers) if answers is not None else given
        if answers is not None and given is not None and given != total:
            reader.problem("score", f"{given} does not match the answers ({total})")
            continue
        assert total is not None  # answers or score is present and valid here
        assessment = AssessmentRecord.new(
            date=date, instrument=instrument, answers=answers, score=total
        )
        if record_id is not None:
            assessment = assessment._replace(id=record_id)
        assessments.append(assessment)
    return assessments, _in_record_order(problems)


def _drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out keys whose value is the default (None, "" or False) to keep files small."""
    # Identity checks on purpose: `0 == False`, and a pain of 0 must be kept.
    return {
        key: value
        for key, value in record.items()
        if value is not None and value is not False and value != ""
    }


def prescription_to_dict(prescription: PrescriptionRecord) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": prescription.id,
            "exercise": prescription.exercise,
            "sets": prescription.sets,
            "reps": prescription.reps,
            "hold_s": prescription.hold_s,
            "load_kg": prescription.load_kg,
            "per_week": prescription.per_week,
            "start": prescription.start.isoformat(),
            "end": prescription.end.isoformat() if prescription.end else None,
            "paused": prescription.paused,
            "notes": prescription.notes,
        }
    )


def exercise_log_to_dict(log: ExerciseLogRecord) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": log.id,
            "date": log.date.isoformat(),
            "exercise": log.exercise,
            "sets": log.sets,
            "reps": log.reps,
            "hold_s": log.hold_s,
            "load_kg": log.load_kg,
            "pain": log.pain,
            "notes": log.notes,
            "prescription": log.prescription_id,
        }
    )


def assessment_to_dict(assessment: AssessmentRecord) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": assessment.id,
        "date": assessment.date.isoformat(),
        "instrument": assessment.instrument,
    }
    if assessment.answers is not None:
        record["answers"] = {
            key: assessment.answers[key] for key in sorted(assessment.answers, key=int)
        }
    record["score"] = assessment.score
    return record


def program_to_json(prescriptions: Iterable[PrescriptionRecord]) -> list[dict[str, Any]]:
    """The journal's `program` array, ordered by start date then exercise."""
    ordered = sorted(prescriptions, key=lambda p: (p.start, p.exercise, p.id))
    return [prescription_to_dict(p) for p in ordered]


def exercise_logs_to_json(logs: Iterable[ExerciseLogRecord]) -> list[dict[str, Any]]:
    """The journal's `exercise_logs` array, ordered by date then exercise."""
    ordered = sorted(logs, key=lambda log: (log.date, log.exercise, log.id))
    return [exercise_log_to_dict(log) for log in ordered]


def assessments_to_json(assessments: Iterable[AssessmentRecord]) -> list[dict[str, Any]]:
    """The journal's `assessments` array, ordered by date."""
    ordered = sorted(assessments, key=lambda a: (a.date, a.id))
    return [assessment_to_dict(a) for a in ordered]
