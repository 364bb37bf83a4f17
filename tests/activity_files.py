"""Activity files the tests write themselves: FIT (with fit-tool, as a watch would), GPX, TCX, a
Strava bulk export and a Garmin Connect CSV, each with the figures it must import as.

`write_activity_folder(root)` lays out one folder of them (see FILES); the tests that need real
activity files use it, so a clone of the repository alone runs them. The public sample files,
when a folder with them is found, run as an extra set (tests/unit/formats/formats_support.py).
"""

from __future__ import annotations

import datetime as dt
import gzip
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.messages.sport_message import SportMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport, SubSport

# Everything here is placed near this point (a park in Bremen): real-looking GPS.
LAT0, LON0 = 53.0793, 8.8017
METRES_PER_DEGREE_LAT = 111_195.0


@dataclass(frozen=True)
class FitLeg:
    """One session of a FIT file, with what its records and laps should show."""

    sport: Sport
    sub_sport: SubSport
    start: dt.datetime  # UTC
    distance_m: float | None
    timer_s: float
    elapsed_s: float | None = None  # None: same as the timer
    running_cadence: int | None = None  # strides per minute (FIT's running cadence)
    fractional_cadence: float | None = None
    cadence: int | None = None  # cycling rpm
    avg_hr: int | None = None
    records: int = 30


def _ms(moment: dt.datetime) -> int:
    """fit-tool takes timestamps as Unix milliseconds."""
    return round(moment.timestamp() * 1000)


def _position(metres_north: float) -> tuple[float, float]:
    return LAT0 + metres_north / METRES_PER_DEGREE_LAT, LON0


def fit_bytes(
    legs: list[FitLeg],
    *,
    file_type: FileType = FileType.ACTIVITY,
    local_offset: dt.timedelta = dt.timedelta(hours=2),
) -> bytes:
    """A FIT file with one session (and one lap) per leg, records along a straight line."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    first = legs[0].start
    file_id = FileIdMessage()
    file_id.type = file_type
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 2697
    file_id.time_created = _ms(first)
    file_id.serial_number = 0x1234ABCD
    builder.add(file_id)
    last = first
    for leg in legs:
        # Watches write the leg's sport up front too: a file cut short still says what it was.
        sport = SportMessage()
        sport.sport = leg.sport
        sport.sub_sport = leg.sub_sport
        builder.add(sport)
        start_event = EventMessage()
        start_event.event = Event.TIMER
        start_event.event_type = EventType.START
        start_event.timestamp = _ms(leg.start)
        builder.add(start_event)
        for index in range(leg.records):
            fraction = index / max(1, leg.records - 1)
            record = RecordMessage()
            record.timestamp = _ms(leg.start + dt.timedelta(seconds=leg.timer_s * fraction))
            if leg.distance_m is not None:
                lat, lon = _position(leg.distance_m * fraction)
                record.position_lat = lat
                record.position_long = lon
                record.distance = leg.distance_m * fraction
            if leg.avg_hr is not None:
                record.heart_rate = leg.avg_hr
            builder.add(record)
        elapsed = leg.timer_s if leg.elapsed_s is None else leg.elapsed_s
        end = leg.start + dt.timedelta(seconds=max(elapsed, leg.timer_s))
        stop_event = EventMessage()
        stop_event.event = Event.TIMER
        stop_event.event_type = EventType.STOP_ALL
        stop_event.timestamp = _ms(end)
        builder.add(stop_event)
        for message in (LapMessage(), SessionMessage()):
            message.timestamp = _ms(end)
            message.start_time = _ms(leg.start)
            message.sport = leg.sport
            message.sub_sport = leg.sub_sport
            message.total_elapsed_time = elapsed
            message.total_timer_time = leg.timer_s
            if leg.distance_m is not None:
                message.total_distance = leg.distance_m
            if leg.avg_hr is not None:
                message.avg_heart_rate = leg.avg_hr
            if leg.running_cadence is not None:
                message.avg_running_cadence = leg.running_cadence
            if leg.cadence is not None:
                message.avg_cadence = leg.cadence
            if leg.fractional_cadence is not None:
                message.avg_fractional_cadence = leg.fractional_cadence
            if isinstance(message, SessionMessage):
                message.first_lap_index = legs.index(leg)
                message.num_laps = 1
            builder.add(message)
        last = end
    activity = ActivityMessage()
    activity.timestamp = _ms(last)
    activity.local_timestamp = round((last + local_offset).replace(tzinfo=None).timestamp())
    activity.num_sessions = len(legs)
    activity.total_timer_time = sum(leg.timer_s for leg in legs)
    builder.add(activity)
    return bytes(builder.build().to_bytes())


# ---------------------------------------------------------------------------------------------
# The runs and rides of the folder, with their figures
# ---------------------------------------------------------------------------------------------

UTC = dt.UTC
PARK_RUN = FitLeg(
    Sport.RUNNING,
    SubSport.GENERIC,
    dt.datetime(2022, 5, 29, 15, 53, 35, tzinfo=UTC),
    distance_m=3322.95,
    timer_s=1428.0,
    running_cadence=70,
    fractional_cadence=0.328125,  # strides per minute: 2 x 70.328125 steps
    avg_hr=136,
)
# A virtual ride whose session says elapsed 1632 s although its timer ran 2760 s.
VIRTUAL_RIDE = FitLeg(
    Sport.CYCLING,
    SubSport.VIRTUAL_ACTIVITY,
    dt.datetime(2025, 2, 19, 0, 10, 45, tzinfo=UTC),
    distance_m=14921.2,
    timer_s=2760.0,
    elapsed_s=1632.0,
    cadence=85,
    avg_hr=128,
)
# An evening race (18:08 UTC): the same afternoon in Chicago, the next morning in Tokyo.
EVENING_RACE = FitLeg(
    Sport.RUNNING,
    SubSport.GENERIC,
    dt.datetime(2014, 10, 11, 18, 8, 45, tzinfo=UTC),
    distance_m=10010.82,
    timer_s=2224.0,
    running_cadence=84,
)
_TRIATHLON_START = dt.datetime(2023, 7, 2, 7, 0, 0, tzinfo=UTC)
TRIATHLON = [
    FitLeg(Sport.SWIMMING, SubSport.OPEN_WATER, _TRIATHLON_START, 1500.0, 1800.0),
    FitLeg(
        Sport.TRANSITION, SubSport.GENERIC, _TRIATHLON_START + dt.timedelta(seconds=1800), None, 180
    ),
    FitLeg(
        Sport.CYCLING,
        SubSport.GENERIC,
        _TRIATHLON_START + dt.timedelta(seconds=1980),
        40000.0,
        4200.0,
        cadence=88,
    ),
    FitLeg(
        Sport.TRANSITION, SubSport.GENERIC, _TRIATHLON_START + dt.timedelta(seconds=6180), None, 120
    ),
    FitLeg(
        Sport.RUNNING,
        SubSport.GENERIC,
        _TRIATHLON_START + dt.timedelta(seconds=6300),
        10000.0,
        2700.0,
        running_cadence=83,
        fractional_cadence=0.515625,
    ),
]
COURSE = FitLeg(
    Sport.RUNNING, SubSport.GENERIC, dt.datetime(2024, 3, 3, 9, 0, tzinfo=UTC), 900.0, 600.0
)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tcx_text(
    laps: list[tuple[str, dt.datetime, float, float, int | None]], *, multisport: bool = False
) -> str:
    """A TCX document: one Activity per (sport, start, metres, seconds, heart rate) in
    `multisport` mode, else one Activity with those laps."""

    def lap(start: dt.datetime, metres: float, seconds: float, hr: int | None) -> str:
        points = []
        for index in range(11):
            fraction = index / 10
            lat, lon = _position(metres * fraction)
            beat = f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>" if hr is not None else ""
            points.append(
                f"<Trackpoint><Time>{_iso(start + dt.timedelta(seconds=seconds * fraction))}"
                f"</Time><Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
                f"<LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
                f"<DistanceMeters>{metres * fraction:.2f}</DistanceMeters>{beat}</Trackpoint>"
            )
        average = (
            f"<AverageHeartRateBpm><Value>{hr}</Value></AverageHeartRateBpm>"
            if hr is not None
            else ""
        )
        return (
            f'<Lap StartTime="{_iso(start)}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
            f"<DistanceMeters>{metres}</DistanceMeters><Calories>0</Calories>{average}"
            f"<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
            f"<Track>{''.join(points)}</Track></Lap>"
        )

    if multisport:
        activities = "".join(
            f'<Activity Sport="{sport}"><Id>{_iso(start)}</Id>{lap(start, m, s, hr)}</Activity>'
            for sport, start, m, s, hr in laps
        )
    else:
        sport, first = laps[0][0], laps[0][1]
        activities = (
            f'<Activity Sport="{sport}"><Id>{_iso(first)}</Id>'
            + "".join(lap(start, m, s, hr) for _sport, start, m, s, hr in laps)
            + "</Activity>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        'TrainingCenterDatabase/v2">'
        f"<Activities>{activities}</Activities></TrainingCenterDatabase>\n"
    )


def gpx_track(start: dt.datetime | None, metres: float, seconds: float, points: int = 21) -> str:
    """A GPX track along a straight line, with times from `start` (none when it is None)."""
    trkpts = []
    for index in range(points):
        fraction = index / (points - 1)
        lat, lon = _position(metres * fraction)
        when = (
            f"<time>{_iso(start + dt.timedelta(seconds=seconds * fraction))}</time>"
            if start is not None
            else ""
        )
        trkpts.append(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>5.0</ele>{when}</trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="KneeLog tests" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>Run</name><type>running</type><trkseg>{''.join(trkpts)}</trkseg></trk>"
        "</gpx>\n"
    )


GPX_ROUTE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="KneeLog tests" xmlns="http://www.topografix.com/GPX/1/1">'
    "<rte><name>Planned loop</name>"
    f'<rtept lat="{LAT0}" lon="{LON0}"/><rtept lat="{LAT0 + 0.01}" lon="{LON0}"/>'
    "</rte></gpx>\n"
)

# Distance along the line of gpx_track/tcx_text is measured on the ground: the readers' haversine
# figure is within a few centimetres of the metres asked for.
TCX_RUN = ("Running", dt.datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC), 4686.31, 1492.0, 142)
TCX_OTHER_RUN = ("Running", dt.datetime(2013, 3, 9, 14, 2, 11, tzinfo=UTC), 8348.0, 2921.0, 151)
TCX_MULTISPORT = [
    ("Running", dt.datetime(2011, 11, 29, 17, 0, tzinfo=UTC), 5200.0, 1700.0, 161),
    ("Biking", dt.datetime(2011, 12, 1, 18, 0, tzinfo=UTC), 0.0, 3600.0, 131),
    ("Running", dt.datetime(2011, 12, 4, 9, 30, tzinfo=UTC), 7400.0, 2500.0, 158),
    ("Biking", dt.datetime(2011, 12, 7, 18, 0, tzinfo=UTC), 0.0, 2700.0, 129),
]
GPX_RUN_START = dt.datetime(2025, 8, 30, 18, 29, 18, tzinfo=UTC)

STRAVA_ID = "12866632127"
STRAVA_FIT = f"activities/{STRAVA_ID}.fit.gz"
# The Strava row of the park run: its own figures differ from the file's (moving time 1411 s,
# elapsed 1428 s, the second Distance column in metres), so a test can tell which were used.
STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,"
    "Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,"
    "Average Speed,Elevation Gain,Average Cadence,Average Heart Rate,Commute"
)
STRAVA_ROW = (
    f'{STRAVA_ID},"May 29, 2022, 3:53:35 PM",Laufen Landal Park,Run,,1428,3.32,,,false,,,'
    f"{STRAVA_FIT},,,1428.0,1411.0,3322.949951171875,4.1,2.35,12.0,71.25904846191406,136.0,0"
)

GARMIN_HEADER = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,"
    "Avg Run Cadence,Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,"
    "Moving Time,Elapsed Time"
)
# Comma decimals and local wall-clock dates, as Garmin Connect writes them in a German locale.
GARMIN_ROWS = [
    'Treadmill Running,2026-01-04 12:38:59,false,Treadmill Running,"3,40",255,00:17:01,153,166,'
    '"2,9",172,178,5:00,4:31,--,--,00:17:01,00:17:01',
    'Running,2026-01-02 07:05:10,false,Bremen Running,"6,12",480,00:33:07,148,171,"3,1",168,'
    "180,5:25,4:40,42,40,00:33:07,00:34:05",
    'Trail Running,2025-12-28 10:15:00,false,Bremen Trail Running,"11,05",910,01:12:30,151,'
    '176,"3,6",164,184,6:33,5:02,312,305,01:12:30,01:15:41',
    'Ultra Running,2025-11-15 06:00:00,false,Ultra,"50,20",3900,06:20:00,139,168,"4,8",158,'
    "176,7:34,5:10,1450,1450,06:20:00,06:41:20",
]
GARMIN_TYPES = {"Treadmill Running": 1, "Running": 1, "Trail Running": 1, "Ultra Running": 1}


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


# Relative path -> what writes it. The names say what each file is.
FILES: dict[str, Callable[[], bytes | str]] = {
    "fit/park-run.fit": lambda: fit_bytes([PARK_RUN]),
    "fit/virtual-ride.fit.gz": lambda: gzip.compress(fit_bytes([VIRTUAL_RIDE]), mtime=0),
    "fit/evening-race.fit": lambda: fit_bytes([EVENING_RACE]),
    "fit/triathlon.fit": lambda: fit_bytes(TRIATHLON),
    "fit/course.fit": lambda: fit_bytes([COURSE], file_type=FileType.COURSE),
    "tcx/run.tcx": lambda: tcx_text([TCX_RUN]),
    # the same run without heart rate: a duplicate of run.tcx
    "tcx/run-no-hr.tcx": lambda: tcx_text([(*TCX_RUN[:4], None)]),
    "tcx/other-run.tcx": lambda: tcx_text([TCX_OTHER_RUN]),
    "tcx/multisport.tcx": lambda: tcx_text(TCX_MULTISPORT, multisport=True),
    "gpx/evening-run.gpx": lambda: gpx_track(GPX_RUN_START, 6000.0, 2100.0),
    "gpx/no-times.gpx": lambda: gpx_track(None, 900.0, 0.0),
    "gpx/route.gpx": lambda: GPX_ROUTE,
    "csv/strava-export/activities.csv": lambda: f"{STRAVA_HEADER}\n{STRAVA_ROW}\n",
    f"csv/strava-export/{STRAVA_FIT}": lambda: gzip.compress(fit_bytes([PARK_RUN]), mtime=0),
    "csv/garmin/Activities.csv": lambda: "\r\n".join([GARMIN_HEADER, *GARMIN_ROWS]) + "\r\n",
}
# Files that are not recorded activities, and a fragment of the reason they are refused with.
REFUSED = {
    "fit/course.fit": "course",
    "gpx/no-times.gpx": "without timestamps",
    "gpx/route.gpx": "a route/course, not a recorded activity",
}


def write_activity_folder(root: Path) -> Path:
    """Write every file of FILES under `root`; return `root`."""
    for relative, make in FILES.items():
        _write(root / relative, make())
    return root


def write_zip(archive: Path, members: dict[str, Path]) -> Path:
    """A zip with each file of `members` stored under its name there."""
    with zipfile.ZipFile(archive, "w") as writer:
        for name, source in members.items():
            writer.write(source, name)
    return archive


def track_metres(metres: float) -> float:
    """The distance a reader measures along our straight north-south line (to the centimetre)."""
    lat = metres / METRES_PER_DEGREE_LAT
    return 2 * 6_371_000.0 * math.asin(abs(math.sin(math.radians(lat) / 2)))


NOT_CHECKED = -1.0


@dataclass(frozen=True)
class Expected:
    """One activity a file must import as."""

    activity: str  # the session's activity code
    distance_m: float | None  # NOT_CHECKED for transitions, which have no distance of their own
    moving_s: float
    start: dt.datetime  # aware: the UTC start; naive: a local wall-clock time (Garmin CSV)

    def local_date(self, zone: dt.tzinfo) -> dt.date:
        if self.start.tzinfo is None:
            return self.start.date()
        return self.start.astimezone(zone).date()


def _fit(leg: FitLeg, activity: str) -> Expected:
    return Expected(activity, leg.distance_m, leg.timer_s, leg.start)


def _tcx(lap: tuple[str, dt.datetime, float, float, int | None]) -> Expected:
    sport, start, metres, seconds, _hr = lap
    # TCX laps of indoor rides say 0 m: no distance rather than none ridden
    return Expected("run" if sport == "Running" else "cycle", metres or None, seconds, start)


_TRIATHLON_ACTIVITIES = ("swim", "other", "cycle", "other", "run")
EXPECTED: dict[str, list[Expected]] = {
    "fit/park-run.fit": [_fit(PARK_RUN, "run")],
    "fit/virtual-ride.fit.gz": [_fit(VIRTUAL_RIDE, "cycle")],
    "fit/evening-race.fit": [_fit(EVENING_RACE, "run")],
    # the transitions' distance is not checked: they carry none of their own
    "fit/triathlon.fit": [
        _fit(leg, activity)
        if leg.distance_m is not None
        else Expected(activity, NOT_CHECKED, leg.timer_s, leg.start)
        for leg, activity in zip(TRIATHLON, _TRIATHLON_ACTIVITIES, strict=True)
    ],
    "tcx/run.tcx": [_tcx(TCX_RUN)],
    "tcx/run-no-hr.tcx": [_tcx(TCX_RUN)],
    "tcx/other-run.tcx": [_tcx(TCX_OTHER_RUN)],
    "tcx/multisport.tcx": [_tcx(lap) for lap in TCX_MULTISPORT],
    "gpx/evening-run.gpx": [Expected("run", 6000.0, 2100.0, GPX_RUN_START)],
    "csv/strava-export/activities.csv": [_fit(PARK_RUN, "run")],
    f"csv/strava-export/{STRAVA_FIT}": [_fit(PARK_RUN, "run")],
    "csv/garmin/Activities.csv": [
        Expected("run", 3400.0, 17 * 60 + 1, dt.datetime(2026, 1, 4, 12, 38, 59)),
        Expected("run", 6120.0, 33 * 60 + 7, dt.datetime(2026, 1, 2, 7, 5, 10)),
        Expected("run", 11050.0, 72 * 60 + 30, dt.datetime(2025, 12, 28, 10, 15)),
        Expected("run", 50200.0, 6 * 3600 + 20 * 60, dt.datetime(2025, 11, 15, 6, 0)),
    ],
}
assert set(EXPECTED) | set(REFUSED) == set(FILES), "every generated file has an expectation"
