"""Read Garmin TCX files (single and multi-sport, indoor included) over defusedxml."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import defusedxml
import defusedxml.ElementTree as SafeElementTree

from kneelog.core import date_problem
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.payload import Payload
from kneelog.formats.sports import activity_for_sport, counts_steps, surface_for_sport
from kneelog.formats.xmltext import check_xml_shape, decode_xml, local_name, refuse_unsafe_xml

Element = ElementTree.Element
_POINT_TAGS = frozenset({"trackpoint"})


def read_tcx(payload: Payload) -> list[ImportedActivity]:
    """One activity per <Activity> (so one per leg of a <MultiSportSession>)."""
    name = payload.name
    refuse_unsafe_xml(payload.data, name)
    check_xml_shape(decode_xml(payload.data, name), name, _POINT_TAGS)
    try:
        root = SafeElementTree.fromstring(payload.data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ImportRefused(name, "unsafe XML (document type or entity declarations)") from exc
    except (ElementTree.ParseError, ValueError, LookupError, UnicodeError) as exc:
        raise ImportRefused(name, f"not readable XML ({exc})") from exc
    if local_name(root.tag) != "trainingcenterdatabase":
        raise ImportRefused(name, "not a TCX file (no TrainingCenterDatabase)")
    activities = [element for element in root.iter() if local_name(element.tag) == "activity"]
    if not activities:
        if any(local_name(element.tag) == "course" for element in root.iter()):
            raise ImportRefused(name, "a route/course, not a recorded activity")
        raise ImportRefused(name, "contains no recorded activity")
    legs = [_read_leg(element) for element in activities]
    dated = [leg for leg in legs if leg.start is not None]
    if not dated:
        raise ImportRefused(name, "contains no timestamps, so no activity can be dated")
    return [_to_activity(leg, payload, index, len(dated)) for index, leg in enumerate(dated)]


@dataclass
class _TcxActivity:
    sport: str
    start: dt.datetime | None
    distance: float | None
    timer: float | None
    elapsed: float | None
    avg_hr: float | None
    run_cadence: float | None
    notes: str


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local_name(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if local_name(child.tag) == name:
            return child
    return None


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _time(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if value.utcoffset() is None:  # TCX times are UTC; a time without a zone is taken as UTC
        value = value.replace(tzinfo=dt.UTC)
    if date_problem(value) is not None:
        return None  # year 1 or 9999 would overflow in UTC; such a time is as good as none
    return value.astimezone(dt.UTC)


def _value_of(element: Element | None, name: str) -> float | None:
    """The number in <name><Value>n</Value></name> (heart-rate elements) under `element`."""
    if element is None:
        return None
    holder = _child(element, name)
    if holder is None:
        return None
    return _number(_text(_child(holder, "value")))


def _extension_number(element: Element, name: str) -> float | None:
    extensions = _child(element, "extensions")
    if extensions is None:
        return None
    for item in extensions.iter():
        if local_name(item.tag) == name:
            return _number(_text(item))
    return None


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    total_weight = sum(weight for _, weight in pairs)
    if total_weight > 0:
        return sum(value * weight for value, weight in pairs) / total_weight
    if pairs:
        return sum(value for value, _ in pairs) / len(pairs)
    return None


def _read_leg(activity: Element) -> _TcxActivity:
    laps = _children(activity, "lap")
    lap_starts: list[dt.datetime] = []
    lap_ends: list[dt.datetime] = []
    distances: list[float] = []
    timers: list[float] = []
    lap_hr: list[tuple[float, float]] = []
    lap_cadence: list[tuple[float, float]] = []
    point_times: list[dt.datetime] = []
    point_distances: list[float] = []
    point_hr: list[float] = []
    point_cadence: list[float] = []
    for lap in laps:
        start = _time(lap.get("StartTime"))
        timer = _number(_text(_child(lap, "totaltimeseconds")))
        distance = _number(_text(_child(lap, "distancemeters")))
        weight = timer or 0.0
        if start is not None:
            lap_starts.append(start)
            if timer is not None:
                lap_ends.append(start + dt.timedelta(seconds=timer))
        if timer is not None:
            timers.append(timer)
        if distance is not None:
            distances.append(distance)
        heart_rate = _value_of(lap, "averageheartratebpm")
        if heart_rate:
            lap_hr.append((heart_rate, weight))
        strides = _extension_number(lap, "avgruncadence")
        if strides:
            lap_cadence.append((strides, weight))
        for track in _children(lap, "track"):
            for point in _children(track, "trackpoint"):
                stamp = _time(_text(_child(point, "time")))
                if stamp is not None:
                    point_times.append(stamp)
                point_distance = _number(_text(_child(point, "distancemeters")))
                if point_distance is not None:
                    point_distances.append(point_distance)
                point_heart_rate = _value_of(point, "heartratebpm")
                if point_heart_rate:
                    point_hr.append(point_heart_rate)
                point_strides = _extension_number(point, "runcadence")
                if point_strides:
                    point_cadence.append(point_strides)

    all_times = lap_starts + point_times
    start = min(lap_starts) if lap_starts else (min(point_times) if point_times else None)
    if start is None:
        start = _time(_text(_child(activity, "id")))
    timer = sum(timers) if timers else None
    distance = sum(distances) if distances else (max(point_distances) if point_distances else None)
    spans = []
    if lap_starts and lap_ends:
        spans.append((max(lap_ends) - min(lap_starts)).total_seconds())
    if len(all_times) > 1:
        spans.append((max(all_times) - min(all_times)).total_seconds())
    elapsed = max(spans) if spans else None
    if timer is None and point_times:
        timer = (max(point_times) - min(point_times)).total_seconds()
    if elapsed is not None and timer is not None and elapsed < timer:
        elapsed = timer
    avg_hr = _weighted_mean(lap_hr)
    if avg_hr is None and point_hr:
        avg_hr = sum(point_hr) / len(point_hr)
    run_cadence = _weighted_mean(lap_cadence)
    if run_cadence is None and point_cadence:
        run_cadence = sum(point_cadence) / len(point_cadence)
    return _TcxActivity(
        sport=(activity.get("Sport") or "").strip() or "unknown",
        start=start,
        distance=distance,
        timer=timer,
        elapsed=elapsed,
        avg_hr=avg_hr,
        run_cadence=run_cadence,
        notes=_text(_child(activity, "notes")) or "",
    )


def _to_activity(leg: _TcxActivity, payload: Payload, index: int, count: int) -> ImportedActivity:
    activity = activity_for_sport(leg.sport)
    cadence = None
    if counts_steps(activity) and leg.run_cadence:
        # Garmin's RunCadence/AvgRunCadence count strides (one foot), like FIT.
        cadence = 2.0 * leg.run_cadence
    return ImportedActivity(
        sport=leg.sport,
        activity=activity,
        start_utc=leg.start,
        distance_m=leg.distance or None,  # indoor laps report 0 m: unknown, not zero
        duration_s=leg.timer,
        elapsed_s=leg.elapsed,
        avg_cadence_spm=cadence,
        avg_hr=leg.avg_hr,
        source_name=payload.name,
        source_sha256=payload.sha256,
        leg=index,
        leg_count=count,
        surface=surface_for_sport(leg.sport),
        description=leg.notes,
    )
