"""The KneeLog journal JSON (spec/journal-format.md, version 2): validate whole, read, write.

Version 1 files are read as before (`visits` and `profile` in one are unknown keys, ignored with a
warning); a file of a version newer than FORMAT_VERSION is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from kneelog.core import (
    CADENCE_LIMITS,
    MAX_NOTES_CHARS,
    PAIN_SCALE,
    RPE_SCALE,
    Activity,
    Aggravator,
    AssessmentRecord,
    CheckInRecord,
    Condition,
    ExerciseLogRecord,
    JournalFileError,
    Knee,
    PainLocation,
    PainTrend,
    PrescriptionRecord,
    ProfileRecord,
    ReturnPlan,
    SessionRecord,
    ShoeRecord,
    Surface,
    Symptom,
    VisitRecord,
    profile_problems,
    start_time_problem,
    visit_problems,
)
from kneelog.formats.json_fields import FieldReader
from kneelog.formats.rehab_format import (
    assessments_to_json,
    exercise_logs_to_json,
    program_to_json,
    validate_assessments,
    validate_exercise_logs,
    validate_program,
)

FORMAT_NAME = "kneelog-journal"
FORMAT_VERSION = 2
TOP_LEVEL_KEYS_V1 = (
    "format",
    "version",
    "exported_at",
    "app_version",
    "settings",
    "shoes",
    "sessions",
    "checkins",
    "program",
    "exercise_logs",
    "assessments",
)
TOP_LEVEL_KEYS = (*TOP_LEVEL_KEYS_V1, "visits", "profile")
SESSION_KEYS = (
    "id",
    "date",
    "start_time",
    "activity",
    "distance_km",
    "duration_min",
    "rpe",
    "cadence_spm",
    "surface",
    "shoe",
    "pain_during",
    "pain_after",
    "pain_trend",
    "symptoms",
    "source",
    "notes",
)
CHECKIN_KEYS = ("id", "date", "morning_pain", "morning_stiffness", "symptoms", "notes")
SHOE_KEYS = ("id", "name", "started", "retired", "initial_km", "retire_at_km")
VISIT_KEYS = ("id", "date", "clinician", "cleared_to_run", "return_plan", "next_visit", "notes")
PROFILE_KEYS = (
    "knee",
    "condition",
    "pain_location",
    "aggravated_by",
    "since",
    "goal",
    "goal_date",
    "clinician",
    "notes",
)
SETTINGS_KEYS = ("units", "week_start", "runner_name", "pt_name", "rules")

_ACTIVITIES = {a.value for a in Activity}
_SURFACES = {s.value for s in Surface}
_TRENDS = {t.value for t in PainTrend}
_SYMPTOMS = {s.value for s in Symptom}
_RETURN_PLANS = {p.value for p in ReturnPlan}
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class JournalData:
    """The records of one journal file, validated and converted to entities."""

    shoes: list[ShoeRecord] = field(default_factory=list)
    sessions: list[SessionRecord] = field(default_factory=list)
    checkins: list[CheckInRecord] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    program: list[PrescriptionRecord] = field(default_factory=list)
    exercise_logs: list[ExerciseLogRecord] = field(default_factory=list)
    assessments: list[AssessmentRecord] = field(default_factory=list)
    visits: list[VisitRecord] = field(default_factory=list)
    profile: ProfileRecord | None = None
    """None when the file has no profile (an import then leaves the journal's as it is)."""

    @property
    def record_count(self) -> int:
        return (
            len(self.visits)
            + (self.profile is not None)
            + len(self.shoes)
            + len(self.sessions)
            + len(self.checkins)
            + len(self.program)
            + len(self.exercise_logs)
            + len(self.assessments)
        )


def parse_journal(text: str | bytes, source: str) -> JournalData:
    """Validate the whole file; raise JournalFileError listing every problem, else the records."""
    problems: list[str] = []
    try:
        document = json.loads(text, object_pairs_hook=_JsonObject.of_pairs)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JournalFileError(source, [f"not valid JSON ({exc})"]) from exc
    except RecursionError as exc:
        raise JournalFileError(source, ["JSON nested too deeply"]) from exc
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        raise JournalFileError(
            source, ["not usable JSON: a number has thousands of digits, more than any field holds"]
        ) from exc
    if not isinstance(document, dict):
        raise JournalFileError(source, ["the file is not a JSON object"])
    hostile = _structure_problems(document, "")
    if hostile:
        raise JournalFileError(source, hostile)
    if document.get("format") != FORMAT_NAME:
        raise JournalFileError(source, [f'format: expected "{FORMAT_NAME}"'])
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise JournalFileError(source, ["version: a whole number is required"])
    if version > FORMAT_VERSION:
        raise JournalFileError(
            source,
            [
                f"version: {version} is newer than this KneeLog understands ({FORMAT_VERSION}); "
                "please update KneeLog"
            ],
        )
    if version < 1:
        raise JournalFileError(source, [f"version: {version} is not a version of this format"])
    known = TOP_LEVEL_KEYS if version >= 2 else TOP_LEVEL_KEYS_V1
    data = JournalData()
    data.warnings = [
        f"{key}: unknown top-level key, ignored" for key in document if key not in known
    ]
    data.settings = _read_settings(document.get("settings"), problems)
    shoes = _records(document, "shoes", problems)
    sessions = _records(document, "sessions", problems)
    checkins = _records(document, "checkins", problems)
    # The exercise sections are checked by their own validators (kneelog.formats.rehab_format);
    # whether a log's `prescription` exists is checked on import, against the journal too.
    data.program, program_problems = validate_program(_with_stable_ids(document.get("program")))
    data.exercise_logs, log_problems = validate_exercise_logs(
        _with_stable_ids(document.get("exercise_logs"))
    )
    data.assessments, assessment_problems = validate_assessments(
        _with_stable_ids(document.get("assessments"))
    )
    shoe_ids: Counter[str] = Counter()
    for index, record in enumerate(shoes):
        shoe = _read_shoe(record, f"shoes[{index}]", problems)
        if shoe is not None:
            data.shoes.append(shoe)
            shoe_ids[shoe.id] += 1
    for index, record in enumerate(sessions):
        item = _read_session(record, f"sessions[{index}]", index, problems)
        if item is not None:
            data.sessions.append(item)
    checkin_dates: Counter[dt.date] = Counter()
    for index, record in enumerate(checkins):
        checkin = _read_checkin(record, f"checkins[{index}]", index, problems)
        if checkin is not None:
            data.checkins.append(checkin)
            checkin_dates[checkin.date] += 1
    problems += [f"shoes: id {i!r} is used {n} times" for i, n in shoe_ids.items() if n > 1]
    problems += _duplicate_ids("sessions", [s.id for s in data.sessions])
    problems += _duplicate_ids("checkins", [c.id for c in data.checkins])
    problems += [
        f"checkins: {day.isoformat()} has {n} check-ins (at most one per date)"
        for day, n in checkin_dates.items()
        if n > 1
    ]
    problems += program_problems + log_problems + assessment_problems
    if version >= 2:
        for index, record in enumerate(_records(document, "visits", problems)):
            visit = _read_visit(record, f"visits[{index}]", index, problems)
            if visit is not None:
                data.visits.append(visit)
        problems += _duplicate_ids("visits", [v.id for v in data.visits])
        if document.get("profile") is not None:
            data.profile = _read_profile(document["profile"], "profile", problems)
    if problems:
        raise JournalFileError(source, problems)
    return data


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once (json keeps the last
    silently, so a file could say two things and mean one)."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def of_pairs(cls, pairs: list[tuple[str, Any]]) -> _JsonObject:
        made = cls(pairs)
        if len(made) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            made.duplicates = tuple(key for key, count in counts.items() if count > 1)
        return made


def _has_lone_surrogate(text: str) -> bool:
    # JSON's \ud800 escapes decode to lone surrogates, which no file or database can store.
    return _SURROGATE.search(text) is not None


def _structure_problems(value: Any, path: str) -> list[str]:
    """Duplicate keys and text that cannot be stored (lone surrogates), by JSON path."""
    problems: list[str] = []
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:  # not recursive: json has already refused anything nested too deeply
        item, where = stack.pop()
        if isinstance(item, dict):
            problems += [
                f"{_join(where, key)}: the key appears more than once"
                for key in getattr(item, "duplicates", ())
            ]
            for key, child in item.items():
                if _has_lone_surrogate(key):
                    problems.append(f"{where or 'the file'}: a key with an invalid character")
                    continue
                stack.append((child, _join(where, key)))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{index}]") for index, child in enumerate(item))
        elif isinstance(item, str) and _has_lone_surrogate(item):
            problems.append(
                f"{where}: contains an invalid character (an unpaired UTF-16 surrogate)"
            )
    return sorted(problems)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _with_stable_ids(items: Any) -> Any:
    """The array with an id given to each object that has none, so re-imports change nothing."""
    if not isinstance(items, list):
        return items
    return [
        {**item, "id": _stable_id(item, index)}
        if isinstance(item, dict) and item.get("id") is None
        else item
        for index, item in enumerate(items)
    ]


def _duplicate_ids(section: str, ids: list[str]) -> list[str]:
    return [f"{section}: id {i!r} is used {n} times" for i, n in Counter(ids).items() if n > 1]


def _records(document: Mapping[str, Any], key: str, problems: list[str]) -> list[Any]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{key}: is not an array")
        return []
    return value


def _object(record: Any, path: str, problems: list[str]) -> Mapping[str, Any] | None:
    if not isinstance(record, dict):
        problems.append(f"{path}: is not an object")
        return None
    return record


def _stable_id(record: Mapping[str, Any], index: int) -> str:
    """An id for a record that has none: the same file imported twice gives the same ids."""
    if isinstance(record.get("id"), str) and record["id"]:
        return str(record["id"])
    digest = hashlib.sha1(
        (json.dumps(record, sort_keys=True, default=str) + f"#{index}").encode()
    ).hexdigest()
    return f"j{digest[:24]}"


def _record_reader(
    record: Any,
    path: str,
    problems: list[str],
    keys: Collection[str],
    required: Collection[str] = (),
) -> FieldReader | None:
    """The reader of one record of a list, its keys checked; None (the problem said) when the
    record is not an object. `reader.failed` then tells whether the record has any problem."""
    obj = _object(record, path, problems)
    if obj is None:
        return None
    reader = FieldReader(obj, path, problems)
    reader.check_keys(keys, required=required)
    return reader


def _read_notes(reader: FieldReader) -> str:
    notes = reader.string("notes") or ""
    if len(notes) > MAX_NOTES_CHARS:
        reader.problem("notes", f"longer than {MAX_NOTES_CHARS} characters")
    return notes


def _read_id(reader: FieldReader) -> None:
    value = reader.record.get("id")
    if value is not None and (not isinstance(value, str) or not value.strip()):
        reader.problem("id", "must be a non-empty string")


def _read_settings(value: Any, problems: list[str]) -> dict[str, Any]:
    if value is None:
        return {}
    record = _object(value, "settings", problems)
    if record is None:
        return {}
    reader = FieldReader(record, "settings", problems)
    settings: dict[str, Any] = {}
    units = reader.string("units", choices=("km", "mi"))
    if units:
        settings["units"] = units
    week_start = reader.string("week_start", choices=("monday", "sunday"))
    if week_start:
        settings["week_start"] = week_start
    for key in ("runner_name", "pt_name"):
        text = reader.string(key)
        if text is not None:
            settings[key] = text
    rules = record.get("rules")
    if rules is not None:
        if isinstance(rules, dict):
            settings["rules"] = rules
        else:
            reader.problem("rules", "is not an object")
    return settings


def _read_shoe(record: Any, path: str, problems: list[str]) -> ShoeRecord | None:
    r = _record_reader(record, path, problems, SHOE_KEYS, required=("id", "name"))
    if r is None:
        return None
    obj = r.record
    _read_id(r)
    name = r.string("name")
    started, retired = r.date("started"), r.date("retired")
    initial = r.number("initial_km", 0, 1_000_000)
    retire_at = r.number("retire_at_km", 0, 1_000_000, above=True)
    if started and retired and retired < started:
        r.problem("retired", "is before started")
    if r.failed or not name or not isinstance(obj.get("id"), str):
        return None
    return ShoeRecord.new(
        id=obj["id"],
        name=name,
        started=started,
        retired=retired,
        initial_km=initial or 0.0,
        retire_at_km=retire_at,
    )


def _read_session(record: Any, path: str, index: int, problems: list[str]) -> SessionRecord | None:
    r = _record_reader(record, path, problems, SESSION_KEYS, required=("date", "activity"))
    if r is None:
        return None
    obj = r.record
    _read_id(r)
    day = r.date("date")
    activity = r.string("activity", choices=_ACTIVITIES)
    start_time = r.string("start_time")
    if start_time is not None and (problem := start_time_problem(start_time)):
        r.problem("start_time", problem)
    distance_km = r.number("distance_km", 0, 1000)
    duration_min = r.number("duration_min", 0, 7 * 24 * 60, above=True)
    notes = _read_notes(r)
    session = SessionRecord.new(
        id=_stable_id(obj, index),
        date=day or dt.date.min,
        start_time=start_time,
        activity=activity or "",
        distance_m=None if distance_km is None else round(distance_km * 1000, 3),
        duration_s=None if duration_min is None else round(duration_min * 60, 3),
        rpe=r.integer("rpe", RPE_SCALE.low, RPE_SCALE.high),
        cadence_spm=r.integer("cadence_spm", CADENCE_LIMITS.low, CADENCE_LIMITS.high),
        surface=r.string("surface", choices=_SURFACES),
        shoe_id=r.string("shoe"),
        pain_during=r.integer("pain_during", PAIN_SCALE.low, PAIN_SCALE.high),
        pain_after=r.integer("pain_after", PAIN_SCALE.low, PAIN_SCALE.high),
        pain_trend=r.string("pain_trend", choices=_TRENDS),
        symptoms=r.string_list("symptoms", choices=_SYMPTOMS),
        source=r.string("source"),
        notes=notes,
    )
    return None if r.failed else session


def _read_checkin(record: Any, path: str, index: int, problems: list[str]) -> CheckInRecord | None:
    r = _record_reader(record, path, problems, CHECKIN_KEYS, required=("date",))
    if r is None:
        return None
    obj = r.record
    _read_id(r)
    day = r.date("date")
    notes = _read_notes(r)
    checkin = CheckInRecord.new(
        id=_stable_id(obj, index),
        date=day or dt.date.min,
        morning_pain=r.integer("morning_pain", PAIN_SCALE.low, PAIN_SCALE.high),
        morning_stiffness=r.integer("morning_stiffness", PAIN_SCALE.low, PAIN_SCALE.high),
        symptoms=r.string_list("symptoms", choices=_SYMPTOMS),
        notes=notes,
    )
    return None if r.failed else checkin


def _read_visit(record: Any, path: str, index: int, problems: list[str]) -> VisitRecord | None:
    r = _record_reader(record, path, problems, VISIT_KEYS, required=("date",))
    if r is None:
        return None
    obj = r.record
    _read_id(r)
    day = r.date("date")
    return_plan = r.string("return_plan", choices=_RETURN_PLANS)
    visit = VisitRecord(
        id=_stable_id(obj, index),
        date=day or dt.date.min,
        clinician=r.string("clinician") or "",
        cleared_to_run=r.boolean("cleared_to_run"),
        return_plan=None if return_plan is None else ReturnPlan(return_plan),
        next_visit=r.date("next_visit"),
        notes=r.string("notes") or "",
    )
    # The checks the app makes too (plausible dates, a return plan only with clearance), for
    # the fields read without a problem.
    for key, message in visit_problems(visit).items():
        if key not in r.failed_keys and not (key == "date" and day is None):
            r.problem(key, message)
    return None if r.failed else visit


def _read_profile(record: Any, path: str, problems: list[str]) -> ProfileRecord | None:
    r = _record_reader(record, path, problems, PROFILE_KEYS)
    if r is None:
        return None
    knee = r.string("knee", choices={k.value for k in Knee})
    condition = r.string("condition", choices={c.value for c in Condition})
    profile = ProfileRecord(
        knee=None if knee is None else Knee(knee),
        condition=None if condition is None else Condition(condition),
        pain_location=tuple(
            PainLocation(p)
            for p in r.string_list("pain_location", choices={p.value for p in PainLocation})
        ),
        aggravated_by=tuple(
            Aggravator(a)
            for a in r.string_list("aggravated_by", choices={a.value for a in Aggravator})
        ),
        since=r.date("since"),
        goal=r.string("goal") or "",
        goal_date=r.date("goal_date"),
        clinician=r.string("clinician") or "",
        notes=r.string("notes") or "",
    )
    for key, message in profile_problems(profile).items():
        if key not in r.failed_keys:
            r.problem(key, message)
    return None if r.failed else profile


# --- writing ---------------------------------------------------------------------------------


def _number(value: float, digits: int) -> float | int:
    rounded = round(value, digits)
    return int(rounded) if float(rounded).is_integer() else rounded


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional fields, as the format treats missing and empty alike."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def shoe_to_json(shoe: ShoeRecord) -> dict[str, Any]:
    return _compact(
        {
            "id": shoe.id,
            "name": shoe.name,
            "started": shoe.started.isoformat() if shoe.started else None,
            "retired": shoe.retired.isoformat() if shoe.retired else None,
            # Written even when 0: a shoe's starting distance is a figure, not an empty field.
            "initial_km": _number(shoe.initial_km or 0.0, 6),
            "retire_at_km": None if shoe.retire_at_km is None else _number(shoe.retire_at_km, 6),
        }
    )


def session_to_json(s: SessionRecord) -> dict[str, Any]:
    return _compact(
        {
            "id": s.id,
            "date": s.date.isoformat(),
            "start_time": s.start_time,
            "activity": s.activity,
            "distance_km": None if s.distance_m is None else _number(s.distance_m / 1000, 6),
            "duration_min": None if s.duration_s is None else _number(s.duration_s / 60, 8),
            "rpe": s.rpe,
            "cadence_spm": s.cadence_spm,
            "surface": s.surface,
            "shoe": s.shoe_id,
            "pain_during": s.pain_during,
            "pain_after": s.pain_after,
            "pain_trend": s.pain_trend,
            "symptoms": list(s.symptoms),
            "source": s.source,
            "notes": s.notes,
        }
    )


def checkin_to_json(c: CheckInRecord) -> dict[str, Any]:
    return _compact(
        {
            "id": c.id,
            "date": c.date.isoformat(),
            "morning_pain": c.morning_pain,
            "morning_stiffness": c.morning_stiffness,
            "symptoms": list(c.symptoms),
            "notes": c.notes,
        }
    )


def visit_to_json(v: VisitRecord) -> dict[str, Any]:
    record = _compact(
        {
            "id": v.id,
            "date": v.date.isoformat(),
            "clinician": v.clinician,
            "return_plan": v.return_plan,
            "next_visit": v.next_visit.isoformat() if v.next_visit else None,
            "notes": v.notes,
        }
    )
    # Always written, false too: whether running was cleared is what the plan reads.
    record["cleared_to_run"] = bool(v.cleared_to_run)
    return {key: record[key] for key in VISIT_KEYS if key in record}


def profile_to_json(p: ProfileRecord) -> dict[str, Any]:
    return _compact(
        {
            "knee": p.knee,
            "condition": p.condition,
            "pain_location": list(p.pain_location),
            "aggravated_by": list(p.aggravated_by),
            "since": p.since.isoformat() if p.since else None,
            "goal": p.goal,
            "goal_date": p.goal_date.isoformat() if p.goal_date else None,
            "clinician": p.clinician,
            "notes": p.notes,
        }
    )


def journal_to_json(data: JournalData, app_version: str, now: dt.datetime) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "app_version": app_version,
    }
    if data.settings:
        document["settings"] = data.settings
    if data.profile is not None and profile_to_json(data.profile):
        document["profile"] = profile_to_json(data.profile)
    document["shoes"] = [shoe_to_json(s) for s in data.shoes]
    document["sessions"] = [session_to_json(s) for s in data.sessions]
    document["checkins"] = [checkin_to_json(c) for c in data.checkins]
    document["program"] = program_to_json(data.program)
    document["exercise_logs"] = exercise_logs_to_json(data.exercise_logs)
    document["assessments"] = assessments_to_json(data.assessments)
    visits = sorted(data.visits, key=lambda v: (v.date, v.id))
    document["visits"] = [visit_to_json(v) for v in visits]
    return document


# --- single records, for other tabular forms of the same data (KneeLog CSV) ----------------


def shoe_from_record(record: Any, path: str, problems: list[str]) -> ShoeRecord | None:
    """A shoe from one journal-format object, or None with its problems added under `path`."""
    return _read_shoe(record, path, problems)


def session_from_record(
    record: Any, path: str, index: int, problems: list[str]
) -> SessionRecord | None:
    """A session from one journal-format object (id stable by content and `index` if missing)."""
    return _read_session(record, path, index, problems)


def checkin_from_record(
    record: Any, path: str, index: int, problems: list[str]
) -> CheckInRecord | None:
    """A check-in from one journal-format object (id stable by content and `index` if missing)."""
    return _read_checkin(record, path, index, problems)


def visit_from_record(
    record: Any, path: str, index: int, problems: list[str]
) -> VisitRecord | None:
    """A visit from one journal-format object (id stable by content and `index` if missing)."""
    return _read_visit(record, path, index, problems)


def with_stable_ids(items: list[Any]) -> list[Any]:
    """The records with an id derived from their content given to each that has none."""
    result: list[Any] = _with_stable_ids(items)
    return result
