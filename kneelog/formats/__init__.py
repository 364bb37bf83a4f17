"""File formats read and written by KneeLog: pure parsing and serialising, no database, no Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneelog import lazy_face

if TYPE_CHECKING:
    from kneelog.formats.activity import ImportedActivity
    from kneelog.formats.detect import ImportItem, expand_inputs
    from kneelog.formats.duplicates import (
        START_TOLERANCE,
        Duplicate,
        SessionFingerprint,
        find_duplicate,
        source_key,
    )
    from kneelog.formats.errors import ImportRefused
    from kneelog.formats.journal_json import JournalData, journal_to_json, parse_journal
    from kneelog.formats.kneelog_csv import (
        CHECKINS_CSV,
        MAX_TABLE_BYTES,
        TABLES,
        CsvTable,
        TableSpec,
        journal_tables,
        read_table_file,
        table_kind,
    )
    from kneelog.formats.payload import open_input
    from kneelog.formats.sports import activity_for_sport

# What code outside the package may import from it. Each name is imported from its module
# on first use (PEP 562), so importing the package costs nothing and one name loads one module.
__all__ = [
    "CHECKINS_CSV",
    "MAX_TABLE_BYTES",
    "START_TOLERANCE",
    "TABLES",
    "CsvTable",
    "Duplicate",
    "ImportItem",
    "ImportRefused",
    "ImportedActivity",
    "JournalData",
    "SessionFingerprint",
    "TableSpec",
    "activity_for_sport",
    "expand_inputs",
    "find_duplicate",
    "journal_tables",
    "journal_to_json",
    "open_input",
    "parse_journal",
    "read_table_file",
    "source_key",
    "table_kind",
]

# Where each name lives: its module and the names it gives the face.
_MODULES = {
    "kneelog.formats.activity": "ImportedActivity",
    "kneelog.formats.detect": "ImportItem expand_inputs",
    "kneelog.formats.duplicates": (
        "Duplicate SessionFingerprint START_TOLERANCE find_duplicate source_key"
    ),
    "kneelog.formats.errors": "ImportRefused",
    "kneelog.formats.journal_json": "JournalData journal_to_json parse_journal",
    "kneelog.formats.kneelog_csv": (
        "CHECKINS_CSV CsvTable MAX_TABLE_BYTES TABLES TableSpec "
        "journal_tables read_table_file table_kind"
    ),
    "kneelog.formats.payload": "open_input",
    "kneelog.formats.sports": "activity_for_sport",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_face(__name__, _MODULES)
