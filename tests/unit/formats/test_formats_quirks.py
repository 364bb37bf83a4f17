"""Format quirks on small hand-made inputs: locales, header generations, extensions, unsafe XML."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zipfile
from pathlib import Path

import pytest

from kneelog.core.codes import Activity, Surface
from kneelog.formats import payload
from kneelog.formats.detect import expand_inputs, read_activities
from kneelog.formats.errors import ImportRefused
from kneelog.formats.sports import activity_for_sport, surface_for_sport
from kneelog.formats.tabular import parse_duration, parse_number, uses_decimal_comma


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("3,40", True, 3.40),
        ("1.195", True, 1195.0),
        ("2.932", True, 2932.0),
        ("3.40", False, 3.40),
        ("2,932", False, 2932.0),
        ("1 195,5", True, 1195.5),
        ("1\u202f195,5", True, 1195.5),
        ("--", True, None),
        ("", False, None),
        ("#error#", False, None),
        ("abc", False, None),
        ("nan", False, None),
        ("-4", True, -4.0),
    ],
)
def test_locale_numbers(text: str, decimal_comma: bool, value: float | None) -> None:
    assert parse_number(text, decimal_comma) == value


def test_decimal_separator_is_judged_from_unambiguous_cells() -> None:
    assert uses_decimal_comma(["3,40", "1.195", "2,9"])
    assert not uses_decimal_comma(["3.40", "1,195", "2.9"])
    assert not uses_decimal_comma(["1.195", "2,932"])  # only ambiguous cells: default point


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:17:01", 1021.0),
        ("00:01:39,6", 99.6),
        ("1:02:03.5", 3723.5),
        ("45:10", 2710.0),
        ("1428", 1428.0),
        ("1428.0", 1428.0),
        ("--", None),
        ("1:xx:00", None),
        ("1:2:3:4", None),
        ("00:²5:32", None),
    ],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("sport", "activity", "surface"),
    [
        ("running", Activity.RUN, None),
        ("Trail Running", Activity.RUN, Surface.TRAIL),
        ("Treadmill Running", Activity.RUN, Surface.TREADMILL),
        ("running/treadmill", Activity.RUN, Surface.TREADMILL),
        ("TrailRun", Activity.RUN, Surface.TRAIL),
        ("VirtualRide", Activity.CYCLE, None),
        ("cycling/indoor_cycling", Activity.CYCLE, None),
        ("Biking", Activity.CYCLE, None),
        ("swimming/lap_swimming", Activity.SWIM, None),
        ("swimming/open_water", Activity.SWIM, None),
        ("Hike", Activity.WALK, None),
        ("walking", Activity.WALK, None),
        ("Elliptical", Activity.ELLIPTICAL, None),
        ("transition", Activity.OTHER, None),
        ("户外跑步", Activity.OTHER, None),
        ("unknown", Activity.OTHER, None),
        ("", Activity.OTHER, None),
    ],
)
def test_sport_mapping(sport: str, activity: Activity, surface: Surface | None) -> None:
    assert activity_for_sport(sport) is activity
    assert surface_for_sport(sport) == surface


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


GPX_RUN = """<?xml version="1.0" encoding="{encoding}"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:{prefix}="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
 <trk><name>Café run</name><type>running</type><trkseg>
  <trkpt lat="52.0" lon="13.0"><time>2024-05-04T23:30:00Z</time>
   <extensions><{prefix}:TrackPointExtension><{prefix}:hr>140</{prefix}:hr>
   <{prefix}:cad>80</{prefix}:cad></{prefix}:TrackPointExtension></extensions></trkpt>
  <trkpt lat="52.001" lon="13.0"><time>2024-05-04T23:30:40Z</time>
   <extensions><{prefix}:TrackPointExtension><{prefix}:hr>150</{prefix}:hr>
   <{prefix}:cad>90</{prefix}:cad></{prefix}:TrackPointExtension></extensions></trkpt>
  <trkpt lat="52.002" lon="13.0"><time>2024-05-04T23:31:20Z</time></trkpt>
 </trkseg></trk>
</gpx>
"""


@pytest.mark.parametrize("prefix", ["gpxtpx", "ns3", "tpx1"])
def test_gpx_heart_rate_and_cadence_whatever_the_prefix(tmp_path: Path, prefix: str) -> None:
    path = write(tmp_path, "run.gpx", GPX_RUN.format(encoding="UTF-8", prefix=prefix))
    (found,) = read_activities(path)
    assert found.avg_hr == 145
    assert found.avg_cadence_spm == 170  # strides 85 doubled
    assert found.activity is Activity.RUN
    assert found.distance_m == pytest.approx(222.4, rel=0.01)
    assert found.title == "Café run"
    # 23:30 UTC is already the next day in UTC+2
    assert found.local_date(dt.timezone(dt.timedelta(hours=2))) == dt.date(2024, 5, 5)


def test_gpx_in_a_declared_legacy_encoding(tmp_path: Path) -> None:
    text = GPX_RUN.format(encoding="ISO-8859-1", prefix="gpxtpx")
    (found,) = read_activities(write(tmp_path, "run.gpx", text, encoding="latin-1"))
    assert found.title == "Café run"


def test_gpx_with_the_wrong_encoding_is_refused(tmp_path: Path) -> None:
    text = GPX_RUN.format(encoding="UTF-8", prefix="gpxtpx")
    path = write(tmp_path, "run.gpx", text, encoding="latin-1")
    with pytest.raises(ImportRefused, match=re.escape("run.gpx: is not valid UTF-8 text")):
        read_activities(path)


def test_gzipped_gpx(tmp_path: Path) -> None:
    raw = GPX_RUN.format(encoding="UTF-8", prefix="gpxtpx").encode()
    (found,) = read_activities(write(tmp_path, "run.gpx.gz", gzip.compress(raw)))
    assert found.source_name == "run.gpx.gz"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<{root}><x>&lol3;</x></{root}>
"""


@pytest.mark.parametrize(("name", "root"), [("a.gpx", "gpx"), ("a.tcx", "TrainingCenterDatabase")])
def test_entity_expansion_is_refused(tmp_path: Path, name: str, root: str) -> None:
    path = write(tmp_path, name, BILLION_LAUGHS.format(root=root))
    with pytest.raises(ImportRefused, match="unsafe XML"):
        read_activities(path)


TCX_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
{body}
</TrainingCenterDatabase>
"""

TCX_TREADMILL = """<Activities><Activity Sport="Running"><Id>2024-05-04T07:00:00Z</Id>
 <Lap StartTime="2024-05-04T07:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds>
  <DistanceMeters>1800</DistanceMeters><AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm>
  <Extensions><ns3:LX><ns3:AvgRunCadence>84</ns3:AvgRunCadence></ns3:LX></Extensions>
  <Track><Trackpoint><Time>2024-05-04T07:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>
  <Trackpoint><Time>2024-05-04T07:10:05Z</Time><DistanceMeters>1800</DistanceMeters></Trackpoint>
  </Track></Lap>
 <Lap StartTime="2024-05-04T07:10:05Z"><TotalTimeSeconds>300</TotalTimeSeconds>
  <DistanceMeters>900</DistanceMeters><AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm>
  <Extensions><ns3:LX><ns3:AvgRunCadence>90</ns3:AvgRunCadence></ns3:LX></Extensions></Lap>
 <Notes>easy</Notes>
</Activity></Activities>"""


def test_tcx_indoor_run_without_positions(tmp_path: Path) -> None:
    path = write(tmp_path, "indoor.tcx", TCX_TEMPLATE.format(body=TCX_TREADMILL))
    (found,) = read_activities(path)
    assert found.distance_m == 2700
    assert found.duration_s == 900
    assert found.elapsed_s == 905
    assert found.avg_hr == pytest.approx((140 * 600 + 160 * 300) / 900)
    assert found.avg_cadence_spm == pytest.approx(2 * (84 * 600 + 90 * 300) / 900)
    assert found.description == "easy"


def test_tcx_course_is_refused(tmp_path: Path) -> None:
    body = "<Courses><Course><Name>Loop</Name><Track><Trackpoint/></Track></Course></Courses>"
    path = write(tmp_path, "loop.tcx", TCX_TEMPLATE.format(body=body))
    with pytest.raises(
        ImportRefused, match=re.escape("loop.tcx: a route/course, not a recorded activity")
    ):
        read_activities(path)


def test_gzip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(payload, "MAX_UNPACKED_BYTES", 10_000)
    path = write(tmp_path, "bomb.fit.gz", gzip.compress(b"\0" * 50_000))
    with pytest.raises(ImportRefused, match="zip bomb"):
        read_activities(path)


def test_zip_bomb_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(payload, "MAX_UNPACKED_BYTES", 10_000)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as writer:
        writer.writestr("a.gpx", b" " * 50_000)
    (item,) = expand_inputs([archive])
    with pytest.raises(ImportRefused, match="zip bomb"):
        item.read()


def test_huge_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(payload, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(ImportRefused, match="too large"):
        read_activities(write(tmp_path, "big.fit", b"\0" * 5000))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.fit", b"", "not a recognised activity file"),
        ("notes.txt", b"just some notes", "not a recognised activity file"),
        ("table.csv", b"a,b\n1,2\n", "neither a Strava activities.csv nor a Garmin"),
        ("broken.zip", b"PK\x03\x04garbage", "not a readable zip archive"),
        ("cut.fit", b"\x0e\x10\x43\x08\x00\x00\x00\x00.FIT\x00\x00", "no activity could be read"),
    ],
)
def test_junk_is_refused_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(ImportRefused) as refusal:
        read_activities(write(tmp_path, name, content))
    assert reason in str(refusal.value)
    assert str(refusal.value).startswith(f"{name}: ")


STRAVA_2018 = """id,date,name,type,description,elapsed_time,distance,commute,gear,filename
1723,2018-09-12 15:02:23,Lunch Run,Run,"two
lines",1800,5012.5,false,,
"""

STRAVA_HTML = (
    'Activity ID,Activity Date,Activity Name,<span class="translation_missing" '
    'title="translation missing: en-GB.lib.export.portability_exporter.activities.horton_values.'
    'type">Activity Type</span>,Elapsed Time,Distance,Filename,Moving Time,Distance\n'
    '99,"Sep 12, 2018, 3:02:23 PM",Swim,Swim,2000,"2,000",,1900.0,2000.0\n'
)

STRAVA_GERMAN = (
    "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Aktivitätsbeschreibung,"
    "Verstrichene Zeit,Distanz,Dateiname,Bewegungszeit,Distanz,Durchschnittliche Herzfrequenz\n"
    '5,"29.05.2022, 15:53:35",Abendlauf,Lauf,"",1428,"3,32",,"1411,0","3322,95","136,5"\n'
)


@pytest.mark.parametrize(
    ("csv_text", "distance", "duration", "start", "activity"),
    [
        (STRAVA_2018, 5012.5, 1800, dt.datetime(2018, 9, 12, 15, 2, 23), Activity.RUN),
        (STRAVA_HTML, 2000.0, 1900, dt.datetime(2018, 9, 12, 15, 2, 23), Activity.SWIM),
        (STRAVA_GERMAN, 3322.95, 1411, dt.datetime(2022, 5, 29, 15, 53, 35), Activity.RUN),
    ],
)
def test_strava_header_generations(
    tmp_path: Path,
    csv_text: str,
    distance: float,
    duration: float,
    start: dt.datetime,
    activity: Activity,
) -> None:
    (found,) = read_activities(write(tmp_path, "activities.csv", csv_text))
    assert found.distance_m == pytest.approx(distance)
    assert found.duration_s == duration
    assert found.start_utc == start.replace(tzinfo=dt.UTC)
    assert found.activity is activity


def test_strava_multiline_description_and_german_heart_rate(tmp_path: Path) -> None:
    (old,) = read_activities(write(tmp_path / "a", "activities.csv", STRAVA_2018))
    assert old.description == "two\nlines"
    assert old.to_session(dt.UTC).notes == "Lunch Run\n\ntwo\nlines"
    (german,) = read_activities(write(tmp_path / "b", "activities.csv", STRAVA_GERMAN))
    assert german.avg_hr == 136.5


def test_strava_row_with_a_trackless_gpx_falls_back_to_the_row(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    write(tmp_path / "activities", "7.gpx", '<gpx version="1.1"><metadata/></gpx>')
    text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename\n"
        '7,"Jan 2, 2023, 6:00:00 AM",Walk,Walk,3600,4.20,activities/7.gpx\n'
    )
    write(tmp_path, "activities.csv", text)
    (found,) = read_activities(tmp_path)
    assert found.distance_m == pytest.approx(4200)
    assert found.duration_s == 3600
    assert found.activity is Activity.WALK


GARMIN_US = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Avg Run Cadence,"
    "Avg Stride Length,Steps,Moving Time,Elapsed Time\r\n"
    'Running,2024-03-02 07:15:00,false,"Town, loop","3.11","1,195","00:30:00","150","170",'
    '"1.10","4,550","00:29:30","00:31:00"\r\n'
    'Pool Swim,2024-03-03 18:00:00,false,"Pool","1,000","300","00:25:00","--","--",'
    '"--","--","00:25:00","00:40:00"\r\n'
)


def test_garmin_csv_in_us_locale_with_miles(tmp_path: Path) -> None:
    run, swim = read_activities(write(tmp_path, "Activities.csv", GARMIN_US))
    # stride 1.10 m x 4 550 steps = 5 005 m for 3.11 shown: the account shows miles
    assert run.distance_m == pytest.approx(3.11 * 1609.344)
    assert run.duration_s == 1800
    assert run.elapsed_s == 1860
    assert run.title == "Town, loop"
    assert run.start_local == dt.datetime(2024, 3, 2, 7, 15)
    assert swim.activity is Activity.SWIM
    assert swim.distance_m == pytest.approx(1000 * 0.9144)  # yards for imperial accounts
    assert swim.avg_hr is None
    assert swim.avg_cadence_spm is None


def test_garmin_row_without_a_date_is_refused_alone(tmp_path: Path) -> None:
    text = GARMIN_US.replace("2024-03-03 18:00:00", "yesterday")
    items = expand_inputs([write(tmp_path, "Activities.csv", text)])
    assert len(items[0].read()) == 1
    with pytest.raises(ImportRefused, match=r"Activities.csv row 2 \(Pool\): no readable date"):
        items[1].read()
    assert len(read_activities(tmp_path / "Activities.csv")) == 1


def test_zip_with_nothing_inside(tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w"):
        pass
    with pytest.raises(ImportRefused, match=re.escape("empty.zip: contains no activity files")):
        read_activities(archive)


def test_expand_inputs_turns_a_broken_container_into_a_refusing_item(tmp_path: Path) -> None:
    broken = write(tmp_path, "export.zip", b"PK\x03\x04" + io.BytesIO(b"x" * 40).read())
    (item,) = expand_inputs([broken])
    with pytest.raises(ImportRefused, match=re.escape("export.zip")):
        item.read()
