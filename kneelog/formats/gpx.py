"""Read GPX tracks with gpxpy: distance, moving time, heart rate and cadence from any extension."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import gpxpy
import gpxpy.gpx

from kneelog.core import date_problem
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.payload import Payload
from kneelog.formats.sports import activity_for_sport, counts_steps, surface_for_sport
from kneelog.formats.xmltext import check_xml_shape, decode_xml, local_name, refuse_unsafe_xml

_HEART_RATE_TAGS = frozenset({"hr", "heartrate", "heart_rate", "heartratebpm"})
_CADENCE_TAGS = frozenset({"cad", "cadence", "runcadence"})
_POINT_TAGS = frozenset({"trkpt", "rtept", "wpt"})


def read_gpx(payload: Payload) -> list[ImportedActivity]:
    """One activity per recorded track (<trk> with timed points) in a GPX payload."""
    name = payload.name
    refuse_unsafe_xml(payload.data, name)
    text = decode_xml(payload.data, name)
    check_xml_shape(text, name, _POINT_TAGS)
    try:
        document = gpxpy.parse(text)
    except Exception as exc:  # gpxpy raises its own and the XML parser's exceptions
        raise ImportRefused(name, f"not a readable GPX file ({_short(exc)})") from exc

    tracks = [track for track in document.tracks if _valid_points(track)]
    if not tracks:
        if document.routes:
            raise ImportRefused(name, "a route/course, not a recorded activity")
        if document.waypoints:
            raise ImportRefused(name, "contains only waypoints, no recorded track")
        raise ImportRefused(name, "contains no track points (metadata only), nothing to import")
    timed = [track for track in tracks if any(p.time is not None for p in _valid_points(track))]
    if not timed:
        raise ImportRefused(
            name, "a track without timestamps (a planned route/course), not a recorded activity"
        )
    return [_track_activity(track, payload, index, len(timed)) for index, track in enumerate(timed)]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _is_valid(point: gpxpy.gpx.GPXTrackPoint) -> bool:
    lat, lon = point.latitude, point.longitude
    return (
        lat is not None
        and lon is not None
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -90.0 <= lat <= 90.0
        and -180.0 <= lon <= 180.0
    )


def _valid_points(track: gpxpy.gpx.GPXTrack) -> list[gpxpy.gpx.GPXTrackPoint]:
    return [point for segment in track.segments for point in segment.points if _is_valid(point)]


def _cleaned_track(track: gpxpy.gpx.GPXTrack) -> gpxpy.gpx.GPXTrack:
    """The track with impossible coordinates removed; each one ends a segment, because OpenTracks
    wrote pause and resume markers as latitude 100 and 200 in its older GPX files."""
    cleaned = gpxpy.gpx.GPXTrack()
    for segment in track.segments:
        current: list[gpxpy.gpx.GPXTrackPoint] = []
        for point in segment.points:
            if _is_valid(point):
                current.append(point)
            elif current:
                cleaned.segments.append(gpxpy.gpx.GPXTrackSegment(points=current))
                current = []
        if current:
            cleaned.segments.append(gpxpy.gpx.GPXTrackSegment(points=current))
    return cleaned


def _as_utc(value: dt.datetime) -> dt.datetime:
    # GPX times are UTC by specification; a time written without a zone is taken as UTC.
    if value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _track_activity(
    track: gpxpy.gpx.GPXTrack, payload: Payload, index: int, count: int
) -> ImportedActivity:
    cleaned = _cleaned_track(track)
    times: list[dt.datetime] = []
    for segment in track.segments:
        for point in segment.points:
            if point.time is None:
                continue
            if (problem := date_problem(point.time)) is not None:
                # Checked before the conversion to UTC, which overflows for years 1 and 9999.
                raise ImportRefused(payload.name, f"a track point's time {problem}")
            times.append(_as_utc(point.time))
    start, end = min(times), max(times)
    elapsed = (end - start).total_seconds()
    try:
        distance = cleaned.length_2d()
        moving = cleaned.get_moving_data()
    except Exception as exc:  # gpxpy's geometry on odd data (duplicate times, NaN elevations)
        raise ImportRefused(payload.name, f"track cannot be measured ({_short(exc)})") from exc
    moving_time = moving.moving_time if moving is not None else 0.0
    if not moving_time and elapsed > 0:
        # Points too sparse for gpxpy's speed heuristics: fall back to the recorded span.
        moving_time = elapsed
    sport_text = (track.type or "").strip() or "unknown"
    activity = activity_for_sport(sport_text)
    heart_rates, cadences = _extension_values(cleaned)
    cadence = None
    if counts_steps(activity) and cadences:
        # Garmin's TrackPointExtension stores running cadence per foot (strides), like FIT.
        cadence = 2.0 * sum(cadences) / len(cadences)
    return ImportedActivity(
        sport=sport_text,
        activity=activity,
        start_utc=start,
        distance_m=_finite(distance),
        duration_s=_finite(moving_time),
        elapsed_s=_finite(elapsed),
        avg_cadence_spm=cadence,
        avg_hr=sum(heart_rates) / len(heart_rates) if heart_rates else None,
        source_name=payload.name,
        source_sha256=payload.sha256,
        leg=index,
        leg_count=count,
        surface=surface_for_sport(sport_text),
        title=(track.name or "").strip(),
        description=(track.description or "").strip(),
    )


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def _extension_values(track: gpxpy.gpx.GPXTrack) -> tuple[list[float], list[float]]:
    """Heart rate and cadence from point extensions, whatever namespace prefix the writer chose."""
    heart_rates: list[float] = []
    cadences: list[float] = []
    for segment in track.segments:
        for point in segment.points:
            for extension in point.extensions:
                for element in extension.iter():
                    tag = local_name(element.tag)
                    if tag in _HEART_RATE_TAGS:
                        value = _positive(element.text)
                        if value is not None:
                            heart_rates.append(value)
                    elif tag in _CADENCE_TAGS:
                        value = _positive(element.text)
                        if value is not None:
                            cadences.append(value)
    return heart_rates, cadences


def _positive(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 < value < 400 else None
