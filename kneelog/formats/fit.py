"""Read FIT activity files (plain, chained or gzip-compressed) in one pass with fitdecode."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import fitdecode

from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.payload import Payload
from kneelog.formats.sports import activity_for_sport, counts_steps, surface_for_sport

FIT_SIGNATURE = b".FIT"
# Four and a half days recorded every second; a file beyond these is refused, so memory stays
# bounded (bench/import_limits.py measures the largest accepted file).
MAX_FIT_BYTES = 48 * 1024 * 1024
MAX_FIT_RECORDS = 400_000

# Global message numbers from the FIT profile; comparing integers is cheaper than names.
_FILE_ID = 0
_SPORT = 12
_SESSION = 18
_LAP = 19
_RECORD = 20
_ACTIVITY = 34

_NOT_ACTIVITY_TYPES = {
    "course": "a course (planned route), not a recorded activity",
    "workout": "a planned workout, not a recorded activity",
    "settings": "device settings, not a recorded activity",
    "sport": "sport settings, not a recorded activity",
    "schedules": "a training schedule, not a recorded activity",
    "segment": "a segment, not a recorded activity",
    "segment_list": "a segment list, not a recorded activity",
    "totals": "device totals, not a recorded activity",
    "goals": "device goals, not a recorded activity",
    "monitoring_a": "daily health monitoring data, not a recorded activity",
    "monitoring_b": "daily health monitoring data, not a recorded activity",
    "monitoring_daily": "daily health monitoring data, not a recorded activity",
    "activity_summary": "an activity summary without figures",
}


def looks_like_fit(data: bytes) -> bool:
    """Whether the bytes start with a FIT file header (".FIT" at offset 8)."""
    return len(data) >= 12 and data[8:12] == FIT_SIGNATURE


class _Record(NamedTuple):
    """The values of a record message that an import may fall back on."""

    timestamp: Any
    distance: Any
    heart_rate: Any
    cadence: Any


_RECORD_SLOTS = {name: slot for slot, name in enumerate(_Record._fields)}


def _record(frame: Any) -> _Record:
    """What `frame.get_value(name, fallback=None)` gives for each of the record's names.

    A file holds thousands of records: keeping these tuples instead of the decoded messages (a
    dozen objects each) spares the garbage collector most of an import's work.
    """
    row: list[Any] = [None] * len(_RECORD_SLOTS)
    for item in reversed(frame.fields):  # backwards, so the first field of a name wins
        if item.field is None:
            continue
        slot = _RECORD_SLOTS.get(item.field.name)
        if slot is None and item.parent_field is not None:  # a subfield answers to its parent
            slot = _RECORD_SLOTS.get(item.parent_field.name)
        if slot is not None:
            row[slot] = item.value
    return _Record._make(row)


@dataclass
class _Collected:
    """The few messages an import needs, gathered in the single decoding pass."""

    file_type: Any = None
    sessions: list[Any] = field(default_factory=list)
    laps: list[Any] = field(default_factory=list)
    records: list[_Record] = field(default_factory=list)
    sports: list[Any] = field(default_factory=list)
    activity: Any = None
    too_many_records: bool = False


def _collect(data: bytes) -> tuple[_Collected, BaseException | None]:
    found = _Collected()
    records = found.records
    error: BaseException | None = None
    try:
        # CRC checking is disabled and decoding errors ignored so that damaged files give up what
        # they still hold (a wrong file CRC alone must not lose a run).
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            data_frame = fitdecode.FitDataMessage
            for frame in reader:
                if type(frame) is not data_frame:
                    continue
                number = frame.def_mesg.global_mesg_num
                if number == _RECORD:
                    if len(records) == MAX_FIT_RECORDS:
                        found.too_many_records = True
                        break
                    records.append(_record(frame))
                elif number == _SESSION:
                    found.sessions.append(frame)
                elif number == _LAP:
                    found.laps.append(frame)
                elif number == _FILE_ID:
                    if found.file_type is None:
                        found.file_type = frame.get_value("type", fallback=None)
                elif number == _ACTIVITY:
                    found.activity = frame
                elif number == _SPORT:
                    found.sports.append(frame)
    except Exception as exc:  # fitdecode raises many exception types on damaged input
        error = exc
    return found, error


def read_fit(payload: Payload) -> list[ImportedActivity]:
    """The activities (one per session, so several for multi-sport files) in a FIT payload."""
    name = payload.name
    if not looks_like_fit(payload.data):
        raise ImportRefused(name, "not a FIT file (no FIT header)")
    if len(payload.data) > MAX_FIT_BYTES:
        raise ImportRefused(
            name, f"too large to be an activity file ({len(payload.data) // 2**20} MB)"
        )
    found, error = _collect(payload.data)
    if found.too_many_records:
        raise ImportRefused(
            name, f"more than {MAX_FIT_RECORDS:,} recorded points, too many to read"
        )
    if isinstance(found.file_type, str) and found.file_type in _NOT_ACTIVITY_TYPES:
        raise ImportRefused(name, _NOT_ACTIVITY_TYPES[found.file_type])
    if found.file_type not in (None, "activity"):
        raise ImportRefused(name, f"a FIT '{found.file_type}' file, not a recorded activity")
    legs = _legs(found)
    if not legs:
        if error is not None:
            raise ImportRefused(name, f"damaged FIT file, no activity could be read ({error})")
        raise ImportRefused(name, "contains no recorded activity (no session, lap or record)")
    activities = []
    for index, leg in enumerate(legs):
        activity = _to_activity(leg, found, payload, index, len(legs))
        if activity is not None:
            activities.append(activity)
    if not activities:
        raise ImportRefused(name, "contains no usable start time, so no activity can be dated")
    return activities


@dataclass
class _FitLeg:
    """The figures of one session (or of laps/records when the file has no session)."""

    sport: Any
    sub_sport: Any
    start: Any
    distance: float | None
    timer: float | None
    elapsed: float | None
    avg_hr: float | None
    cadence: float | None
    fractional_cadence: float | None
    end: Any = None


def _legs(found: _Collected) -> list[_FitLeg]:
    if found.sessions:
        return [_leg_from_message(session) for session in found.sessions]
    if found.laps:
        # A file cut off before its session message (a watch that died): add up the laps.
        laps = [_leg_from_message(lap) for lap in found.laps]
        first = laps[0]
        sport, sub_sport = _file_sport(found, first)
        return [
            _FitLeg(
                sport=sport,
                sub_sport=sub_sport,
                start=first.start,
                distance=_sum_or_none(lap.distance for lap in laps),
                timer=_sum_or_none(lap.timer for lap in laps),
                elapsed=None,
                avg_hr=None,
                cadence=None,
                fractional_cadence=None,
            )
        ]
    if found.records:
        sport, sub_sport = _file_sport(found, None)
        return [_FitLeg(sport, sub_sport, None, None, None, None, None, None, None)]
    return []


def _file_sport(found: _Collected, leg: _FitLeg | None) -> tuple[Any, Any]:
    if leg is not None and leg.sport is not None:
        return leg.sport, leg.sub_sport
    if found.sports:
        sport = found.sports[0]
        return sport.get_value("sport", fallback=None), sport.get_value("sub_sport", fallback=None)
    return None, None


def _leg_from_message(message: Any) -> _FitLeg:
    values: dict[str, Any] = {}
    for item in message.fields:
        # Native fields come before developer fields, which may reuse a native name.
        values.setdefault(item.name, item.value)
    return _FitLeg(
        sport=values.get("sport"),
        sub_sport=values.get("sub_sport"),
        start=values.get("start_time"),
        distance=_number(values.get("total_distance")),
        timer=_number(values.get("total_timer_time")),
        elapsed=_number(values.get("total_elapsed_time")),
        avg_hr=_number(values.get("avg_heart_rate")),
        cadence=_number(values.get("avg_running_cadence") or values.get("avg_cadence")),
        fractional_cadence=_number(values.get("avg_fractional_cadence")),
        end=values.get("timestamp"),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def _sum_or_none(values: Any) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.datetime)


def _to_activity(
    leg: _FitLeg, found: _Collected, payload: Payload, index: int, count: int
) -> ImportedActivity | None:
    records = _records_for_leg(leg, found, count)
    start_utc, start_local = _start(leg, found, records, count)
    if start_utc is None and start_local is None:
        return None

    distance = leg.distance
    timer = leg.timer
    elapsed = leg.elapsed
    # Records are consulted only for what the session lacks, so typical files cost one pass.
    if distance is None and records:
        distance = _max_record_value(records, "distance")
    if elapsed is None:
        elapsed = _elapsed_fallback(start_utc, found, records, count)
    if timer is None:
        timer = elapsed
    if elapsed is not None and timer is not None and elapsed < timer:
        # Seen in an Edge 1030 file: elapsed shorter than the timer; the timer is the sound one.
        elapsed = timer
    avg_hr = leg.avg_hr
    if avg_hr is None and records:
        avg_hr = _mean_record_value(records, "heart_rate")

    sport_text = _sport_text(leg.sport, leg.sub_sport)
    activity = activity_for_sport(sport_text)
    cadence = None
    if counts_steps(activity):
        cadence = _steps_per_minute(leg, records)
    return ImportedActivity(
        sport=sport_text,
        activity=activity,
        start_utc=start_utc,
        start_local=start_local,
        distance_m=distance or None,  # indoor sessions report 0 m: unknown, not zero
        duration_s=timer,
        elapsed_s=elapsed,
        avg_cadence_spm=cadence,
        avg_hr=avg_hr,
        source_name=payload.name,
        source_sha256=payload.sha256,
        leg=index,
        leg_count=count,
        surface=surface_for_sport(sport_text),
    )


def _sport_text(sport: Any, sub_sport: Any) -> str:
    main = "unknown" if sport is None else str(sport)
    if sub_sport is None or str(sub_sport) in ("generic", "0"):
        return main
    return f"{main}/{sub_sport}"


def _records_for_leg(leg: _FitLeg, found: _Collected, count: int) -> Sequence[_Record]:
    """The record messages belonging to a leg (all of them unless the file has several legs)."""
    if count == 1:
        return found.records
    if not _is_date(leg.start):
        return []
    end = leg.end
    if not _is_date(end):
        span = leg.elapsed or leg.timer
        if span is None:
            return []
        end = leg.start + dt.timedelta(seconds=span)
    return [
        record
        for record in found.records
        if _is_date(record.timestamp) and leg.start <= record.timestamp <= end
    ]


def _start(
    leg: _FitLeg, found: _Collected, records: Sequence[_Record], count: int
) -> tuple[dt.datetime | None, dt.datetime | None]:
    if _is_date(leg.start):
        return leg.start, None
    if count == 1:
        for lap in found.laps[:1]:
            lap_start = lap.get_value("start_time", fallback=None)
            if _is_date(lap_start):
                return lap_start, None
        for record in records[:50]:
            if _is_date(record.timestamp):
                return record.timestamp, None
    # Old devices (Forerunner 70) count seconds from power-on instead of dates; the activity
    # message's local_timestamp is then the only real clock, in local time.
    local = _local_start_from_activity(leg.start, found)
    if local is not None:
        return None, local
    return None, None


def _local_start_from_activity(start: Any, found: _Collected) -> dt.datetime | None:
    message = found.activity
    if message is None or not isinstance(start, int) or isinstance(start, bool):
        return None
    local = message.get_value("local_timestamp", fallback=None)
    stamp = message.get_value("timestamp", fallback=None)
    if not _is_date(local) or not isinstance(stamp, int) or stamp < start:
        return None
    # fitdecode labels local_timestamp as UTC; it is a wall-clock time.
    naive = local.replace(tzinfo=None) - dt.timedelta(seconds=stamp - start)
    return naive


def _elapsed_fallback(
    start: dt.datetime | None, found: _Collected, records: Sequence[_Record], count: int
) -> float | None:
    if start is None:
        return None
    if count == 1 and found.activity is not None:
        stamp = found.activity.get_value("timestamp", fallback=None)
        if _is_date(stamp) and stamp > start:
            return (stamp - start).total_seconds()
    for record in reversed(records[-50:]):
        stamp = record.timestamp
        if _is_date(stamp) and stamp > start:
            return (stamp - start).total_seconds()
    return None


def _max_record_value(records: Sequence[_Record], name: str) -> float | None:
    slot = _RECORD_SLOTS[name]
    best: float | None = None
    for record in records:
        value = _number(record[slot])
        if value is not None and (best is None or value > best):
            best = value
    return best


def _mean_record_value(records: Sequence[_Record], name: str) -> float | None:
    slot = _RECORD_SLOTS[name]
    total = 0.0
    count = 0
    for record in records:
        value = _number(record[slot])
        if value:
            total += value
            count += 1
    return total / count if count else None


def _steps_per_minute(leg: _FitLeg, records: Sequence[_Record]) -> float | None:
    """FIT running cadence counts strides (one foot); steps per minute is twice that."""
    if leg.cadence:
        return 2.0 * (leg.cadence + (leg.fractional_cadence or 0.0))
    if records:
        strides = _mean_record_value(records, "cadence")
        if strides:
            return 2.0 * strides
    return None
