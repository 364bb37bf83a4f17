"""The schema is written once: the migrations build what the SQLModel tables define, and the
generated column lists (kneelog/persistence/columns.py) are the tables' own."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

from sqlalchemy import create_engine
from sqlmodel import SQLModel

from kneelog.persistence import columns, tables
from kneelog.persistence.db import Database
from kneelog.persistence.migrations import migrate

REPO = Path(__file__).resolve().parents[3]

# SQLModel's string columns are VARCHAR, the migrations' TEXT: both have SQLite's TEXT affinity.
SAME_TYPE = {"VARCHAR": "TEXT"}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_columns", REPO / "tools/make_columns.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _describe(path: Path) -> dict[str, object]:
    """Every table: its columns (name, type, not null, primary key), foreign keys, unique and
    indexed columns."""
    conn = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        described: dict[str, object] = {}
        for name in sorted(names):
            info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
            keys = conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
            indexes = conn.execute(f'PRAGMA index_list("{name}")').fetchall()
            unique = sorted(
                tuple(row[2] for row in conn.execute(f'PRAGMA index_info("{index[1]}")'))
                for index in indexes
                if index[2] and index[3] != "pk"
            )
            described[name] = {
                # A primary key's NOT NULL is not compared: SQLModel declares it, the migrations'
                # `id TEXT PRIMARY KEY` does not, and SQLite would then take a NULL id. Every
                # write names the id (kneelog.persistence.repositories), so none is ever NULL;
                # adding the constraint needs every table rebuilt by a migration step.
                "columns": [
                    (column, SAME_TYPE.get(kind, kind), bool(not_null) or pk > 0, pk)
                    for _, column, kind, not_null, _, pk in info
                ],
                "foreign keys": sorted((row[2], row[3], row[4], row[6]) for row in keys),
                "unique": unique,
            }
        # The journal revision's triggers, as written (kneelog.persistence.revision).
        described["triggers"] = sorted(
            conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
        return described
    finally:
        conn.close()


def _indexed(path: Path) -> dict[str, set[tuple[str, ...]]]:
    conn = sqlite3.connect(path)
    try:
        found: dict[str, set[tuple[str, ...]]] = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for index in conn.execute(f'PRAGMA index_list("{table}")').fetchall():
                info = conn.execute(f'PRAGMA index_info("{index[1]}")')
                found.setdefault(table, set()).add(tuple(row[2] for row in info))
        return found
    finally:
        conn.close()


def test_the_migrations_build_the_tables_sqlmodel_defines(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    db = Database(migrated)
    migrate(db, None)
    db.close()
    defined = tmp_path / "defined.sqlite3"
    engine = create_engine(f"sqlite:///{defined}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    assert _describe(migrated) == _describe(defined)
    # Every index SQLModel declares is there (the migrations add one more, on shoe_id).
    made, declared = _indexed(migrated), _indexed(defined)
    for table, wanted in declared.items():
        assert wanted <= made.get(table, set()), table


def test_the_column_lists_are_generated_from_the_tables() -> None:
    current = (REPO / "kneelog/persistence/columns.py").read_text(encoding="utf-8")
    assert current == _generator().render(), (
        "kneelog/persistence/columns.py is out of date: run `python tools/make_columns.py`"
    )


def test_every_table_has_its_columns_and_key() -> None:
    for table in SQLModel.metadata.tables.values():
        assert [name for name, _, _ in columns.COLUMNS[table.name]] == [
            column.name for column in table.columns
        ]
        assert columns.PRIMARY_KEYS[table.name] == tuple(c.name for c in table.primary_key)
    assert tables.TrainingSession.__tablename__ in columns.COLUMNS
