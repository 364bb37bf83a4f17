"""Shared fixtures: offscreen Qt, real SQLite journals in temporary folders, isolated QSettings."""

from __future__ import annotations

import os

# Before any Qt import: tests never open real windows and never read the user's settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.pop("KNEELOG_DB", None)

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kneelog.persistence.db import Database
from kneelog.services.journal import JournalService
from kneelog.services.journal_file import open_journal

# A shared two-core machine makes wall-clock deadlines flaky; hangs are caught by faulthandler.
settings.register_profile(
    "kneelog", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("kneelog")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kneelog.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_journal(db_path)
    yield database
    database.close()


@pytest.fixture
def journal(db: Database) -> JournalService:
    return JournalService(db)
