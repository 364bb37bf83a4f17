"""KneeLog's own CSV tables (one file per record type): write them, and read them back validated.

The columns are the journal format's keys (spec/journal-format.md): ISO dates, kilometres,
minutes, symptom codes joined by ";". A table is refused whole, with every problem named by row
(as a spreadsheet numbers them: the header is row 1) and column. Records keep their `id`, so
reading the same table twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kneelog.core import (
    AssessmentRecord,
    CheckInRecord,
    ExerciseLogRecord,
    JournalFileError,
    PrescriptionRecord,
    SessionRecord,
    ShoeRecord,
    VisitRecord,
)
from kneelog.formats.journal_json import (
    CHECKIN_KEYS,
    SESSION_KEYS,
    SHOE_KEYS,
    VISIT_KEYS,
    JournalData,
    checkin_from_record,
    checkin_to_json,
    session_from_record,
    session_to_json,
    shoe_from_record,
    shoe_to_json,
    visit_from_record,
    visit_to_json,
    with_stable_ids,
)
from kneelog.formats.rehab_format import (
    EXERCISE_LOG_KEYS,
    PRESCRIPTION_KEYS,
    exercise_logs_to_json,
    program_to_json,
    validate_exercise_logs,
    validate_program,
)

Record = (
    ShoeRecord
    | SessionRecord
    | CheckInRecord
    | VisitRecord
    | PrescriptionRecord
    | ExerciseLogRecord
    | AssessmentRecord
)
"""One row of a KneeLog CSV table, as the core's record of its kind."""

# A table is validated whole before anything is written, so it is held in memory: these bound
# it (bench/import_limits.py measures the largest). A century of daily sessions is 36,500 rows.
MAX_TABLE_BYTES = 64 * 1024 * 1024
MAX_TABLE_ROWS = 40_000
MAX_PROBLEMS = 1_000
LIST_SEPARATOR = ";"
_HEAD_BYTES = 8 * 1024
_FORMULA_STARTS = frozenset("=+-@\t\r")
_ROW_PATH = re.compile(r"^rows\[(\d+)\](?:\.([^:]+))?: ")


@dataclass(frozen=True)
class TableSpec:
    """One KneeLog CSV table: its file name, columns in order, and how cells are typed."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    integers: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()
    booleans: frozenset[str] = frozenset()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


SHOES_CSV = TableSpec(
    "shoes", SHOE_KEYS, ("id", "name"), numbers=frozenset({"initial_km", "retire_at_km"})
)
PROGRAM_CSV = TableSpec(
    "program",
    PRESCRIPTION_KEYS,
    ("exercise", "per_week", "start"),
    integers=frozenset({"sets", "reps", "hold_s", "per_week"}),
    numbers=frozenset({"load_kg"}),
    booleans=frozenset({"paused"}),
)
SESSIONS_CSV = TableSpec(
    "sessions",
    SESSION_KEYS,
    ("date", "activity"),
    integers=frozenset({"rpe", "cadence_spm", "pain_during", "pain_after"}),
    numbers=frozenset({"distance_km", "duration_min"}),
    lists=frozenset({"symptoms"}),
)
CHECKINS_CSV = TableSpec(
    "checkins",
    CHECKIN_KEYS,
    ("date",),
    integers=frozenset({"morning_pain", "morning_stiffness"}),
    lists=frozenset({"symptoms"}),
)
EXERCISE_LOGS_CSV = TableSpec(
    "exercise_logs",
    EXERCISE_LOG_KEYS,
    ("date", "exercise"),
    integers=frozenset({"sets", "reps", "hold_s", "pain"}),
    numbers=frozenset({"load_kg"}),
)
VISITS_CSV = TableSpec("visits", VISIT_KEYS, ("date",), booleans=frozenset({"cleared_to_run"}))
# In import order: the tables others refer to (shoes, program) come first.
TABLES: tuple[TableSpec, ...] = (
    SHOES_CSV,
    PROGRAM_CSV,
    SESSIONS_CSV,
    CHECKINS_CSV,
    EXERCISE_LOGS_CSV,
    VISITS_CSV,
)
# Most specific first when recognising a table by its header alone (a header of `date` and
# check-in columns only is a check-in table, as before visits had a table).
_BY_HEADER = (SESSIONS_CSV, EXERCISE_LOGS_CSV, PROGRAM_CSV, SHOES_CSV, CHECKINS_CSV, VISITS_CSV)


@dataclass
class CsvTable:
    """A table read whole and valid: its kind and its records."""

    spec: TableSpec
    records: list[Record]


# --- recognising -----------------------------------------------------------------------------


def spec_for_header(header: Iterable[str]) -> TableSpec | None:
    """The table whose required columns are all there and which knows every column given."""
    names = {cell.strip() for cell in header}
    for spec in _BY_HEADER:
        if set(spec.required) <= names <= set(spec.columns):
            return spec
    return None


def spec_for_name(file_name: str) -> TableSpec | None:
    lowered = file_name.lower()
    return next((spec for spec in TABLES if spec.file_name == lowered), None)


def table_kind(path: Path) -> TableSpec | None:
    """The KneeLog table `path` holds, by its name or its header row; None for other files."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return None
    by_name = spec_for_name(path.name)
    if by_name is not None:
        return by_name
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
        first_line = head.decode("utf-8-sig", errors="replace").splitlines()[0]
        header = next(csv.reader([first_line]))
    except (OSError, IndexError, StopIteration, csv.Error):
        return None
    return spec_for_header(header)


# --- writing ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def defuse_formula(text: str) -> str:
    """A text cell a spreadsheet will not run: one starting with = + - @ tab or CR (or with
    apostrophes before one, so the step can be undone exactly) gets a leading apostrophe, as
    OWASP's CSV injection advice says. `restore_formula` undoes it."""
    if text.lstrip("'")[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def restore_formula(text: str) -> str:
    """The text `defuse_formula` was given."""
    if text[:1] == "'" and text.lstrip("'")[:1] in _FORMULA_STARTS:
        return text[1:]
    return text


def _is_numeric(spec: TableSpec, column: str) -> bool:
    # Numbers stay numbers (-3 is a value, not a formula); every other cell is text.
    return column in spec.integers or column in spec.numbers


def table_text(spec: TableSpec, records: Iterable[Mapping[str, Any]]) -> str:
    """The CSV text of a table: a header row, then one row per record (journal-format keys).

    Text cells are defused against formula injection: the table is meant to be opened in a
    spreadsheet, and titles and notes come from imported files."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spec.columns)
    for record in records:
        writer.writerow(
            [
                _cell(record.get(column))
                if _is_numeric(spec, column)
                else defuse_formula(_cell(record.get(column)))
                for column in spec.columns
            ]
        )
    return buffer.getvalue()


def journal_tables(data: JournalData) -> dict[str, str]:
    """File name -> CSV text for every table, in a stable order (same journal, same bytes)."""
    sessions = sorted(data.sessions, key=lambda s: (s.date, s.start_time or "", s.id))
    records: dict[TableSpec, list[dict[str, Any]]] = {
        SHOES_CSV: [shoe_to_json(shoe) for shoe in sorted(data.shoes, key=lambda s: s.id)],
        PROGRAM_CSV: program_to_json(data.program),
        SESSIONS_CSV: [session_to_json(s) for s in sessions],
        CHECKINS_CSV: [checkin_to_json(c) for c in sorted(data.checkins, key=lambda c: c.date)],
        EXERCISE_LOGS_CSV: exercise_logs_to_json(data.exercise_logs),
        VISITS_CSV: [visit_to_json(v) for v in sorted(data.visits, key=lambda v: (v.date, v.id))],
    }
    return {spec.file_name: table_text(spec, records[spec]) for spec in TABLES}


# --- reading ---------------------------------------------------------------------------------


def _typed(spec: TableSpec, column: str, text: str) -> tuple[Any, str | None]:
    """The cell as the journal format's JSON value, or (None, problem)."""
    if not _is_numeric(spec, column):
        text = restore_formula(text)
    if column in spec.lists:
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()], None
    if column in spec.booleans:
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True, None
        if lowered in ("false", "no", "0"):
            return False, None
        return None, f"{text!r} is not true or false"
    if column in spec.integers:
        try:
            return int(text.strip()), None
        except ValueError:
            return None, f"{text!r} is not a whole number"
    if column in spec.numbers:
        try:
            number = float(text.strip())
        except ValueError:
            return None, f"{text!r} is not a number"
        if not math.isfinite(number):
            return None, f"{text!r} is not a finite number"
        return number, None
    return text, None


def _text_rows(handle: BinaryIO, source: str) -> Generator[list[str]]:
    """The CSV rows of a UTF-8 file, read as a stream: one row in memory at a time."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as exc:
        raise JournalFileError(
            source, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]
        ) from exc
    except csv.Error as exc:
        if "NUL" in str(exc):
            raise JournalFileError(
                source, ["not a text file (it contains NUL characters)"]
            ) from exc
        raise JournalFileError(source, [f"not a readable CSV table ({exc})"]) from exc
    finally:
        if not handle.closed:
            text.detach()  # the caller owns the file: closing the wrapper must not close it


def read_table(raw: bytes, source: str, spec: TableSpec | None = None) -> CsvTable:
    """Validate a whole table given as bytes; see `read_table_file`."""
    if len(raw) > MAX_TABLE_BYTES:
        raise JournalFileError(source, [f"the file is too large ({len(raw)} bytes)"])
    return read_table_file(io.BytesIO(raw), source, spec)


def read_table_file(handle: BinaryIO, source: str, spec: TableSpec | None = None) -> CsvTable:
    """Validate a whole table, read row by row from `handle`; raise JournalFileError listing
    every problem, else its records. At most MAX_TABLE_ROWS rows, so memory stays bounded.

    `spec` is the expected table (from the file name); without it the header decides.
    """
    rows = _text_rows(handle, source)
    try:
        return _read_rows(rows, source, spec)
    finally:
        rows.close()  # now, while the caller's file is still open


def _read_rows(rows: Iterator[list[str]], source: str, spec: TableSpec | None) -> CsvTable:
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first):
        raise JournalFileError(source, ["the file is empty (a header row is required)"])
    header = [cell.strip() for cell in first]
    spec = spec or spec_for_header(header)
    if spec is None:
        raise JournalFileError(
            source,
            [
                "row 1: the header is not a KneeLog table (expected the columns of "
                + ", ".join(t.file_name for t in TABLES)
                + ")"
            ],
        )
    problems = _header_problems(spec, header)
    if problems:
        raise JournalFileError(source, problems)
    records, row_numbers, unreadable = _records(spec, header, rows, problems, source)
    validated, found = _validate(spec, with_stable_ids(records))
    for problem in found:
        match = _ROW_PATH.match(problem)
        if match is None:
            problems.append(problem)
            continue
        index, column = int(match.group(1)), match.group(2)
        if column is not None and (index, column) in unreadable:
            continue  # already reported as unreadable; the validator saw it as missing
        where = f"row {row_numbers[index]}" + (f", column {column}" if column else "")
        problems.append(where + ": " + problem[match.end() :])
    if problems:
        raise JournalFileError(source, problems)
    return CsvTable(spec, validated)


def _header_problems(spec: TableSpec, header: list[str]) -> list[str]:
    problems = [
        f"row 1, column {name}: unknown column (expected {', '.join(spec.columns)})"
        for name in header
        if name not in spec.columns
    ]
    problems += [
        f"row 1, column {name}: appears {count} times"
        for name, count in Counter(header).items()
        if count > 1
    ]
    problems += [
        f"row 1, column {name}: is required" for name in spec.required if name not in header
    ]
    return problems


def _records(
    spec: TableSpec,
    header: list[str],
    rows: Iterable[list[str]],
    problems: list[str],
    source: str,
) -> tuple[list[dict[str, Any]], list[int], set[tuple[int, str]]]:
    """Journal-format records from the data rows, the spreadsheet row number of each, and the
    (record index, column) cells that could not be read."""
    records: list[dict[str, Any]] = []
    row_numbers: list[int] = []
    unreadable: set[tuple[int, str]] = set()
    for offset, cells in enumerate(rows):
        row_number = offset + 2
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, such as the ones spreadsheets leave at the end
        if len(records) >= MAX_TABLE_ROWS:
            raise JournalFileError(
                source, [f"more than {MAX_TABLE_ROWS:,} rows, more than a journal table holds"]
            )
        if len(problems) > MAX_PROBLEMS:
            break  # enough to act on; a table this wrong is refused either way
        if len(cells) != len(header):
            problems.append(f"row {row_number}: {len(cells)} cells, the header has {len(header)}")
            continue
        record: dict[str, Any] = {}
        for column, text in zip(header, cells, strict=True):
            if text == "":
                continue
            value, problem = _typed(spec, column, text)
            if problem is not None:
                problems.append(f"row {row_number}, column {column}: {problem}")
                unreadable.add((len(records), column))
            else:
                record[column] = value
        records.append(record)
        row_numbers.append(row_number)
    return records, row_numbers, unreadable


def _validate(spec: TableSpec, records: list[dict[str, Any]]) -> tuple[list[Record], list[str]]:
    """Records and problems (under `rows[i].column`) through the journal format's validators."""
    problems: list[str] = []
    entities: list[Record] = []
    if spec is PROGRAM_CSV:
        program, problems = validate_program(records, "rows")
        return list(program), problems
    if spec is EXERCISE_LOGS_CSV:
        logs, problems = validate_exercise_logs(records, "rows")
        return list(logs), problems
    for index, record in enumerate(records):
        path = f"rows[{index}]"
        entity: Record | None
        if spec is SHOES_CSV:
            entity = shoe_from_record(record, path, problems)
        elif spec is SESSIONS_CSV:
            entity = session_from_record(record, path, index, problems)
        elif spec is VISITS_CSV:
            entity = visit_from_record(record, path, index, problems)
        else:
            entity = checkin_from_record(record, path, index, problems)
        if entity is not None:
            entities.append(entity)
    ids = Counter(str(getattr(entity, "id", "")) for entity in entities)
    problems += [f"id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    if spec is CHECKINS_CSV:
        dates = Counter(getattr(entity, "date", None) for entity in entities)
        problems += [
            f"{day}: {n} check-ins on one date (at most one per date)"
            for day, n in dates.items()
            if n > 1
        ]
    return entities, problems
