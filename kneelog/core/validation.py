"""Field ranges and checks shared by the dialogs, the services and the journal importer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kneelog.core.codes import Activity, PainTrend, Surface, Symptom

if TYPE_CHECKING:
    from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord


@dataclass(frozen=True)
class IntRange:
    low: int
    high: int

    def problem(self, value: int | None) -> str | None:
        if value is None or self.low <= value <= self.high:
            return None
        return f"{value} is outside {self.low}-{self.high}"


PAIN_SCALE = IntRange(0, 10)
RPE_SCALE = IntRange(0, 10)
CADENCE_LIMITS = IntRange(100, 250)
# Generous physical limits: they catch typing slips (50 km typed as 500) without judging anyone.
MAX_DISTANCE_KM = 500.0
MAX_DURATION_MIN = 24 * 60.0
MAX_NOTES_CHARS = 10_000
# The one range of dates KneeLog stores, for every dated field of every record: readers refuse
# anything outside it, and the database layer checks it again on every write. Far from
# date.min/max, so shifting a date by a time zone or by weeks can never overflow.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
DATE_RANGE_TEXT = f"{EARLIEST_DATE.year}-{LATEST_DATE.year}"

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def start_time_problem(text: str | None) -> str | None:
    """`HH:MM`, or an ISO 8601 datetime with an offset, per the journal format."""
    if text is None or _HHMM.match(text):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not HH:MM or an ISO datetime"
    if parsed.tzinfo is None:
        return f"{text!r} has no UTC offset"
    return date_problem(parsed)


def symptoms_problem(symptoms: Iterable[str]) -> str | None:
    known = {s.value for s in Symptom}
    unknown = [s for s in symptoms if s not in known]
    if unknown:
        return f"unknown symptom code(s): {', '.join(sorted(unknown))}"
    return None


def date_problem(value: dt.date | dt.datetime) -> str | None:
    """Why a date (or a datetime, by its own date and its date in UTC) is outside the range
    KneeLog stores, or None. The single check every reader and the database layer use."""
    if isinstance(value, dt.datetime):
        problem = date_problem(value.date())
        if problem is None and value.utcoffset() is not None:
            try:
                problem = date_problem(value.astimezone(dt.UTC).date())
            except OverflowError:
                problem = f"{value.date().isoformat()} is outside the years {DATE_RANGE_TEXT}"
        return problem
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"{value.isoformat()} is outside the years {DATE_RANGE_TEXT}"


def session_problems(s: SessionRecord) -> dict[str, str]:
    """Every problem of a session, keyed by field name."""
    problems: dict[str, str] = {}

    def put(field: str, problem: str | None) -> None:
        if problem:
            problems[field] = problem

    put("date", date_problem(s.date))
    if s.activity not in {a.value for a in Activity}:
        put("activity", f"{s.activity!r} is not a known activity")
    if s.distance_m is not None and not 0 <= s.distance_m <= MAX_DISTANCE_KM * 1000:
        put("distance_km", f"{s.distance_m / 1000:g} is outside 0-{MAX_DISTANCE_KM:g} km")
    if s.duration_s is not None and not 0 < s.duration_s <= MAX_DURATION_MIN * 60:
        put("duration_min", f"{s.duration_s / 60:g} is outside 0-{MAX_DURATION_MIN:g} minutes")
    put("rpe", RPE_SCALE.problem(s.rpe))
    put("cadence_spm", CADENCE_LIMITS.problem(s.cadence_spm))
    if s.surface is not None and s.surface not in {x.value for x in Surface}:
        put("surface", f"{s.surface!r} is not a known surface")
    put("pain_during", PAIN_SCALE.problem(s.pain_during))
    put("pain_after", PAIN_SCALE.problem(s.pain_after))
    if s.pain_trend is not None and s.pain_trend not in {x.value for x in PainTrend}:
        put("pain_trend", f"{s.pain_trend!r} is not better, same or worse")
    put("symptoms", symptoms_problem(s.symptoms))
    put("start_time", start_time_problem(s.start_time))
    if len(s.notes) > MAX_NOTES_CHARS:
        put("notes", f"longer than {MAX_NOTES_CHARS} characters")
    return problems


def checkin_problems(c: CheckInRecord) -> dict[str, str]:
    problems: dict[str, str] = {}
    for field, problem in (
        ("date", date_problem(c.date)),
        ("morning_pain", PAIN_SCALE.problem(c.morning_pain)),
        ("morning_stiffness", PAIN_SCALE.problem(c.morning_stiffness)),
        ("symptoms", symptoms_problem(c.symptoms)),
        (
            "notes",
            f"longer than {MAX_NOTES_CHARS} characters" if len(c.notes) > MAX_NOTES_CHARS else None,
        ),
    ):
        if problem:
            problems[field] = problem
    return problems


def shoe_problems(shoe: ShoeRecord) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not shoe.name.strip():
        problems["name"] = "a shoe needs a name"
    if shoe.initial_km < 0:
        problems["initial_km"] = f"{shoe.initial_km:g} is below 0"
    if shoe.retire_at_km is not None and shoe.retire_at_km <= 0:
        problems["retire_at_km"] = f"{shoe.retire_at_km:g} is not above 0"
    if shoe.started and shoe.retired and shoe.retired < shoe.started:
        problems["retired"] = "retired before it was started"
    return problems
