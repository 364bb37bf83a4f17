"""Write kneelog/persistence/columns.py from the SQLModel tables: every table's columns, in order.

    python tools/make_columns.py           # rewrite kneelog/persistence/columns.py
    python tools/make_columns.py --check   # exit 1 when it is out of date

The tables (kneelog/persistence/tables.py) are the schema's definition. The repositories read and
write with plain SQL built from these column lists, so the start-up path never imports SQLModel
(slow to load) and the columns are still written once: tests/unit/persistence/test_columns.py
fails when this file and the tables disagree.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import JSON, Boolean, Date, Float, Integer, String
from sqlalchemy.types import TypeEngine
from sqlmodel import AutoString, SQLModel

import kneelog.persistence.tables  # noqa: F401  (defines the tables on SQLModel.metadata)

REPO_ROOT = Path(__file__).resolve().parents[1]
TARGET = REPO_ROOT / "kneelog" / "persistence" / "columns.py"

# SQLAlchemy type -> how the repositories convert it (kneelog.persistence.repositories.CODECS).
KINDS: tuple[tuple[type[TypeEngine[object]], str], ...] = (
    (Boolean, "bool"),
    (Date, "date"),
    (JSON, "json"),
    (Float, "float"),
    (Integer, "int"),
    (String, "text"),
    (AutoString, "text"),
)

HEADER = '''\
"""Every table's columns in order, as (name, kind, nullable); generated, do not edit by hand.

Written by tools/make_columns.py from the SQLModel tables in kneelog/persistence/tables.py (after
changing a table, run `python tools/make_columns.py`); a test fails when the two disagree. The
kinds say how a value is stored: "date" as ISO text, "json" as JSON text, "bool" as 0/1.
"""

from __future__ import annotations

from typing import Final

'''


def kind_of(column_type: TypeEngine[object]) -> str:
    for sql_type, kind in KINDS:
        if isinstance(column_type, sql_type):
            return kind
    raise TypeError(f"no kind for the column type {column_type!r}: add it to KINDS")


def render() -> str:
    lines = [HEADER]
    tables = sorted(SQLModel.metadata.tables.values(), key=lambda table: table.name)
    lines.append("COLUMNS: Final[dict[str, tuple[tuple[str, str, bool], ...]]] = {\n")
    for table in tables:
        lines.append(f'    "{table.name}": (\n')
        for column in table.columns:
            lines.append(
                f'        ("{column.name}", "{kind_of(column.type)}", {bool(column.nullable)}),\n'
            )
        lines.append("    ),\n")
    lines.append("}\n")
    lines.append('"""Table name -> its columns, in the order the table defines them."""\n\n')
    lines.append("PRIMARY_KEYS: Final[dict[str, tuple[str, ...]]] = {\n")
    for table in tables:
        names = ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
        lines.append(f'    "{table.name}": ({names},),\n')
    lines.append("}\n")
    return format_source("".join(lines))


def format_source(source: str) -> str:
    """The source as `ruff format` leaves it, so the check compares like with like."""
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff if ruff.exists() else "ruff"), "format", "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(REPO_ROOT)} is out of date: run tools/make_columns.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
