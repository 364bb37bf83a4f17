"""SQLModel, SQLAlchemy's query helpers and KneeLog's tables, loaded the first time one is used.

Importing SQLAlchemy and SQLModel and building the tables takes longer than everything else
KneeLog does before its window is ready, and the start-up path reads with plain SQL. Modules on
that path write `orm.select(orm.TrainingSession)` and the import happens at the first write.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import func
    from sqlmodel import Session, SQLModel, col, select

    from kneelog.persistence.tables import (
        Assessment,
        CheckIn,
        ExerciseLog,
        JournalSetting,
        PlanRecord,
        Prescription,
        Profile,
        Shoe,
        TrainingSession,
        Visit,
    )

__all__ = [
    "Assessment",
    "CheckIn",
    "ExerciseLog",
    "JournalSetting",
    "PlanRecord",
    "Prescription",
    "Profile",
    "SQLModel",
    "Session",
    "Shoe",
    "TrainingSession",
    "Visit",
    "col",
    "func",
    "select",
]

_HOMES = {
    "func": "sqlalchemy",
    "SQLModel": "sqlmodel",
    "Session": "sqlmodel",
    "col": "sqlmodel",
    "select": "sqlmodel",
    "CheckIn": "kneelog.persistence.tables",
    "JournalSetting": "kneelog.persistence.tables",
    "Shoe": "kneelog.persistence.tables",
    "TrainingSession": "kneelog.persistence.tables",
    "PlanRecord": "kneelog.persistence.tables",
    "Assessment": "kneelog.persistence.tables",
    "ExerciseLog": "kneelog.persistence.tables",
    "Prescription": "kneelog.persistence.tables",
    "Profile": "kneelog.persistence.tables",
    "Visit": "kneelog.persistence.tables",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later uses find it directly
    return value


def load() -> None:
    """Import everything now (when the program is idle), so the first save does not wait."""
    for name in _HOMES:
        __getattr__(name)
