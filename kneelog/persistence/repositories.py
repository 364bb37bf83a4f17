"""One repository per table: the core's frozen records read and written with plain SQL.

The SQL is made from the generated column lists (`kneelog.persistence.columns`, written from the
SQLModel tables), so the columns are written once and the start-up path never loads SQLModel.
Each record type has the table's columns as its fields, in order (a test checks it). Values are
converted in one place per stored kind (`_DECODE`, `_ENCODE`): dates as ISO text, JSON as text,
booleans as 0/1. Every method takes the connection of a `Database.reading()` or `.writing()`
block, so a service makes one transaction of as many reads and writes as it needs.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import Enum
from sys import intern
from typing import Any, Generic, TypeVar

from kneelog.core import (
    Aggravator,
    AssessmentRecord,
    CheckInRecord,
    Condition,
    ExerciseLogRecord,
    Knee,
    NotFoundError,
    PainLocation,
    PrescriptionRecord,
    ProfileRecord,
    RememberedPlan,
    ReturnPlan,
    SessionRecord,
    ShoeRecord,
    ShownPlan,
    ValidationError,
    VisitRecord,
    date_problem,
    start_time_problem,
)
from kneelog.persistence.columns import COLUMNS, PRIMARY_KEYS

RecordT = TypeVar("RecordT", bound=tuple[Any, ...])


def _json_value(value: Any) -> str:
    # Tuples are stored as JSON lists; the separators are json.dumps's defaults, as the ORM wrote.
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def _json_tuple(text: str) -> Any:
    # Most lists are empty: skip the parser for the common "[]".
    if text == "[]":
        return ()
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


def _stored_text(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


_ENCODE: dict[str, Callable[[Any], Any]] = {
    "date": dt.date.isoformat,
    "json": _json_value,
    "bool": int,
    "float": float,
    "text": _stored_text,
}
_DECODE: dict[str, Callable[[Any], Any]] = {
    "date": dt.date.fromisoformat,
    "json": _json_tuple,
    "bool": bool,
}


class Repository(Generic[RecordT]):
    """The records of one table: `get`, `select`, `put` (insert or replace), `delete`.

    `words` are text columns holding the same few words on thousands of rows (interned: one
    string each); `fields` convert a decoded value further (a code to its enum); `fixed` gives a
    column a constant value that the record does not carry (the profile's single row id).
    """

    def __init__(
        self,
        table: str,
        record: type[RecordT],
        *,
        words: Iterable[str] = (),
        fields: dict[str, Callable[[Any], Any]] | None = None,
        fixed: dict[str, Any] | None = None,
    ) -> None:
        self.table = table
        self.record = record
        self.fixed = dict(fixed or {})
        self.columns = tuple(c for c in COLUMNS[table] if c[0] not in self.fixed)
        self.names = tuple(name for name, _, _ in self.columns)
        if tuple(record._fields) != self.names:  # type: ignore[attr-defined]
            raise TypeError(f"{record.__name__} does not have the columns of {table}")
        self.key = PRIMARY_KEYS[table]
        self._select = f"SELECT {', '.join(_quoted(n) for n in self.names)} FROM {table}"
        self._where_key = " AND ".join(f"{_quoted(k)} = ?" for k in self.key)
        written = (*self.names, *self.fixed)
        updated = ", ".join(f"{_quoted(n)} = excluded.{_quoted(n)}" for n in self.names)
        # An upsert, never INSERT OR REPLACE: that deletes the row first, and the delete would
        # set the foreign keys that point at it (a session's shoe) to NULL.
        self._put = (
            f"INSERT INTO {table} ({', '.join(_quoted(n) for n in written)}) "
            f"VALUES ({', '.join('?' * len(written))}) "
            f"ON CONFLICT ({', '.join(_quoted(k) for k in self.key)}) DO UPDATE SET {updated}"
        )
        self._decode = self._decoder(set(words), fields or {})
        self._encoders = [_ENCODE.get(kind) for _, kind, _ in self.columns]
        self._checks = [_check_for(name, kind) for name, kind, _ in self.columns]

    # --- reading ----------------------------------------------------------------------------

    def decode(self, row: Sequence[Any]) -> RecordT:
        """The record of one row of `select_sql()`."""
        return self._decode(row)

    def select_sql(self, where: str = "", order: str = "", limit: int | None = None) -> str:
        """`SELECT <columns> FROM <table>` with optional WHERE, ORDER BY and LIMIT clauses."""
        return (
            self._select
            + (f" WHERE {where}" if where else "")
            + (f" ORDER BY {order}" if order else "")
            + (f" LIMIT {int(limit)}" if limit is not None else "")
        )

    def rows(
        self,
        conn: sqlite3.Connection,
        where: str = "",
        parameters: Sequence[Any] = (),
        order: str = "",
        limit: int | None = None,
    ) -> Iterator[RecordT]:
        """The records matching `where` (SQL over the table's columns), row by row."""
        decode = self._decode
        for row in conn.execute(self.select_sql(where, order, limit), parameters):
            yield decode(row)

    def select(
        self,
        conn: sqlite3.Connection,
        where: str = "",
        parameters: Sequence[Any] = (),
        order: str = "",
        limit: int | None = None,
    ) -> list[RecordT]:
        return list(self.rows(conn, where, parameters, order, limit))

    def first(
        self,
        conn: sqlite3.Connection,
        where: str = "",
        parameters: Sequence[Any] = (),
        order: str = "",
    ) -> RecordT | None:
        return next(self.rows(conn, where, parameters, order, 1), None)

    def between(
        self,
        conn: sqlite3.Connection,
        first: dt.date | None,
        last: dt.date | None,
        column: str = "date",
        order: str = "",
        where: str = "",
    ) -> list[RecordT]:
        """The records whose `column` is in first..last (both included; None: no bound) and that
        match `where` (SQL over the table's columns, without parameters) when given."""
        clauses, parameters = ([where] if where else []), []
        if first is not None:
            clauses.append(f"{_quoted(column)} >= ?")
            parameters.append(first.isoformat())
        if last is not None:
            clauses.append(f"{_quoted(column)} <= ?")
            parameters.append(last.isoformat())
        return self.select(conn, " AND ".join(clauses), parameters, order or _quoted(column))

    def get(self, conn: sqlite3.Connection, *key: Any) -> RecordT | None:
        row = conn.execute(f"{self._select} WHERE {self._where_key}", self._key(key)).fetchone()
        return None if row is None else self._decode(row)

    def fetch(self, conn: sqlite3.Connection, *key: Any, what: str) -> RecordT:
        """The stored record, or NotFoundError naming `what` ("session", "check-in", ...)."""
        found = self.get(conn, *key)
        if found is None:
            raise NotFoundError(f"{what} {' '.join(map(str, key))} no longer exists")
        return found

    def count(self, conn: sqlite3.Connection) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    def is_empty(self, conn: sqlite3.Connection) -> bool:
        return conn.execute(f"SELECT 1 FROM {self.table} LIMIT 1").fetchone() is None

    def date_of_newest(self, conn: sqlite3.Connection, place: int) -> dt.date | None:
        """The date of the `place`-th newest record by date (1: the newest), or None when
        there are fewer (through the date index: a few pages read, whatever the table holds)."""
        row = conn.execute(
            f"SELECT date FROM {self.table} ORDER BY date DESC LIMIT 1 OFFSET ?", (place - 1,)
        ).fetchone()
        return None if row is None else dt.date.fromisoformat(row[0])

    def ids(self, conn: sqlite3.Connection) -> set[Any]:
        (name,) = self.key
        return {row[0] for row in conn.execute(f"SELECT {_quoted(name)} FROM {self.table}")}

    def by_id(self, conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, RecordT]:
        """The stored records among `ids`, by id, in a few queries."""
        wanted, found = list(ids), dict[str, RecordT]()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            where = f"id IN ({', '.join('?' * len(chunk))})"
            found.update((record.id, record) for record in self.rows(conn, where, chunk))  # type: ignore[attr-defined]
        return found

    # --- writing ----------------------------------------------------------------------------

    def encode(self, item: Any) -> tuple[Any, ...]:
        """The stored values of `item`: a record, or anything with the table's fields.

        Every date and session start is checked against the range KneeLog stores, whichever
        reader, dialog or service made the record (ValidationError naming table.field)."""
        values = [getattr(item, name) for name in self.names]
        problems = [
            f"{self.table}.{name}: {problem}"
            for name, check, value in zip(self.names, self._checks, values, strict=True)
            if check is not None and value is not None and (problem := check(value)) is not None
        ]
        if problems:
            raise ValidationError(problems)
        return tuple(
            value if encode is None or value is None else encode(value)
            for encode, value in zip(self._encoders, values, strict=True)
        ) + tuple(self.fixed.values())

    def as_stored(self, item: Any) -> RecordT:
        """`item` as `get` would give it back once stored (lists as tuples, floats as floats)."""
        return self._decode(self.encode(item)[: len(self.names)])

    def put(self, conn: sqlite3.Connection, item: Any) -> RecordT:
        """Insert, or overwrite the stored record with the same key; the record as stored."""
        values = self.encode(item)
        conn.execute(self._put, values)
        return self._decode(values[: len(self.names)])

    def put_all(self, conn: sqlite3.Connection, items: Iterable[Any]) -> int:
        """`put` for many records at once; how many."""
        values = [self.encode(item) for item in items]
        conn.executemany(self._put, values)
        return len(values)

    def delete(self, conn: sqlite3.Connection, *key: Any) -> RecordT | None:
        """Delete the record; the record as it was (for undo), or None if there was none."""
        found = self.get(conn, *key)
        if found is not None:
            conn.execute(f"DELETE FROM {self.table} WHERE {self._where_key}", self._key(key))
        return found

    def clear(self, conn: sqlite3.Connection) -> None:
        """Delete every record: for a table of derived data, made again as a whole."""
        conn.execute(f"DELETE FROM {self.table}")

    def remove(self, conn: sqlite3.Connection, *key: Any, what: str) -> RecordT:
        """Delete the record, or NotFoundError naming `what`; the record as it was."""
        found = self.delete(conn, *key)
        if found is None:
            raise NotFoundError(f"{what} {' '.join(map(str, key))} no longer exists")
        return found

    # --- the pieces ---------------------------------------------------------------------------

    def _key(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        if not key and self.fixed:
            key = tuple(self.fixed[name] for name in self.key)
        kinds = {name: kind for name, kind, _ in COLUMNS[self.table]}
        return tuple(
            value.isoformat() if kinds[name] == "date" else value
            for name, value in zip(self.key, key, strict=True)
        )

    def _decoder(
        self, words: set[str], fields: dict[str, Callable[[Any], Any]]
    ) -> Callable[[Sequence[Any]], RecordT]:
        """A function from a row to its record, compiled once from the columns so reading
        fifteen thousand rows costs one call each, not one per column."""
        scope: dict[str, Any] = {"record": self.record, "new": tuple.__new__}
        parts = []
        for index, (name, kind, nullable) in enumerate(self.columns):
            value = f"row[{index}]"
            convert = fields.get(name) or _DECODE.get(kind)
            if name in words:
                convert = convert or intern
            if convert is not None:
                scope[f"convert_{index}"] = convert
                call = f"convert_{index}({value})"
                value = f"(None if {value} is None else {call})" if nullable else call
            parts.append(value)
        # tuple.__new__ is what a NamedTuple's own __new__ (a Python function) ends up calling.
        source = f"lambda row: new(record, ({', '.join(parts)},))"
        return eval(source, scope)


def _quoted(name: str) -> str:
    return f'"{name}"'


def _check_for(name: str, kind: str) -> Callable[[Any], str | None] | None:
    if kind == "date":
        return date_problem
    if name == "start_time":
        return start_time_problem
    return None


def _enums(kind: type[Enum]) -> Callable[[Any], tuple[Any, ...]]:
    def convert(text: str) -> tuple[Any, ...]:
        return tuple(kind(value) for value in json.loads(text))

    return convert


SESSIONS = Repository(
    "training_session",
    SessionRecord,
    words=("start_time", "activity", "surface", "pain_trend", "source"),
)
CHECKINS = Repository("checkin", CheckInRecord)
SHOES = Repository("shoe", ShoeRecord)
PRESCRIPTIONS = Repository("prescription", PrescriptionRecord, words=("exercise",))
EXERCISE_LOGS = Repository("exercise_log", ExerciseLogRecord, words=("exercise",))
ASSESSMENTS = Repository(
    "assessment", AssessmentRecord, fields={"answers": lambda text: json.loads(text)}
)
VISITS = Repository("visit", VisitRecord, fields={"return_plan": ReturnPlan})
PROFILE = Repository(
    "profile",
    ProfileRecord,
    fields={
        "knee": Knee,
        "condition": Condition,
        "pain_location": _enums(PainLocation),
        "aggravated_by": _enums(Aggravator),
    },
    fixed={"id": 1},
)
SHOWN_PLANS = Repository("plan_record", ShownPlan, fields={"plan": json.loads})
REMEMBERED_PLANS = Repository("plan_memo", RememberedPlan, fields={"plan": json.loads})


class Settings:
    """The journal's settings (table `journal_setting`): a key and a JSON value each."""

    def read(self, conn: sqlite3.Connection, *keys: str) -> dict[str, Any]:
        """The stored settings (only `keys`, when given), their JSON values decoded."""
        sql = "SELECT key, value FROM journal_setting"
        if keys:
            sql += f" WHERE key IN ({', '.join('?' * len(keys))})"
        return {key: json.loads(value) for key, value in conn.execute(sql, keys)}

    def write(self, conn: sqlite3.Connection, key: str, value: Any) -> None:
        """Store `value` under `key`; None removes the setting."""
        if value is None:
            conn.execute("DELETE FROM journal_setting WHERE key = ?", (key,))
            return
        conn.execute(
            "INSERT INTO journal_setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


SETTINGS = Settings()


def repository_of(record: Any) -> Repository[Any]:
    """The repository of a record's kind (a `SessionRecord` -> `SESSIONS`)."""
    return _BY_RECORD[type(record)]


_BY_RECORD: dict[type, Repository[Any]] = {
    repository.record: repository
    for repository in (
        SESSIONS,
        CHECKINS,
        SHOES,
        PRESCRIPTIONS,
        EXERCISE_LOGS,
        ASSESSMENTS,
        VISITS,
        PROFILE,
        SHOWN_PLANS,
        REMEMBERED_PLANS,
    )
}
