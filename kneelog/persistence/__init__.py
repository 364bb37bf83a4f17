"""Persistence: connections, the schema (SQLModel tables, migrations, generated columns) and one
repository per table. No Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneelog import lazy_face

if TYPE_CHECKING:
    from kneelog.persistence.backups import (
        BackupInfo,
        BackupKind,
        copy_database,
        create_backup,
        list_backups,
        record_counts,
        remove_stale_copies,
        rotate,
        verify_backup,
        write_copy,
    )
    from kneelog.persistence.db import MEMORY, Database
    from kneelog.persistence.files import (
        check_output,
        output_folder,
        write_private_bytes,
        write_private_text,
    )
    from kneelog.persistence.health import check_journal_file
    from kneelog.persistence.lock import JournalLock
    from kneelog.persistence.migrations import (
        SCHEMA_VERSION,
        migrate,
        read_version,
        schema_problems,
    )
    from kneelog.persistence.plain import (
        read_assessments,
        read_profile,
        read_program,
        read_settings,
        read_visit,
        read_visits,
    )
    from kneelog.persistence.repositories import (
        ASSESSMENTS,
        CHECKINS,
        EXERCISE_LOGS,
        PRESCRIPTIONS,
        PROFILE,
        REMEMBERED_PLANS,
        SESSIONS,
        SETTINGS,
        SHOES,
        SHOWN_PLANS,
        VISITS,
        repository_of,
    )
    from kneelog.persistence.revision import outside_commits, read_revision

# What code outside the package may import from it. Each name is imported from its module
# on first use (PEP 562), so importing the package costs nothing and one name loads one module.
__all__ = [
    "ASSESSMENTS",
    "CHECKINS",
    "EXERCISE_LOGS",
    "MEMORY",
    "PRESCRIPTIONS",
    "PROFILE",
    "REMEMBERED_PLANS",
    "SCHEMA_VERSION",
    "SESSIONS",
    "SETTINGS",
    "SHOES",
    "SHOWN_PLANS",
    "VISITS",
    "BackupInfo",
    "BackupKind",
    "Database",
    "JournalLock",
    "check_journal_file",
    "check_output",
    "copy_database",
    "create_backup",
    "list_backups",
    "migrate",
    "output_folder",
    "outside_commits",
    "read_assessments",
    "read_profile",
    "read_program",
    "read_revision",
    "read_settings",
    "read_version",
    "read_visit",
    "read_visits",
    "record_counts",
    "remove_stale_copies",
    "repository_of",
    "rotate",
    "schema_problems",
    "verify_backup",
    "write_copy",
    "write_private_bytes",
    "write_private_text",
]

# Where each name lives: its module and the names it gives the face.
_MODULES = {
    "kneelog.persistence.backups": (
        "BackupInfo BackupKind copy_database create_backup "
        "list_backups record_counts remove_stale_copies rotate "
        "verify_backup write_copy"
    ),
    "kneelog.persistence.db": "Database MEMORY",
    "kneelog.persistence.files": (
        "check_output output_folder write_private_bytes write_private_text"
    ),
    "kneelog.persistence.health": "check_journal_file",
    "kneelog.persistence.lock": "JournalLock",
    "kneelog.persistence.migrations": "SCHEMA_VERSION migrate read_version schema_problems",
    "kneelog.persistence.plain": (
        "read_assessments read_profile read_program read_settings read_visit read_visits"
    ),
    "kneelog.persistence.repositories": (
        "ASSESSMENTS CHECKINS EXERCISE_LOGS PRESCRIPTIONS PROFILE REMEMBERED_PLANS "
        "SESSIONS SETTINGS SHOES SHOWN_PLANS VISITS repository_of"
    ),
    "kneelog.persistence.revision": "outside_commits read_revision",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_face(__name__, _MODULES)
