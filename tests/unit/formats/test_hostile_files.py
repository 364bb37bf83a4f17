"""Hostile and careless input files (issue 18): each is refused with one line naming the file and
the problem, the journal is left as it was, and nothing overflows, blocks or grows unbounded."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from kneelog.core.errors import JournalFileError, KneelogError, OutputError, ValidationError
from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.core.validation import date_problem
from kneelog.formats import payload as payload_module, strava as strava_module, tabular
from kneelog.formats.detect import expand_inputs, read_activities
from kneelog.formats.errors import ImportRefused
from kneelog.formats.journal_json import parse_journal
from kneelog.formats.kneelog_csv import SESSIONS_CSV, defuse_formula, restore_formula, table_text
from kneelog.persistence.db import Database
from kneelog.persistence.files import write_private_bytes
from kneelog.persistence.repositories import SESSIONS, SHOES, repository_of
from kneelog.services.activity_import import ItemStatus, SessionIndex, import_paths
from kneelog.services.opening import open_journal
from kneelog.services.transfer import export_csv, export_journal, import_csv_table, import_journal
from tests.unit.formats.formats_support import TEST_TZ

GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
)


def _gpx(times: list[str], inner: str = "") -> bytes:
    points = "".join(
        f'<trkpt lat="{45 + i * 0.001}" lon="7.0"><time>{t}</time>{inner}</trkpt>'
        for i, t in enumerate(times)
    )
    return (GPX_HEAD + f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>").encode()


def _run_gpx(day: str = "2024-05-01") -> bytes:
    return _gpx([f"{day}T06:{minute:02d}:00Z" for minute in range(0, 30, 5)])


def _journal(path: Path, **sections: Any) -> Path:
    path.write_text(json.dumps({"format": "kneelog-journal", "version": 1, **sections}))
    return path


def _rows(db: Database, table: str = "training_session") -> list[tuple[Any, ...]]:
    with db.reading() as connection:
        return list(connection.execute(f"SELECT * FROM {table} ORDER BY id"))


# --- one range of dates, 1900-2999 -----------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:00-05:00", "1899-12-31T22:00:00Z"]
)
def test_a_session_start_outside_the_years_is_refused_and_later_imports_still_work(
    value: str, db: Database, tmp_path: Path
) -> None:
    bad = _journal(
        tmp_path / "bad.json",
        sessions=[{"date": "2024-05-01", "activity": "run", "start_time": value}],
    )
    with pytest.raises(JournalFileError) as caught:
        import_journal(db, bad)
    assert caught.value.problems == [
        f"sessions[0].start_time: {value[:10]} is outside the years 1900-2999"
    ]
    assert _rows(db) == []
    (tmp_path / "run.gpx").write_bytes(_run_gpx())
    report = import_paths(db, [tmp_path / "run.gpx"], tz=TEST_TZ)
    assert report.imported == 1, [r.line for r in report.results]


_DATED_FIELDS: list[tuple[str, dict[str, Any], str]] = [
    ("sessions", {"activity": "run"}, "date"),
    ("checkins", {}, "date"),
    ("shoes", {"id": "s1", "name": "Pegasus"}, "started"),
    ("shoes", {"id": "s1", "name": "Pegasus", "started": "2024-01-01"}, "retired"),
    ("program", {"exercise": "step_up", "per_week": 3}, "start"),
    ("program", {"exercise": "step_up", "per_week": 3, "start": "2024-01-01"}, "end"),
    ("exercise_logs", {"exercise": "step_up"}, "date"),
    (
        "assessments",
        {"instrument": "akps", "score": 70, "answers": None},
        "date",
    ),
]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
@pytest.mark.parametrize(("section", "record", "key"), _DATED_FIELDS)
def test_every_dated_field_of_a_journal_file_is_range_checked(
    section: str, record: dict[str, Any], key: str, day: str
) -> None:
    fields = {k: v for k, v in record.items() if v is not None}
    if section == "program" and key == "end":
        fields["start"] = "1900-01-01"  # an end before 1900 must not be refused for its order
    document = {"format": "kneelog-journal", "version": 1, section: [{**fields, key: day}]}
    with pytest.raises(JournalFileError) as caught:
        parse_journal(json.dumps(document), "j.json")
    assert f"{section}[0].{key}: {day} is outside the years 1900-2999" in caught.value.problems


def test_the_database_layer_refuses_a_date_outside_the_years_whoever_writes_it(
    db: Database,
) -> None:
    records: list[Any] = [
        SessionRecord.new(date=dt.date(1, 1, 1), activity="run"),
        SessionRecord.new(
            date=dt.date(2024, 5, 1), activity="run", start_time="9999-12-31T23:00:00-05:00"
        ),
        CheckInRecord.new(date=dt.date(9999, 12, 31)),
        ShoeRecord.new(name="Old", started=dt.date(1850, 1, 1)),
    ]
    for record in records:
        with (
            pytest.raises(ValidationError, match="is outside the years 1900-2999"),
            db.writing() as connection,
        ):
            repository_of(record).put(connection, record)
    assert _rows(db) == [] and _rows(db, "checkin") == [] and _rows(db, "shoe") == []


def test_an_update_to_an_out_of_range_date_is_refused_too(db: Database) -> None:
    with db.writing() as connection:
        SESSIONS.put(
            connection, SessionRecord.new(id="a", date=dt.date(2024, 5, 1), activity="run")
        )
    with db.reading() as connection:
        stored = SESSIONS.get(connection, "a")
    assert stored is not None
    with (
        pytest.raises(ValidationError, match=r"training_session\.date: 0001-01-01"),
        db.writing() as connection,
    ):
        SESSIONS.put(connection, stored._replace(date=dt.date(1, 1, 1)))
    assert [row[1] for row in _rows(db)] == ["2024-05-01"]


def test_a_journal_already_holding_year_one_starts_still_imports(
    db: Database, tmp_path: Path
) -> None:
    """Written by an older KneeLog, before the range was checked: it must not stop imports."""
    with db.writing() as connection:
        connection.execute(
            "INSERT INTO training_session (id, date, start_time, activity) VALUES "
            "('old1', '0001-01-01', '0001-01-01T00:00:00+05:00', 'run'), "
            "('old2', '9999-12-31', '9999-12-31T23:59:00-05:00', 'run')"
        )
    assert SessionIndex.of_journal(db, TEST_TZ) is not None
    (tmp_path / "run.gpx").write_bytes(_run_gpx())
    report = import_paths(db, [tmp_path / "run.gpx"], tz=TEST_TZ)
    assert report.imported == 1, [r.line for r in report.results]


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_activity_readers_refuse_a_start_outside_the_years(year: str, tmp_path: Path) -> None:
    (tmp_path / "old.gpx").write_bytes(_gpx([f"{year}-01-01T00:00:00+05:00"] * 2))
    with pytest.raises(ImportRefused, match="outside the years 1900-2999"):
        read_activities(tmp_path / "old.gpx")
    tcx = (
        '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        'TrainingCenterDatabase/v2"><Activities><Activity Sport="Running">'
        f"<Id>{year}-01-01T00:00:00+05:00</Id>"
        f'<Lap StartTime="{year}-01-01T00:00:00+05:00"><TotalTimeSeconds>600</TotalTimeSeconds>'
        "<DistanceMeters>2000</DistanceMeters></Lap></Activity></Activities>"
        "</TrainingCenterDatabase>"
    )
    (tmp_path / "old.tcx").write_text(tcx)
    with pytest.raises(ImportRefused):
        read_activities(tmp_path / "old.tcx")
    garmin = (
        "Activity Type,Date,Title,Distance,Time\r\n"
        f"Running,{year}-03-02 07:15:00,Old,5.00,00:30:00\r\n"
    )
    (tmp_path / "Activities.csv").write_text(garmin)
    (item,) = expand_inputs([tmp_path / "Activities.csv"])
    with pytest.raises(ImportRefused, match="outside the years 1900-2999"):
        item.read()
    strava = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename\r\n"
        f'1,"{year}-01-01 10:00:00",Old,Run,1800,5.0,\r\n'
    )
    (tmp_path / "activities.csv").write_text(strava)
    (item,) = expand_inputs([tmp_path / "activities.csv"])
    with pytest.raises(ImportRefused, match="outside the years 1900-2999"):
        item.read()


def test_a_kneelog_csv_date_outside_the_years_is_refused_by_row(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text("date,activity\r\n2024-05-01,run\r\n0001-01-01,run\r\n")
    with pytest.raises(JournalFileError) as caught:
        import_csv_table(db, path)
    assert caught.value.problems == [
        "row 3, column date: 0001-01-01 is outside the years 1900-2999"
    ]
    assert _rows(db) == []


def test_date_problem_never_overflows() -> None:
    for value in (
        dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))),
        dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ):
        assert "outside the years 1900-2999" in (date_problem(value) or "")
    assert date_problem(dt.datetime(2999, 12, 31, 23, 0, tzinfo=dt.UTC)) is None
    assert date_problem(dt.date(1900, 1, 1)) is None


# --- XML nesting, and a Strava export with one hostile member --------------------------------


def _deep_gpx(levels: int) -> bytes:
    return (
        GPX_HEAD + '<trk><trkseg><trkpt lat="1" lon="1"><time>2024-01-01T00:00:00Z</time>'
        "<extensions>" + "<a>" * levels + "</a>" * levels + "</extensions></trkpt>"
        "</trkseg></trk></gpx>"
    ).encode()


def test_a_gpx_nested_150000_levels_deep_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "deep.gpx").write_bytes(_deep_gpx(150_000))
    with pytest.raises(ImportRefused, match=re.escape("deep.gpx: nested more than 64 levels deep")):
        read_activities(tmp_path / "deep.gpx")


def test_xml_points_elements_and_size_are_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kneelog.formats import xmltext

    path = tmp_path / "long.gpx"
    path.write_bytes(_run_gpx())  # six points, twelve elements in them
    monkeypatch.setattr(xmltext, "MAX_XML_POINTS", 5)
    with pytest.raises(ImportRefused, match=re.escape("long.gpx: more than 5 recorded points")):
        read_activities(path)
    monkeypatch.setattr(xmltext, "MAX_XML_POINTS", 100)
    monkeypatch.setattr(xmltext, "MAX_XML_ELEMENTS", 10)
    with pytest.raises(ImportRefused, match=re.escape("long.gpx: more than 10 XML elements")):
        read_activities(path)
    monkeypatch.setattr(xmltext, "MAX_XML_BYTES", 100)
    with pytest.raises(ImportRefused, match=re.escape("long.gpx: too large to read safely")):
        read_activities(path)


def _strava_zip(path: Path, members: dict[str, bytes], rows: list[tuple[str, str]]) -> Path:
    lines = ["Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename"]
    lines += [
        f'{n},"May {n}, 2024, 6:00:00 AM",{name},Run,1800,5.0,{filename}'
        for n, (name, filename) in enumerate(rows, start=1)
    ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export/activities.csv", "\r\n".join(lines) + "\r\n")
        for name, data in members.items():
            archive.writestr(f"export/{name}", data)
    return path


def test_one_hostile_member_of_a_strava_export_loses_no_other_row(
    db: Database, tmp_path: Path
) -> None:
    export = _strava_zip(
        tmp_path / "export.zip",
        {"activities/2.gpx": _run_gpx("2024-05-02"), "activities/deep.gpx": _deep_gpx(150_000)},
        [("Deep", "activities/deep.gpx"), ("Good", "activities/2.gpx"), ("Row", "")],
    )
    report = import_paths(db, [export], tz=TEST_TZ)
    assert [r.status for r in report.results] == [ItemStatus.IMPORTED] * 3
    assert report.sessions_added == 3


# --- bounded time and memory: zips, pipes, tables --------------------------------------------


def test_a_zip_is_opened_once_for_all_its_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopening it per member parses its whole directory each time: quadratic."""
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(40):
            archive.writestr(f"runs/{n:03d}.gpx", _run_gpx(f"2024-05-{1 + n % 28:02d}"))
    opened: list[Path] = []
    real_open = payload_module.open_zip

    def counting(target: Path) -> zipfile.ZipFile:
        opened.append(target)
        return real_open(target)

    monkeypatch.setattr(payload_module, "open_zip", counting)
    items = expand_inputs([path])
    assert sum(len(item.read()) for item in items) == 40
    assert len(opened) == 1


def test_strava_rows_naming_one_member_read_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _strava_zip(
        tmp_path / "export.zip",
        {"activities/1.gpx": _run_gpx()},
        [(f"Row {n}", "activities/1.gpx") for n in range(30)],
    )
    reads: list[str] = []
    real_read = strava_module.read_single_file

    def counting(payload: Any) -> Any:
        reads.append(payload.name)
        return real_read(payload)

    monkeypatch.setattr(strava_module, "read_single_file", counting)
    items = expand_inputs([export])
    assert all(len(item.read()) == 1 for item in items)
    assert reads == ["1.gpx"]


def test_zip_member_count_and_total_size_are_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(20):
            archive.writestr(f"{n}.gpx", b" " * 10_000)
    monkeypatch.setattr(payload_module, "MAX_ZIP_MEMBERS", 10)
    (item,) = expand_inputs([path])
    with pytest.raises(ImportRefused, match=re.escape("many.zip: more than 10 files inside")):
        item.read()
    monkeypatch.setattr(payload_module, "MAX_ZIP_MEMBERS", 100)
    monkeypatch.setattr(payload_module, "MAX_ZIP_TOTAL_UNPACKED", 100_000)
    (item,) = expand_inputs([path])
    with pytest.raises(
        ImportRefused, match=re.escape("many.zip: unpacks to more than 4 GB in all")
    ):
        item.read()


@pytest.mark.parametrize("name", ["pipe.gpx", "pipe.csv", "pipe.json", "pipe.zip", "sessions.csv"])
def test_a_pipe_given_as_input_is_refused_at_once(name: str, db: Database, tmp_path: Path) -> None:
    """Opening a FIFO for reading blocks until a writer comes; nothing here may wait."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    report = import_paths(db, [fifo], tz=TEST_TZ)
    (result,) = report.results
    assert result.status is ItemStatus.FAILED
    assert "not a regular file" in result.line and name in result.line


def test_a_kneelog_table_with_too_many_rows_is_refused_while_streaming(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kneelog.formats import kneelog_csv

    monkeypatch.setattr(kneelog_csv, "MAX_TABLE_ROWS", 5)
    path = tmp_path / "sessions.csv"
    path.write_text("date,activity\r\n" + "2024-05-01,run\r\n" * 6)
    with pytest.raises(JournalFileError) as caught:
        import_csv_table(db, path)
    assert caught.value.problems == ["more than 5 rows, more than a journal table holds"]
    assert _rows(db) == []


def test_a_garmin_table_is_read_as_a_stream_and_its_rows_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = "Activity Type,Date,Title,Distance,Time\r\n"
    rows = "".join(f"Running,2024-03-{d:02d} 07:15:00,Run {d},5.00,00:30:00\r\n" for d in (1, 2))
    path = tmp_path / "Activities.csv"
    path.write_text(header + rows)
    real_read_bytes = Path.read_bytes

    def no_whole_reads(self: Path) -> bytes:
        assert self != path, "the table must be streamed, not read whole"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", no_whole_reads)
    monkeypatch.setattr(payload_module, "read_file_bytes", _refuse_whole_read)
    assert len(read_activities(path)) == 2
    monkeypatch.setattr(tabular, "MAX_TABLE_ROWS", 1)
    from kneelog.formats import garmin_csv

    monkeypatch.setattr(garmin_csv, "MAX_TABLE_ROWS", 1)
    with pytest.raises(ImportRefused, match=re.escape("Activities.csv: more than 1 activities")):
        read_activities(path)


def _refuse_whole_read(*_args: Any, **_kwargs: Any) -> bytes:
    raise AssertionError("the table must be streamed, not read whole")


# --- CSV export: formulas defused, and restored on import ------------------------------------

_FORMULAS = [
    '=HYPERLINK("http://x.example","click")',
    "@SUM(A1)",
    "+1+1",
    "-2+3",
    "\tTab",
    "\rReturn",
    "'=already quoted",
    "plain notes",
    "'apostrophe",
]


def test_csv_export_defuses_formulas_and_import_restores_them(tmp_path: Path) -> None:
    source = open_journal(tmp_path / "a.sqlite3")
    with source.writing() as connection:
        for n, notes in enumerate(_FORMULAS, start=1):
            SESSIONS.put(
                connection,
                SessionRecord.new(
                    id=f"s{n}", date=dt.date(2024, 5, n), activity="run", notes=notes, rpe=3
                ),
            )
        SHOES.put(connection, ShoeRecord(id="shoe", name="=1+1", initial_km=0.0))
    export_csv(source, tmp_path / "out")
    with (tmp_path / "out" / "sessions.csv").open(newline="", encoding="utf-8") as handle:
        notes_cells = [row["notes"] for row in csv.DictReader(handle)]
    assert all(cell[:1] not in "=+-@\t\r" for cell in notes_cells), notes_cells
    copy = open_journal(tmp_path / "b.sqlite3")
    import_csv_table(copy, tmp_path / "out" / "shoes.csv")
    import_csv_table(copy, tmp_path / "out" / "sessions.csv")
    export_csv(copy, tmp_path / "again")
    for name in ("sessions.csv", "shoes.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "out" / name).read_bytes()
    with copy.reading() as connection:
        stored = {row.id: row.notes for row in SESSIONS.select(connection)}
        shoe = SHOES.get(connection, "shoe")
    assert [stored[f"s{n}"] for n in range(1, len(_FORMULAS) + 1)] == _FORMULAS
    assert shoe is not None and shoe.name == "=1+1" and shoe.initial_km == 0.0
    source.close()
    copy.close()


def _select(model: Any) -> Any:
    from sqlmodel import select

    return select(model)


def test_numbers_stay_numbers_in_the_csv_export() -> None:
    text = table_text(SESSIONS_CSV, [{"date": "2024-05-01", "activity": "run", "rpe": -3}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["rpe"] == "-3"


@given(st.text())
def test_restoring_a_defused_cell_gives_the_text_back(text: str) -> None:
    defused = defuse_formula(text)
    assert restore_formula(defused) == text
    assert defused[:1] not in ("=", "+", "-", "@", "\t", "\r")


# --- messages: huge numbers, lone surrogates, duplicate keys, full disks ----------------------


def _problems_of(text: str) -> list[str]:
    with pytest.raises(JournalFileError) as caught:
        parse_journal(text, "j.json")
    return caught.value.problems


def test_a_5000_digit_number_is_refused_with_a_clear_problem() -> None:
    text = '{"format": "kneelog-journal", "version": 1, "sessions": [{"rpe": ' + "5" * 5000 + "}]}"
    (problem,) = _problems_of(text)
    assert problem.startswith("not usable JSON: a number has thousands of digits")


def test_a_lone_surrogate_is_refused_by_its_path() -> None:
    text = (
        '{"format": "kneelog-journal", "version": 1, '
        '"sessions": [{"date": "2024-05-01", "activity": "run", "notes": "a\\ud800b"}]}'
    )
    assert _problems_of(text) == [
        "sessions[0].notes: contains an invalid character (an unpaired UTF-16 surrogate)"
    ]


def test_duplicate_keys_are_refused_by_their_path() -> None:
    text = (
        '{"format": "kneelog-journal", "version": 1, "sessions": [{"date": "2024-05-01", '
        '"activity": "run", "date": "2024-05-02"}], "settings": {"units": "km", "units": "mi"}}'
    )
    assert _problems_of(text) == [
        "sessions[0].date: the key appears more than once",
        "settings.units: the key appears more than once",
    ]


def test_a_full_disk_names_the_file_being_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "export.json"
    with pytest.raises(OutputError, match="No space left on device") as caught:
        write_private_bytes(target, b"{}")
    assert str(caught.value).startswith(f"{target}: could not be written")
    assert list(tmp_path.iterdir()) == []


# --- lossless round trips ----------------------------------------------------------------------


def test_a_shoe_starting_at_zero_km_round_trips_as_zero(tmp_path: Path) -> None:
    db = open_journal(tmp_path / "a.sqlite3")
    with db.writing() as connection:
        SHOES.put(connection, ShoeRecord(id="z", name="New", initial_km=0.0))
    export_journal(db, tmp_path / "one.json")
    (shoe,) = json.loads((tmp_path / "one.json").read_text())["shoes"]
    assert shoe["initial_km"] == 0
    copy = open_journal(tmp_path / "b.sqlite3")
    import_journal(copy, tmp_path / "one.json")
    export_journal(copy, tmp_path / "two.json")
    assert json.loads((tmp_path / "two.json").read_text())["shoes"] == [shoe]
    db.close()
    copy.close()


def test_an_unreadable_journal_path_is_a_kneelog_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(KneelogError, match=re.escape("missing.json: cannot be read")):
        import_journal(db, tmp_path / "missing.json")


@pytest.mark.parametrize("key", ["date", "next_visit"])
def test_visit_dates_are_range_checked_like_every_other(key: str) -> None:
    visit = {"date": "2024-05-01", "clinician": "PT", key: "9999-12-31"}
    document = {"format": "kneelog-journal", "version": 2, "visits": [visit]}
    with pytest.raises(JournalFileError) as caught:
        parse_journal(json.dumps(document), "j.json")
    assert f"visits[0].{key}: 9999-12-31 is outside the years 1900-2999" in caught.value.problems
